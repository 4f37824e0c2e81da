"""The review's "How sure is this?" sections, and how uncertain answers change the rest of
the review: the verdict in place of the close call, the toss-up check, next steps."""

from __future__ import annotations

import json

import pytest

from evaluator.engine import evaluate
from evaluator.engine.uncertain import Range, Weights
from evaluator.reports import attention, madr_records, render_json, render_review, review_meta

from .conftest import FIXED_DATE, answered, load

REFRESH = "Recommendation refresh"


def review(spec, kb, **kwargs):
    evaluation = evaluate(spec, kb, **kwargs)
    meta = review_meta(spec, kb, source="shop.yaml", date=FIXED_DATE)
    return evaluation, render_review(spec, evaluation, kb, meta=meta)


def section(text: str, component: str) -> str:
    """One component's section of the review."""
    start = text.index(f". {component}\n")
    end = text.find("\n### ", start)
    return text[start : end if end > 0 else len(text)]


@pytest.fixture(scope="module")
def tossed(kb):
    # Half of the memory needs are past every serverless variant's (122,880 MB):
    # serverless wins about half the time.
    spec = answered(load("shop.yaml"), REFRESH, memory_mb=Range(61_440, 184_320))
    return (spec, *review(spec, kb))


def test_a_toss_up_gets_its_table_drivers_and_lead(tossed, kb):
    spec, evaluation, text = tossed
    found = evaluation.component(REFRESH).uncertainty
    assert found.verdict == "toss-up"
    part = section(text, REFRESH)
    assert "#### How sure is this?" in part
    assert "| Option | Recommended in | Ruled out in | Score, P10–P90 |" in part
    assert f"**Serverless** | {round(found.recommended['serverless'] * 100)}%" in part
    assert "Pin these down first:" in part
    assert "1. *Memory needed* (61,440–184,320 MB): Serverless wins when" in part
    # The verdict over the samples leads the section, in place of the verdict on points.
    lead = part.split("\n\n")[1]
    assert "A toss-up: across 2,000 samples of the uncertain answers" in lead
    assert evaluation.component(REFRESH).verdict not in lead


def test_a_toss_up_is_flagged_in_the_summary_the_checks_and_the_next_steps(tossed, kb):
    spec, evaluation, text = tossed
    assert ("toss-up", REFRESH) in {(a.check, a.component) for a in attention(kb, evaluation)}
    summary = text[text.index("## Summary") : text.index("## Context")]
    assert "| Close call or how sure |" in summary
    assert "toss-up (" in summary
    assert "robust when the top option wins in 80% of the samples or more" in summary
    assert "One toss-up (*Recommendation refresh*)" in text
    meta = review_meta(spec, kb, source="shop.yaml", date=FIXED_DATE)
    data = json.loads(render_json(spec, evaluation, kb, meta=meta))
    prototype = next(p for p in data["next_steps"]["prototypes"] if p["component"] == REFRESH)
    assert "toss_up" in prototype["reasons"]
    assert set(prototype["options"]) >= {"serverless"} and len(prototype["options"]) == 2
    assert "a toss-up over the uncertain answers" in text


def test_uncertain_answers_replace_the_close_call(shop, kb, shop_evaluation):
    close = next(c for c in shop_evaluation.components if c.close_call)
    # A range far under every limit: it changes nothing, but it is uncertain.
    spec = answered(shop, close.name, memory_mb=Range(100, 200))
    evaluation, text = review(spec, kb)
    result = evaluation.component(close.name)
    assert result.close_call  # still within 10 points on the most likely answers
    assert result.uncertainty.verdict == "robust"
    checks = {(a.check, a.component) for a in attention(kb, evaluation)}
    assert ("close-call", close.name) not in checks
    assert ("toss-up", close.name) not in checks
    row = next(line for line in text.splitlines() if line.startswith(f"| {close.name} |"))
    assert row.endswith("| robust (100%) |")


def test_point_answers_say_so_and_list_the_priorities_that_would_flip(kb):
    for name in ("shop.yaml", "photoshare.yaml", "trading.yaml", "iot-telemetry.yaml"):
        spec = load(name)
        evaluation, text = review(spec, kb)
        for result in evaluation.components:
            part = section(text, result.name)
            assert "#### How sure is this?\n\nIts answers are all single values." in part
            for flip in result.uncertainty.priority_flips:
                assert f"- {flip.sentence}" in part
            if not result.uncertainty.priority_flips:
                assert "would not change the recommendation" in part


def test_weights_read_plainly_in_the_review_and_the_madr_record(kb):
    spec = answered(
        load("shop.yaml"),
        REFRESH,
        caller_waits=Weights((("yes", 0.5), ("no", 0.5))),
        job_duration_s=5_000,
    )
    evaluation, text = review(spec, kb)
    part = section(text, REFRESH)
    assert "*Does the caller wait for the answer?* (yes 50%, no 50%)" in part
    meta = review_meta(spec, kb, source="shop.yaml", date=FIXED_DATE)
    records = madr_records(spec, evaluation, kb, meta=meta)
    record = next(r for r in records if REFRESH in r.text)
    assert evaluation.component(REFRESH).uncertainty.sentence in record.text
