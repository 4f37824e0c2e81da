"""Every option's standing for many outcomes at once: ``assessment.standing`` over arrays.

Rule outcomes come as an (outcomes x rules) matrix, and the variants' conditions as one
(outcomes x variants) matrix per option. The sums are matrix products: vetoes over the
rules holding, which settle each option's variant; then points and evidence over the
rules counting for that variant. Whole numbers far below 2**53 add up exactly in
floating point, and the float product is several times faster than the integer one. The rules of scoring are the scalar engine's own, each
called once per distinct value or row: ``results.bounded_score`` per total,
``standing.choose_variant`` per distinct (conditions, vetoes) row of an option, and
``Plan.evidence_floor`` (what ``Plan.earned`` compares with) per option. Only ``results.pick`` has an array twin,
``pick_rows``, held equal to it by ``tests/engine/test_sampled_properties.py``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .core import Plan
from .grouping import distinct_rows, per_value
from .knowledge import OPTION_IDS
from .results import bounded_score
from .standing import choose_variant

__all__ = [
    "Counted",
    "Standings",
    "pick_rows",
    "product",
    "restandings",
    "standings",
]

NONE = -1  # "no option" (every one ruled out) and "no variant", in integer arrays
_LOWEST = np.iinfo(np.int64).min
# OpenBLAS shares a product out among threads once it passes about 2**19 multiply-adds.
# The products here take a fraction of a millisecond on one thread, less than waking
# the others costs, and far less than waiting for them on a busy machine (measured:
# 8 ms instead of 0.1 ms, and the threads then spin on the cores the rest of the work
# needs). So they are made in blocks of rows below that size.
_PRODUCT_BLOCK = 1 << 18


def product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` for a matrix ``b``, in blocks of rows small enough for one thread."""
    rows = max(1, _PRODUCT_BLOCK // max(1, a.shape[-1] * b.shape[1]))
    if a.ndim == 1 or len(a) <= rows:
        return a @ b
    out = np.empty((len(a), b.shape[1]), dtype=np.result_type(a, b))
    for start in range(0, len(a), rows):
        np.matmul(a[start : start + rows], b, out=out[start : start + rows])
    return out


# --- Standing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Matrices:
    """A plan's rules as matrices. ``vetoes`` (rules x columns): per option its vetoes
    about every variant, then per option with rules about some variants its vetoes per
    variant (``scoped[oi]``: its first column and its number of variants; None for the
    others). ``points`` (rules x 2 options): each point rule's points in its option's
    column, then its evidence. ``scopes``: per option with rules about some variants, those
    rules and (variants x rules) whether each is about each variant."""

    vetoes: np.ndarray
    scoped: tuple[tuple[int, int] | None, ...]
    points: np.ndarray
    scopes: tuple[tuple[int, list[int], np.ndarray], ...]
    starts: np.ndarray  # per option, its start over the plan's denominator
    floors: np.ndarray  # per option, the evidence it needs to be recommended


@functools.lru_cache(maxsize=64)
def _matrices(plan: Plan) -> _Matrices:
    width = len(OPTION_IDS)
    scoped: list = [None] * width
    columns = width
    for oi in range(width):
        if plan.scoped_options[oi]:
            count = len(plan.when_fns[oi])
            scoped[oi] = (columns, count)
            columns += count
    vetoes = np.zeros((len(plan.effects), columns))
    points = np.zeros((len(plan.effects), 2 * width))
    about: dict[int, list[int]] = {}
    for i, (oi, numerator, veto, scope, evidence) in enumerate(plan.effects):
        if scope is not None:
            about.setdefault(oi, []).append(i)
        if not veto:
            points[i, oi], points[i, width + oi] = numerator, evidence
        elif scope is None:
            vetoes[i, oi] = 1
        else:
            vetoes[i, [scoped[oi][0] + v for v in scope]] = 1
    scopes = []
    for oi, indexes in sorted(about.items()):
        table = np.zeros((scoped[oi][1], len(indexes)), dtype=bool)
        for j, i in enumerate(indexes):
            table[list(plan.scope[i]), j] = True
        scopes.append((oi, indexes, table))
    starts = np.array(plan.starts, dtype=np.int64) * plan.denominator
    floors = [plan.evidence_floor(oi) for oi in range(width)]
    floors = np.array([_LOWEST if f is None else f for f in floors], dtype=np.int64)
    return _Matrices(vetoes, tuple(scoped), points, tuple(scopes), starts, floors)


def _vetoes(
    matrices: _Matrices, base: np.ndarray, rules: Sequence[int], fired: np.ndarray
) -> np.ndarray:
    """(outcomes x veto columns) whether a rule holding vetoes each column: the rules
    held on the shared facts, with the sampled ``rules``' columns from ``fired``. Only
    the sampled rules that veto anything differ between outcomes, so only they are
    summed per outcome."""
    rules = np.asarray(rules, dtype=np.intp)
    fixed = base.astype(np.float64)
    fixed[rules] = 0
    vetoing = np.flatnonzero(matrices.vetoes[rules].any(axis=1))
    found = product(fired[:, vetoing].astype(np.float64), matrices.vetoes[rules[vetoing]])
    return found + fixed @ matrices.vetoes > 0


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
    """``pick``'s recommendation for every row of (rows x options) arrays (or of any
    arrays whose last axis is the options), ``-1`` where every option is ruled out. Kept
    beside ``pick`` and held equal to it, tie for tie: a change to one must be made to
    both."""
    low = _LOWEST  # below any total
    standing, standing_at = _first_max(np.where(vetoed, low, totals))
    deserving, deserving_at = _first_max(np.where(vetoed | ~earned, low, totals))
    best = np.where(deserving > low, deserving_at, standing_at)
    best[standing == low] = NONE
    return best


def _first_max(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The maximum over the last axis and where it is, the first of equal maxima (the
    simpler option, as ``pick`` takes). Column by column: numpy reduces a short last axis
    row by row, many times slower than these few passes over whole columns."""
    top = values[..., 0].copy()
    at = np.zeros(top.shape, dtype=np.intp)
    for i in range(1, values.shape[-1]):
        column = values[..., i]
        at[column > top] = i
        np.maximum(top, column, out=top)
    return top, at


@dataclass(frozen=True)
class Standings:
    """Per outcome (row) and option (column): score, ruled out, the variant's index; and
    per outcome the option recommended (``-1``: every one is ruled out)."""

    scores: np.ndarray
    vetoed: np.ndarray
    variants: np.ndarray
    best: np.ndarray
    counted: Counted  # the rules counting in each outcome, for ``restandings``


def _variants(
    matrices: _Matrices, vetoes: np.ndarray, holds: Sequence[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """(variant, ruled out), outcomes x options, from the ``vetoes`` of ``_vetoes``:
    ``choose_variant`` for options with rules about some variants, the variant shown
    (``_shown``) and the option's vetoes for the others."""
    width = len(OPTION_IDS)
    vetoed = vetoes[:, :width].copy()
    variants = np.empty(vetoed.shape, dtype=np.intp)
    for oi, scoped in enumerate(matrices.scoped):
        if scoped is None:
            variants[:, oi] = _shown(holds[oi])
            continue
        start, count = scoped
        ruled = vetoed[:, oi : oi + 1] | vetoes[:, start : start + count]
        variants[:, oi], vetoed[:, oi] = _choose(holds[oi], ruled)
    return variants, vetoed


@dataclass(frozen=True)
class Counted:
    """Which rules count in each outcome: hold, and are about the variant their option is
    built as (see ``Plan.applies``). The rules that may differ between outcomes (those
    read from samples, and those about some variants) are ``columns``, one row per
    outcome in ``rows``; every other rule counts alike in all, as ``fixed`` says (a row
    over every rule, 0 at ``columns``). As floats, for matrix products."""

    columns: np.ndarray
    rows: np.ndarray
    fixed: np.ndarray

    @classmethod
    def of(
        cls,
        matrices: _Matrices,
        base: np.ndarray,
        rules: Sequence[int],
        fired: np.ndarray,
        variants: np.ndarray,
    ) -> Counted:
        scoped = {i: (oi, j) for oi, indexes, _ in matrices.scopes for j, i in enumerate(indexes)}
        columns = np.array(sorted({*rules, *scoped}), dtype=np.intp)
        where = {i: k for k, i in enumerate(columns.tolist())}
        # Column by column into a column-major array: a product reads a few columns.
        rows = np.empty((len(fired), len(columns)), dtype=bool, order="F")
        rows[:] = base[columns]
        rows[:, [where[i] for i in rules]] = fired
        for oi, indexes, table in matrices.scopes:
            at = [where[i] for i in indexes]
            rows[:, at] &= table[variants[:, oi]]
        fixed = base.astype(np.float64)
        fixed[columns] = 0
        return cls(columns, rows.astype(np.float64, order="F"), fixed)

    def sums(self, points: np.ndarray) -> np.ndarray:
        """Every outcome's sums of the points (rules x columns) of the rules counting,
        read only where a rule has any."""
        used = np.flatnonzero(points[self.columns].any(axis=1))
        return self.fixed @ points + product(self.rows[:, used], points[self.columns[used]])


def _standing(starts: np.ndarray, floors: np.ndarray, found: np.ndarray, vetoed: np.ndarray):
    """(totals, best) from every outcome's counted points and evidence (``found``, its
    last axis points then evidence per option), given the plan's ``starts`` and ``floors``
    (see ``_Matrices``). The sums are whole numbers, exact in floating point, so they
    compare as the integers would."""
    width = len(OPTION_IDS)
    totals = found[..., :width] + starts
    earned = found[..., width:] >= floors
    return totals, pick_rows(totals, vetoed, earned)


def standings(
    plan: Plan,
    base: np.ndarray,
    rules: Sequence[int],
    fired: np.ndarray,
    holds: Sequence[np.ndarray],
) -> Standings:
    """Every option's standing for each outcome: ``base`` says whether each rule of the
    plan holds on the shared facts, ``fired`` (outcomes x ``rules``) whether each sampled
    rule holds, and ``holds[oi]`` (outcomes x variants) whether each variant's condition
    of option ``oi`` holds."""
    matrices = _matrices(plan)
    variants, vetoed = _variants(matrices, _vetoes(matrices, base, rules, fired), holds)
    counted = Counted.of(matrices, base, rules, fired, variants)
    totals, best = _standing(
        matrices.starts, matrices.floors, counted.sums(matrices.points), vetoed
    )
    totals = np.rint(totals).astype(np.int64)
    scores = per_value(lambda total: bounded_score(total, plan.denominator), totals)
    return Standings(scores.astype(np.int64), vetoed, variants, best, counted)


def restandings(
    plan: Plan, others: Sequence[Plan], counted: Counted, vetoed: np.ndarray
) -> np.ndarray:
    """The option recommended for each outcome under each of ``others`` (plans x
    outcomes), from the rules ``counted`` and ``vetoed`` of the ``Standings`` under
    ``plan``: which rules hold, and so the vetoes and the variants, do not depend on
    priorities. Another plan differs only in the points of the rules
    about the attributes it moves, so only those are summed again.

    Outcomes alike in the vetoes and in which rules with points under any of the plans
    count, for the options not ruled out (they differ in vetoes' rules, in variants'
    conditions, in rules without points or in rules about an option ruled out, whose
    total no pick reads), stand alike under every plan: each such group is scored once."""
    if not others:
        return np.zeros((0, len(vetoed)), dtype=np.intp)
    matrices = _matrices(plan)
    moved = [_matrices(other) for other in others]
    weighty = np.zeros(len(counted.columns), dtype=bool)
    for m in (matrices, *moved):
        weighty |= m.points[counted.columns].any(axis=1)
    columns = counted.columns[weighty]
    live = ~vetoed[:, [plan.effects[i][0] for i in columns.tolist()]]
    first, inverse, _ = distinct_rows(
        np.concatenate([(counted.rows[:, weighty] > 0) & live, vetoed], axis=1)
    )
    counted = Counted(counted.columns, counted.rows[first], counted.fixed)
    found = np.empty((len(others), len(first), matrices.points.shape[1]))
    found[:] = counted.sums(matrices.points)
    for at, other in enumerate(moved):
        found[at] += counted.sums(other.points - matrices.points)
    # Every plan at once: the groups are few, and numpy's cost per call would dominate.
    starts = np.array([m.starts for m in moved]).reshape(len(others), 1, -1)
    floors = np.array([m.floors for m in moved]).reshape(len(others), 1, -1)
    best = _standing(starts, floors, found, vetoed[first])[1]
    return best[:, inverse]
