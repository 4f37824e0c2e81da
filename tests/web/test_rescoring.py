"""Live rescoring by changes: a base posted once, then only what differs from it."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from evaluator.web import editor, rescoring, services
from evaluator.web.models import Revision

from .test_editor import HTMX, form_data

pytestmark = pytest.mark.django_db

BASE = "base-0123456789"


@pytest.fixture(autouse=True)
def _no_bases():
    rescoring.clear()
    yield
    rescoring.clear()


def score_url(design):
    return reverse("design_edit_score", args=[design.slug])


def register(client, design, changes=None, base=BASE, **fields):
    data = form_data(design, **fields)
    data["delta"] = json.dumps({"base": base, "register": True, "changes": changes or {}})
    return client.post(score_url(design), data, **HTMX)


def delta(client, design, changes, base=BASE):
    data = {"delta": json.dumps({"base": base, "changes": changes})}
    return client.post(score_url(design), data, **HTMX)


def whole(client, design, **fields):
    return client.post(score_url(design), form_data(design, **fields), **HTMX)


def test_changes_to_a_base_score_as_the_whole_form_does(alice_client, alice_design):
    assert register(alice_client, alice_design).content == whole(alice_client, alice_design).content
    changes = {"c2.a.peak_rps": ["90000"], "c2.a.traffic_pattern": ["spiky"]}
    by_changes = delta(alice_client, alice_design, changes)
    assert by_changes.status_code == 200
    expected = whole(alice_client, alice_design, **{k: v[0] for k, v in changes.items()})
    assert by_changes.content == expected.content
    assert by_changes.content != register(alice_client, alice_design).content


def test_each_change_applies_to_the_base_not_to_the_last_change(alice_client, alice_design):
    register(alice_client, alice_design)
    delta(alice_client, alice_design, {"c2.a.peak_rps": ["90000"]})
    # Only the second change: the first is no longer among the fields that differ.
    second = delta(alice_client, alice_design, {"c1.a.traffic_pattern": ["spiky"]})
    assert (
        second.content
        == whole(alice_client, alice_design, **{"c1.a.traffic_pattern": "spiky"}).content
    )


def test_a_change_that_reads_the_whole_form_again(alice_client, alice_design):
    register(alice_client, alice_design)
    changes = {"context.team_size": ["40"], "c1.name": ["Shop UI"], "component": ["2", "1"]}
    response = delta(alice_client, alice_design, changes)
    expected = whole(
        alice_client,
        alice_design,
        **{"context.team_size": "40", "c1.name": "Shop UI", "component": ["2", "1"]},
    )
    assert response.content == expected.content


def test_an_empty_list_means_the_field_is_no_longer_posted(alice_client, alice_design):
    register(alice_client, alice_design)
    data = form_data(alice_design)
    del data["c2.a.peak_rps"]
    expected = alice_client.post(score_url(alice_design), data, **HTMX)
    assert delta(alice_client, alice_design, {"c2.a.peak_rps": []}).content == expected.content


def test_bad_answers_in_changes_are_shown_like_any_other(alice_client, alice_design):
    register(alice_client, alice_design)
    response = delta(alice_client, alice_design, {"c2.a.peak_rps": ["lots"]})
    assert response.status_code == 200
    assert (
        response.content == whole(alice_client, alice_design, **{"c2.a.peak_rps": "lots"}).content
    )
    assert "1 answer to fix" in response.content.decode()


def unknown(response):
    return (
        response.status_code == 204
        and rescoring.BASE_UNKNOWN_EVENT in json.loads(response.get("HX-Trigger", "{}"))
        and not response.content
    )


def test_an_unknown_base_asks_for_the_base_again(alice_client, alice_design):
    assert unknown(delta(alice_client, alice_design, {"c2.a.peak_rps": ["90000"]}))
    register(alice_client, alice_design)
    assert delta(alice_client, alice_design, {}).status_code == 200
    rescoring.clear()  # as a restarted worker, or another one
    assert unknown(delta(alice_client, alice_design, {}))


def test_a_base_belongs_to_its_user_and_design(alice_client, alice_design, example_design, bob):
    register(alice_client, alice_design)
    bob_client = Client()
    bob_client.force_login(bob)
    bob_design = services.create_design(bob, services.spec_from_design(alice_design))
    # Bob names alice's base id: on his own design the server does not know it.
    assert unknown(delta(bob_client, bob_design, {}))
    assert delta(bob_client, alice_design, {}).status_code == 404
    # Nor is alice's base one for another design of hers.
    other = services.create_design(alice_design.owner, services.spec_from_design(alice_design))
    assert unknown(delta(alice_client, other, {}))


@pytest.mark.parametrize(
    "text, message",
    [
        ("{", "not JSON"),
        ("[]", "JSON object"),
        ('{"base": "x"}', "8 to 64"),
        ('{"base": "../../etc/passwd"}', "8 to 64"),
        (json.dumps({"base": BASE, "register": "yes"}), "true or false"),
        (json.dumps({"base": BASE, "changes": []}), "map field names"),
        (json.dumps({"base": BASE, "changes": {"c1.name": "A"}}), "list of texts"),
        (json.dumps({"base": BASE, "changes": {"c1.name": [1]}}), "list of texts"),
        (json.dumps({"base": BASE, "changes": {"x" * 201: ["1"]}}), "over 200"),
        ("[" * 100_000, "not JSON"),
    ],
)
def test_a_delta_that_cannot_be_read_answers_400_with_the_reason(
    alice_client, alice_design, text, message
):
    response = alice_client.post(score_url(alice_design), {"delta": text}, **HTMX)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response["Content-Type"].startswith("text/plain")


def test_rescoring_by_changes_never_saves(alice_client, alice_design):
    before = (Revision.objects.filter(design=alice_design).count(), alice_design.version)
    register(alice_client, alice_design, changes={"name": ["Renamed"]})
    delta(alice_client, alice_design, {"c2.a.peak_rps": ["90000"], "name": ["Other"]})
    alice_design.refresh_from_db()
    assert (Revision.objects.filter(design=alice_design).count(), alice_design.version) == before
    assert alice_design.name == "Corner Shop"


def test_the_base_form_is_not_changed_by_the_changes_read_against_it(shop_spec):
    kb = services.knowledge()
    form = editor.from_spec(shop_spec, kb, 1)
    posted = {}
    for name, value in editor.to_post(form, kb):
        posted.setdefault(name, []).append(value)
    checked = editor.check(editor.read_fields(posted, kb), kb)
    spec_before, errors_before = checked.spec, dict(checked.errors)
    changed = editor.apply_changes(posted, checked, {"c1.a.peak_rps": ["lots"]}, kb)
    assert "c1.a.peak_rps" in changed.errors
    assert checked.spec is spec_before and checked.errors == errors_before
    assert checked.components[0].answers.get("peak_rps") != "lots"
    # Unchanged components are the base's own objects, so their scores come from cache.
    assert changed.spec.components[1] is checked.spec.components[1]


def test_remembered_bases_are_bounded_by_their_fields(alice_client, alice_design, monkeypatch):
    fields = len(form_data(alice_design))  # names; multi-valued ones count more below
    monkeypatch.setattr(rescoring._bases, "max_weight", 3 * fields)
    for number in range(6):
        assert register(alice_client, alice_design, base=f"{BASE}-{number}").status_code == 200
    assert rescoring._bases.weight <= 3 * fields
    assert len(rescoring._bases.items) < 6
    assert delta(alice_client, alice_design, {}, base=f"{BASE}-5").status_code == 200
    assert unknown(delta(alice_client, alice_design, {}, base=f"{BASE}-0"))
