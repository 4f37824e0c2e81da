"""Figure dicts: their structure, that they show the evaluation's numbers, and that they
survive JSON."""

import dataclasses
import json
import math

import pytest

from evaluator import charts
from evaluator.engine import evaluate, evaluate_component, what_if
from evaluator.engine.results import Contribution

OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


def roundtrip(figure):
    """The figure after JSON, which is what the browser gets; fails on anything else."""
    return json.loads(json.dumps(figure, allow_nan=False))


def assert_common(figure):
    assert set(figure) == {"data", "layout"}
    layout = figure["layout"]
    assert layout["title"]["text"]
    assert isinstance(layout["height"], int) and 150 <= layout["height"] <= 4000
    assert "width" not in layout  # the page sets the width; only the height is fixed
    assert roundtrip(figure) == figure


# --- Heatmap -------------------------------------------------------------------------------


def test_heatmap_has_a_row_per_component_and_a_column_per_option(example):
    spec, evaluation = example
    figure = charts.heatmap_figure(evaluation)
    assert_common(figure)
    scores, ruled_out = figure["data"]
    assert scores["type"] == ruled_out["type"] == "heatmap"
    assert scores["y"] == [c.name for c in spec.components]
    assert scores["x"] == [
        "Baseline",
        "Event-driven",
        "Serverless",
        "Microservices",
        "Consensus",
        "Blockchain",
    ]
    assert scores["colorscale"] == "Cividis"
    assert (scores["zmin"], scores["zmax"]) == (0, 100)


def test_heatmap_values_are_the_scores_and_vetoes_are_marked(example):
    _spec, evaluation = example
    figure = charts.heatmap_figure(evaluation)
    scores, ruled_out = figure["data"]
    for row, component in enumerate(evaluation.components):
        for column, option in enumerate(component.options):
            if option.ruled_out:
                assert scores["z"][row][column] is None
                assert ruled_out["z"][row][column] == 1
                assert scores["text"][row][column] == "✕ ruled out"
            else:
                assert scores["z"][row][column] == option.score
                assert ruled_out["z"][row][column] is None
                assert str(option.score) in scores["text"][row][column]


def test_heatmap_has_a_ruled_out_cell_in_the_batch_design(batch_evaluation):
    figure = charts.heatmap_figure(batch_evaluation)
    serverless = batch_evaluation.components[0].option("serverless")
    assert serverless.ruled_out
    column = figure["data"][0]["x"].index("Serverless")
    assert figure["data"][1]["z"][0][column] == 1
    labels = [a["text"] for a in figure["layout"]["annotations"]]
    assert "✕ ruled out" in labels
    hover = figure["data"][0]["hovertext"][0][column]
    assert "Ruled out" in hover and "serverless.job-over-lambda-limit" in hover


def test_heatmap_marks_each_recommendation_with_a_star_and_a_frame(example):
    _spec, evaluation = example
    figure = charts.heatmap_figure(evaluation)
    text = figure["data"][0]["text"]
    options = figure["data"][0]["x"]
    frames = [s for s in figure["layout"]["shapes"] if s["type"] == "rect"]
    recommended = [c for c in evaluation.components if c.recommendation]
    assert len(frames) == 2 * len(recommended)  # a dark frame and a white line inside
    for row, component in enumerate(evaluation.components):
        starred = [column for column, cell in enumerate(text[row]) if cell.startswith("★")]
        if component.recommendation is None:
            assert starred == []
        else:
            column = charts.OPTION_SHORT_NAMES[component.recommendation]
            assert starred == [options.index(column)]


def test_heatmap_hover_names_the_top_rules(example):
    _spec, evaluation = example
    figure = charts.heatmap_figure(evaluation)
    hover = figure["data"][0]["hovertext"]
    for row, component in enumerate(evaluation.components):
        for column, option in enumerate(component.options):
            for item in option.contributions[: charts.TOP_RULES_IN_HOVER]:
                assert item.rule_id in hover[row][column]


def test_heatmap_height_grows_with_the_components_and_is_fixed(example):
    _spec, evaluation = example
    height = charts.heatmap_figure(evaluation)["layout"]["height"]
    assert height == 150 + 44 * len(evaluation.components)


def test_heatmap_text_escapes_markup_in_names(kb, batch_spec):
    spec = dataclasses.replace(
        batch_spec,
        components=(dataclasses.replace(batch_spec.components[0], name="<b>Report</b>"),),
    )
    figure = charts.heatmap_figure(evaluate(spec, kb))
    hover = figure["data"][0]["hovertext"][0][0]
    assert "&lt;b&gt;Report&lt;/b&gt;" in hover
    assert "<b>Report</b>" not in hover


# --- Waterfall ------------------------------------------------------------------------------


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
            # Weighted points are shown to two decimals; the clamp step keeps 0-100.
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
    ("points", "score", "clamp"),
    [
        ((40, 30), 100, -(60 + 70 - 100)),  # start 60: 130 is clamped to 100
        ((-40, -35), 0, 15),  # start 60: -15 is clamped to 0
        ((10,), 70, None),
    ],
)
def test_waterfall_shows_the_clamp(batch_evaluation, points, score, clamp):
    baseline = batch_evaluation.components[0].option("baseline")
    option = dataclasses.replace(_with_points(baseline, points), start=60, score=score)
    trace = charts.waterfall_figure(option)["data"][0]
    if clamp is None:
        assert "clamp" not in trace["y"]
    else:
        index = trace["y"].index("clamp")
        assert trace["x"][index] == clamp
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


# --- What if --------------------------------------------------------------------------------


