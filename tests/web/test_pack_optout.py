"""A design's "Rule packs" part: which packs apply, opting out with a reason, taking one back."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from evaluator.web import packstore
from evaluator.web.designs.packs import REASON_REQUIRED
from evaluator.web.models import PackOptOut

pytestmark = pytest.mark.django_db

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "designs" / "packs" / "acme-azure.yaml"
).read_text()

SMALL_PACK = """\
format: tradeoff-evaluator-pack/1
name: {name}
version: "1"
title: A small pack
description: One rule.
dated: "2026-01"
sources:
  - {{title: Our notes, url: "https://example.org/notes", date: "2026-01"}}
rules:
  - option: serverless
    id: serverless.{name}-rule
    title: A rule of {name}
    when: {{known: kind}}
    points: 1
    attributes: [cost]
    rationale: Always.
    source: Our notes
    as_of: "2026-01"
"""


@pytest.fixture
def active_pack():
    row = packstore.store_pack(EXAMPLE, "acme-azure.yaml")[0]
    return packstore.activate(row.name, row.version)


def design_page(client, design):
    return client.get(reverse("design", args=[design.slug]))


def test_the_design_page_names_the_packs_that_apply(alice_client, alice_design, active_pack):
    page = design_page(alice_client, alice_design).content.decode()
    assert 'id="packs-heading">Rule packs' in page
    assert reverse("pack_version", args=["acme-azure", "2026.1"]) in page
    assert reverse("design_pack_opt_out", args=[alice_design.slug]) in page


def test_with_no_active_pack_it_says_the_built_in_knowledge_alone(alice_client, alice_design):
    page = design_page(alice_client, alice_design).content.decode()
    assert "Scored with the built-in knowledge alone" in page
    assert reverse("design_pack_opt_out", args=[alice_design.slug]) not in page


def test_opting_out_needs_a_reason_shown_beside_the_field(alice_client, alice_design, active_pack):
    url = reverse("design_pack_opt_out", args=[alice_design.slug])
    response = alice_client.post(url, {"name": "acme-azure", "reason": "   "})
    assert response.status_code == 400
    page = response.content.decode()
    # In the reason's own field block, under the field.
    reason_field = page[page.index('for="id_reason"') : page.index('class="form-actions"')]
    assert f'<p class="field-error" role="alert">{escape(REASON_REQUIRED)}</p>' in reason_field
    assert not PackOptOut.objects.exists()


def test_opting_out_and_back_in(alice_client, alice, alice_design, active_pack):
    url = reverse("design_pack_opt_out", args=[alice_design.slug])
    response = alice_client.post(url, {"name": "acme-azure", "reason": "Runs on the AWS account"})
    assert response["Location"] == reverse("design", args=[alice_design.slug]) + "#packs"
    row = PackOptOut.objects.get()
    assert (row.design, row.name, row.reason, row.by) == (
        alice_design,
        "acme-azure",
        "Runs on the AWS account",
        alice,
    )
    page = design_page(alice_client, alice_design).content.decode()
    assert "<strong>acme-azure</strong>: Runs on the AWS account" in page
    assert "Scored with the built-in knowledge alone" in page
    assert reverse("design_pack_opt_in", args=[alice_design.slug, "acme-azure"]) in page
    alice_client.post(reverse("design_pack_opt_in", args=[alice_design.slug, "acme-azure"]))
    assert not PackOptOut.objects.exists()
    assert packstore.active_versions(alice_design)[0][0] == "acme-azure"


def test_a_pack_that_is_not_active_cannot_be_chosen(alice_client, alice_design, active_pack):
    url = reverse("design_pack_opt_out", args=[alice_design.slug])
    response = alice_client.post(url, {"name": "no-such-pack", "reason": "Because"})
    assert response.status_code == 400
    assert not PackOptOut.objects.exists()


def test_only_the_owner_opts_out(bob_client, alice_design, active_pack):
    from django.test import Client

    url = reverse("design_pack_opt_out", args=[alice_design.slug])
    data = {"name": "acme-azure", "reason": "Not mine to say"}
    assert Client().post(url, data).status_code == 302  # to sign in
    assert bob_client.post(url, data).status_code == 404
    opt_in = reverse("design_pack_opt_in", args=[alice_design.slug, "acme-azure"])
    assert bob_client.post(opt_in).status_code == 404
    assert not PackOptOut.objects.exists()


def test_readers_of_an_example_see_the_packs_but_no_form(bob_client, example_design, active_pack):
    page = design_page(bob_client, example_design).content.decode()
    assert reverse("pack_version", args=["acme-azure", "2026.1"]) in page
    assert reverse("design_pack_opt_out", args=[example_design.slug]) not in page


def test_the_design_page_asks_no_more_queries_for_more_packs(alice_client, alice_design):
    def count():
        design_page(alice_client, alice_design)  # compiled knowledge, sessions: once
        with CaptureQueriesContext(connection) as queries:
            assert design_page(alice_client, alice_design).status_code == 200
        return len(queries)

    first = packstore.store_pack(SMALL_PACK.format(name="first"), "first.yaml")[0]
    packstore.activate(first.name, "1")
    one = count()
    for name in ("second", "third", "fourth"):
        packstore.store_pack(SMALL_PACK.format(name=name), f"{name}.yaml")
        packstore.activate(name, "1")
    packstore.opt_out(alice_design, "fourth", "Not for us", user=alice_design.owner)
    assert count() == one
