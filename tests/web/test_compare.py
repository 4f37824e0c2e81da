"""Comparing two revisions of a design, and two designs."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from evaluator.engine import default_knowledge, evaluate
from evaluator.engine.spec import parse_design
from evaluator.reports.comparison import compare
from evaluator.web import services

from ..conftest import SHOP_YAML

pytestmark = pytest.mark.django_db

# The shop after a busy month: the stream gains a consumer-heavy, replayable history,
# Storefront is gone and a Payments API arrives.
CHANGED_YAML = (
    SHOP_YAML.replace("team_size: 6", "team_size: 14")
    .replace("  time_to_market: high\n", "  time_to_market: low\n")
    .replace(
        """  - name: Storefront
    kind: ui
    depends_on:
      - {component: Orders API, style: sync}
    answers:
      traffic_pattern: daily_cycle
""",
        "",
    )
    .replace(
        "      consumers: 3\n", "      consumers: 12\n      replay: true\n      audit_trail: true\n"
    )
    + """  - name: Payments API
    kind: api
    answers:
      caller_waits: true
"""
)


@pytest.fixture
def reworked(alice_design, alice):
    """alice's design with a third revision that adds, removes and changes components."""
    spec = parse_design(CHANGED_YAML, knowledge=services.knowledge())
    services.save_design(alice_design, spec, author=alice, base_version=alice_design.version)
    alice_design.refresh_from_db()
    return alice_design


def revisions_url(design, a=None, b=None):
    url = reverse("compare_revisions", args=[design.slug])
    if a is not None:
        url += f"?a={a}&b={b}"
    return url


# --- The comparison itself -----------------------------------------------------------------------


def test_compare_finds_every_kind_of_difference():
    kb = default_knowledge()
    a = parse_design(SHOP_YAML, knowledge=kb)
    b = parse_design(CHANGED_YAML, knowledge=kb)
    result = compare(kb, a, evaluate(a, kb), b, evaluate(b, kb))
    assert [c.name for c in result.added] == ["Payments API"]
    assert [c.name for c in result.removed] == ["Storefront"]
    changed = {row.id: (row.a, row.b) for row in result.context if row.changed}
    assert changed == {"team_size": ("6 people", "14 people")}
    priorities = {row.id: (row.a, row.b) for row in result.priorities if row.changed}
    assert priorities == {"time_to_market": ("high", "low")}
    events = next(c for c in result.components if c.name == "Order events")
    assert events.status == "changed"
    assert {row.id for row in events.answers} == {"consumers", "replay", "audit_trail"}
    ea, eb = evaluate(a, kb).component("Order events"), evaluate(b, kb).component("Order events")
    for cell in events.scores:
        assert cell.a == ea.option(cell.option).score
        assert cell.b == eb.option(cell.option).score
        assert cell.delta == cell.b - cell.a
    assert not result.identical


def test_compare_of_a_design_with_itself_is_identical():
    kb = default_knowledge()
    a = parse_design(SHOP_YAML, knowledge=kb)
    result = compare(kb, a, evaluate(a, kb), a, evaluate(a, kb))
    assert result.identical
    assert not result.recommendation_changes
    assert all(cell.delta == 0 for c in result.components for cell in c.scores)


def test_components_match_by_name_whatever_the_case():
    kb = default_knowledge()
    a = parse_design(SHOP_YAML, knowledge=kb)
    b = parse_design(
        SHOP_YAML.replace("- name: Orders API", "- name: orders api").replace(
            "{component: Orders API", "{component: orders api"
        ),
        knowledge=kb,
    )
    result = compare(kb, a, evaluate(a, kb), b, evaluate(b, kb))
    assert not result.added and not result.removed
    assert next(c for c in result.components if c.name == "orders api").status == "changed"


# --- Two revisions ---------------------------------------------------------------------------------


def test_revision_compare_highlights_the_changed_answer(alice_client, alice_design):
    response = alice_client.get(revisions_url(alice_design, 1, 2))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<tr class="changed">' in page
    assert "<mark>7 people</mark>" in page
    assert "6 people" in page
    assert "Revision 1" in page and "Revision 2" in page


def test_revision_compare_defaults_to_the_last_two(alice_client, reworked):
    page = alice_client.get(revisions_url(reworked)).content.decode()
    assert '<option value="2" selected>' in page
    assert '<option value="3" selected>' in page
    assert "added in Revision 3" in page
    assert "only in Revision 2" in page


