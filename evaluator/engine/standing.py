"""Where each option stands for one component: its variant, total, evidence and verdict.

A :class:`Tally` sums one option's fired rules, option-wide and per variant; an
:class:`Outcome` holds every option's standing, settled from its tally by the plan's
rules of scoring (``core.Plan``). Analysis copies and patches tallies to try answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from evaluator.engine.results import pick

if TYPE_CHECKING:  # pragma: no cover
    from evaluator.engine.core import Plan

__all__ = ["Outcome", "Scope", "Tally", "choose_variant"]

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


@dataclass
class Tally:
    """One option's fired rules, summed: option-wide and per variant (scoped rules)."""

    holds: list[bool]  # per variant: its condition holds
    sums: int = 0  # numerators of fired option-wide point rules
    evidence: int = 0  # their evidence numerators
    vetoes: int = 0  # fired option-wide vetoes
    vsums: list[int] = field(default_factory=list)  # per variant, scoped rules
    vevidence: list[int] = field(default_factory=list)
    vvetoes: list[int] = field(default_factory=list)

    def copy(self) -> Tally:
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

    variants: list[int]
    totals: list[int]  # unbounded, over the plan's denominator
    evidence: list[int]
    vetoed: list[bool]
    earned: list[bool]
    scores: list[int]

    def settle(self, plan: Plan, oi: int, tally: Tally) -> None:
        """Work out option ``oi``'s standing from its tally."""
        ruled = [tally.vetoes > 0 or count > 0 for count in tally.vvetoes]
        variant, ruled_out = choose_variant(tally.holds, ruled)
        numerator = tally.sums + tally.vsums[variant]
        evidence = tally.evidence + tally.vevidence[variant]
        self.variants[oi] = variant
        self.totals[oi] = plan.total(oi, numerator)
        self.evidence[oi] = evidence
        self.vetoed[oi] = ruled_out
        self.earned[oi] = plan.earned(oi, evidence)
        self.scores[oi] = plan.score(oi, numerator)

    def ranked(self) -> tuple[int | None, int | None]:
        return pick(self.totals, self.vetoed, self.earned)
