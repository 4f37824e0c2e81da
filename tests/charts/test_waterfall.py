"""The waterfall: from the starting score through each rule to the score."""

import dataclasses

import pytest

from evaluator import charts
from evaluator.engine.results import Contribution

from .helpers import assert_common


def test_waterfall_runs_from_start_through_each_rule_to_the_score(example):
    _spec, evaluation = example
    for component in evaluation.components:
        for option in component.options:
            figure = charts.waterfall_figure(option)
            assert_common(figure)
            (trace,) = figure["data"]
            assert trace["type"] == "waterfall"
            assert trace["measure"][0] == "absolute" and trace["measure"][-1] == "total"
            assert trace["x"][0] == option.start
            assert trace["text"][-1] == str(option.score)
            rule_ids = [c.rule_id for c in option.contributions]
            assert trace["y"][1 : 1 + len(rule_ids)] == rule_ids
            total = option.start + sum(trace["x"][1:-1])
            # Weighted points are shown to two decimals; the scaling step bends 10-90 to 0-100.
            assert abs(total - option.score) <= 0.5 + 0.01 * len(rule_ids)


def test_waterfall_hover_names_rule_title_and_id(batch_evaluation):
    option = batch_evaluation.components[0].option("baseline")
    assert option.contributions
    trace = charts.waterfall_figure(option)["data"][0]
    for index, item in enumerate(option.contributions, start=1):
        assert item.rule_id in trace["hovertext"][index]
        assert item.title.split()[0] in trace["hovertext"][index]


def _with_points(option, points):
    contributions = tuple(
        Contribution(
            rule_id=f"test.rule-{i}",
            title=f"Rule {i}",
            points=p,
            weighted=float(p),
            attributes=("cost",),
            rationale="",
            values=(),
            source="test",
            as_of="2026-01",
        )
        for i, p in enumerate(points)
    )
    return dataclasses.replace(option, contributions=contributions)


@pytest.mark.parametrize(
    ("points", "score", "scale"),
    [
        ((40, 30), 98, -(60 + 70 - 98)),  # start 60: 130 reads 98
        ((-40, -35), 3, 18),  # start 60: -15 reads 100 / 35 = 3
        ((20, 10), 90, None),  # 90 is still on the straight part
        ((10,), 70, None),
    ],
)
def test_waterfall_shows_the_scaling_beyond_10_and_90(batch_evaluation, points, score, scale):
    baseline = batch_evaluation.components[0].option("baseline")
    option = dataclasses.replace(
        _with_points(baseline, points), start=60, score=score, raw=60.0 + sum(points)
    )
    trace = charts.waterfall_figure(option)["data"][0]
    if scale is None:
        assert "scale" not in trace["y"]
    else:
        index = trace["y"].index("scale")
        assert trace["x"][index] == scale
    assert 60 + sum(trace["x"][1:-1]) == score
    assert figure_range_covers(charts.waterfall_figure(option), 60 + sum(points))


def figure_range_covers(figure, value):
    low, high = figure["layout"]["xaxis"]["range"]
    return low <= min(value, 0) and high >= max(value, 100)


def test_waterfall_of_a_ruled_out_option_says_so(batch_evaluation):
    option = batch_evaluation.components[0].option("serverless")
    figure = charts.waterfall_figure(option)
    assert "ruled out" in figure["layout"]["title"]["text"]
    assert "serverless.job-over-lambda-limit" in figure["data"][0]["hovertext"][-1]


def test_waterfall_narrow_variant_puts_each_label_above_its_bar(batch_evaluation):
    option = batch_evaluation.components[0].option("baseline")
    figure = charts.waterfall_figure(option)
    narrow = figure["narrow"]["layout"]
    (trace,) = figure["data"]
    # No label in the margin: the bars get the whole width.
    assert narrow["yaxis"]["showticklabels"] is False
    assert narrow["margin"]["l"] <= 10
    labels = narrow["annotations"]
    assert [a["y"] for a in labels] == trace["y"]
    assert [a["text"] for a in labels] == figure["layout"]["yaxis"]["ticktext"]
    assert all(a["xref"] == "paper" and a["x"] == 0 for a in labels)
