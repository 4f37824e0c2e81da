"""Scoring many sampled sets of answers of one component at once.

The rules whose conditions read a sampled answer run over arrays, through the twins the
condition compiler built beside each closure (``vector.py``); every other rule was
decided once, on the shared facts, by the scalar engine. Samples on which those rules
come out alike are grouped into one *outcome*, and everything after that works per
outcome, with the scalar engine's own functions:

- the totals are ``core.totals``, added up over the rules that hold (``core.effects``
  reads each rule's share off ``core.totals``);
- scores and "ruled out" are ``Plan.score`` and ``core.ruled_out``, called once per
  distinct value; the best option is ``results.pick_rows``, the array twin of
  ``results.pick`` (one call per row would cost more than all the rest);
- the variant is ``core.variant_index``, once per distinct set of variant conditions.

A sample is therefore scored by exactly the code that scores a point answer, and a change
to that code reaches both (``tests/engine/test_sampled_properties.py`` holds them equal).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .core import (
    Plan,
    State,
    assess,
    effect_arrays,
    plan_for,
    priorities_key,
    ruled_out,
    totals,
    variant_index,
)
from .facts import DesignGraph, component_facts
from .knowledge import OPTION_IDS, KnowledgeBase
from .results import pick_rows
from .sampling import check_samples, draw, point_spec, uncertain_inputs
from .spec import DesignSpec
from .vector import TRUE, Samples, categories

__all__ = ["NONE", "SampledComponent", "rescore", "sample_component", "sample_design"]

NONE = -1  # "no option" (every one ruled out) and "no variant", in integer arrays


@dataclass(frozen=True, eq=False)
class SampledComponent:
    """A component scored on ``size`` samples.

    ``columns`` holds the drawn answers (see ``sampling.draw``). Samples are grouped by
    outcome: ``inverse[s]`` is sample ``s``'s outcome and ``counts[k]`` the number of
    samples with outcome ``k``. Per outcome: ``fired`` (whether each rule in ``rules``,
    the rules that read a sampled answer, holds), ``scores`` and ``vetoed`` (outcome x
    option), ``best`` (the option index recommended, ``-1`` when all are ruled out) and
    ``variants`` (outcome x option: the index of the variant, ``-1`` for none).
    """

    size: int
    columns: Mapping[str, np.ndarray]
    inverse: np.ndarray
    counts: np.ndarray
    rules: tuple[int, ...]
    fired: np.ndarray
    held: np.ndarray  # fired as floats, for matrix products
    base: tuple[bool | None, ...]  # every rule's outcome on the shared facts
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
        out = {}
        for qid, column in self.columns.items():
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


def _totals(
    plan: Plan, base: tuple, rules: tuple[int, ...], held: np.ndarray, vetoes: bool = True
) -> tuple[np.ndarray, np.ndarray | None]:
    """``core.totals`` of every outcome (vetoes only when asked for): the totals of the
    rules decided on the shared facts, plus the shares of the sampled rules that hold
    (``held``: outcomes x sampled rules, 1.0 where the rule holds)."""
    others = list(base)
    for index in rules:
        others[index] = False
    fixed = totals(plan, others)
    arrays = effect_arrays(plan)
    out = []
    for part in (0, 1) if vetoes else (0,):
        found = np.tile(np.array(fixed[part], dtype=np.int64), (len(held), 1))
        if rules:
            # Whole numbers far below 2**53 add up exactly in floating point, and the
            # float product is several times faster than the integer one.
            found += np.rint(held @ arrays[part][list(rules)]).astype(np.int64)
        out.append(found)
    return out[0], out[1] if vetoes else None


def _scores(plan: Plan, sums: np.ndarray) -> np.ndarray:
    """``Plan.score`` of every total, called once per distinct (option, total)."""
    width = sums.shape[1]
    distinct, inverse = distinct_values(sums * width + np.arange(width))
    found = [plan.score(key % width, key // width) for key in distinct.tolist()]
    return np.array(found, dtype=np.int64)[inverse]


# --- Sampling --------------------------------------------------------------------------


def _holds(condition, samples: Samples) -> np.ndarray:
    result = condition.vector(samples)
    if isinstance(result, int):
        return np.full(samples.size, result == TRUE)
    return result == TRUE


def _variants(plan: Plan, samples: Samples) -> np.ndarray:
    """The variant of every option for each sample of ``samples`` (one per outcome)."""
    kb = plan.kb
    out = np.full((samples.size, len(OPTION_IDS)), NONE, dtype=np.intp)
    for oi, oid in enumerate(OPTION_IDS):
        variants = kb.option(oid).variants
        whens = [v.when for v in variants if v.when is not None]
        held = np.stack([_holds(when, samples) for when in whens], axis=1) if whens else None
        rows, inverse, _ = distinct_rows(held) if whens else (np.zeros(1, int), 0, None)
        found = []
        for row in rows:
            outcome = {id(when): bool(held[row, k]) for k, when in enumerate(whens)}
            index = variant_index(variants, lambda when, o=outcome: o[id(when)])
            found.append(NONE if index is None else index)
        out[:, oi] = np.array(found, dtype=np.intp)[inverse]
    return out


def sample_component(
    plan: Plan, state: State, columns: Mapping[str, np.ndarray], size: int
) -> SampledComponent:
    """Score ``size`` samples of a component whose point answers gave ``state``.

    ``columns`` are the drawn answers of its uncertain questions (``sampling.draw``); the
    other answers are ``state.facts``.
    """
    samples = Samples(size, state.facts, columns)
    sampled = set(columns)
    rules = tuple(sorted({i for qid in sampled for i in plan.by_question.get(qid, ())}))
    conditions = [plan.kb.rules[index].condition for index in rules]
    # Variant conditions that read a sampled answer set outcomes apart too.
    conditions += [
        v.when
        for oid in OPTION_IDS
        for v in plan.kb.option(oid).variants
        if v.when is not None and v.when.reads & sampled
    ]
    if conditions:
        split = np.stack([_holds(condition, samples) for condition in conditions], axis=1)
    else:
        split = np.zeros((size, 0), dtype=bool)
    first, inverse, counts = distinct_rows(split)
    fired = split[first, : len(rules)]
    held = fired.astype(np.float64)
    sums, vetoes = _totals(plan, tuple(state.results), rules, held)
    scores = _scores(plan, sums)
    vetoed = per_value(ruled_out, vetoes).astype(bool)
    best = pick_rows(scores, vetoed)
    return SampledComponent(
        size=size,
        columns=dict(columns),
        inverse=inverse,
        counts=counts,
        rules=rules,
        fired=fired,
        held=held,
        base=tuple(state.results),
        scores=scores,
        vetoed=vetoed,
        best=best,
        # One sample stands for each outcome: variant conditions that read a sampled
        # answer are part of what sets outcomes apart.
        variants=_variants(
            plan, Samples(len(first), state.facts, {q: c[first] for q, c in columns.items()})
        ),
    )


def rescore(plans: Sequence[Plan], sampled: SampledComponent) -> np.ndarray:
    """The option recommended for each outcome of ``sampled`` under each of ``plans``
    (other priorities), plans x outcomes, all scored at once: rule outcomes, and so
    vetoes, do not depend on priorities; only the points do."""
    outcomes, width = len(sampled.held), len(OPTION_IDS)
    others = list(sampled.base)
    for index in sampled.rules:
        others[index] = False
    fixed = np.array([totals(plan, others)[0] for plan in plans], dtype=np.int64)
    sums = np.broadcast_to(fixed, (outcomes, len(plans), width))
    if sampled.rules:
        rows = list(sampled.rules)
        matrix = np.concatenate([effect_arrays(plan)[0][rows] for plan in plans], axis=1)
        sums = sums + np.rint(sampled.held @ matrix).astype(np.int64).reshape(sums.shape)
    # Plan.score once per distinct (plan, option, total).
    slots = len(plans) * width
    distinct, inverse = distinct_values(sums * slots + np.arange(slots).reshape(len(plans), width))
    scores = np.array(
        [
            plans[(key % slots) // width].score(key % width, key // slots)
            for key in distinct.tolist()
        ],
        dtype=np.int64,
    )[inverse]
    vetoed = np.broadcast_to(sampled.vetoed[:, None, :], scores.shape)
    best = pick_rows(scores.reshape(-1, width), vetoed.reshape(-1, width))
    return best.reshape(outcomes, len(plans)).T


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
