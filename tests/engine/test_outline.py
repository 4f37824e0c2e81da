"""The outline of a design's advice agrees with what ``evaluate`` says, component by
component: the impact preview trusts an equal outline to mean equal advice."""

import pytest
from hypothesis import given

from evaluator.engine import evaluate
from evaluator.engine.outline import outline

from .test_properties import BASES, PROPERTY, designs


def _from_evaluation(result):
    limits = {
        veto.rule_id
        for option in result.options
        for veto in (*option.vetoes, *option.variant_vetoes)
    }
    return result.recommendation, tuple(o.band for o in result.options), limits


@pytest.mark.parametrize("kb", BASES, ids=lambda kb: kb.version)
def test_an_outline_says_what_the_evaluation_says(kb):
    @PROPERTY
    @given(designs(kb))
    def check(spec):
        evaluation = evaluate(spec, kb, analyse=False)
        for found, result in zip(outline(spec, kb), evaluation.components, strict=True):
            recommendation, bands, limits = _from_evaluation(result)
            assert found.recommendation == recommendation
            assert found.bands == bands
            assert found.limits == limits

    check()
