"""The what-if chart draws a sweep the engine computed: curves, thresholds in words."""

import math

import pytest

from evaluator import charts
from evaluator.engine.whatif import question_thresholds, run_sweep

from .helpers import OWN_TAGS, assert_common

OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


@pytest.fixture
def job_sweep(kb, batch_spec):
    return run_sweep(batch_spec, kb, "Report builder", "job_duration_s")


def test_whatif_draws_each_options_scores_with_gaps_where_ruled_out(kb, batch_spec):
    sweep = run_sweep(batch_spec, kb, "Report builder", "memory_mb")
    figure = charts.whatif_figure(sweep)
    assert_common(figure)
    assert [t["name"] for t in figure["data"]][0] == "Baseline"
    assert len(figure["data"]) == len(sweep.options) == 6
    for trace, option in zip(figure["data"], sweep.options, strict=True):
        assert trace["x"] == list(sweep.values)
        assert trace["y"] == list(option.shown())
    serverless = figure["data"][2]
    points = dict(zip(serverless["x"], serverless["y"], strict=True))
    # The job is too long for AWS Lambda at any memory; batch jobs on AWS Fargate stand
    # until the task would need more than 120 GB.
    assert points[122880] is not None and points[122881] is None


def test_whatif_marks_thresholds_in_words_and_the_current_value(job_sweep):
    figure = charts.whatif_figure(job_sweep)
    lines = [s for s in figure["layout"]["shapes"] if s["type"] == "line"]
    xs = {s["x0"] for s in lines}
    assert {1, 29, 900} <= xs  # the rules' thresholds
    assert 3600 in xs  # the current answer
    texts = [a["text"] for a in figure["layout"]["annotations"]]
    assert "900 s: Longest job exceeds the AWS Lambda time limit (+1 rule)" in texts
    assert not any("serverless." in text for text in texts)  # words, not rule ids
    hovers = " ".join(a.get("hovertext", "") for a in figure["layout"]["annotations"])
    assert "Batch work that fans out into short pieces (Serverless)" in hovers
    assert "<b>now: 3,600 s</b>" in texts


def test_whatif_labels_only_the_numbers_when_there_are_many_thresholds(kb, batch_spec):
    sweep = run_sweep(batch_spec, kb, "Report builder", "replicas")
    assert len(sweep.thresholds) > charts.whatif.WORDED_THRESHOLDS
    figure = charts.whatif_figure(sweep)
    labels = [a["text"] for a in figure["layout"]["annotations"]]
    assert "3 nodes" in labels and not any(":" in label for label in labels)


def test_threshold_label_says_what_the_rule_says(job_sweep):
    first, _, limit, _ = job_sweep.thresholds
    assert charts.threshold_label(job_sweep, first) == (
        "1 s: Concurrency beyond the default AWS Lambda quota"
    )
    assert charts.threshold_label(job_sweep, limit, 20).startswith("900 s: Longest job exceeds…")


@pytest.mark.parametrize(
    ("question_id", "log"),
    [("latency_p99_ms", True), ("job_duration_s", True), ("replicas", False), ("teams", False)],
)
def test_whatif_axis_follows_the_samples(kb, batch_spec, question_id, log):
    sweep = run_sweep(batch_spec, kb, "Report builder", question_id)
    axis = charts.whatif_figure(sweep)["layout"]["xaxis"]
    assert axis["type"] == ("log" if log else "linear")
    low, high = axis["range"]
    xs = sweep.values
    if log:
        assert math.isclose(low, math.log10(xs[0])) and math.isclose(high, math.log10(xs[-1]))
    else:
        assert (low, high) == (xs[0], xs[-1])
    question = kb.by_id[question_id]
    for threshold in question_thresholds(kb, question_id):
        if question.min is None or threshold.value >= question.min:
            assert threshold.value in xs


def test_whatif_says_when_the_question_is_not_answered(kb, batch_spec):
    figure = charts.whatif_figure(run_sweep(batch_spec, kb, "Report builder", "peak_rps"))
    assert "not answered" in figure["layout"]["title"]["text"]
    assert not any(s.get("name") == "current answer" for s in figure["layout"]["shapes"])


def test_whatif_lines_use_okabe_ito_and_differ_by_dash(kb, batch_spec):
    figure = charts.whatif_figure(run_sweep(batch_spec, kb, "Report builder", "memory_mb"))
    colours = [trace["line"]["color"] for trace in figure["data"]]
    dashes = [trace["line"]["dash"] for trace in figure["data"]]
    assert set(colours) <= OKABE_ITO and len(set(colours)) == 6
    assert len(set(dashes)) == 6


def test_whatif_narrow_variant_keeps_numbers_and_short_names(job_sweep):
    figure = charts.whatif_figure(job_sweep)
    narrow = figure["narrow"]
    # A threshold label per threshold line, the number with its unit only.
    thresholds = [s for s in figure["layout"]["shapes"] if s["name"].startswith("threshold")]
    labels = [a["text"] for a in narrow["layout"]["annotations"]]
    assert labels == ["1 s", "29 s", "900 s", "3,600 s"]
    assert len(narrow["layout"]["annotations"]) == len(thresholds)
    # The title leaves out the component (the page names it) and wraps.
    title = narrow["layout"]["title"]["text"]
    assert "Report builder" not in title and "Longest unit of work" in OWN_TAGS.sub(" ", title)
    names = [item.get("name") for item in narrow["data"]]
    wide = [trace["name"] for trace in figure["data"]]
    for short, name in zip(names, wide, strict=True):
        assert (short is None) == ("(ruled out)" not in name)
        assert short is None or short.endswith(" ✕")
