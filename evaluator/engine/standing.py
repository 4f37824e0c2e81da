"""Where each option stands for one component: its variant, total, evidence and verdict.

A :class:`Tally` sums one option's fired rules, option-wide and per variant; an
:class:`Outcome` holds every option's standing, settled from its tally by the plan's
rules of scoring (``core.Plan``). Analysis copies and patches tallies to try answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from evaluator.engine.results import bounded_score, pick

if TYPE_CHECKING:  # pragma: no cover
    from evaluator.engine.core import Plan

__all__ = ["Outcome", "Scope", "Tally", "choose_variant", "display_variant"]

Scope = tuple[int, ...] | None  # the variants (by index) a rule is about; None for all


def choose_variant(holds: Sequence[bool], ruled_out: Sequence[bool]) -> tuple[int, bool]:
    """(variant, whether the option is ruled out) for one option.

    The first variant whose condition holds and that no veto rules out; failing that, the
    last one standing, nearest the default. When every variant is ruled out, so is the
    option, and the variant shown is the one the conditions point to.
    """
    standing = [v for v in range(len(holds)) if not ruled_out[v]]
    if not standing:
        return next((v for v, held in enumerate(holds) if held), len(holds) - 1), True
    return next((v for v in standing if holds[v]), standing[-1]), False


@dataclass(slots=True)
class Tally:
    """One option's fired rules, summed: option-wide, and per variant for rules about some
    variants. ``holds`` is None for an option without such rules: its variant then changes
    nothing in its standing and is worked out only to be shown (see ``display_variant``)."""

    holds: list[bool] | None  # per variant: its condition holds
    sums: int  # numerators of fired option-wide point rules
    evidence: int  # their evidence numerators
    vetoes: int  # fired option-wide vetoes
    vsums: list[int]  # per variant, scoped rules
    vevidence: list[int]
    vvetoes: list[int]

    def copy(self) -> Tally:
        if self.holds is None:
            return Tally(None, self.sums, self.evidence, self.vetoes, (), (), ())
        return Tally(
            list(self.holds),
            self.sums,
            self.evidence,
            self.vetoes,
            list(self.vsums),
            list(self.vevidence),
            list(self.vvetoes),
        )

    def add(self, numerator: int, veto: bool, scope: Scope, evidence: int, sign: int) -> None:
        if scope is None:
            if veto:
                self.vetoes += sign
            else:
                self.sums += sign * numerator
                self.evidence += sign * evidence
            return
        for v in scope:
            if veto:
                self.vvetoes[v] += sign
            else:
                self.vsums[v] += sign * numerator
                self.vevidence[v] += sign * evidence


@dataclass
class Outcome:
    """Every option's standing: what ranking and the recommendation are made from."""

    variants: list[int]  # -1 where the variant changes nothing (see Tally)
    totals: list[int]  # unbounded, over the plan's denominator
    evidence: list[int]
    vetoed: list[bool]
    earned: list[bool]
    scores: list[int]

    def settle(self, plan: Plan, oi: int, tally: Tally) -> None:
        """Work out option ``oi``'s standing from its tally."""
        if tally.holds is None:
            self.settle_plain(plan, oi, tally.sums, tally.evidence, tally.vetoes > 0)
            return
        ruled = [tally.vetoes > 0 or count > 0 for count in tally.vvetoes]
        variant, ruled_out = choose_variant(tally.holds, ruled)
        self.settle_plain(
            plan,
            oi,
            tally.sums + tally.vsums[variant],
            tally.evidence + tally.vevidence[variant],
            ruled_out,
            variant,
        )

    def settle_plain(
        self,
        plan: Plan,
        oi: int,
        numerator: int,
        evidence: int,
        ruled_out: bool,
        variant: int = -1,
    ) -> None:
        """Set option ``oi``'s standing from its counted points, evidence and veto."""
        total = plan.total(oi, numerator)
        self.variants[oi] = variant
        self.totals[oi] = total
        self.evidence[oi] = evidence
        self.vetoed[oi] = ruled_out
        self.earned[oi] = plan.earned(oi, evidence)
        self.scores[oi] = bounded_score(total, plan.denominator)

    def ranked(self) -> tuple[int | None, int | None]:
        return pick(self.totals, self.vetoed, self.earned)


def display_variant(when_fns: Sequence, facts: Any, ruled_out: bool) -> int:
    """The variant of an option whose variant changes nothing in its standing: the first
    whose condition holds, else the last (every one is ruled out with the option)."""
    holds = [fn is not None and fn(facts) is True for fn in when_fns]
    return choose_variant(holds, [ruled_out] * len(holds))[0]
