"""A design's advice in outline: per component, the recommendation, each option's band
and the hard limits that hold, without the explanations ``evaluate`` writes.

For callers that score many designs only to find the few whose advice differs between
two knowledge bases (the impact preview of a rule pack): writing the explanations is most
of an evaluation's cost, and only the designs that differ need them.
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
    bands: tuple[str, ...]
    limits: frozenset[str]  # ids of the hard limits that hold, for options or variants


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
        found.append(
            Outline(
                recommendation=OPTION_IDS[state.best] if state.best is not None else None,
                bands=tuple(map(band_for, outcome.scores, outcome.vetoed)),
                limits=frozenset(
                    rules[index].id
                    for index, held in enumerate(state.results)
                    if held is True and plan.is_veto[index]
                ),
            )
        )
    return tuple(found)