def test_whatif_questions_are_answerable_numbers_that_rules_compare(kb):
    questions = charts.whatif_questions(kb)
    assert questions
    for question in questions:
        assert question.type == "number" and not question.derived
        assert charts.question_thresholds(kb, question.id)
    ids = {q.id for q in questions}
    assert {"peak_rps", "job_duration_s", "replicas", "team_size"} <= ids
    assert "sync_callers" not in ids  # derived from the design, not answered


def test_whatif_curve_matches_fresh_evaluations(kb, batch_spec):
    figure = charts.whatif_figure(batch_spec, kb, "Report builder", "job_duration_s")
    assert_common(figure)
    names = [trace["name"] for trace in figure["data"]]
    assert names[0] == "Baseline" and len(names) == 6
    xs = figure["data"][0]["x"]
    for i in range(0, len(xs), 7):
        changed = what_if(batch_spec, {"job_duration_s": xs[i]}, kb, "Report builder")
        result = evaluate_component(changed, "Report builder", kb, analyse=False)
        for trace, option in zip(figure["data"], result.options, strict=True):
            expected = None if option.ruled_out else option.score
            assert trace["y"][i] == expected, (xs[i], option.option)


def test_whatif_marks_thresholds_and_the_current_value(kb, batch_spec):
    figure = charts.whatif_figure(batch_spec, kb, "Report builder", "job_duration_s")
    lines = [s for s in figure["layout"]["shapes"] if s["type"] == "line"]
    xs = {s["x0"] for s in lines}
    assert {1, 29, 900} <= xs  # the rules' thresholds
    assert 3600 in xs  # the current answer
    hovers = " ".join(a.get("hovertext", "") for a in figure["layout"]["annotations"])
    assert "serverless.job-over-lambda-limit" in hovers
    texts = " ".join(a["text"] for a in figure["layout"]["annotations"])
    assert "now: 3,600 s" in texts


def test_whatif_steps_at_the_lambda_limit(kb, batch_spec):
    figure = charts.whatif_figure(batch_spec, kb, "Report builder", "job_duration_s")
    serverless = figure["data"][2]
    assert serverless["name"].startswith("Serverless")
    points = dict(zip(serverless["x"], serverless["y"], strict=True))
    assert points[900] is not None  # at the limit: allowed
    assert points[901] is None  # just over it: ruled out


@pytest.mark.parametrize(
    ("question_id", "log"),
    [("latency_p99_ms", True), ("job_duration_s", True), ("replicas", False), ("teams", False)],
)
def test_whatif_samples_within_bounds_and_uses_log_for_wide_ranges(
    kb, batch_spec, question_id, log
):
    question = kb.by_id[question_id]
    figure = charts.whatif_figure(batch_spec, kb, "Report builder", question_id)
    xs = figure["data"][0]["x"]
    assert xs == sorted(xs) and len(xs) == len(set(xs))
    assert min(xs) >= (question.min or 0)
    if question.max is not None:
        assert max(xs) <= question.max
    if question.integer:
        assert all(float(x).is_integer() for x in xs)
    axis = figure["layout"]["xaxis"]
    assert axis["type"] == ("log" if log else "linear")
    low, high = axis["range"]
    if log:
        assert math.isclose(low, math.log10(xs[0])) and math.isclose(high, math.log10(xs[-1]))
    for threshold in charts.question_thresholds(kb, question_id):
        if question.min is None or threshold >= question.min:
            assert xs[0] <= threshold <= xs[-1]
            assert threshold in xs


def test_whatif_for_a_system_question_reads_the_context(kb, batch_spec):
    spec = dataclasses.replace(batch_spec, context={"team_size": 8})
    figure = charts.whatif_figure(spec, kb, "Report builder", "team_size")
    assert 8 in {s["x0"] for s in figure["layout"]["shapes"]}


def test_whatif_says_when_the_question_is_not_answered(kb, batch_spec):
    figure = charts.whatif_figure(batch_spec, kb, "Report builder", "peak_rps")
    assert "not answered" in figure["layout"]["title"]["text"]
    assert not any(s.get("name") == "current answer" for s in figure["layout"]["shapes"])


def test_whatif_refuses_what_it_cannot_draw(kb, batch_spec):
    with pytest.raises(ValueError):
        charts.whatif_figure(batch_spec, kb, "Report builder", "traffic_pattern")
    with pytest.raises(KeyError):
        charts.whatif_figure(batch_spec, kb, "No such part", "peak_rps")
    with pytest.raises(KeyError):
        charts.whatif_figure(batch_spec, kb, "Report builder", "no_such_question")


def test_whatif_lines_use_okabe_ito_and_differ_by_dash(kb, batch_spec):
    figure = charts.whatif_figure(batch_spec, kb, "Report builder", "memory_mb")
    colours = [trace["line"]["color"] for trace in figure["data"]]
    dashes = [trace["line"]["dash"] for trace in figure["data"]]
    assert set(colours) <= OKABE_ITO and len(set(colours)) == 6
    assert len(set(dashes)) == 6


# --- Attribute impact -------------------------------------------------------------------------


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


# --- Sampling -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question_id", "thresholds", "current", "log"),
    [
        ("replicas", [1, 3, 5], None, False),
        ("replicas", [1, 3, 5], 7, False),
        ("latency_p99_ms", [50, 100, 900000], 150, True),
        ("peak_rps", [1000, 5000, 10000], 900, False),
        ("job_duration_s", [1, 29, 900], 0.3, True),
    ],
)
def test_sample_values(kb, question_id, thresholds, current, log):
    question = kb.by_id[question_id]
    values, is_log = charts.sample_values(question, thresholds, current)
    assert is_log is log
    for t in [*thresholds, *([current] if current is not None else [])]:
        assert t in values
    assert values[0] >= (question.min if question.min is not None else -math.inf)
    if is_log:
        assert values[0] > 0
