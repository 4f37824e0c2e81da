"""One component assessed under a plan, and re-assessed after one changed answer.

A :class:`State` holds a component's facts, the outcome of every rule and each option's
running totals (see ``core.py`` for why they are exact integers), so analysis can change
one answer, re-run only the rules that read it and patch the totals.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Any

from evaluator.engine.core import Plan
from evaluator.engine.knowledge import OPTION_IDS
from evaluator.engine.results import pick
from evaluator.engine.standing import Outcome, Tally

__all__ = ["State", "assess", "reassess", "recommended_under", "standing"]


@dataclass
class State:
    """One component's facts, every rule's outcome and every option's totals."""

    facts: dict[str, Any]
    results: list
    tallies: list[Tally]
    outcome: Outcome
    best: int | None
    second: int | None

    # The outcome's lists, by the names analysis reads them by.
    @property
    def scores(self) -> list[int]:
        return self.outcome.scores

    @property
    def vetoed(self) -> list[bool]:
        return self.outcome.vetoed

    @property
    def totals(self) -> list[int]:
        return self.outcome.totals

    @property
    def variants(self) -> list[int]:
        return self.outcome.variants

    def counts(self, plan: Plan, index: int) -> bool:
        """Whether rule ``index`` held and counts for the variant its option is built as."""
        return self.results[index] is True and plan.applies(
            index, self.outcome.variants[plan.rule_option[index]]
        )


def assess(plan: Plan, facts: dict[str, Any]) -> State:
    """Run every rule on ``facts`` and score every option."""
    return standing(plan, facts, [fn(facts) for fn in plan.fns])


def standing(plan: Plan, facts: dict[str, Any], results: list[bool | None]) -> State:
    """Score every option from every rule's outcome (``results``, in the plan's order);
    the variant conditions of options with rules about some variants are run on
    ``facts``."""
    size = len(OPTION_IDS)
    sums = [0] * size
    evidence_sums = [0] * size
    vetoes = [0] * size
    scoped = []
    # Integer sums: exact, so the order rules are added in cannot change a score.
    for effect in compress(plan.effects, [r is True for r in results]):
        oi, numerator, veto, scope, evidence = effect
        if scope is not None:
            scoped.append(effect)
        elif veto:
            vetoes[oi] += 1
        else:
            sums[oi] += numerator
            evidence_sums[oi] += evidence
    tallies = []
    for oi, fns in enumerate(plan.when_fns):
        if not plan.scoped_options[oi]:
            tallies.append(Tally(None, sums[oi], evidence_sums[oi], vetoes[oi], (), (), ()))
            continue
        count = len(fns)
        held = [fn is not None and fn(facts) is True for fn in fns]
        tallies.append(
            Tally(
                held, sums[oi], evidence_sums[oi], vetoes[oi], [0] * count, [0] * count, [0] * count
            )
        )
    for oi, numerator, veto, scope, evidence in scoped:
        tallies[oi].add(numerator, veto, scope, evidence, 1)
    outcome = Outcome([0] * size, [0] * size, [0] * size, [False] * size, [True] * size, [0] * size)
    for oi, tally in enumerate(tallies):
        outcome.settle(plan, oi, tally)
    best, second = outcome.ranked()
    return State(facts, results, tallies, outcome, best, second)


def recommended_under(plan: Plan, others: Sequence[Plan], state: State) -> list[int | None]:
    """The option recommended for ``state``'s answers, assessed under ``plan``, under each
    of ``others`` (other priorities of the same knowledge base). Rule outcomes, vetoes and
    variants do not depend on priorities, and another plan differs only in the points of
    the rules about the attributes it weighs differently: only those are added again."""
    outcome = state.outcome
    found = []
    for other in others:
        totals = list(outcome.totals)
        evidence = list(outcome.evidence)
        for i, oi, points, more in _differences(plan, other):
            if state.counts(plan, i):
                totals[oi] += points
                evidence[oi] += more
        earned = [other.earned(oi, points) for oi, points in enumerate(evidence)]
        found.append(pick(totals, outcome.vetoed, earned)[0])
    return found


@functools.lru_cache(maxsize=64)  # as many as core.plan_for keeps
def _differences(plan: Plan, other: Plan) -> tuple[tuple[int, int, int, int], ...]:
    """(rule, option, change of points, change of evidence) for every rule whose points
    differ between two plans of one knowledge base (over the same denominator)."""
    found = []
    for i, (mine, theirs) in enumerate(zip(plan.effects, other.effects, strict=True)):
        oi, points, _, _, evidence = mine
        _, other_points, _, _, other_evidence = theirs
        if (points, evidence) != (other_points, other_evidence):
            found.append((i, oi, other_points - points, other_evidence - evidence))
    return tuple(found)


_MISSING = object()


def reassess(plan: Plan, state: State, qid: str, value: Any) -> Outcome | None:
    """Every option's standing if ``qid`` were ``value``, or None if no rule would change.

    Only the rules and variant conditions reading ``qid`` are re-run, and only the
    options they belong to are settled again. The facts are changed in place for the
    duration and then put back, which saves copying them for each of the many values
    analysis tries.
    """
    facts = state.facts
    before = facts.get(qid, _MISSING)
    if value is None:
        facts.pop(qid, None)
    else:
        facts[qid] = value
    try:
        deltas, copies = _patches(plan, state, qid)
    finally:
        if before is _MISSING:
            facts.pop(qid, None)
        else:
            facts[qid] = before
    if not deltas and not copies:
        return None
    current = state.outcome
    outcome = Outcome(
        list(current.variants),
        list(current.totals),
        list(current.evidence),
        list(current.vetoed),
        list(current.earned),
        list(current.scores),
    )
    tallies = state.tallies
    for oi, (sums, evidence, vetoes) in deltas.items():
        tally = tallies[oi]
        outcome.settle_plain(
            plan, oi, tally.sums + sums, tally.evidence + evidence, tally.vetoes + vetoes > 0
        )
    for oi, tally in copies.items():
        outcome.settle(plan, oi, tally)
    return outcome


def _patches(plan: Plan, state: State, qid: str) -> tuple[dict, dict]:
    """Re-run the rules and variant conditions reading ``qid`` on ``state.facts``: per
    option whose variant changes nothing, the change of [points, evidence, vetoes]; per
    other option, a patched copy of its tally."""
    facts = state.facts
    results = state.results
    scoped_options = plan.scoped_options
    deltas: dict[int, list[int]] = {}
    copies: dict[int, Tally] = {}
    for i, fn, oi, numerator, veto, scope, evidence in plan.checks.get(qid, ()):
        now = fn(facts) is True
        if now == (results[i] is True):
            continue
        sign = 1 if now else -1
        if not scoped_options[oi]:
            delta = deltas.get(oi) or deltas.setdefault(oi, [0, 0, 0])
            if veto:
                delta[2] += sign
            else:
                delta[0] += sign * numerator
                delta[1] += sign * evidence
            continue
        tally = copies.get(oi) or copies.setdefault(oi, state.tallies[oi].copy())
        tally.add(numerator, veto, scope, evidence, sign)
    for oi, v in plan.whens_by_question.get(qid, ()):
        now = plan.when_fns[oi][v](facts) is True
        if now != state.tallies[oi].holds[v]:
            tally = copies.get(oi) or copies.setdefault(oi, state.tallies[oi].copy())
            tally.holds[v] = now
    return deltas, copies
