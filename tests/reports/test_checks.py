"""The checks a merge can fail on, case by case."""

from __future__ import annotations

import dataclasses

import pytest

from evaluator.engine import evaluate
from evaluator.reports import CHECKS, attention

from .conftest import load


def checks_of(kb, evaluation):
    return {(item.check, item.component) for item in attention(kb, evaluation)}


def test_a_clean_design_has_nothing(kb):
    spec = load("hr-tool.yaml")
    assert attention(kb, evaluate(spec, kb)) == []


def test_close_calls_are_found(kb, shop_evaluation):
    close = {c.name for c in shop_evaluation.components if c.close_call}
    assert {
        name for check, name in checks_of(kb, shop_evaluation) if check == "close-call"
    } == close


def test_a_veto_that_decides_the_outcome_is_found(kb, shop):
    refresh = shop.component("Recommendation refresh")
    # More memory than AWS Lambda or AWS Fargate gives: serverless in every variant.
    longer = dataclasses.replace(refresh, answers={**refresh.answers, "memory_mb": 200000})
    spec = dataclasses.replace(
        shop, components=tuple(longer if c is refresh else c for c in shop.components)
    )
    evaluation = evaluate(spec, kb)
    result = evaluation.component("Recommendation refresh")
    assert result.option("serverless").ruled_out
    assert ("ruled-out", "Recommendation refresh") in checks_of(kb, evaluation)
    # A veto on an option that would have lost anyway is not worth a flag.
    assert ("ruled-out", "Cart") not in checks_of(kb, evaluation)


def test_low_confidence_is_found(kb, shop_spec):
    evaluation = evaluate(shop_spec, kb)
    assert ("low-confidence", "Storefront") in checks_of(kb, evaluation)


@pytest.mark.parametrize("flag", ["no_good_option", "close_call"])
def test_flags_on_the_result_are_reported(kb, shop_evaluation, flag):
    component = dataclasses.replace(shop_evaluation.components[0], **{flag: True})
    evaluation = dataclasses.replace(shop_evaluation, components=(component,))
    check = flag.replace("_", "-")
    assert (check, component.name) in checks_of(kb, evaluation)


def test_check_names_are_the_documented_ones():
    assert CHECKS == ("ruled-out", "close-call", "toss-up", "low-confidence", "no-good-option")
