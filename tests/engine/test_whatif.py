"""What-if sweeps: each sampled point is a fresh evaluation, steps sit at the thresholds,
and the samples stay within the question's bounds."""

import math

import pytest

from evaluator.engine import default_knowledge, evaluate_component, what_if
from evaluator.engine.whatif import (
    Threshold,
    ThresholdRule,
    question_thresholds,
    run_sweep,
    sample_values,
    whatif_questions,
)

from .conftest import component, design


@pytest.fixture
def batch():
    return design(component("Report builder", "batch_job", job_duration_s=3600, replicas=1))


def test_each_point_is_a_fresh_evaluation_of_the_changed_answer(kb, batch):
    sweep = run_sweep(batch, kb, "Report builder", "job_duration_s")
    assert len(sweep.values) > 10
    for index, value in enumerate(sweep.values):
        changed = what_if(batch, {"job_duration_s": value}, kb, "Report builder")
        result = evaluate_component(changed, "Report builder", kb, analyse=False)
        assert sweep.recommendations[index] == result.recommendation
        for option in sweep.options:
            fresh = result.option(option.option)
            assert (option.scores[index], option.ruled_out[index]) == (
                fresh.score,
                fresh.ruled_out,
            ), (value, option.option)


def test_the_veto_applies_just_past_its_threshold(kb, batch):
    sweep = run_sweep(batch, kb, "Report builder", "job_duration_s")
    serverless = next(o for o in sweep.options if o.option == "serverless")
    at = dict(zip(sweep.values, serverless.shown(), strict=True))
    assert at[900] is not None  # at the limit: allowed
    assert at[901] is None  # just over it: ruled out
    assert serverless.scores[sweep.values.index(901)] >= 0  # the score before the veto stays


def test_thresholds_carry_the_rules_in_words(kb):
    assert question_thresholds(kb, "job_duration_s") == (
        Threshold(
            900.0,
            (
                ThresholdRule(
                    "serverless.job-over-limit", "serverless", "Longest job exceeds the time limit"
                ),
            ),
        ),
    )
    assert question_thresholds(kb, "caller_waits") == ()


def test_the_sweep_knows_the_current_answer_and_its_step(kb, batch):
    sweep = run_sweep(batch, kb, "Report builder", "job_duration_s")
    assert sweep.current == 3600 and 3600 in sweep.values
    steps = sweep.steps()
    # Below the limit and above it: two runs, the current answer in the second.
    assert [step.holds_current for step in steps] == [False, True]
    assert steps[0].low == sweep.values[0] and steps[-1].high == sweep.values[-1]
    assert steps[0].high == 900 and steps[1].low == 901
    serverless = [o.option for o in sweep.options].index("serverless")
    assert steps[0].scores[serverless] is not None and steps[1].scores[serverless] is None


def test_steps_cover_every_value_once_and_change_at_each_boundary(kb):
    spec = design(component("Ledger", "data_store", replicas=1))
    sweep = run_sweep(spec, kb, "Ledger", "replicas")
    steps = sweep.steps()
    covered = [v for s in steps for v in sweep.values if s.low <= v <= s.high]
    assert covered == list(sweep.values)
    for before, after in zip(steps, steps[1:], strict=False):
        assert (before.scores, before.recommendation) != (after.scores, after.recommendation)


def test_an_unanswered_question_has_no_current_value(kb, batch):
    sweep = run_sweep(batch, kb, "Report builder", "latency_p99_ms")
    assert sweep.current is None
    assert not any(step.holds_current for step in sweep.steps())


def test_a_system_question_reads_the_context(kb):
    spec = design(component("Report builder", "batch_job"), context={"team_size": 8})
    sweep = run_sweep(spec, kb, "Report builder", "team_size")
    assert sweep.current == 8 and 8 in sweep.values


def test_it_refuses_what_it_cannot_sweep(kb, batch):
    with pytest.raises(ValueError):
        run_sweep(batch, kb, "Report builder", "caller_waits")
    with pytest.raises(KeyError):
        run_sweep(batch, kb, "No such part", "job_duration_s")
    with pytest.raises(KeyError):
        run_sweep(batch, kb, "Report builder", "no_such_question")


def test_whatif_questions_are_answerable_numbers_that_rules_compare():
    kb = default_knowledge()
    questions = whatif_questions(kb)
    for question in questions:
        assert question.type == "number" and not question.derived
        assert question_thresholds(kb, question.id)
    ids = {q.id for q in questions}
    assert {"peak_rps", "job_duration_s", "replicas", "team_size"} <= ids
    assert "sync_callers" not in ids  # derived from the design, not answered
    assert {q.scope for q in whatif_questions(kb, "system")} == {"system"}


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
def test_sample_values(question_id, thresholds, current, log):
    question = default_knowledge().by_id[question_id]
    values, is_log = sample_values(question, thresholds, current)
    assert is_log is log
    assert values == sorted(set(values))
    for t in [*thresholds, *([current] if current is not None else [])]:
        assert t in values
    assert values[0] >= (question.min if question.min is not None else -math.inf)
    if question.max is not None:
        assert values[-1] <= question.max
    if question.integer:
        assert all(float(v).is_integer() for v in values)
    if is_log:
        assert values[0] > 0