def test_revision_compare_shows_score_changes_and_recommendations(alice_client, reworked):
    kb = services.knowledge()
    revisions = {r.number: r for r in reworked.revisions.all()}
    before = evaluate(services.spec_from_snapshot(revisions[1]), kb).component("Order events")
    after = evaluate(services.spec_from_snapshot(revisions[3]), kb).component("Order events")
    page = alice_client.get(revisions_url(reworked, 1, 3)).content.decode()
    for option in before.options:
        delta = after.option(option.option).score - option.score
        if delta and not option.ruled_out and not after.option(option.option).ruled_out:
            sign = "+" if delta > 0 else "−"
            assert f"{sign}{abs(delta)}" in page
    if before.recommendation != after.recommendation:
        assert "recommendation changed" in page
        assert f"<mark>{after.recommendation_name}</mark>" in page


def test_other_users_get_404_on_revision_compare(bob_client, alice_design):
    assert bob_client.get(revisions_url(alice_design, 1, 2)).status_code == 404


def test_anonymous_visitors_sign_in_for_a_private_revision_compare(client, alice_design):
    response = client.get(revisions_url(alice_design, 1, 2))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_revision_compare_of_an_example_is_open_to_all(client, example_design):
    response = client.get(revisions_url(example_design))
    assert response.status_code == 200
    assert "one revision so far" in response.content.decode()


def test_revision_compare_with_a_missing_revision(alice_client, alice_design):
    response = alice_client.get(revisions_url(alice_design, 1, 9))
    assert response.status_code == 404
    assert "Pick two revisions" in response.content.decode()


def test_history_page_offers_the_comparison(alice_client, alice_design):
    page = alice_client.get(reverse("design_history", args=[alice_design.slug])).content.decode()
    assert f'action="{revisions_url(alice_design)}"' in page
    assert f"{revisions_url(alice_design)}?a=1&amp;b=2" in page


# --- Two designs -------------------------------------------------------------------------------------


def test_design_compare_of_own_design_and_an_example(alice_client, alice_design, example_design):
    url = reverse("compare_designs") + f"?a={example_design.slug}&b={alice_design.slug}"
    response = alice_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<mark>7 people</mark>" in page
    assert '<select id="cmp-a" name="a" required>' in page


def test_design_compare_refuses_designs_the_user_cannot_see(
    bob_client, alice_design, example_design
):
    url = reverse("compare_designs") + f"?a={example_design.slug}&b={alice_design.slug}"
    assert bob_client.get(url).status_code == 404
    url = reverse("compare_designs") + f"?a={example_design.slug}&b=no-such-design"
    assert bob_client.get(url).status_code == 404


def test_design_compare_picker_lists_only_visible_designs(bob_client, alice_design, example_design):
    page = bob_client.get(reverse("compare_designs")).content.decode()
    assert example_design.name in page
    assert alice_design.name not in page or alice_design.name == example_design.name
    assert f'value="{alice_design.slug}"' not in page


def test_anonymous_visitors_can_compare_examples(client, example_design):
    url = reverse("compare_designs") + f"?a={example_design.slug}&b={example_design.slug}"
    response = client.get(url)
    assert response.status_code == 200
    assert "are the same design" in response.content.decode()


# --- Changes only, and the counts at a glance ------------------------------------------------


@pytest.fixture
def one_answer_changed(alice_design, alice):
    """alice's design with a third revision in which one component answer changed."""
    spec = parse_design(
        SHOP_YAML.replace("team_size: 6", "team_size: 7").replace("consumers: 3", "consumers: 5"),
        knowledge=services.knowledge(),
    )
    services.save_design(alice_design, spec, author=alice, base_version=alice_design.version)
    alice_design.refresh_from_db()
    return alice_design


def glance(page: str) -> dict[str, int]:
    """The numbers at a glance, by what they count."""
    found = re.findall(r'<span class="glance-num">(\d+)</span> ([^<]+)</li>', page)
    return {text.strip(): int(number) for number, text in found}


def test_counts_include_components_and_answers_that_changed():
    kb = default_knowledge()
    a = parse_design(SHOP_YAML, knowledge=kb)
    b = parse_design(SHOP_YAML.replace("consumers: 3", "consumers: 5"), knowledge=kb)
    result = compare(kb, a, evaluate(a, kb), b, evaluate(b, kb))
    assert [c.name for c in result.changed] == ["Order events"]
    assert result.answer_changes == 1
    assert [c.name for c in result.unchanged_components] == ["Storefront", "Orders API"]
    moved = next(c for c in result.components if c.name == "Order events").score_changes
    assert result.score_changes == moved


