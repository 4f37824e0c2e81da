"""Every option's standing for many outcomes at once: ``core.standing`` over arrays.

Rule outcomes come as an (outcomes x rules) matrix, and the variants' conditions as one
(outcomes x variants) matrix per option. The sums are matrix products: whole numbers far
below 2**53 add up exactly in floating point, and the float product is several times
faster than the integer one. The rules of scoring are the scalar engine's own, each
called once per distinct value or row: ``results.bounded_score`` per total,
``Plan.earned`` per (option, evidence) and ``standing.choose_variant`` per distinct
(conditions, vetoes) row of an option. Only ``results.pick`` has an array twin,
``pick_rows``, held equal to it by ``tests/engine/test_sampled_properties.py``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .core import Plan
from .knowledge import OPTION_IDS
from .results import bounded_score
from .standing import choose_variant

__all__ = [
    "Standings",
    "distinct_rows",
    "distinct_values",
    "per_value",
    "pick_rows",
    "standings",
]

NONE = -1  # "no option" (every one ruled out) and "no variant", in integer arrays


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


# --- Standing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Matrices:
    """A plan's rules as (rules x options) matrices of points, evidence and vetoes for the
    rules about every variant, and per option with rules about some variants the same as
    (rules x variants) matrices for those (None for the other options)."""

    sums: np.ndarray
    evidence: np.ndarray
    vetoes: np.ndarray
    scoped: tuple[tuple[np.ndarray, np.ndarray, np.ndarray] | None, ...]
    starts: np.ndarray  # per option, its start over the plan's denominator


@functools.lru_cache(maxsize=64)
def _matrices(plan: Plan) -> _Matrices:
    rules, width = len(plan.effects), len(OPTION_IDS)
    sums, evidence, vetoes = (np.zeros((rules, width)) for _ in range(3))
    scoped: list = [None] * width
    for oi in range(width):
        if plan.scoped_options[oi]:
            count = len(plan.when_fns[oi])
            scoped[oi] = tuple(np.zeros((rules, count)) for _ in range(3))
    for i, (oi, numerator, veto, scope, points) in enumerate(plan.effects):
        if scope is None:
            target, column = (sums, evidence, vetoes), oi
        else:
            target, column = scoped[oi], list(scope)
        if veto:
            target[2][i, column] = 1
        else:
            target[0][i, column] = numerator
            target[1][i, column] = points
    starts = np.array(plan.starts, dtype=np.int64) * plan.denominator
    return _Matrices(sums, evidence, vetoes, tuple(scoped), starts)


def _product(held: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    return np.rint(held @ matrix).astype(np.int64)


def _choose(holds: np.ndarray, ruled: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``choose_variant`` of every row: (variant, ruled out), once per distinct row."""
    first, inverse, _ = distinct_rows(np.concatenate([holds, ruled], axis=1))
    found = [choose_variant(holds[row].tolist(), ruled[row].tolist()) for row in first.tolist()]
    variants = np.array([v for v, _ in found], dtype=np.intp)[inverse]
    out = np.array([o for _, o in found], dtype=bool)[inverse]
    return variants, out


def _shown(holds: np.ndarray) -> np.ndarray:
    """The variant shown for an option whose variant changes nothing: the first whose
    condition holds, else the last (``standing.display_variant``)."""
    return np.where(holds.any(axis=1), np.argmax(holds, axis=1), holds.shape[1] - 1)


def pick_rows(totals: np.ndarray, vetoed: np.ndarray, earned: np.ndarray) -> np.ndarray:
    """``pick``'s recommendation for every row of (rows x options) arrays, ``-1`` where
    every option is ruled out. Kept beside ``pick`` and held equal to it, tie for tie: a
    change to one must be made to both."""
    low = np.iinfo(np.int64).min  # below any total
    standing = np.where(vetoed, low, totals)
    deserving = np.where(vetoed | ~earned, low, totals)
    # argmax takes the first of equal maxima: the simpler option, as pick does.
    best = np.where(
        deserving.max(axis=1) > low, np.argmax(deserving, axis=1), np.argmax(standing, axis=1)
    )
    best[standing.max(axis=1) == low] = NONE
    return best


@dataclass(frozen=True)
class Standings:
    """Per outcome (row) and option (column): score, ruled out, the variant's index; and
    per outcome the option recommended (``-1``: every one is ruled out)."""

    scores: np.ndarray
    vetoed: np.ndarray
    variants: np.ndarray
    best: np.ndarray


def standings(plan: Plan, fired: np.ndarray, holds: Sequence[np.ndarray]) -> Standings:
    """Every option's standing for each row of ``fired`` (outcomes x rules, whether each
    rule holds), with ``holds[oi]`` (outcomes x variants) whether each variant's
    condition of option ``oi`` holds."""
    matrices = _matrices(plan)
    held = fired.astype(np.float64)
    sums = _product(held, matrices.sums)
    evidence = _product(held, matrices.evidence)
    vetoed = _product(held, matrices.vetoes) > 0
    variants = np.empty(sums.shape, dtype=np.intp)
    rows = np.arange(len(fired))
    for oi, scoped in enumerate(matrices.scoped):
        if scoped is None:
            variants[:, oi] = _shown(holds[oi])
            continue
        vsums, vevidence, vvetoes = (_product(held, matrix) for matrix in scoped)
        chosen, out = _choose(holds[oi], vetoed[:, oi : oi + 1] | (vvetoes > 0))
        sums[:, oi] += vsums[rows, chosen]
        evidence[:, oi] += vevidence[rows, chosen]
        vetoed[:, oi] = out
        variants[:, oi] = chosen
    totals = sums + matrices.starts
    width = len(OPTION_IDS)
    options = np.arange(width)
    earned = per_value(
        lambda key: plan.earned(key % width, key // width), evidence * width + options
    ).astype(bool)
    scores = per_value(lambda total: bounded_score(total, plan.denominator), totals)
    return Standings(scores.astype(np.int64), vetoed, variants, pick_rows(totals, vetoed, earned))
