"""What a person sees in the editor and around it, in a real Chromium."""

import re

import pytest
from playwright.sync_api import expect

from evaluator.engine.spec import parse_design
from tests.conftest import PASSWORD, SHOP_YAML

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITED_SHOP = SHOP_YAML.replace("team_size: 6", "team_size: 9").replace(
    "peak_rps: 40", "peak_rps: 4000"
)


@pytest.fixture
def shop(alice):
    from evaluator.web import services

    return services.create_design(alice, parse_design(SHOP_YAML))


def component_count(page):
    return page.locator("#components section.ed-component")


def component(page, index):
    return page.locator("#components section.ed-component").nth(index)


def test_sign_up_create_a_design_and_edit_it_with_live_scores(page, problems):
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.locator("main form").get_by_role("button").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="New design").click()
    page.locator("#id_name").fill("Ticket office")
    page.locator("main form").first.get_by_role("button").first.click()
    expect(page).to_have_url(re.compile(r"/designs/ticket-office/edit/$"))
    page.wait_for_load_state()  # htmx is deferred; before it runs, buttons submit the page
    expect(page.get_by_role("heading", name="Scores")).to_be_visible()

    # A marker on window survives only if the page never reloads.
    page.evaluate("window.stillTheSamePage = true")

    add = page.get_by_role("button", name="Add a component")
    for count in (1, 2, 3):
        add.click()
        expect(component_count(page)).to_have_count(count)
        # The new component's name field has the focus, ready to be typed over.
        expect(page.locator("input[name$='.name']:focus")).to_have_count(1)
    expect(page.locator("#score-panel tbody tr")).to_have_count(3)

    first = component(page, 0)
    first.get_by_label("Name").fill("Box office API")
    expect(page.locator("#score-panel tbody tr").first).to_contain_text("Box office API")

    row = page.locator("#score-panel tbody tr").first
    before = row.inner_text()
    first.get_by_role("group", name="Shape of the load").get_by_label("Spiky").check()
    first.locator("details.ed-group", has_text="Latency, payload and state").locator(
        ":scope > summary"
    ).click()
    first.get_by_role("group", name="Does the caller wait for the answer?").get_by_label(
        "Yes"
    ).check()
    expect(row).not_to_have_text(before)

    # A bad number: the message is next to the field, the text stays, the panel still works.
    peak = first.get_by_label("Peak request rate")
    peak.fill("lots")
    error = page.locator("#" + peak.get_attribute("id") + "-error")
    expect(error).to_contain_text("Write a number")
    expect(peak).to_have_value("lots")
    expect(page.locator("#score-panel .panel-errors")).to_contain_text("Peak request rate")
    peak.fill("1200")
    expect(error).to_have_count(0)
    expect(page.locator("#score-panel .panel-errors")).to_have_count(0)

    # Remove the third component (after saying yes); the others and their answers stay.
    page.once("dialog", lambda dialog: dialog.accept())
    component(page, 2).get_by_role("button", name="Remove", exact=True).click()
    expect(component_count(page)).to_have_count(2)
    expect(page.locator("#score-panel tbody tr")).to_have_count(2)
    expect(first.get_by_label("Peak request rate")).to_have_value("1200")
    assert page.evaluate("window.stillTheSamePage") is True

    page.get_by_role("button", name="Save as a new revision").click()
    expect(page).to_have_url(re.compile(r"/designs/ticket-office/$"))
    expect(page.locator(".messages")).to_contain_text("revision 2")


def test_dependencies_and_reordering_keep_focus(page, sign_in, alice, shop):
    sign_in(alice)
    page.goto(f"/designs/{shop.slug}/edit/")
    component(page, 0).get_by_role("button", name="Move down").click()
    names = page.locator("#components .ed-head .component-name")
    expect(names).to_have_text(["Orders API", "Storefront", "Order events"])
    focused = page.evaluate("document.activeElement.id")
    assert focused.endswith("-down") or focused.endswith("-up")

    # A new dependency row gets the focus; choosing a target rescoring the panel.
    component(page, 2).get_by_role("button", name="Add a dependency").click()
    target = page.locator("select[data-dep-target]:focus")
    expect(target).to_have_count(1)
    target.select_option(label="Storefront")
    page.keyboard.press("Tab")
    expect(page.locator("#score-status")).to_contain_text("Scores updated")

    # Renaming a component renames it in every dependency list at once.
    component(page, 1).get_by_label("Name").fill("Shopfront")
    expect(
        page.locator("select[data-dep-target] option:checked", has_text="Shopfront")
    ).to_have_count(1)


