"""The charts of a sampled recommendation: scores over the samples (box plot) and the
inputs to pin down first (tornado), each with the rows of its table."""

from pathlib import Path

import pytest

from evaluator import charts
from evaluator.engine import evaluate
from evaluator.engine.explain import format_percent
from evaluator.engine.spec import parse_design

from .helpers import OWN_TAGS, assert_common, texts
from .markup import BOLD_BREAK, MARKUP_NAMES, markup_spec

DESIGNS = Path(__file__).resolve().parents[2] / "designs"


@pytest.fixture(scope="module")
def sampled(kb):
    """The example shop's nightly refresh, named in markup, with uncertain answers: its
    memory need decides between serverless (at most 122,880 MB) and microservices."""
    text = (DESIGNS / "shop.yaml").read_text()
    text = text.replace("Recommendation refresh", f"'{BOLD_BREAK}'")
    text = text.replace("memory_mb: 3072", "memory_mb: {low: 61440, high: 184320}")
    text = text.replace("peak_rps: 200", "peak_rps: {low: 20, likely: 200, high: 4000}")
    return evaluate(parse_design(text, knowledge=kb), kb).component(BOLD_BREAK)


def test_each_option_has_a_box_of_its_sampled_scores(sampled):
    figure = charts.spread_figure(sampled)
    assert_common(figure)
    found = sampled.uncertainty
    assert [trace["type"] for trace in figure["data"]] == ["box"] * len(sampled.options)
    for trace, option in zip(figure["data"], sampled.options, strict=True):
        spread = found.scores[option.option]
        assert trace["name"] == charts.option_label(option.option)
        assert (trace["lowerfence"], trace["q1"], trace["median"]) == (
            [spread.p10],
            [spread.p25],
            [spread.p50],
        )
        assert (trace["q3"], trace["upperfence"]) == ([spread.p75], [spread.p90])
        assert format_percent(found.recommended[option.option]) in trace["hovertemplate"]


def test_the_spread_table_holds_the_charts_numbers(sampled):
    found = sampled.uncertainty
    rows = charts.spread_rows(sampled)
    assert [row["option"] for row in rows] == [o.option for o in sampled.options]
    for row in rows:
        spread = found.scores[row["option"]]
        assert (row["p10"], row["p50"], row["p90"]) == (spread.p10, spread.p50, spread.p90)
        assert row["recommended"] == format_percent(found.recommended[row["option"]])
        assert row["ruled_out"] == format_percent(found.ruled_out[row["option"]])


def test_the_tornado_spans_each_inputs_least_and_most_favourable_slice(sampled):
    figure = charts.drivers_figure(sampled)
    assert_common(figure)
    found = sampled.uncertainty
    least, most = figure["data"]
    drawn = [d for d in found.drivers if d.parts]
    assert len(least["y"]) == len(drawn) >= 2
    for index, driver in enumerate(drawn):
        chances = [part.probability for part in driver.parts]
        assert least["base"] == most["base"] == found.top_probability
        assert least["x"][index] == pytest.approx(min(chances) - found.top_probability)
        assert most["x"][index] == pytest.approx(max(chances) - found.top_probability)
    # The input to pin down first is drawn on top (the axis runs downwards).
    assert figure["layout"]["yaxis"]["autorange"] == "reversed"
    assert drawn[0].label.startswith(least["y"][0].split("<br>")[0].rstrip("…"))
    assert drawn[0].swing >= drawn[-1].swing
    assert drawn[0].question == "memory_mb" and drawn[0].swing > 0.9


def test_the_driver_table_holds_the_charts_numbers(sampled):
    rows = charts.driver_rows(sampled)
    drawn = [d for d in sampled.uncertainty.drivers if d.parts]
    assert [row["label"] for row in rows] == [d.label for d in drawn]
    for row, driver in zip(rows, drawn, strict=True):
        chances = sorted(part.probability for part in driver.parts)
        assert row["least_chance"] == format_percent(chances[0])
        assert row["most_chance"] == format_percent(chances[-1])
        assert row["swing"] == format_percent(driver.swing)
        assert row["sentence"] == driver.sentence


def test_no_sampled_figure_holds_markup_from_a_name(sampled):
    for figure in (charts.spread_figure(sampled), charts.drivers_figure(sampled)):
        for text in texts(figure):
            left = OWN_TAGS.sub("", text)
            assert "<" not in left and ">" not in left, text
            for name in MARKUP_NAMES:
                assert name not in text, text
    title = charts.spread_figure(sampled)["layout"]["title"]["text"]
    assert title.startswith(charts.literal(sampled.name)[:20])


def test_a_component_of_single_values_has_no_rows(kb):
    point = evaluate(markup_spec(), kb).components[0]
    assert not point.uncertainty.inputs
    assert charts.driver_rows(point) == []
    figure = charts.drivers_figure(point)
    assert figure["data"][0]["y"] == []
    assert "No uncertain input" in figure["layout"]["annotations"][0]["text"]


def test_the_chance_heatmap_colours_each_cell_by_how_often_it_is_recommended(kb):
    text = (DESIGNS / "shop.yaml").read_text()
    text = text.replace("memory_mb: 3072", "memory_mb: {low: 61440, high: 184320}")
    evaluation = evaluate(parse_design(text, knowledge=kb), kb)
    figure = charts.chance_heatmap_figure(evaluation)
    assert_common(figure)
    (trace,) = figure["data"]
    assert trace["y"] == [charts.literal(c.name) for c in evaluation.components]
    seen_ruled_out = False
    for row_z, row_text, component in zip(
        trace["z"], trace["text"], evaluation.components, strict=True
    ):
        found = component.uncertainty
        for z, label, option in zip(row_z, row_text, component.options, strict=True):
            if found.ruled_out[option.option] >= 1:
                seen_ruled_out = True
                assert z < 0 and "ruled out" in label
            else:
                assert z == pytest.approx(found.recommended[option.option] * 100, abs=0.05)
                assert label == format_percent(found.recommended[option.option])
    assert seen_ruled_out
    refresh = [c.name for c in evaluation.components].index("Recommendation refresh")
    assert 0 < trace["z"][refresh][2] < 100  # serverless: a toss-up


def test_the_chance_heatmap_holds_no_markup_from_a_name(kb):
    evaluation = evaluate(markup_spec(), kb)
    for text in texts(charts.chance_heatmap_figure(evaluation)):
        left = OWN_TAGS.sub("", text)
        assert "<" not in left and ">" not in left, text
