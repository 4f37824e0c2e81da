"""Charts as a person sees them in Chromium: names drawn as written, no button that sends
a chart elsewhere, and every chart inside a phone's width.

Selectors are generic (every ``.js-plotly-plot`` on the page), so they hold for any page
that draws charts, whatever its own markup.
"""

import pytest

from tests.charts.markup import BOLD_BREAK, ENTITIES, LINK, markup_spec

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# Per chart: links and styled text inside its SVG, the texts it draws, and its mode bar.
INSPECT = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(plot => ({
  id: plot.id,
  svgLinks: plot.querySelectorAll('svg a').length,
  styles: Array.from(plot.querySelectorAll('svg [style]'))
    .map(node => node.getAttribute('style'))
    .filter(style => /font-size:\\s*40px|fill:\\s*red/.test(style)),
  text: Array.from(plot.querySelectorAll('svg text')).map(node => node.textContent).join('\\n'),
  buttons: Array.from(plot.querySelectorAll('.modebar-btn'))
    .map(node => node.getAttribute('data-title') || ''),
  links: Array.from(plot.querySelectorAll('a[href]')).map(node => node.getAttribute('href')),
}))"""

# Per chart: where its SVG and its plot area (the drag surface over the axes) lie.
GEOMETRY = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(plot => {
  const box = node => { const r = node.getBoundingClientRect(); return [r.left, r.right]; };
  return {
    id: plot.id,
    svg: box(plot.querySelector('svg.main-svg')),
    plot: box(plot.querySelector('.draglayer .nsewdrag')),
  };
})"""


@pytest.fixture
def markup_design(alice):
    from evaluator.web import services

    return services.create_design(alice, markup_spec())


def pages(design):
    slug = design.slug
    return [
        ("design page", f"/designs/{slug}/", 1),
        ("drill-down", f"/designs/{slug}/components/1/serverless/", 3),
        ("editor", f"/designs/{slug}/edit/", 1),
    ]


def open_charts(page, url, count):
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n", arg=count
    )
    return page.evaluate(INSPECT)


def test_names_are_drawn_as_written_never_as_markup(page, sign_in, alice, markup_design):
    sign_in(alice)
    expected = {
        "design page": [LINK[:30], BOLD_BREAK, ENTITIES],
        "drill-down": [LINK[:30]],
        "editor": ["<b>Bold</b>"],
    }
    for label, url, count in pages(markup_design):
        charts = open_charts(page, url, count)
        assert len(charts) >= count, label
        for chart in charts:
            where = f"{label} #{chart['id']}"
            assert chart["svgLinks"] == 0, f"a link in {where}"
            assert chart["styles"] == [], f"a name's style in {where}"
        drawn = "\n".join(chart["text"] for chart in charts)
        for text in expected[label]:
            assert text in drawn, f"{label}: {text!r} is not drawn as written"


def test_a_hover_label_shows_the_whole_name_as_written(page, sign_in, alice, markup_design):
    sign_in(alice)
    open_charts(page, f"/designs/{markup_design.slug}/", 1)
    heatmap = page.locator(".js-plotly-plot").first
    cell = heatmap.locator(".draglayer .nsewdrag").bounding_box()
    # The top-left cell: the first component (the link) under the baseline.
    page.mouse.move(cell["x"] + cell["width"] / 12, cell["y"] + cell["height"] / 8)
    hover = heatmap.locator(".hoverlayer .hovertext")
    hover.wait_for()
    assert LINK in hover.text_content()
    assert heatmap.locator(".hoverlayer a").count() == 0


def test_no_chart_offers_to_send_itself_elsewhere(page, sign_in, alice, markup_design):
    sign_in(alice)
    for label, url, count in pages(markup_design):
        for chart in open_charts(page, url, count):
            where = f"{label} #{chart['id']}"
            assert "Download plot as a PNG" in chart["buttons"], where  # the mode bar is there
            for title in chart["buttons"]:
                assert "Share" not in title and "Studio" not in title, (where, title)
                assert "Plotly" not in title, (where, title)  # the logo links to plotly.com
            assert chart["links"] == [], (where, chart["links"])


def test_every_chart_fits_a_phone(page, sign_in, alice, markup_design, alice_design):
    sign_in(alice)
    page.set_viewport_size(PHONE)
    urls = [(label, url, count) for label, url, count in pages(markup_design)[:2]]
    urls.append(("example design page", f"/designs/{alice_design.slug}/", 1))
    urls.append(("example drill-down", f"/designs/{alice_design.slug}/components/1/baseline/", 3))
    for label, url, count in urls:
        open_charts(page, url, count)
        for chart in page.evaluate(GEOMETRY):
            where = f"{label} #{chart['id']}"
            left, right = chart["svg"]
            assert left >= 0 and right <= PHONE["width"], (where, chart["svg"])
            plot_left, plot_right = chart["plot"]
            assert left <= plot_left and plot_right <= right, (where, chart["plot"])
            # The plot area holds at least half the chart: the bars and cells are on screen.
            assert plot_right - plot_left >= (right - left) / 2, (where, chart)


def test_a_chart_switches_layout_when_its_box_crosses_the_width(
    page, sign_in, alice, markup_design
):
    sign_in(alice)
    open_charts(page, f"/designs/{markup_design.slug}/components/1/serverless/", 3)
    waterfall = page.locator(".js-plotly-plot").first
    assert waterfall.get_attribute("data-layout") == "wide"
    page.set_viewport_size(PHONE)
    page.wait_for_function(
        "() => document.querySelector('.js-plotly-plot').getAttribute('data-layout') === 'narrow'"
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_function(
        "() => document.querySelector('.js-plotly-plot').getAttribute('data-layout') === 'wide'"
    )
