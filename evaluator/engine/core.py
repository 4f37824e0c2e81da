"""The arithmetic at the heart of scoring, shared by evaluation and analysis.

A :class:`Plan` is the knowledge base flattened for one set of priorities: one tuple of
condition functions and one of weighted points, indexed by rule. A :class:`State` holds a
component's facts, the outcome of every rule and each option's running total, so analysis
can change one answer, re-run only the rules that read it and patch the totals.

Weighted points are kept as exact integers over a common denominator. A priority weight
is the mean of multipliers 1.5, 1 and 0.5 over a rule's attributes, so twice the weight
times the attribute count is a whole number; with ``denominator = 2 * lcm(1..n)`` every
weighted score is an integer numerator. Sums are then exact: they do not depend on the
order rules are added in, and patching a total after one change gives exactly the total a
fresh evaluation would.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

import numpy as np

from evaluator.engine.conditions import Condition, Evaluate
from evaluator.engine.knowledge import (
    OPTION_IDS,
    PRIORITY_WEIGHTS,
    KnowledgeBase,
    Question,
    Variant,
)
from evaluator.engine.results import pick

# How much an undecided veto weighs against decided rules when working out confidence:
# a hard limit matters as much as a strong rule.
VETO_WEIGHT = 30.0
# Explanations kept per plan: a few hundred per distinct set of answers.
MAX_SHARED_EXPLANATIONS = 50_000


@dataclass(frozen=True, eq=False)
class Plan:
    """The rules of a knowledge base, weighted by one design's priorities."""

    kb: KnowledgeBase
    fns: tuple[Evaluate, ...]
    numerators: tuple[int, ...]  # weighted points x denominator; 0 for vetoes
    denominator: int
    is_veto: tuple[bool, ...]
    magnitude: tuple[float, ...]  # |weighted points|, or VETO_WEIGHT for a veto
    rule_option: tuple[int, ...]  # index into OPTION_IDS
    starts: tuple[int, ...]
    point_rules: tuple[tuple[int, ...], ...]  # per option
    veto_rules: tuple[tuple[int, ...], ...]  # per option
    option_rules: tuple[tuple[int, ...], ...]  # per option, both kinds
    by_question: Mapping[str, tuple[int, ...]]
    effects: tuple[tuple[int, int, bool], ...]  # per rule: (option, numerator, is veto)
    # Explanations of fired and open rules by rule and the values they read, shared by
    # every evaluation under this plan (see scoring._Explainer); emptied when full.
    explanations: dict[tuple, Any] = field(default_factory=dict, repr=False)

    def shared_explanations(self) -> dict[tuple, Any]:
        if len(self.explanations) > MAX_SHARED_EXPLANATIONS:
            self.explanations.clear()
        return self.explanations

    def weighted(self, index: int) -> float:
        """Rule ``index``'s points after weighting, as a float for display."""
        return self.numerators[index] / self.denominator

    def score(self, oi: int, numerator: int) -> int:
        """The 0-100 score of option ``oi`` whose fired rules sum to ``numerator``."""
        d = self.denominator
        # floor(total + 1/2) in integers: round half up, exactly.
        score = (2 * (self.starts[oi] * d + numerator) + d) // (2 * d)
        return 0 if score < 0 else 100 if score > 100 else score


@functools.lru_cache(maxsize=8)
def answerable(kb: KnowledgeBase) -> tuple[tuple[str, Question], ...]:
    """The questions rules read that people answer (not derived facts), sorted by id.

    Analysis varies these: derived facts are worked out from the design, not answered.
    """
    return tuple(
        (qid, kb.by_id[qid]) for qid in sorted(kb.rules_by_question) if not kb.by_id[qid].derived
    )


def priorities_key(priorities: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in priorities.items() if v is not None))


def _halves(level: str) -> int:
    # Twice each multiplier: high 3, medium 2, low 1.
    return round(PRIORITY_WEIGHTS[level] * 2)


