"""Scoring many sampled sets of answers of one component at once.

The rules whose conditions read a sampled answer, and the variant conditions that read
one, run over arrays, through the twins the condition compiler built beside each closure
(``vector.py``); every other rule was decided once, on the shared facts, by the scalar
engine. Samples on which those conditions come out alike are grouped into one *outcome*,
and each outcome is scored by the scalar engine itself: ``core.standing`` on the shared
results with the sampled rules' results put in, and the variant conditions run on one of
its samples' answers (every sample of an outcome gives them alike).

A sample is therefore scored by exactly the code that scores a point answer, and a change
to that code reaches both (``tests/engine/test_sampled_properties.py`` holds them equal).
Outcomes are few next to samples (rules compare numbers with a handful of thresholds), so
the per-outcome work is small; the arrays do the per-sample work.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .core import Plan, State, assess, plan_for, priorities_key, restanding, standing
from .facts import DesignGraph, component_facts
from .knowledge import OPTION_IDS, KnowledgeBase
from .sampling import check_samples, draw, point_spec, uncertain_inputs
from .spec import DesignSpec
from .standing import display_variant
from .vector import TRUE, Samples, categories

__all__ = ["NONE", "SampledComponent", "rescore", "sample_component", "sample_design", "variant_of"]

NONE = -1  # "no option" (every one ruled out) and "no variant", in integer arrays


@dataclass(frozen=True, eq=False)
class SampledComponent:
    """A component scored on ``size`` samples.

    ``columns`` holds the drawn answers (see ``sampling.draw``). Samples are grouped by
    outcome: ``inverse[s]`` is sample ``s``'s outcome and ``counts[k]`` the number of
    samples with outcome ``k``. Per outcome: ``fired`` (whether each rule in ``rules``,
    the rules that read a sampled answer, holds), ``states``, ``scores`` and ``vetoed`` (outcome x
    option), ``best`` (the option index recommended, ``-1`` when all are ruled out) and
    ``variants`` (outcome x option: the index of the variant, ``-1`` for none).
    """

    size: int
    columns: Mapping[str, np.ndarray]
    inverse: np.ndarray
    counts: np.ndarray
    rules: tuple[int, ...]
    fired: np.ndarray
    states: tuple[State, ...]  # per outcome: the scalar engine's state of one of its samples
    scores: np.ndarray
    vetoed: np.ndarray
    best: np.ndarray
    variants: np.ndarray

    def sample_best(self) -> np.ndarray:
        """The option index recommended in every sample (``-1``: all ruled out)."""
        return self.best[self.inverse]

    def sample_scores(self) -> np.ndarray:
        """Every sample's scores, samples x options."""
        return self.scores[self.inverse]

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


# --- Per distinct value ----------------------------------------------------------------


def distinct_values(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct values, each element's index among them), like ``np.unique``; whole
    numbers in a narrow span are marked off in a table instead of sorted, which is much
    faster."""
    flat = values.reshape(-1)
    if flat.size and flat.dtype.kind in "iu":
        low = int(flat.min())
        span = int(flat.max()) - low + 1
        if span <= max(8 * flat.size, 1 << 18):
            offsets = flat - low
            present = np.zeros(span, dtype=bool)
            present[offsets] = True
            distinct = np.flatnonzero(present) + low
            # Each value's rank among the distinct ones, read off a table: no search.
            rank = np.cumsum(present, dtype=np.intp) - 1
            return distinct, rank[offsets].reshape(values.shape)
    distinct, inverse = np.unique(flat, return_inverse=True)
    return distinct, inverse.reshape(values.shape)


def per_value(fn: Callable[[Any], Any], values: np.ndarray) -> np.ndarray:
    """``fn`` of each element, called once per distinct element."""
    distinct, inverse = distinct_values(values)
    return np.array([fn(value) for value in distinct.tolist()])[inverse]


def distinct_rows(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(the first row index of each distinct row, each row's distinct number, counts)."""
    size, width = matrix.shape
    if width == 0 or size == 0:
        return (
            np.zeros(min(size, 1), dtype=np.intp),
            np.zeros(size, dtype=np.intp),
            np.array([size] if size else [], dtype=np.intp),
        )
    if matrix.dtype == bool:
        # Rows of bits packed into whole words: one word compares as fast as a number.
        packed = np.packbits(matrix, axis=1)
        words = -(-packed.shape[1] // 8)
        keys = np.zeros((size, words * 8), dtype=np.uint8)
        keys[:, : packed.shape[1]] = packed
        keys = keys.view(np.uint64)
    else:
        keys = matrix
    if keys.shape[1] == 1:
        _, first, inverse, counts = np.unique(
            keys[:, 0], return_index=True, return_inverse=True, return_counts=True
        )
    else:
        _, first, inverse, counts = np.unique(
            keys, axis=0, return_index=True, return_inverse=True, return_counts=True
        )
    return first, inverse.reshape(size), counts


# --- Sampling --------------------------------------------------------------------------


def _holds(condition, samples: Samples) -> np.ndarray:
    result = condition.vector(samples)
    if isinstance(result, int):
        return np.full(samples.size, result == TRUE)
    return result == TRUE


def _outcome_state(plan: Plan, state: State, facts: dict, rules, fired) -> State:
    """The scalar engine's state for one outcome: ``state``'s results with the sampled
    rules' results put in; variant conditions run on ``facts``, one sample's answers."""
    results = list(state.results)
    for index, held in zip(rules, fired.tolist(), strict=True):
        results[index] = held
    return standing(plan, facts, results)


def variant_of(plan: Plan, state: State, oi: int) -> int:
    """The index of the variant option ``oi`` would be built as in ``state``."""
    variant = state.outcome.variants[oi]
    if variant >= 0:
        return variant
    return display_variant(plan.when_fns[oi], state.facts, state.outcome.vetoed[oi])


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
    if conditions:
        split = np.stack([_holds(condition, samples) for condition in conditions], axis=1)
    else:
        split = np.zeros((size, 0), dtype=bool)
    first, inverse, counts = distinct_rows(split)
    fired = split[first, : len(rules)]
    states = tuple(
        _outcome_state(
            plan, state, {**state.facts, **drawn_answers(kb, columns, int(row))}, rules, hits
        )
        for row, hits in zip(first.tolist(), fired, strict=True)
    )
    width = len(OPTION_IDS)
    return SampledComponent(
        size=size,
        columns=dict(columns),
        inverse=inverse,
        counts=counts,
        rules=rules,
        fired=fired,
        states=states,
        scores=np.array([s.outcome.scores for s in states], dtype=np.int64).reshape(-1, width),
        vetoed=np.array([s.outcome.vetoed for s in states], dtype=bool).reshape(-1, width),
        best=np.array([NONE if s.best is None else s.best for s in states], dtype=np.intp),
        variants=np.array(
            [[variant_of(plan, s, oi) for oi in range(width)] for s in states], dtype=np.intp
        ).reshape(-1, width),
    )


def rescore(plans: Sequence[Plan], sampled: SampledComponent) -> np.ndarray:
    """The option recommended for each outcome of ``sampled`` under each of ``plans``
    (other priorities), plans x outcomes: rule outcomes and variant conditions do not
    depend on priorities, so each outcome's state is scored again without running them."""
    return np.array(
        [
            [
                NONE if (best := restanding(plan, state).best) is None else best
                for state in sampled.states
            ]
            for plan in plans
        ],
        dtype=np.intp,
    ).reshape(len(plans), len(sampled.states))


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
