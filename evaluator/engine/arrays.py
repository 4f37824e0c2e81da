"""Every option's standing for many outcomes at once: ``assessment.standing`` over arrays.

Rule outcomes come as an (outcomes x rules) matrix, and the variants' conditions as one
(outcomes x variants) matrix per option. The sums are matrix products: whole numbers far
below 2**53 add up exactly in floating point, and the float product is several times
faster than the integer one. The rules of scoring are the scalar engine's own, each
called once per distinct value or row: ``results.bounded_score`` per total,
``standing.choose_variant`` per distinct (conditions, vetoes) row of an option, and
``Plan.evidence_floor`` (what ``Plan.earned`` compares with) per option. Only ``results.pick`` has an array twin,
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
    # One whole number per row: each column's rank among its distinct values, folded in
    # one column at a time (and ranked again, so that it stays small). Sorting whole
    # numbers is far faster than sorting rows.
    key = np.zeros(size, dtype=np.int64)
    for column in keys.T:
        _, rank = np.unique(column, return_inverse=True)
        key = key * (int(rank.max()) + 1) + rank.reshape(size)
        key = np.unique(key, return_inverse=True)[1].reshape(size)
    _, first, inverse, counts = np.unique(
        key, return_index=True, return_inverse=True, return_counts=True
    )
    return first, inverse.reshape(size), counts


# --- Standing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Matrices:
    """A plan's rules as one (rules x columns) matrix: per option the points, evidence and
    vetoes of its rules about every variant (three blocks of one column per option), then
    per option with rules about some variants the same per variant (``scoped[oi]``: the
    first column of its three blocks, and its number of variants; None for the others)."""

    matrix: np.ndarray
    scoped: tuple[tuple[int, int] | None, ...]
    starts: np.ndarray  # per option, its start over the plan's denominator
    floors: np.ndarray  # per option, the evidence it needs to be recommended


@functools.lru_cache(maxsize=64)
def _matrices(plan: Plan) -> _Matrices:
    width = len(OPTION_IDS)
    scoped: list = [None] * width
    columns = 3 * width
    for oi in range(width):
        if plan.scoped_options[oi]:
            count = len(plan.when_fns[oi])
            scoped[oi] = (columns, count)
            columns += 3 * count
    matrix = np.zeros((len(plan.effects), columns))
    for i, (oi, numerator, veto, scope, points) in enumerate(plan.effects):
        if scope is None:
            start, count, targets = 0, width, [oi]
        else:
            (start, count), targets = scoped[oi], list(scope)
        for target in targets:
            if veto:
                matrix[i, start + 2 * count + target] = 1
            else:
                matrix[i, start + target] = numerator
                matrix[i, start + count + target] = points
    starts = np.array(plan.starts, dtype=np.int64) * plan.denominator
    low = np.iinfo(np.int64).min  # no evidence needed
    floors = [plan.evidence_floor(oi) for oi in range(width)]
    floors = np.array([low if f is None else f for f in floors], dtype=np.int64)
    return _Matrices(matrix, tuple(scoped), starts, floors)


def _sums(plan: Plan, base: np.ndarray, rules: Sequence[int], fired: np.ndarray) -> np.ndarray:
    """Every outcome's sums over ``_matrices(plan).matrix``'s columns: the rules decided on
    the shared facts (``base``, whether each rule holds) once, plus the sampled ``rules``
    holding in each row of ``fired``."""
    matrix = _matrices(plan).matrix
    fixed = base.copy()
    fixed[list(rules)] = False
    found = fixed.astype(np.float64) @ matrix
    if rules:
        found = found + fired.astype(np.float64) @ matrix[list(rules)]
    else:
        found = np.tile(found, (len(fired), 1))
    return np.rint(found).astype(np.int64)


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
    """Per outcome (row) and option (column): score, ruled out, the variant's index; per
    outcome the option recommended (``-1``: every one is ruled out); and per option the
    variant chosen and whether it is ruled out for want of one (None for options whose
    variant changes nothing), which no priority changes (see ``standings``)."""

    scores: np.ndarray | None
    vetoed: np.ndarray
    variants: np.ndarray
    best: np.ndarray
    choices: tuple[tuple[np.ndarray, np.ndarray | None], ...]


def _choices(matrices: _Matrices, found: np.ndarray, holds: Sequence[np.ndarray]) -> tuple:
    """Per option (the variant of each outcome, whether it is ruled out or None)."""
    width = len(OPTION_IDS)
    vetoed = found[:, 2 * width : 3 * width] > 0
    out = []
    for oi, scoped in enumerate(matrices.scoped):
        if scoped is None:
            out.append((_shown(holds[oi]), None))
            continue
        start, count = scoped
        vvetoes = found[:, start + 2 * count : start + 3 * count] > 0
        out.append(_choose(holds[oi], vetoed[:, oi : oi + 1] | vvetoes))
    return tuple(out)


def standings(
    plan: Plan,
    base: np.ndarray,
    rules: Sequence[int],
    fired: np.ndarray,
    holds: Sequence[np.ndarray],
    choices: tuple | None = None,
    scored: bool = True,
) -> Standings:
    """Every option's standing for each outcome: ``base`` says whether each rule of the
    plan holds on the shared facts, ``fired`` (outcomes x ``rules``) whether each sampled
    rule holds, and ``holds[oi]`` (outcomes x variants) whether each variant's condition
    of option ``oi`` holds. Which rules hold, and so the vetoes and the variants, do not
    depend on priorities: ``choices`` from another plan's ``Standings`` saves working the
    variants out again. ``scored=False`` leaves the scores out (None)."""
    matrices = _matrices(plan)
    found = _sums(plan, base, rules, fired)
    width = len(OPTION_IDS)
    sums = found[:, :width].copy()
    evidence = found[:, width : 2 * width].copy()
    vetoed = found[:, 2 * width : 3 * width] > 0
    choices = choices if choices is not None else _choices(matrices, found, holds)
    variants = np.stack([chosen for chosen, _ in choices], axis=1)
    rows = np.arange(len(found))
    for oi, scoped in enumerate(matrices.scoped):
        if scoped is not None:
            start, count = scoped
            chosen = variants[:, oi]
            sums[:, oi] += found[rows, start + chosen]
            evidence[:, oi] += found[rows, start + count + chosen]
            vetoed[:, oi] = choices[oi][1]
    totals = sums + matrices.starts
    earned = evidence >= matrices.floors
    best = pick_rows(totals, vetoed, earned)
    if not scored:
        return Standings(None, vetoed, variants, best, choices)
    scores = per_value(lambda total: bounded_score(total, plan.denominator), totals)
    return Standings(scores.astype(np.int64), vetoed, variants, best, choices)
