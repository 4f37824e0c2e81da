"""A design's advice in outline: per component, the recommendation, each option's score
and band, the hard limits that hold and the points each counting rule gives, without the
sentences ``evaluate`` writes to explain them.

For callers that score many designs to compare them under two knowledge bases (the
impact preview of a rule pack), where the explanations would be most of the cost.
"""

from __future__ import annotations

from dataclasses import dataclass

from evaluator.engine.assessment import assess
from evaluator.engine.core import plan_for, priorities_key
from evaluator.engine.facts import DesignGraph, component_facts
from evaluator.engine.knowledge import OPTION_IDS, KnowledgeBase
from evaluator.engine.results import band_for
from evaluator.engine.sampling import point_spec
from evaluator.engine.spec import DesignSpec

__all__ = ["Outline", "outline"]


@dataclass(frozen=True)
class Outline:
    """One component's advice in outline (options in ``OPTION_IDS`` order)."""

    recommendation: str | None
    scores: tuple[int, ...]
    bands: tuple[str, ...]
    limits: frozenset[str]  # ids of the hard limits that hold, for options or variants
    # rule id -> weighted points (as a contribution rounds them), for the rules that count
    points: dict[str, float]

    @property
    def advice(self) -> tuple:
        """What a reader acts on: the recommendation, the bands and the limits."""
        return self.recommendation, self.bands, self.limits


def outline(spec: DesignSpec, kb: KnowledgeBase) -> tuple[Outline, ...]:
    """Every component of ``spec`` in outline, as ``evaluate(spec, kb)`` would score it
    (uncertain answers at their point)."""
    points = point_spec(spec, kb)
    plan = plan_for(kb, priorities_key(spec.priorities))
    graph = DesignGraph.of(points)
    rules = kb.rules
    found = []
    for component in points.components:
        state = assess(plan, component_facts(points, component, graph))
        outcome = state.outcome
        limits = []
        counted = {}
        for index, held in enumerate(state.results):
            if held is not True:
                continue
            if plan.is_veto[index]:
                limits.append(rules[index].id)
            elif plan.applies(index, outcome.variants[plan.rule_option[index]]):
                counted[rules[index].id] = round(plan.weighted(index), 2)
        found.append(
            Outline(
                recommendation=OPTION_IDS[state.best] if state.best is not None else None,
                scores=tuple(outcome.scores),
                bands=tuple(map(band_for, outcome.scores, outcome.vetoed)),
                limits=frozenset(limits),
                points=counted,
            )
        )
    return tuple(found)
