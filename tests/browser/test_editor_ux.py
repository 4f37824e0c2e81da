"""What a new user expects of the editor: warnings before losing edits, tools in reach,
scores that say what changed, a phone that shows them, a YAML box with line numbers."""

import re

import pytest
from playwright.sync_api import expect

from evaluator.engine.spec import parse_design
from tests.conftest import SHOP_YAML

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIVE_PARTS = "format: tradeoff-evaluator/1\nname: Five parts\ncomponents:\n" + "".join(
    f"  - {{name: Part {n}, kind: worker}}\n" for n in range(1, 6)
)


@pytest.fixture
def shop(alice):
    from evaluator.web import services

    return services.create_design(alice, parse_design(SHOP_YAML))


def component(page, index):
    return page.locator("#components section.ed-component").nth(index)


def open_editor(page, sign_in, alice, design):
    sign_in(alice)
    page.goto(f"/designs/{design.slug}/edit/")
    page.wait_for_load_state()


def rescore(page, action):
    with page.expect_response(lambda r: r.url.endswith("/edit/score/") and r.status == 200):
        action()
    expect(page.locator("#score-busy.htmx-request")).to_have_count(0)


def test_leaving_with_unsaved_edits_asks_first(page, sign_in, alice, shop):
    open_editor(page, sign_in, alice, shop)
    # Nothing changed yet: Cancel leaves without a question.
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    component(page, 0).get_by_label("Peak request rate").fill("900")
    page.get_by_role("link", name="Cancel").click()
    assert asked == ["confirm"]
    expect(page).to_have_url(re.compile(r"/edit/$"))  # dismissed: still editing
    expect(component(page, 0).get_by_label("Peak request rate")).to_have_value("900")

    # Leaving by any other way asks the browser's own question.
    page.evaluate("window.location.href = '/'")
    page.wait_for_timeout(300)
    assert "beforeunload" in asked
    expect(page).to_have_url(re.compile(r"/edit/$"))


def test_saving_leaves_without_a_question(page, sign_in, alice, shop):
    open_editor(page, sign_in, alice, shop)
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    component(page, 0).get_by_label("Peak request rate").fill("900")
    page.get_by_role("button", name="Save as a new revision").click()
    expect(page.locator(".messages")).to_contain_text("revision 2")
    assert asked == []


def test_remove_asks_naming_the_component_as_it_is_called_now(page, sign_in, alice, shop):
    open_editor(page, sign_in, alice, shop)
    component(page, 2).get_by_label("Name").fill("Event stream")
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", answer)
    component(page, 2).get_by_role("button", name="Remove", exact=True).click()
    expect(page.locator("#components section.ed-component")).to_have_count(3)
    assert "Remove “Event stream”" in questions[0]

    page.once("dialog", lambda dialog: dialog.accept())
    component(page, 2).get_by_role("button", name="Remove", exact=True).click()
    expect(page.locator("#components section.ed-component")).to_have_count(2)


def test_tools_are_in_reach_without_opening_a_component(page, sign_in, alice):
    from evaluator.web import services

    design = services.create_design(alice, parse_design(FIVE_PARTS))
    open_editor(page, sign_in, alice, design)
    fifth = component(page, 4)
    expect(fifth.locator("details")).not_to_have_attribute("open", "")
    group = page.get_by_role("group", name="Part 5")
    expect(group.get_by_role("button", name="Move up")).to_be_visible()
    expect(group.get_by_role("button", name="Duplicate")).to_be_visible()
    expect(group.get_by_role("button", name="Remove")).to_be_visible()
    group.get_by_role("button", name="Move up").click()
    names = page.locator("#components .ed-head .component-name")
    expect(names).to_have_text(["Part 1", "Part 2", "Part 3", "Part 5", "Part 4"])


def test_the_tools_are_named_after_the_component_as_it_is_renamed(page, sign_in, alice, shop):
    open_editor(page, sign_in, alice, shop)
    expect(page.get_by_role("group", name="Storefront")).to_have_count(1)
    component(page, 0).get_by_label("Name").fill("Shop window")
    expect(page.get_by_role("group", name="Shop window")).to_have_count(1)
    expect(page.get_by_role("group", name="Storefront")).to_have_count(0)


def test_changed_scores_are_marked_and_announced(page, sign_in, alice, shop):
    open_editor(page, sign_in, alice, shop)
    # Each score is named for a screen reader, not "★ 74".
    links = page.locator("#score-panel").get_by_role(
        "link", name=re.compile(r"^Serverless for Orders API: \d+")
    )
    expect(links).to_have_count(1)

    api = component(page, 0)
    rescore(page, lambda: api.get_by_label("Peak request rate").fill("90000"))
    changed = page.locator("#score-panel td.changed")
    expect(changed.first).to_be_attached()
    status = page.locator("#score-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_contain_text("Changed: ")
    expect(status).to_contain_text("for Storefront: ")
    # The mark is for a moment only.
    expect(changed).to_have_count(0, timeout=5000)


def test_a_phone_shows_the_scores_while_editing(browser, live_server, alice, shop):
    from django.conf import settings
    from django.test import Client

    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    client = Client()
    client.force_login(alice)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    try:
        page.goto(f"/designs/{shop.slug}/edit/")
        page.wait_for_load_state()
        show = page.get_by_role("button", name="Show the scores")
        expect(show).to_be_visible()
        component(page, 0).get_by_label("Peak request rate").fill("900")
        expect(show).to_be_in_viewport()  # while editing, in reach
        show.click()
        table = page.locator("#score-panel table")
        expect(table).to_be_in_viewport()
        page.get_by_role("button", name="Back to the form").click()
        expect(table).not_to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # No dropdown cuts its chosen text.
        cut = page.evaluate(
            """() => {
              const canvas = document.createElement("canvas").getContext("2d");
              return [...document.querySelectorAll("#editor select")].filter((select) => {
                if (!select.offsetParent) return false;
                const style = getComputedStyle(select);
                canvas.font = style.font;
                const text = select.options[select.selectedIndex]?.text || "";
                const room = select.clientWidth - parseFloat(style.paddingLeft)
                  - parseFloat(style.paddingRight) - 16;
                return canvas.measureText(text).width > room + 1;
              }).map((select) => select.id + ": " + select.options[select.selectedIndex].text);
            }"""
        )
        assert cut == []
    finally:
        context.close()


def test_the_yaml_box_numbers_its_lines_and_goes_to_an_error(page, problems, sign_in, alice, shop):
    sign_in(alice)
    page.goto(f"/designs/{shop.slug}/edit/yaml/")
    numbers = page.locator(".line-numbers")
    expect(numbers).to_be_visible()
    box = page.locator("textarea.code")
    lines = box.input_value().count("\n") + 1
    expect(numbers).to_contain_text(str(lines))

    text = box.input_value().replace("peak_rps: 40", "peak_rps: lots")
    wrong_line = next(n for n, line in enumerate(text.split("\n"), start=1) if "lots" in line)
    box.fill(text)
    problems.expect("status of 400")  # refused on purpose
    page.get_by_role("button", name="Save as a new revision").click()
    error = page.locator(".field-error").first
    expect(error).to_contain_text(f"Line {wrong_line}")
    # The box has the focus, with the caret on the line of the error.
    expect(box).to_be_focused()
    caret_line = page.evaluate(
        "(() => { const b = document.querySelector('textarea.code');"
        " return b.value.slice(0, b.selectionStart).split('\\n').length; })()"
    )
    assert caret_line == wrong_line
