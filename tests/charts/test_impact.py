"""Attribute impact: per quality attribute, the weighted points of each option's rules."""

import math

from evaluator import charts

from .helpers import assert_common

OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


def test_attribute_impact_adds_up_to_each_options_rules(example, kb):
    _spec, evaluation = example
    for component in evaluation.components:
        figure = charts.attribute_impact_figure(component, kb)
        assert_common(figure)
        assert [t["type"] for t in figure["data"]] == ["bar"] * 6
        for trace, option in zip(figure["data"], component.options, strict=True):
            expected = sum(c.weighted for c in option.contributions if c.attributes)
            assert math.isclose(sum(trace["x"]), expected, abs_tol=0.05 * len(trace["x"]) + 1e-9)
            assert trace["marker"]["color"] in OKABE_ITO
            assert trace["name"].startswith(charts.OPTION_SHORT_NAMES[option.option])


def test_attribute_impact_shows_only_attributes_some_rule_touched(batch_evaluation, kb):
    component = batch_evaluation.components[0]
    figure = charts.attribute_impact_figure(component, kb)
    touched = {a for o in component.options for c in o.contributions for a in c.attributes}
    labels = {kb.attribute_label(a) for a in touched}
    assert set(figure["data"][0]["y"]) == labels
    assert figure["layout"]["height"] == 150 + 46 * len(labels)


def test_attribute_rows_hold_the_charts_numbers(example, kb):
    _spec, evaluation = example
    for component in evaluation.components:
        figure = charts.attribute_impact_figure(component, kb)
        rows = charts.attribute_rows(component, kb)
        assert [row["label"] for row in rows] == figure["data"][0]["y"]
        for column, trace in enumerate(figure["data"]):
            assert [row["points"][column] for row in rows] == trace["x"]


def test_attribute_impact_narrow_variant_shortens_names_not_bars(batch_evaluation, kb):
    component = batch_evaluation.components[0]
    figure = charts.attribute_impact_figure(component, kb)
    narrow = figure["narrow"]
    assert narrow["layout"]["margin"]["l"] < figure["layout"]["margin"]["l"]
    assert narrow["layout"]["legend"]["yref"] == "container"  # under the axis title
    for override, option in zip(narrow["data"], component.options, strict=True):
        assert override == (
            {"name": f"{charts.option_label(option.option)} ✕"} if option.ruled_out else {}
        )


def test_attribute_impact_narrow_labels_wrap_to_keep_the_plot_wide(example, kb):
    _spec, evaluation = example
    for component in evaluation.components:
        figure = charts.attribute_impact_figure(component, kb)
        yaxis = figure["narrow"]["layout"]["yaxis"]
        assert yaxis["tickvals"] == figure["data"][0]["y"]
        for label in yaxis["ticktext"]:
            assert all(len(line) <= 12 for line in label.split("<br>")), label
