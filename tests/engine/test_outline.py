"""The outline of a design's advice agrees with what ``evaluate`` says, component by
component: the impact preview reads outlines instead of evaluations."""

import pytest
from hypothesis import given

from evaluator.engine import evaluate
from evaluator.engine.outline import outline

from .test_properties import BASES, PROPERTY, designs


def _from_evaluation(result):
    options = result.options
    limits = {veto.rule_id for o in options for veto in (*o.vetoes, *o.variant_vetoes)}
    points = {c.rule_id: c.weighted for o in options for c in o.contributions}
    return result.recommendation, tuple(o.band for o in options), limits, points


@pytest.mark.parametrize("kb", BASES, ids=lambda kb: kb.version)
def test_an_outline_says_what_the_evaluation_says(kb):
    @PROPERTY
    @given(designs(kb))
    def check(spec):
        evaluation = evaluate(spec, kb, analyse=False)
        for found, result in zip(outline(spec, kb), evaluation.components, strict=True):
            recommendation, bands, limits, points = _from_evaluation(result)
            assert found.recommendation == recommendation
            assert found.bands == bands
            assert found.scores == tuple(o.score for o in result.options)
            assert found.limits == limits
            assert found.points == points

    check()
