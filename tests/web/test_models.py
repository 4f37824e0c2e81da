"""Revisions are append-only and chained; designs are scoped to their owner."""

import hashlib

import pytest
from django.contrib.auth.models import AnonymousUser

from evaluator.web import services
from evaluator.web.models import GENESIS_HASH, AppendOnlyError, Design, Revision, chain_hash

pytestmark = pytest.mark.django_db


def test_chain_hash_is_sha256_over_previous_hash_newline_snapshot():
    expected = hashlib.sha256(b'abc\n{"x":1}').hexdigest()
    assert chain_hash("abc", '{"x":1}') == expected


def test_revisions_link_each_hash_to_the_one_before(alice_design):
    first, second = alice_design.revisions.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert first.previous_hash == GENESIS_HASH
    assert first.hash == chain_hash(GENESIS_HASH, first.snapshot)
    assert second.previous_hash == first.hash
    assert second.hash == chain_hash(first.hash, second.snapshot)
    assert second.hash != first.hash


def test_snapshot_is_the_exact_canonical_json(alice_design, shop_spec):
    from evaluator.engine.spec import canonical_json

    first = alice_design.revisions.get(number=1)
    assert first.snapshot == canonical_json(shop_spec)
    # Stored as text: read back byte for byte, keys still sorted, no spaces added.
    assert Revision.objects.get(pk=first.pk).snapshot == canonical_json(shop_spec)


def test_a_saved_revision_refuses_to_be_saved_again(alice_design):
    revision = alice_design.revisions.first()
    revision.snapshot = "{}"
    with pytest.raises(AppendOnlyError):
        revision.save()
    assert Revision.objects.get(pk=revision.pk).snapshot != "{}"


def test_a_revision_refuses_to_be_deleted(alice_design):
    revision = alice_design.revisions.first()
    with pytest.raises(AppendOnlyError):
        revision.delete()
    assert Revision.objects.filter(pk=revision.pk).exists()


def test_revision_querysets_refuse_update_and_delete(alice_design):
    with pytest.raises(AppendOnlyError):
        Revision.objects.filter(design=alice_design).update(snapshot="{}")
    with pytest.raises(AppendOnlyError):
        Revision.objects.filter(design=alice_design).delete()
    assert Revision.objects.filter(design=alice_design).count() == 2


def test_a_design_with_history_cannot_be_deleted_outright(alice_design):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        alice_design.delete()


def test_visible_to_is_own_designs_plus_examples(alice, bob, alice_design, example_design):
    assert set(Design.objects.visible_to(alice)) == {alice_design, example_design}
    assert set(Design.objects.visible_to(bob)) == {example_design}
    assert set(Design.objects.visible_to(AnonymousUser())) == {example_design}


def test_owned_by_leaves_out_examples_and_deleted_designs(alice, alice_design, example_design):
    assert list(Design.objects.owned_by(alice)) == [alice_design]
    services.delete_design(alice_design)
    assert list(Design.objects.owned_by(alice)) == []
    assert alice_design not in Design.objects.visible_to(alice)
