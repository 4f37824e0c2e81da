"""Scoring on the fixture knowledge base: weights, clamping, vetoes, bands and verdicts."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

from evaluator.engine import evaluate, evaluation_to_dict, load_knowledge
from evaluator.engine.knowledge import OPTION_IDS
from evaluator.engine.results import (
    band_for,
    bounded_score,
    confidence_label,
    is_close_call,
    pick,
    to_score,
)

from .conftest import FIXTURE_KB, component, design

BASE = {"traffic_pattern": "spiky", "caller_waits": True, "latency_p99_ms": 50}


def scores(kb, priorities=None, context=None, **answers):
    spec = design(component(**answers), context=context or {"team_size": 4}, priorities=priorities)
    return evaluate(spec, kb).components[0]


def test_points_add_to_the_start(kb):
    result = scores(kb, **BASE)
    # baseline 50 +10 small team +10 caller waits; serverless 50 +20 spiky -10 tight latency;
    # event-driven 50 -20 caller waits +10 bursty.
    assert result.scores == {
        "baseline": 70,
        "event_driven": 40,
        "serverless": 60,
        "microservices": 40,
        "consensus": 40,
        "blockchain": 30,
    }
    assert [o.option for o in result.options] == list(OPTION_IDS)


def test_priorities_weight_points_by_the_mean_of_attributes(kb):
    result = scores(kb, priorities={"cost": "high", "performance": "low"}, **BASE)
    # small team bears on operability (1.0) and cost (1.5): 10 x 1.25 = 12.5;
    # caller waits on performance (0.5): +5; 50 + 12.5 + 5 = 67.5, rounded half up.
    assert result.option("baseline").score == 68
    # spiky on cost: 20 x 1.5 = 30; tight latency on performance: -10 x 0.5 = -5.
    assert result.option("serverless").score == 75
    spiky = result.option("serverless").contributions[0]
    assert (spiky.rule_id, spiky.points, spiky.weighted) == ("serverless.spiky-traffic", 20, 30.0)


def test_scores_beyond_the_scale_bend_and_keep_their_order(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    options = root / "options.yaml"
    text = options.read_text()
    text = text.replace(
        "  - id: consensus\n    name: Consensus\n    start: 40",
        "  - id: consensus\n    name: Consensus\n    start: 90",
    )
    text = text.replace(
        "  - id: event_driven\n    name: Event-driven\n    start: 50",
        "  - id: event_driven\n    name: Event-driven\n    start: 5",
    )
    options.write_text(text)
    kb = load_knowledge(root)
    result = scores(
        kb, priorities={"consistency": "high", "performance": "high"}, replicas=5, caller_waits=True
    )
    consensus = result.option("consensus")
    event_driven = result.option("event_driven")
    # 90 + 37.5 = 127.5: 100 - 100 / (127.5 - 80) = 97.9; 5 - 30 = -25: 100 / 45 = 2.2.
    assert (consensus.raw, consensus.score) == (127.5, 98)
    assert (event_driven.raw, event_driven.score) == (-25.0, 2)


def test_a_true_veto_rules_the_option_out_and_quotes_the_limit(kb):
    result = scores(kb, **BASE, job_duration_s=1800)
    serverless = result.option("serverless")
    assert serverless.ruled_out
    assert serverless.band == "ruled_out"
    (veto,) = serverless.vetoes
    assert veto.limit == "An invocation ends after 900 s."
    assert veto.rationale == "The longest job runs 1,800 s."
    assert [(f.question, f.text) for f in veto.values] == [("job_duration_s", "1,800 s")]
    assert serverless.variant == "containers"


def test_the_variant_defaults_to_the_last(kb):
    assert scores(kb, **BASE, job_duration_s=60).option("serverless").variant == "functions"
    assert scores(kb, **BASE).option("serverless").variant == "functions"


def test_rationale_quotes_answers_with_units_and_labels(kb):
    result = scores(kb, **BASE)
    texts = {c.rule_id: c.rationale for c in result.option("baseline").contributions}
    assert texts["baseline.small-team"] == "The team has 4 people."
    spiky = result.option("serverless").contributions[0]
    assert spiky.rationale == "Traffic is spiky."
    assert [(f.question, f.value) for f in spiky.values] == [("traffic_pattern", "spiky")]
    assert spiky.source == "test" and spiky.as_of == "2026-01"


def test_risks_and_mitigations_come_from_fired_rules(kb):
    serverless = scores(kb, **BASE).option("serverless")
    assert serverless.risks == ("Cold starts at the start of each burst.",)
    assert serverless.mitigations == ("Provisioned concurrency.",)
    assert scores(kb, traffic_pattern="steady").option("serverless").risks == ()


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (100, "strong"),
        (70, "strong"),
        (69, "possible"),
        (55, "possible"),
        (54, "weak"),
        (40, "weak"),
        (39, "poor"),
        (0, "poor"),
    ],
)
def test_bands(score, band):
    assert band_for(score) == band
    assert band_for(score, ruled_out=True) == "ruled_out"


@pytest.mark.parametrize(
    ("total", "score"),
    [
        (-181, 0),  # 100 / 201 rounds to 0
        (-180, 1),  # 100 / 200 = 0.5, rounded half up
        (-3, 4),
        (0, 5),
        (10, 10),
        (62.5, 63),
        (62.49, 62),
        (90, 90),
        (99.5, 95),
        (130, 98),
        (279, 99),
        (280, 100),  # 100 - 100 / 200 = 99.5, rounded half up
    ],
)
def test_to_score_follows_the_total_between_10_and_90_and_bends_beyond(total, score):
    assert to_score(total) == score


def test_scores_keep_the_order_of_totals_and_meet_the_straight_part_smoothly():
    totals = [x / 4 for x in range(-800, 1200)]
    scores_ = [to_score(t) for t in totals]
    assert scores_ == sorted(scores_)
    assert len(set(scores_)) == 101  # every score from 0 to 100 is reached
    # Same value and slope where the bends meet the straight part.
    for edge in (10, 90):
        assert to_score(edge - 1) == edge - 1 and to_score(edge + 1) == edge + 1


def test_bounded_score_is_exact_in_integers():
    # 127.5 over a denominator of 4: 100 - 100 / 47.5 = 97.894...
    assert bounded_score(510, 4) == 98
    assert bounded_score(-100, 4) == 2


@pytest.mark.parametrize(
    ("value", "label"),
    [(1.0, "high"), (0.8, "high"), (0.79, "medium"), (0.5, "medium"), (0.49, "low")],
)
def test_confidence_labels(value, label):
    assert confidence_label(value) == label


def test_ties_go_to_the_simpler_option():
    assert pick([60, 70, 70, 70, 10, 10], [False] * 6) == (1, 2)
    assert pick([60, 70, 70, 70, 10, 10], [False, True, False, False, False, False]) == (2, 3)
    assert pick([1] * 6, [True] * 6) == (None, None)


def test_an_option_without_evidence_is_not_recommended_but_stays_runner_up():
    earned = [True, False, True, True, True, True]
    # Event-driven leads on points but has not earned it: the baseline is recommended and
    # event-driven, above it, is the runner-up.
    assert pick([60, 70, 50, 40, 10, 10], [False] * 6, earned) == (0, 1)
    # When nothing standing has earned it, the best standing option is recommended.
    assert pick([60, 70, 50, 40, 10, 10], [True] + [False] * 5, [False] * 6) == (1, 2)


@pytest.mark.parametrize(
    ("best", "second", "close"), [(70, 60, True), (71, 60, False), (60, 70, True)]
)
def test_close_calls_are_measured_on_totals(best, second, close):
    assert is_close_call(best * 4, second * 4, 4) is close


def test_a_tie_between_baseline_and_a_pattern_recommends_the_baseline(kb):
    # baseline 50 + 10 small team + 10 caller waits = 70; serverless 50 + 20 spiky = 70.
    result = scores(kb, traffic_pattern="spiky", caller_waits=True, latency_p99_ms=150)
    assert result.option("baseline").score == result.option("serverless").score == 70
    assert result.recommendation == "baseline"


def test_close_call(kb):
    result = scores(kb, **BASE)  # baseline 70, serverless 60
    assert result.recommendation == "baseline"
    assert result.runner_up == "serverless"
    assert result.close_call
    assert "Close call" in result.verdict
    clear = scores(kb, traffic_pattern="steady", caller_waits=True)  # 85 against 50
    assert not clear.close_call
    assert clear.verdict.startswith("Baseline fits Worker best (85, strong)")


def test_no_good_option(kb):
    result = scores(
        kb, context={"team_size": 20}, traffic_pattern="steady", caller_waits=False
    )  # baseline 65
    assert not result.no_good_option
    # No rule speaks for anything: every option stays at its start, 50 at best.
    result = scores(kb, context={"team_size": 20}, caller_waits=False)
    assert max(result.scores.values()) == 50
    assert result.no_good_option
    assert result.verdict.startswith("No good option for Worker")


def test_unanswered_rules_are_open_and_lower_confidence(kb):
    result = scores(kb, **BASE)
    serverless = result.option("serverless")
    # decided: spiky 20 + tight latency 10; open: the time-limit veto, counted as 30.
    assert serverless.confidence == 0.5
    assert serverless.confidence_label == "medium"
    (open_rule,) = serverless.open_rules
    assert open_rule.rule_id == "serverless.job-over-limit"
    assert open_rule.missing == ("job_duration_s",)
    assert result.option("baseline").confidence == 1.0
    assert [q.question for q in result.open_questions] == [
        "job_duration_s",
        "personal_data",
        "replicas",
        "regulation",
    ]
    assert result.open_questions[0].weight == 30
    assert result.open_questions[0].options == ("serverless",)
    assert result.confidence == result.option("baseline").confidence


def test_every_option_ruled_out(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    rules = ""
    for oid in OPTION_IDS:
        rules += (
            f"option: {oid}\nrules:\n  - id: {oid}.never\n    title: Never\n"
            "    when: {known: caller_waits}\n    veto: No.\n    rationale: No.\n"
            '    source: test\n    as_of: "2026"\n'
        )
        (root / "rules" / f"{oid}.yaml").write_text(rules)
        rules = ""
    kb = load_knowledge(root)
    result = scores(kb, caller_waits=True)
    assert result.recommendation is None
    assert result.no_good_option
    assert "Every option is ruled out" in result.verdict


def test_derived_facts_reach_the_rules(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    with (root / "rules" / "microservices.yaml").open("a") as handle:
        handle.write(
            "  - id: microservices.many-callers\n    title: Called by many\n"
            "    when: {all: [{gte: [sync_callers, 2]}, {eq: [kind, api]}]}\n"
            "    points: 30\n    attributes: [operability]\n"
            "    rationale: '{sync_callers} call it; it is an {kind}.'\n"
            '    source: test\n    as_of: "2026"\n'
        )
    kb = load_knowledge(root)
    spec = design(
        component("API", "api"),
        component("A", depends_on=(("API", "sync"),)),
        component("B", depends_on=(("API", "sync"),)),
        component("C", depends_on=(("API", "async"),)),
    )
    result = evaluate(spec, kb).component("API").option("microservices")
    assert result.score == 70
    assert result.contributions[0].rationale == "2 components call it; it is an API."


def test_evaluation_header_and_json(kb):
    evaluation = evaluate(design(component(**BASE)), kb)
    assert evaluation.schema_version == "1"
    assert evaluation.knowledge_version == "test-1"
    assert evaluation.design_name == "Test design"
    data = evaluation_to_dict(evaluation)
    assert list(data)[:3] == ["schema_version", "knowledge_version", "design_name"]
    text = json.dumps(data)
    assert json.dumps(evaluation_to_dict(evaluate(design(component(**BASE)), kb))) == text
    option = data["components"][0]["options"][0]
    assert list(option)[:5] == ["option", "name", "start", "score", "band"]


def test_evaluate_is_deterministic(kb):
    spec = design(component(**BASE), component("Other", traffic_pattern="steady"))
    assert evaluate(spec, kb) == evaluate(spec, kb)


def test_what_if_false_leaves_out_only_tipping_and_tradeoff_points(kb):
    spec = design(component(**BASE), component("Other", traffic_pattern="steady"))
    full = evaluate(spec, kb)
    assert any(c.tipping_points or c.tradeoff_points for c in full.components)
    lean = evaluate(spec, kb, what_if=False)
    assert all(not c.tipping_points and not c.tradeoff_points for c in lean.components)
    assert lean.findings == full.findings
    stripped = tuple(
        dataclasses.replace(c, tipping_points=(), tradeoff_points=()) for c in full.components
    )
    assert lean.components == stripped
