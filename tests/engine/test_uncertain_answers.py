"""Uncertain answers in the design format: ranges and weights read, checked, written back,
and scored at their point by the scalar engine."""

from __future__ import annotations

import dataclasses
import json

import pytest

from evaluator.engine import default_knowledge, evaluate, evaluation_to_dict
from evaluator.engine.errors import DesignError
from evaluator.engine.reading import read_design
from evaluator.engine.spec import canonical_json, dump_design, parse_design
from evaluator.engine.uncertain import MAX_UNCERTAIN_ANSWERS, Range, Weights, point

KB = default_knowledge()

GOOD = """\
format: tradeoff-evaluator/1
name: Uncertain shop
context:
  team_size: {low: 4, high: 12}
  budget_sensitivity: {low: 0.5, high: 0.5}
components:
  - name: Checkout
    kind: api
    answers:
      peak_rps: {low: 200, likely: 800, high: 5000}
      traffic_pattern: {spiky: 0.6, steady: 0.4}
      caller_waits: {yes: 0.7, no: 0.3}
      replicas: 3
"""


def read(source: str):
    return parse_design(source, filename="shop.yaml", knowledge=KB)


def test_it_reads_ranges_and_weights():
    spec = read(GOOD)
    answers = spec.component("Checkout").answers
    assert answers["peak_rps"] == Range(200, 5000, 800)
    # Weights come in the catalogue's order, yes/no as yes and no.
    assert answers["traffic_pattern"] == Weights((("steady", 0.4), ("spiky", 0.6)))
    assert answers["caller_waits"] == Weights((("yes", 0.7), ("no", 0.3)))
    assert answers["replicas"] == 3
    assert spec.context["team_size"] == Range(4, 12)
    # Choices called low and high are weights, not a range: the question decides.
    assert spec.context["budget_sensitivity"] == Weights((("low", 0.5), ("high", 0.5)))


def test_writing_and_reading_back_keeps_every_uncertain_answer():
    spec = read(GOOD)
    text = dump_design(spec)
    assert read(text) == spec
    assert dump_design(read(text)) == text
    # Stored rows are read without the catalogue, from the canonical JSON.
    stored = read_design(json.loads(canonical_json(spec))).raise_first()
    assert canonical_json(stored) == canonical_json(spec)
    assert '"peak_rps":{"high":5000,"likely":800,"low":200}' in canonical_json(spec)


def test_a_stored_design_read_without_the_catalogue_scores_the_same():
    spec = read(GOOD)
    stored = read_design(json.loads(canonical_json(spec))).raise_first()
    # Without the catalogue {low: 0.5, high: 0.5} looks like a range; scoring reads it
    # against its question, as weights.
    assert isinstance(stored.context["budget_sensitivity"], Range)
    assert evaluation_to_dict(evaluate(stored, KB)) == evaluation_to_dict(evaluate(spec, KB))


@pytest.mark.parametrize(
    "question, value, expected",
    [
        ("peak_rps", Range(200, 5000, 800), 800),  # likely, when given
        ("peak_rps", Range(200, 5000), 1000),  # log space: the geometric middle
        ("peak_rps", Range(100, 300), 200),  # linear: the middle
        ("peak_rps", Range(1, 4), 2.5),
        ("replicas", Range(1, 4), 3),  # a whole number: 2.5 rounds half up
        ("replicas", Range(3, 3), 3),
        ("traffic_pattern", Weights((("steady", 0.4), ("spiky", 0.6))), "spiky"),
        ("traffic_pattern", Weights((("steady", 0.5), ("spiky", 0.5))), "steady"),  # tie: first
        ("caller_waits", Weights((("yes", 0.3), ("no", 0.7))), False),
        ("caller_waits", Weights((("yes", 0.5), ("no", 0.5))), True),
    ],
)
def test_the_point_the_scalar_engine_scores(question, value, expected):
    assert point(KB.by_id[question], value) == expected


