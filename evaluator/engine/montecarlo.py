"""Scoring many sampled sets of answers of one component at once.

The rules whose conditions read a sampled answer, and the variant conditions that read
one, run over arrays, through the twins the condition compiler built beside each closure
(``vector.py``); every other rule and condition was decided once, on the shared facts,
by the scalar engine. Samples on which those conditions come out alike are grouped into
one *outcome*, and the outcomes are scored together by ``arrays.standings``: the scalar
engine's ``assessment.standing`` over arrays, calling its rules of scoring once per distinct
value.

``tests/engine/test_sampled_properties.py`` holds every sampled row equal to the scalar
engine's evaluation of a design holding that row's answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .arrays import NONE, Counted, restandings, standings
from .assessment import State, assess
from .core import Plan, plan_for, priorities_key
from .facts import DesignGraph, component_facts
from .grouping import distinct_columns
from .knowledge import OPTION_IDS, KnowledgeBase
from .sampling import check_samples, draw, point_spec, uncertain_inputs
from .spec import DesignSpec
from .vector import TRUE, Samples, categories

__all__ = [
    "NONE",
    "SampledComponent",
    "rescore",
    "sample_component",
    "sample_design",
    "variant_of",
]


@dataclass(frozen=True, eq=False)
class SampledComponent:
    """A component scored on ``size`` samples.

    ``columns`` holds the drawn answers (see ``sampling.draw``). Samples are grouped by
    outcome: ``inverse[s]`` is sample ``s``'s outcome and ``counts[k]`` the number of
    samples with outcome ``k``. Per outcome: ``scores`` and ``vetoed`` (outcome x
    option), ``best`` (the option index recommended, ``-1`` when all are ruled out),
    ``variants`` (outcome x option: the index of the variant, ``-1`` for none) and
    ``counted``, the rules counting in it, which is all rescoring under other priorities
    reads.
    """

    size: int
    columns: Mapping[str, np.ndarray]
    inverse: np.ndarray
    counts: np.ndarray
    scores: np.ndarray
    vetoed: np.ndarray
    best: np.ndarray
    variants: np.ndarray
    counted: Counted

    def sample_best(self) -> np.ndarray:
        """The option index recommended in every sample (``-1``: all ruled out)."""
        return self.best[self.inverse]

    def answers(self, kb: KnowledgeBase, index: int) -> dict[str, Any]:
        """Sample ``index``'s drawn answers as plain values (what a design file holds)."""
        return drawn_answers(kb, self.columns, index)


def drawn_answers(kb: KnowledgeBase, columns: Mapping[str, np.ndarray], index: int) -> dict:
    """Sample ``index`` of ``columns`` as plain values (what a design file holds)."""
    out = {}
    for qid, column in columns.items():
        question = kb.by_id[qid]
        value = column[index].item()
        if question.type in ("bool", "choice"):
            value = categories(question)[value]
        elif question.integer:
            value = int(value)
        out[qid] = value
    return out


# --- Sampling --------------------------------------------------------------------------


def _holds(condition, samples: Samples) -> np.ndarray:
    result = condition.vector(samples)
    if isinstance(result, int):
        return np.full(samples.size, result == TRUE)
    return result == TRUE


def variant_of(plan: Plan, state: State, oi: int) -> int:
    """The index of the variant option ``oi`` would be built as in ``state``."""
    variant = state.outcome.variants[oi]
    if variant >= 0:
        return variant
    holds = [fn is not None and fn(state.facts) is True for fn in plan.when_fns[oi]]
    return next((v for v, held in enumerate(holds) if held), len(holds) - 1)


def _variant_holds(plan: Plan, samples: Samples) -> tuple[np.ndarray, ...]:
    """Per option, (samples x variants) whether each variant's condition holds."""
    found = []
    for oid in OPTION_IDS:
        columns = [
            _holds(v.when, samples) if v.when is not None else np.zeros(samples.size, bool)
            for v in plan.kb.option(oid).variants
        ]
        found.append(np.stack(columns, axis=1))
    return tuple(found)


def sample_component(
    plan: Plan, state: State, columns: Mapping[str, np.ndarray], size: int
) -> SampledComponent:
    """Score ``size`` samples of a component whose point answers gave ``state``.

    ``columns`` are the drawn answers of its uncertain questions (``sampling.draw``); the
    other answers are ``state.facts``.
    """
    kb = plan.kb
    samples = Samples(size, state.facts, columns)
    sampled = set(columns)
    rules = tuple(sorted({i for qid in sampled for i in plan.by_question.get(qid, ())}))
    conditions = [kb.rules[index].condition for index in rules]
    # Variant conditions that read a sampled answer set outcomes apart too.
    conditions += [
        v.when
        for oid in OPTION_IDS
        for v in kb.option(oid).variants
        if v.when is not None and v.when.reads & sampled
    ]
    holding = [_holds(condition, samples) for condition in conditions]
    first, inverse, counts = distinct_columns(holding, size)
    fired = np.zeros((len(first), len(rules)), dtype=bool)
    for at, column in enumerate(holding[: len(rules)]):
        fired[:, at] = column[first]
    base = np.array([r is True for r in state.results])
    # One sample stands for each outcome: every sample of it gives the conditions alike.
    holds = _variant_holds(
        plan, Samples(len(first), state.facts, {q: c[first] for q, c in columns.items()})
    )
    found = standings(plan, base, rules, fired, holds)
    return SampledComponent(
        size=size,
        columns=dict(columns),
        inverse=inverse,
        counts=counts,
        scores=found.scores,
        vetoed=found.vetoed,
        best=found.best,
        variants=found.variants,
        counted=found.counted,
    )


def rescore(plan: Plan, others: Sequence[Plan], sampled: SampledComponent) -> np.ndarray:
    """The option recommended for each outcome of ``sampled``, scored under ``plan``,
    under each of ``others`` (other priorities), plans x outcomes: rule outcomes and
    variant conditions do not depend on priorities, so none is run again."""
    s = sampled
    return restandings(plan, others, s.counted, s.vetoed)


def sample_design(
    spec: DesignSpec, kb: KnowledgeBase, *, samples: int, seed: int
) -> dict[str, SampledComponent]:
    """Every component of ``spec`` scored on ``samples`` draws of its uncertain answers,
    by name: the rows behind each component's ``uncertainty``. A component without
    uncertain answers has no columns and one outcome that every sample shares."""
    check_samples(samples, seed)
    points = point_spec(spec, kb)
    plan = plan_for(kb, priorities_key(spec.priorities))
    graph = DesignGraph.of(points)
    out: dict[str, SampledComponent] = {}
    shared: dict = {}
    for given, component in zip(spec.components, points.components, strict=True):
        state = assess(plan, component_facts(points, component, graph))
        inputs = uncertain_inputs(spec, given, kb)
        drawn = draw(inputs, kb, given.name, samples, seed, shared)
        out[given.name] = sample_component(plan, state, drawn.columns, samples)
    return out