def test_the_score_panel_draws_its_heatmap(page, sign_in, alice, shop):
    sign_in(alice)
    page.goto(f"/designs/{shop.slug}/edit/")
    chart = page.locator("#editor-heatmap")
    expect(chart.locator(".main-svg").first).to_be_attached()
    expect(chart.locator(".heatmaplayer .hm").first).to_be_attached()
    expect(chart.locator("text", has_text="★")).to_have_count(3)  # one per component

    # Plotly's redraws of the chart, counted from here on.
    page.evaluate("""() => {
      const box = document.getElementById('editor-heatmap');
      box.dataset.old = 'yes';
      window.redraws = 0;
      box.on('plotly_afterplot', () => { window.redraws += 1; });
    }""")
    before = page.evaluate(
        "JSON.stringify(document.getElementById('editor-heatmap')._fullData[0].z)"
    )

    # A rescoring that moves no score leaves the chart as it is.
    with page.expect_response(lambda r: r.url.endswith("/edit/score/") and r.status == 200):
        page.locator("#f-summary").fill("The same shop, described again.")
        page.locator("#f-summary").dispatch_event("change")
    expect(page.locator("#score-busy.htmx-request")).to_have_count(0)
    assert page.evaluate("window.redraws") == 0

    # One that moves a score updates the chart in place (Plotly.react), not drawn afresh:
    # the same element, now showing the new figure.
    with page.expect_response(lambda r: r.url.endswith("/edit/score/") and r.status == 200):
        # A peak rate of 50,000 a second (its field may sit in a closed component).
        page.evaluate("""() => {
          const rate = [...document.querySelectorAll("input[name$='.a.peak_rps']")]
            .find(input => input.value);
          rate.value = "50000";
          rate.dispatchEvent(new Event('change', {bubbles: true}));
        }""")
    drawn_matches = """() => {
      const box = document.getElementById('editor-heatmap');
      const figure = JSON.parse(box.closest('figure').getAttribute('data-figure-json'));
      return JSON.stringify(box._fullData[0].z) === JSON.stringify(figure.data[0].z);
    }"""
    page.wait_for_function(drawn_matches)
    after = page.evaluate(
        "JSON.stringify(document.getElementById('editor-heatmap')._fullData[0].z)"
    )
    assert after != before
    assert page.evaluate("window.redraws") >= 1
    expect(page.locator("#editor-heatmap[data-old]")).to_have_count(1)
    expect(chart.locator("text", has_text="★")).to_have_count(3)