def test_the_scalar_engine_scores_the_point_of_each_uncertain_answer():
    spec = read(GOOD)
    checkout = spec.component("Checkout")
    points = dataclasses.replace(
        spec,
        context={"team_size": 7, "budget_sensitivity": "low"},
        components=(
            dataclasses.replace(
                checkout,
                answers={
                    "peak_rps": 800,
                    "traffic_pattern": "spiky",
                    "caller_waits": True,
                    "replicas": 3,
                },
            ),
        ),
    )
    uncertain = evaluate(spec, KB, analyse=False)
    certain = evaluate(points, KB, analyse=False)
    assert uncertain == certain
    # Every part of the scalar analysis runs on the points: findings, tipping points.
    analysed = evaluate(spec, KB).component("Checkout")
    assert analysed.tipping_points == evaluate(points, KB).component("Checkout").tipping_points


def _answer(snippet: str, scope: str = "answers") -> str:
    if scope == "context":
        return GOOD.replace("  team_size: {low: 4, high: 12}\n", f"  {snippet}\n")
    return GOOD.replace("      replicas: 3\n", f"      {snippet}\n")


BAD = [
    # (name, the answer as written, words in the message, words in the hint, line, column)
    (
        "low above high",
        "write_rps: {low: 5000, high: 200}",
        "low (5,000) is above its high (200)",
        "low <= likely <= high",
        13,
        19,
    ),
    (
        "likely outside the range",
        "write_rps: {low: 10, likely: 900, high: 100}",
        "likely (900) is outside the range 10 to 100",
        "low <= likely <= high",
        13,
        28,
    ),
    (
        "no high",
        "write_rps: {low: 10}",
        "needs both low and high; high is missing",
        "likely",
        13,
        7,
    ),
    ("a misspelt key", "write_rps: {low: 1, hihg: 9}", "unknown key 'hihg'", "'high'", 13, 27),
    (
        "above the question's maximum",
        "write_rps: {low: 1, high: 20000000}",
        "high: 20,000,000 is above the maximum of 10,000,000",
        "between 0 and 10,000,000",
        13,
        27,
    ),
    (
        "a fraction for a whole number",
        "consumers: {low: 1, high: 2.5}",
        "expected a whole number",
        "whole number",
        13,
        27,
    ),
    (
        "a weight above 1",
        "state: {stateless: 1.5}",
        "the weight of 'stateless' must be a number from 0 to 1, got 1.5",
        None,
        13,
        15,
    ),
    (
        "a negative weight",
        "state: {stateless: -0.5, session: 1.5}",
        "must be a number from 0 to 1, got -0.5",
        None,
        13,
        15,
    ),
    (
        "weights not summing to 1",
        "state: {stateless: 0.5, session: 0.3}",
        "the weights add up to 0.8; they must add up to 1 (within 0.01)",
        "sum to 1",
        13,
        7,
    ),
    (
        "a range on a choice question",
        "state: {low: 1, high: 3}",
        "a range (low/high) only fits a number question; 'state' is a choice question",
        "weights",
        13,
        7,
    ),
    (
        "a range on a yes/no question",
        "audit_trail: {low: 0, high: 1}",
        "'audit_trail' is a yes/no question",
        "{yes: 0.7, no: 0.3}",
        13,
        7,
    ),
    (
        "an unknown choice",
        "state: {stateles: 0.5, session: 0.5}",
        "'stateles' is not a choice of 'state'",
        "Did you mean 'stateless'?",
        13,
        15,
    ),
    (
        "yes given twice",
        "audit_trail: {yes: 0.5, true: 0.5}",
        "'yes' and 'true' name the same answer",
        None,
        13,
        31,
    ),
    (
        "weights on a multi question",
        "regulation: {gdpr: 1}",
        "'regulation' takes a list of choices",
        "list",
        3,
        1,
    ),
    ("an empty mapping", "write_rps: {}", "cannot be empty", "low: 200", 13, 7),
]