@functools.lru_cache(maxsize=64)
def plan_for(kb: KnowledgeBase, key: tuple[tuple[str, str], ...]) -> Plan:
    """The plan for ``kb`` under the priorities ``key`` (see :func:`priorities_key`)."""
    priorities = dict(key)
    option_index = {oid: index for index, oid in enumerate(OPTION_IDS)}
    widest = max((len(rule.attributes) for rule in kb.rules), default=1) or 1
    lcm = math.lcm(*range(1, widest + 1))
    denominator = 2 * lcm
    fns, numerators, is_veto, magnitude, rule_option = [], [], [], [], []
    point_rules: list[list[int]] = [[] for _ in OPTION_IDS]
    veto_rules: list[list[int]] = [[] for _ in OPTION_IDS]
    for index, rule in enumerate(kb.rules):
        oi = option_index[rule.option]
        fns.append(rule.condition.evaluate)
        rule_option.append(oi)
        if rule.veto is not None:
            numerators.append(0)
            is_veto.append(True)
            magnitude.append(VETO_WEIGHT)
            veto_rules[oi].append(index)
            continue
        if rule.attributes:
            halves = sum(_halves(priorities.get(a) or "medium") for a in rule.attributes)
            numerator = rule.points * halves * (lcm // len(rule.attributes))
        else:
            numerator = rule.points * denominator
        numerators.append(numerator)
        is_veto.append(False)
        magnitude.append(abs(numerator) / denominator)
        point_rules[oi].append(index)
    return Plan(
        kb=kb,
        fns=tuple(fns),
        numerators=tuple(numerators),
        denominator=denominator,
        is_veto=tuple(is_veto),
        magnitude=tuple(magnitude),
        rule_option=tuple(rule_option),
        starts=tuple(kb.option(oid).start for oid in OPTION_IDS),
        point_rules=tuple(map(tuple, point_rules)),
        veto_rules=tuple(map(tuple, veto_rules)),
        option_rules=tuple(
            tuple(sorted(p + v)) for p, v in zip(point_rules, veto_rules, strict=True)
        ),
        by_question=kb.rules_by_question,
        effects=tuple(zip(rule_option, numerators, is_veto, strict=True)),
    )


@dataclass
class State:
    """One component's facts, every rule's outcome and every option's totals."""

    facts: dict[str, Any]
    results: list
    sums: list[int]  # numerators of the fired point rules, per option
    vetoes: list[int]  # fired vetoes, per option
    scores: list[int]
    vetoed: list[bool]
    best: int | None
    second: int | None


def totals(plan: Plan, results: Sequence[bool | None]) -> tuple[list[int], list[int]]:
    """Per option, the numerators of the point rules that hold and the count of vetoes
    that hold, given every rule's outcome (in the plan's order)."""
    sums = [0] * len(OPTION_IDS)
    vetoes = [0] * len(OPTION_IDS)
    # Integer sums: exact, so the order rules are added in cannot change a score.
    for oi, numerator, veto in compress(plan.effects, [r is True for r in results]):
        if veto:
            vetoes[oi] += 1
        else:
            sums[oi] += numerator
    return sums, vetoes


@functools.lru_cache(maxsize=256)
def effects(plan: Plan) -> tuple[tuple[list[int], list[int]], ...]:
    """What each rule alone adds to ``totals``: (sums, vetoes) per rule, read off
    ``totals`` itself, so that the totals of many outcomes can be added up at once."""
    nothing = [False] * len(plan.fns)
    found = []
    for index in range(len(plan.fns)):
        alone = list(nothing)
        alone[index] = True
        found.append(totals(plan, alone))
    return tuple(found)


@functools.lru_cache(maxsize=256)
def effect_arrays(plan: Plan) -> tuple[Any, Any]:
    """``effects`` as two (rules x options) float arrays, sums and vetoes, for adding up
    many outcomes' totals with one matrix product."""
    shares = effects(plan)
    return (
        np.array([share[0] for share in shares], dtype=np.float64),
        np.array([share[1] for share in shares], dtype=np.float64),
    )


def ruled_out(vetoes: int) -> bool:
    """Whether an option with this many vetoes holding is ruled out."""
    return vetoes > 0


def outcome(
    plan: Plan, sums: Sequence[int], vetoes: Sequence[int]
) -> tuple[list[int], list[bool], int | None, int | None]:
    """Scores, which options are ruled out, and the best and second-best options."""
    scores = [plan.score(oi, total) for oi, total in enumerate(sums)]
    vetoed = [ruled_out(count) for count in vetoes]
    best, second = pick(scores, vetoed)
    return scores, vetoed, best, second


def assess(plan: Plan, facts: dict[str, Any]) -> State:
    """Run every rule on ``facts`` and score every option."""
    results = [fn(facts) for fn in plan.fns]
    sums, vetoes = totals(plan, results)
    scores, vetoed, best, second = outcome(plan, sums, vetoes)
    return State(facts, results, sums, vetoes, scores, vetoed, best, second)


def variant_index(variants: Sequence[Variant], holds: Callable[[Condition], bool]) -> int | None:
    """The index of the variant recommended: the first whose condition holds (one
    without a condition always does), or None when there is none."""
    for index, candidate in enumerate(variants):
        if candidate.when is None or holds(candidate.when):
            return index
    return None


_MISSING = object()


def reassess(plan: Plan, state: State, qid: str, value: Any) -> tuple[list[int], list[bool]] | None:
    """Scores and vetoes if ``qid`` were ``value``, or None if no rule would change.

    Only the rules reading ``qid`` are re-run, and only the totals they belong to are
    patched. The facts are changed in place for the duration and then put back, which
    saves copying them for each of the many values analysis tries.
    """
    facts = state.facts
    before = facts.get(qid, _MISSING)
    if value is None:
        facts.pop(qid, None)
    else:
        facts[qid] = value
    sums = vetoes = None
    touched: list[int] = []
    try:
        fns = plan.fns
        results = state.results
        for i in plan.by_question.get(qid, ()):
            now = fns[i](facts) is True
            if now == (results[i] is True):
                continue
            if sums is None:
                sums = list(state.sums)
                vetoes = list(state.vetoes)
            oi = plan.rule_option[i]
            if plan.is_veto[i]:
                vetoes[oi] += 1 if now else -1
            else:
                sums[oi] += plan.numerators[i] if now else -plan.numerators[i]
            touched.append(oi)
    finally:
        if before is _MISSING:
            facts.pop(qid, None)
        else:
            facts[qid] = before
    if sums is None:
        return None
    scores = list(state.scores)
    vetoed = list(state.vetoed)
    for oi in touched:
        scores[oi] = plan.score(oi, sums[oi])
        vetoed[oi] = ruled_out(vetoes[oi])
    return scores, vetoed