def test_a_score_opens_its_explanation(page, sign_in, alice, shop):
    sign_in(alice)
    page.goto(f"/designs/{shop.slug}/edit/")
    cell = page.locator("#score-panel td[data-option='serverless'] a").nth(1)
    cell.click()
    expect(page).to_have_url(re.compile(rf"/designs/{shop.slug}/components/2/serverless/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Orders API")
    expect(page.locator("#waterfall .main-svg").first).to_be_attached()


def test_long_rule_titles_are_drawn_whole_in_the_waterfall(page, sign_in, alice):
    from pathlib import Path

    from evaluator.web import services

    trading = services.create_design(alice, parse_design(Path("designs/trading.yaml").read_text()))
    sign_in(alice)
    # The order gateway's serverless score moves with some of the longest rule titles.
    page.goto(f"/designs/{trading.slug}/components/1/serverless/")
    labels = page.locator("#waterfall .ytick text")
    expect(labels.first).to_be_attached()
    chart_left = page.locator("#waterfall").bounding_box()["x"]
    lefts = [box["x"] for box in (label.bounding_box() for label in labels.all())]
    assert min(lefts) >= chart_left, (min(lefts), chart_left)


def test_two_revisions_compared(page, sign_in, alice, shop):
    from evaluator.web import services

    services.save_design(shop, parse_design(EDITED_SHOP), author=alice, base_version=shop.version)
    sign_in(alice)
    page.goto(f"/designs/{shop.slug}/compare/?a=1&b=2")
    expect(page.get_by_role("heading", name="At a glance")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("4,000")
    expect(main).to_contain_text("9")


def test_a_broken_yaml_upload_says_what_is_wrong(page, problems, sign_in, alice):
    sign_in(alice)
    page.goto("/designs/new/")
    problems.expect("status of 400")  # the refused upload answers 400, on purpose
    page.locator("input[type=file]").set_input_files(
        files=[
            {
                "name": "broken.yaml",
                "mimeType": "application/yaml",
                "buffer": b"format: tradeoff-evaluator/1\nname: Shop\ncomponents:\n  - name: [unclosed\n",
            }
        ]
    )
    page.get_by_role("button", name="Upload").click()
    error = page.locator(".field-error, .alert.error").first
    expect(error).to_contain_text("broken.yaml")
    expect(error).to_contain_text(re.compile(r"line \d+, column \d+"))


def test_a_closed_component_opens_with_its_questions(page, sign_in, alice):
    from evaluator.web import services

    yaml = "format: tradeoff-evaluator/1\nname: Five parts\ncomponents:\n" + "".join(
        f"  - {{name: Part {n}, kind: worker}}\n" for n in range(1, 6)
    )
    design = services.create_design(alice, parse_design(yaml))
    sign_in(alice)
    page.goto(f"/designs/{design.slug}/edit/")
    fifth = page.locator("#d-c5")
    expect(fifth.get_by_role("group", name="Shape of the load")).to_have_count(0)
    page.locator("#c5-summary").click()
    expect(page.locator("#d-c5").get_by_role("group", name="Shape of the load")).to_be_visible()
    expect(page.locator("#c5-summary")).to_be_focused()
    row = page.locator("#score-panel tbody tr").nth(4)
    before = row.inner_text()
    page.locator("#d-c5").get_by_role("group", name="Shape of the load").get_by_label(
        "Mostly idle"
    ).check()
    expect(row).not_to_have_text(before)


def test_rescoring_posts_the_whole_form_each_time(page, sign_in, alice, shop):
    from urllib.parse import parse_qs

    sign_in(alice)
    page.goto(f"/designs/{shop.slug}/edit/")
    posted = []
    page.on(
        "request",
        lambda request: (
            posted.append(parse_qs(request.post_data or "", keep_blank_values=True))
            if request.url.endswith("/edit/score/")
            else None
        ),
    )
    for kind in ("worker", "batch_job"):
        with page.expect_response(lambda r: r.url.endswith("/edit/score/") and r.status == 200):
            component(page, 0).get_by_label("Kind").select_option(kind)
        expect(page.locator("#score-busy.htmx-request")).to_have_count(0)
    assert len(posted) == 2
    for body, kind in zip(posted, ("worker", "batch_job"), strict=True):
        assert "delta" not in body
        assert body["c1.kind"] == [kind]
        assert body["c2.name"] == ["Orders API"] and len(body) > 50  # every field


def test_a_failed_rescoring_says_so_and_keeps_the_answers(page, problems, sign_in, alice, shop):
    sign_in(alice)
    page.goto(f"/designs/{shop.slug}/edit/")
    # The browser and htmx each log the failed request.
    problems.expect("status of 400")
    problems.expect("Response Status Error Code 400")
    page.route(
        "**/edit/score/",
        lambda route: route.fulfill(
            status=400, body="Scores were not updated: test reason.", content_type="text/plain"
        ),
    )
    kind = component(page, 0).get_by_label("Kind")
    kind.select_option("worker")
    expect(page.locator("#score-error")).to_have_text("Scores were not updated: test reason.")
    expect(kind).to_have_value("worker")

    page.unroute("**/edit/score/")
    kind.select_option("api")
    expect(page.locator("#score-error")).to_be_hidden()
    expect(page.locator("#score-status")).to_contain_text("Scores updated")