@pytest.mark.parametrize(
    "snippet, words, hint, line, column",
    [case[1:] for case in BAD],
    ids=[case[0] for case in BAD],
)
def test_bad_uncertain_answers_are_refused_with_line_and_hint(snippet, words, hint, line, column):
    scope = "context" if snippet.startswith("regulation") else "answers"
    with pytest.raises(DesignError) as caught:
        read(_answer(snippet, scope))
    error = caught.value
    assert words in error.message
    if hint is not None:
        assert hint in (error.hint or "")
    if scope == "context":
        assert error.path[0] == "context"
    else:
        assert (error.line, error.column) == (line, column), str(error)


def test_every_bad_uncertain_answer_is_reported_at_once():
    source = _answer("write_rps: {low: 5000, high: 200}\n      state: {stateless: 0.2}")
    reading = read_design(
        __import__("yaml").safe_load(source), KB, filename="shop.yaml"
    )  # plain data, as the editor's form gives it
    wheres = {error.where for error in reading.errors}
    assert wheres == {
        "components[0].answers.write_rps.low",
        "components[0].answers.state",
    }
    # What could not be read counts as not known; the rest is kept.
    answers = reading.spec.component("Checkout").answers
    assert "write_rps" not in answers and "state" not in answers
    assert answers["peak_rps"] == Range(200, 5000, 800)


def test_more_uncertain_answers_than_the_limit_are_refused():
    ranges = {
        "peak_rps": {"low": 1, "high": 2},
        "avg_rps": {"low": 1, "high": 2},
        "write_rps": {"low": 1, "high": 2},
        "job_duration_s": {"low": 1, "high": 2},
        "memory_mb": {"low": 1, "high": 2},
        "payload_kb": {"low": 1, "high": 2},
        "latency_p99_ms": {"low": 1, "high": 2},
        "consumers": {"low": 1, "high": 2},
        "replicas": {"low": 1, "high": 2},
        "caller_waits": {"yes": 0.5, "no": 0.5},
    }
    count = MAX_UNCERTAIN_ANSWERS // len(ranges) + 1
    data = {
        "format": "tradeoff-evaluator/1",
        "name": "Many",
        "components": [{"name": f"C{i}", "kind": "api", "answers": ranges} for i in range(count)],
    }
    reading = read_design(data, KB)
    assert len(reading.errors) == 1
    error = reading.errors[0]
    assert f"more than {MAX_UNCERTAIN_ANSWERS:,} uncertain answers" in error.message
    assert "at most" in error.hint
    # Exactly at the limit is fine.
    data["components"] = data["components"][: MAX_UNCERTAIN_ANSWERS // len(ranges)]
    assert read_design(data, KB).ok


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("peak_rps", "200..5000", Range(200, 5000)),
        ("peak_rps", "200 .. 800 .. 5,000", Range(200, 5000, 800)),
        ("traffic_pattern", "spiky=0.6, steady=0.4", Weights((("steady", 0.4), ("spiky", 0.6)))),
        ("caller_waits", "Yes=0.7, no=0.3", Weights((("yes", 0.7), ("no", 0.3)))),
        ("peak_rps", "800", 800),
    ],
)
def test_uncertain_answers_typed_as_text(question, text, expected):
    assert KB.parse_answer(question, text) == expected
    if isinstance(expected, Range | Weights):
        assert KB.parse_answer(question, expected.to_text()) == expected


@pytest.mark.parametrize(
    "question, text, words",
    [
        ("peak_rps", "5000..200", "above its high"),
        ("peak_rps", "1..2..3..4", "expected a number"),
        ("traffic_pattern", "spiky=0.6, steady=0.6", "add up to 1.2"),
        ("traffic_pattern", "spiky=lots", "must be a number from 0 to 1"),
    ],
)
def test_bad_uncertain_text_is_refused(question, text, words):
    with pytest.raises(DesignError, match=words):
        KB.parse_answer(question, text)
