"""The outline of a design's advice agrees with what ``evaluate`` says, component by
component: the impact preview trusts equal outlines to mean equal advice."""

import pytest
from hypothesis import given

from evaluator.engine import evaluate
from evaluator.engine.outline import outline

from .test_properties import BASES, PROPERTY, designs


def _from_evaluation(result):
    options = result.options
    limits = {veto.rule_id for o in options for veto in (*o.vetoes, *o.variant_vetoes)}
    return result.recommendation, tuple(o.band for o in options), limits


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