def test_a_changed_answer_is_counted_at_a_glance(alice_client, one_answer_changed):
    page = alice_client.get(revisions_url(one_answer_changed, 2, 3)).content.decode()
    counts = glance(page)
    assert counts["component changed"] == 1
    assert counts["answer differs"] == 1
    assert counts["context answers differ"] == 0


def test_only_changes_are_listed_by_default(alice_client, one_answer_changed):
    page = alice_client.get(revisions_url(one_answer_changed, 2, 3)).content.decode()
    assert "<h3>\n        Order events" in page
    # The unchanged components get no table of ±0, only a line saying they are left out.
    assert "Storefront\n" not in page and "Orders API\n" not in page
    assert "±0" not in page.split('id="components-heading"')[1].split("Order events")[0]
    assert "2 components with the same answers and scores are not listed" in page
    # Unchanged context rows are left out too; the one that differs stays.
    assert "Number of teams" not in page.split('id="context-heading"')[1].split("</section>")[0]


def test_everything_is_listed_on_request(alice_client, one_answer_changed):
    url = revisions_url(one_answer_changed, 2, 3)
    page = alice_client.get(url).content.decode()
    assert (
        f'href="{reverse("compare_revisions", args=[one_answer_changed.slug])}?a=2&amp;b=3&amp;show=all"'
        in page
    )
    page = alice_client.get(url + "&show=all").content.decode()
    for name in ("Storefront", "Orders API", "Order events"):
        assert f"<h3>\n        {name}" in page
    assert "Number of teams" in page.split('id="context-heading"')[1].split("</section>")[0]
    assert "Show changes only" in page
    assert "not listed" not in page


def test_design_compare_lists_only_changes_too(alice_client, alice_design, example_design):
    url = reverse("compare_designs") + f"?a={example_design.slug}&b={alice_design.slug}"
    page = alice_client.get(url).content.decode()
    assert glance(page)["context answer differs"] == 1
    assert "with the same answers and scores" in page
    assert "show=all" in page


def test_revision_compare_names_limits_added_and_lifted_and_their_causes(
    alice_client, alice_design, alice
):
    """A change that puts a hard limit on an option: the page counts it at a glance and
    names the rule where the component is listed, as ``review --against`` does; going
    back lifts it."""
    kb = services.knowledge()
    longer = SHOP_YAML.replace(
        "      peak_rps: 40\n", "      peak_rps: 40\n      job_duration_s: 7200\n"
    )
    spec = parse_design(longer, knowledge=kb)
    services.save_design(alice_design, spec, author=alice, base_version=alice_design.version)
    revisions = {r.number: r for r in alice_design.revisions.all()}
    old = services.spec_from_snapshot(revisions[2])
    expected = compare(kb, old, evaluate(old, kb), spec, evaluate(spec, kb))
    orders = next(c for c in expected.components if c.name == "Orders API")
    assert orders.vetoes_added, "a two-hour job must meet some option's time limit"
    page = alice_client.get(revisions_url(alice_design, 2, 3)).content.decode()
    glance = re.search(r'<ul class="glance">(.*?)</ul>', page, re.S).group(1)
    added = len(orders.vetoes_added)
    assert re.search(rf'glance-num">{added}</span> hard limits? added', glance)
    for veto in orders.vetoes_added:
        assert f"<code>{veto.rule_id}</code>" in page
    assert "new hard limit" in page
    back = alice_client.get(revisions_url(alice_design, 3, 2)).content.decode()
    assert "hard limit lifted" in back
    assert "new hard limit" not in back


def test_revision_compare_names_the_rules_whose_points_moved_a_result(alice_client, reworked):
    kb = services.knowledge()
    revisions = {r.number: r for r in reworked.revisions.all()}
    a, b = (services.spec_from_snapshot(revisions[n]) for n in (1, 3))
    expected = compare(kb, a, evaluate(a, kb), b, evaluate(b, kb))
    moved = [c for c in expected.components if c.point_causes]
    assert moved, "the reworked shop moves some band or recommendation by points"
    page = alice_client.get(revisions_url(reworked, 1, 3)).content.decode()
    assert "Points that moved it:" in page
    for diff in moved:
        for cause in diff.point_causes:
            if cause.rule_id:
                assert f"<code>{cause.rule_id}</code> {escape(cause.title)}" in page
            assert cause.points_text in page


def test_a_revision_compared_with_itself_has_nothing_to_compare(alice_client, alice_design):
    page = alice_client.get(revisions_url(alice_design, 2, 2)).content.decode()
    assert "are the same design: nothing to compare" in page
    assert "every difference below comes from the knowledge" not in page
