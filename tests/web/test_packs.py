"""Packs in the database: immutable versions, one active per name, opt-outs, the funnel."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from evaluator.engine import KnowledgeError, default_knowledge
from evaluator.engine.spec import ComponentSpec
from evaluator.reports import render_review
from evaluator.web import evaluations, packstore, services
from evaluator.web.models import AppendOnlyError, PackOptOut, PackVersion
from evaluator.web.review.services import review_inputs

EXAMPLE = Path(__file__).resolve().parents[2] / "designs" / "packs" / "acme-azure.yaml"

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack_text():
    return EXAMPLE.read_text()


@pytest.fixture
def stored(pack_text, alice):
    row, created = packstore.store_pack(pack_text, "acme-azure.yaml", user=alice)
    assert created
    return row


@pytest.fixture
def card_design(alice, shop_spec):
    card = ComponentSpec(name="Card vault", kind="data_store", answers={"card_data": True})
    spec = dataclasses.replace(shop_spec, components=(*shop_spec.components, card))
    packstore.activate("acme-azure", "2026.1")
    return services.create_design(alice, spec)


def blockchain(design):
    evaluated = evaluations.for_design(design)
    return evaluated.evaluation.component("Card vault").option("blockchain")


def test_a_stored_version_cannot_be_changed_or_deleted(stored):
    stored.text = stored.text.replace("Acme", "Other")
    with pytest.raises(AppendOnlyError):
        stored.save()
    with pytest.raises(AppendOnlyError):
        PackVersion.objects.filter(pk=stored.pk).update(text="x")
    with pytest.raises(AppendOnlyError):
        PackVersion.objects.filter(pk=stored.pk).delete()
    with pytest.raises(AppendOnlyError):
        PackVersion.objects.get(pk=stored.pk).delete()
    assert PackVersion.objects.get(pk=stored.pk).text == EXAMPLE.read_text()


def test_only_one_version_of_a_name_can_be_active(stored):
    PackVersion.objects.filter(pk=stored.pk).update(active=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        PackVersion.objects.create(
            name=stored.name,
            version="2",
            text=stored.text,
            sha256="0" * 64,
            stored_at=timezone.now(),
            active=True,
        )


def test_storing_the_same_content_again_is_a_no_op(stored, pack_text):
    row, created = packstore.store_pack(pack_text, "again.yaml")
    assert (row.pk, created) == (stored.pk, False)
    assert PackVersion.objects.count() == 1


def test_the_same_version_with_other_content_is_refused(stored, pack_text):
    with pytest.raises(packstore.PackError, match="already stored with other content"):
        packstore.store_pack(pack_text.replace("Acme", "Other"), "changed.yaml")
    assert PackVersion.objects.count() == 1


def test_a_bad_pack_is_refused_and_nothing_is_stored(pack_text):
    with pytest.raises(KnowledgeError) as caught:
        packstore.store_pack(
            pack_text.replace("{gt: [job_duration_s, 600]}", "{gt: [x, 1]}"), "b.yaml"
        )
    assert caught.value.line is not None
    assert not PackVersion.objects.exists()


def test_activation_is_checked_against_the_other_active_packs(stored, pack_text):
    packstore.activate("acme-azure", "2026.1")
    clash = pack_text.replace("name: acme-azure", "name: other-pack")
    with pytest.raises(KnowledgeError, match="already"):
        packstore.store_pack(clash, "other.yaml")
    assert PackVersion.objects.count() == 1


def test_activating_a_version_retires_the_one_before(stored, pack_text):
    packstore.activate("acme-azure", "2026.1")
    packstore.store_pack(pack_text.replace('version: "2026.1"', 'version: "2026.2"'), "v2.yaml")
    packstore.activate("acme-azure", "2026.2")
    states = dict(PackVersion.objects.values_list("version", "active"))
    assert states == {"2026.1": False, "2026.2": True}
    assert PackVersion.objects.get(version="2026.1").retired_at is not None
    packstore.retire("acme-azure")
    assert not PackVersion.objects.active().exists()
    with pytest.raises(packstore.PackError, match="No version"):
        packstore.retire("acme-azure")


def test_the_funnel_applies_active_packs_and_the_cache_key_follows(stored, alice_design):
    spec = services.spec_from_design(alice_design)
    before = services.knowledge(alice_design)
    assert before is default_knowledge()
    packstore.activate("acme-azure", "2026.1")
    after = services.knowledge(alice_design)
    assert [p.name for p in after.packs] == ["acme-azure"]
    assert services.knowledge(alice_design) is after  # compiled once per content
    assert evaluations.cache_key(spec, after) != evaluations.cache_key(spec, before)
    packstore.retire("acme-azure")
    assert services.knowledge(alice_design) is default_knowledge()


def test_opting_out_changes_the_designs_evaluation(stored, card_design, alice):
    assert blockchain(card_design).ruled_out
    packstore.opt_out(card_design, "acme-azure", "Card data is tokenised upstream.", user=alice)
    assert not blockchain(card_design).ruled_out
    assert services.knowledge(card_design).packs == ()
    # The catalogue still has the pack's question, so the answer is kept.
    assert services.spec_from_design(card_design).component("Card vault").answers == {
        "card_data": True
    }
    packstore.opt_in(card_design, "acme-azure")
    assert blockchain(card_design).ruled_out


def test_the_review_prints_the_packs_and_each_opt_out(stored, card_design, alice):
    spec, evaluation, kb, meta = review_inputs(card_design)
    assert "- **Packs:** acme-azure 2026.1" in render_review(spec, evaluation, kb, meta=meta)
    packstore.opt_out(card_design, "acme-azure", "Card data is tokenised upstream.", user=alice)
    spec, evaluation, kb, meta = review_inputs(card_design)
    text = render_review(spec, evaluation, kb, meta=meta)
    assert "**Packs:**" not in text
    assert "- **Opted out of pack acme-azure:** Card data is tokenised upstream." in text


def test_an_opt_out_needs_a_reason_and_an_active_pack(stored, alice_design, alice):
    with pytest.raises(packstore.PackError, match="no active pack"):
        packstore.opt_out(alice_design, "acme-azure", "Because.", user=alice)
    packstore.activate("acme-azure", "2026.1")
    with pytest.raises(packstore.PackError, match="Say why"):
        packstore.opt_out(alice_design, "acme-azure", "  ", user=alice)
    assert not PackOptOut.objects.exists()
