"""Ranges and weights in a real Chromium: "not sure?" in the editor, each option's chance
in the live panel, and the drill-down's charts of the samples."""

import re

import pytest
from playwright.sync_api import expect

from evaluator.engine.spec import parse_design
from tests.conftest import SHOP_YAML

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERCENT = re.compile(r"^(\d{1,3}%|under 1%|over 99%)$")
PERCENT_IN_TEXT = re.compile(r"\d%")


@pytest.fixture
def shop(alice):
    from evaluator.web import services

    return services.create_design(alice, parse_design(SHOP_YAML))


@pytest.fixture
def unsure_shop(alice):
    from evaluator.web import services

    text = SHOP_YAML.replace("peak_rps: 40", "peak_rps: {low: 20, likely: 60, high: 3000}")
    text = text.replace("caller_waits: true", "caller_waits: {yes: 0.6, no: 0.4}")
    return services.create_design(alice, parse_design(text, knowledge=services.knowledge()))


GROUPS = {"peak_rps": "workload", "caller_waits": "latency"}


def orders_question(page, qid):
    """A question of Orders API (the second component), its group opened."""
    page.locator(f"#d-c2-{GROUPS[qid]}").evaluate("details => { details.open = true; }")
    return page.locator(f'[data-field="f-c2-a-{qid}"]')


def score_row(page, name):
    return page.locator(f'#score-panel tr[data-component="{name}"]')


def rescored(page):
    return page.expect_response(lambda r: r.url.endswith("/edit/score/") and r.status == 200)


def test_a_range_typed_in_the_editor_gives_each_option_its_chance(page, sign_in, alice, shop):
    sign_in(alice)
    page.goto(f"/designs/{shop.slug}/edit/")
    row = score_row(page, "Orders API")
    expect(row.locator(".chance")).to_have_count(0)  # single values: no chances

    question = orders_question(page, "peak_rps")
    question.get_by_text("Not sure? Give a range").click()
    question.get_by_label("Low").fill("10")
    with rescored(page):
        question.get_by_label("High").fill("20000")
        question.get_by_label("High").press("Tab")
    expect(row.locator(".chance")).to_have_count(6)
    for text in row.locator(".chance").all_inner_texts():
        assert PERCENT.match(text), text
    expect(row.locator(".certainty")).to_have_text(re.compile("^(robust|leaning|toss-up)$"))
    expect(page.locator("#score-panel .legend")).to_contain_text("over 2,000 samples")


def test_weights_untick_the_choice_and_a_choice_clears_the_weights(page, sign_in, alice, shop):
    sign_in(alice)
    page.goto(f"/designs/{shop.slug}/edit/")
    question = orders_question(page, "caller_waits")
    yes = question.get_by_role("radio", name="Yes", exact=True)
    expect(yes).to_be_checked()
    question.get_by_text("Not sure? Give weights").click()
    with rescored(page):
        question.get_by_label("Weight of Yes").fill("0.5")
        question.get_by_label("Weight of No").fill("0.5")
        question.get_by_label("Weight of No").press("Tab")
    expect(question.locator('input[type="radio"]:checked')).to_have_count(0)
    expect(score_row(page, "Orders API").locator(".chance")).to_have_count(6)

    no = question.get_by_role("radio", name="No", exact=True)
    no.evaluate("radio => radio.scrollIntoView({block: 'center'})")  # clear of the save bar
    with rescored(page):
        no.check()
    expect(question.get_by_label("Weight of Yes")).to_have_value("")
    expect(score_row(page, "Orders API").locator(".chance")).to_have_count(0)


def test_a_bad_range_is_named_beside_its_question(page, sign_in, alice, shop):
    sign_in(alice)
    page.goto(f"/designs/{shop.slug}/edit/")
    question = orders_question(page, "peak_rps")
    question.get_by_text("Not sure? Give a range").click()
    question.get_by_label("Low").fill("900")
    with rescored(page):
        question.get_by_label("High").fill("10")
        question.get_by_label("High").press("Tab")
    expect(question.locator(".field-error")).to_contain_text("above its high")
    expect(page.locator("#score-panel .panel-errors")).to_contain_text("1 answer to fix")


def test_the_editor_opens_with_a_stored_range_in_its_fields(page, sign_in, alice, unsure_shop):
    sign_in(alice)
    page.goto(f"/designs/{unsure_shop.slug}/edit/")
    question = orders_question(page, "peak_rps")
    expect(question.locator("details.unsure")).to_have_attribute("open", "")
    expect(question.get_by_label("Low")).to_have_value("20")
    expect(question.get_by_label("High")).to_have_value("3000")
    expect(question.locator("#f-c2-a-peak_rps")).to_have_value("60")
    expect(score_row(page, "Orders API").locator(".chance")).to_have_count(6)


def test_the_drill_down_draws_the_sampled_scores_and_the_drivers(page, sign_in, alice, unsure_shop):
    sign_in(alice)
    page.goto(f"/designs/{unsure_shop.slug}/components/2/serverless/")
    section = page.locator("#certainty")
    expect(section.get_by_role("heading", level=2)).to_contain_text("How sure is this?")
    expect(page.locator("#spread .boxlayer .trace")).to_have_count(6)  # a box per option
    expect(page.locator("#drivers .barlayer .trace")).to_have_count(2)  # least and most likely
    # One bar a side per uncertain input, each named on the axis and in the table.
    expect(page.locator("#drivers .barlayer .trace").first.locator(".point")).to_have_count(2)
    expect(page.locator("#drivers .ytick")).to_have_count(2)
    expect(section.locator(".drivers-table tbody tr")).to_have_count(2)
    expect(section.locator(".spread-table tbody tr")).to_have_count(6)


def test_the_design_page_colours_its_heatmap_by_chance_on_request(
    page, sign_in, alice, unsure_shop
):
    sign_in(alice)
    page.goto(f"/designs/{unsure_shop.slug}/")
    heatmap = page.locator("#heatmap")
    expect(heatmap.locator(".heatmaplayer .hm").first).to_be_attached()
    expect(heatmap.locator("text", has_text="%")).to_have_count(0)
    page.get_by_role("link", name="chance of being recommended").click()
    expect(page).to_have_url(re.compile(r"\?heatmap=chance#heatmap-colour$"))
    expect(heatmap.locator(".heatmaplayer .hm").first).to_be_attached()
    # Orders API's row: a percentage in each cell that is not ruled out everywhere.
    expect(heatmap.locator("text", has_text=PERCENT_IN_TEXT).first).to_be_attached()
    expect(page.locator(".heatmap-toggle a")).to_have_text("score")


def test_a_rescoring_leaves_the_empty_not_sure_fields_out(page, sign_in, alice, shop):
    from urllib.parse import parse_qsl

    sign_in(alice)
    page.goto(f"/designs/{shop.slug}/edit/")
    question = orders_question(page, "peak_rps")
    question.get_by_text("Not sure? Give a range").click()
    with page.expect_request(lambda r: r.url.endswith("/edit/score/")) as sent:
        question.get_by_label("Low").fill("10")
        question.get_by_label("Low").press("Tab")
    fields = parse_qsl(sent.value.post_data, keep_blank_values=True)
    names = [name for name, _ in fields]
    assert ("c2.a.peak_rps.low", "10") in fields
    assert "c2.a.peak_rps.high" not in names  # empty, so not sent
    assert not [name for name, value in fields if ".w." in name and not value]
    assert "csrfmiddlewaretoken" in names and "c2.a.peak_rps" in names
