"""The arithmetic at the heart of scoring, shared by evaluation and analysis.

A :class:`Plan` is the knowledge base flattened for one set of priorities: one tuple of
condition functions and one of weighted points, indexed by rule. Assessing a component's
facts under a plan is ``assessment.py``'s.

Weighted points are kept as exact integers over a common denominator. A priority weight
is the mean of multipliers 1.5, 1 and 0.5 over a rule's attributes, so twice the weight
times the attribute count is a whole number; with ``denominator = 2 * lcm(1..n)`` every
weighted score is an integer numerator. Sums are then exact: they do not depend on the
order rules are added in, and patching a total after one change gives exactly the total a
fresh evaluation would.

The rules of scoring each live in one small function, so that every way of evaluating
(this one, and one over arrays of samples) applies the same ones:

- ``standing.choose_variant``: which variant an option would be built as, and whether a
  veto leaves none of them;
- :meth:`Plan.score` (``results.bounded_score``): the shown 0-100 score of a total;
- :meth:`Plan.earned`: whether a pattern has the evidence to be recommended;
- ``results.pick`` and ``results.is_close_call``: the recommendation, the runner-up and
  whether they are too close to call.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from evaluator.engine.conditions import Evaluate
from evaluator.engine.knowledge import OPTION_IDS, PRIORITY_WEIGHTS, KnowledgeBase, Question, Rule
from evaluator.engine.results import bounded_score
from evaluator.engine.standing import Scope

# How much an undecided veto weighs against decided rules when working out confidence:
# a hard limit matters as much as a strong rule.
VETO_WEIGHT = 30.0
# Explanations kept per plan: a few hundred per distinct set of answers.
MAX_SHARED_EXPLANATIONS = 50_000
BASELINE = OPTION_IDS.index("baseline")


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
    # per rule: (option, numerator, is veto, variants it is about, evidence numerator)
    effects: tuple[tuple[int, int, bool, Scope, int], ...]
    scope: tuple[Scope, ...]  # per rule
    when_fns: tuple[tuple[Evaluate | None, ...], ...]  # per option, per variant
    # (option, variant) for the variants' conditions of the scoped options, by question
    whens_by_question: Mapping[str, tuple[tuple[int, int], ...]]
    # per question: (rule, condition, option, numerator, is veto, variants, evidence) for
    # each rule reading it, ready for ``reassess``
    checks: Mapping[str, tuple[tuple, ...]]
    # Per option: whether it has rules about some of its variants, so that its variant
    # decides its standing (otherwise the variant is worked out only to be shown).
    scoped_options: tuple[bool, ...]
    head_start: int  # points a pattern's evidence must reach (the baseline's head start)
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

    def total(self, oi: int, numerator: int) -> int:
        """Option ``oi``'s unbounded total, over the denominator: what options are ranked by."""
        return self.starts[oi] * self.denominator + numerator

    def score(self, oi: int, numerator: int) -> int:
        """The 0-100 score of option ``oi`` whose counted rules sum to ``numerator``."""
        return bounded_score(self.total(oi, numerator), self.denominator)

    def earned(self, oi: int, evidence: int) -> bool:
        """Whether option ``oi`` may be recommended: the baseline always may; a pattern
        only when rules about this very component give it at least the baseline's head
        start in points (``evidence`` is their weighted sum, over the denominator). A
        pattern must not win merely because the baseline lost points or nothing was said."""
        floor = self.evidence_floor(oi)
        return floor is None or evidence >= floor

    def evidence_floor(self, oi: int) -> int | None:
        """The evidence option ``oi`` needs to be recommended (None: none, the baseline)."""
        return None if oi == BASELINE else self.head_start * self.denominator

    def applies(self, index: int, variant: int) -> bool:
        """Whether rule ``index`` counts while its option is built as ``variant``."""
        scope = self.scope[index]
        return scope is None or variant in scope


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


def _variant_plan(kb: KnowledgeBase, scopes: Sequence[Scope]) -> tuple:
    """Per option the variants' conditions and whether it has rules about some variants;
    by question, the variants' conditions of those options that read it."""
    when_fns = []
    by_question: dict[str, list[tuple[int, int]]] = {}
    scoped = {OPTION_IDS.index(kb.rules[i].option) for i, scope in enumerate(scopes) if scope}
    for oi, oid in enumerate(OPTION_IDS):
        variants = kb.option(oid).variants
        when_fns.append(tuple(v.when.evaluate if v.when else None for v in variants))
        if oi not in scoped:
            continue
        for v, variant in enumerate(variants):
            for qid in variant.when.reads if variant.when else ():
                by_question.setdefault(qid, []).append((oi, v))
    return (
        tuple(when_fns),
        {qid: tuple(pairs) for qid, pairs in by_question.items()},
        tuple(oi in scoped for oi in range(len(OPTION_IDS))),
    )


def _numerator(rule: Rule, priorities: Mapping[str, str], lcm: int) -> int:
    """A point rule's points weighted by the priorities of its attributes, over the
    denominator ``2 * lcm`` (see the module's docstring)."""
    if not rule.attributes:
        return rule.points * 2 * lcm
    halves = sum(_halves(priorities.get(a) or "medium") for a in rule.attributes)
    return rule.points * halves * (lcm // len(rule.attributes))


def _checks(kb: KnowledgeBase, fns: list, effects: tuple) -> dict[str, tuple[tuple, ...]]:
    """Per question, what ``reassess`` needs of each rule reading it (see ``Plan.checks``)."""
    return {
        qid: tuple((i, fns[i], *effects[i]) for i in indexes)
        for qid, indexes in kb.rules_by_question.items()
    }


@functools.lru_cache(maxsize=64)
def plan_for(kb: KnowledgeBase, key: tuple[tuple[str, str], ...]) -> Plan:
    """The plan for ``kb`` under the priorities ``key`` (see :func:`priorities_key`)."""
    priorities = dict(key)
    option_index = {oid: index for index, oid in enumerate(OPTION_IDS)}
    widest = max((len(rule.attributes) for rule in kb.rules), default=1) or 1
    lcm = math.lcm(*range(1, widest + 1))
    denominator = 2 * lcm
    fns, numerators, is_veto, magnitude, rule_option, scopes, evidence = ([] for _ in range(7))
    point_rules: list[list[int]] = [[] for _ in OPTION_IDS]
    veto_rules: list[list[int]] = [[] for _ in OPTION_IDS]
    for index, rule in enumerate(kb.rules):
        oi = option_index[rule.option]
        fns.append(rule.condition.evaluate)
        rule_option.append(oi)
        ids = [variant.id for variant in kb.option(rule.option).variants]
        scopes.append(tuple(ids.index(v) for v in rule.variants) if rule.variants else None)
        if rule.veto is not None:
            numerators.append(0)
            evidence.append(0)
            is_veto.append(True)
            magnitude.append(VETO_WEIGHT)
            veto_rules[oi].append(index)
            continue
        numerator = _numerator(rule, priorities, lcm)
        numerators.append(numerator)
        # Evidence: points for the option from a rule that reads this component's answers
        # (or facts of its own, such as its kind), not only the system's context.
        speaks = any(kb.by_id[qid].scope == "component" for qid in rule.reads)
        evidence.append(numerator if numerator > 0 and speaks else 0)
        is_veto.append(False)
        magnitude.append(abs(numerator) / denominator)
        point_rules[oi].append(index)
    when_fns, whens_by_question, scoped_options = _variant_plan(kb, scopes)
    effects = tuple(zip(rule_option, numerators, is_veto, scopes, evidence, strict=True))
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
        effects=effects,
        scope=tuple(scopes),
        when_fns=when_fns,
        whens_by_question=whens_by_question,
        scoped_options=scoped_options,
        checks=_checks(kb, fns, effects),
        head_start=kb.head_start.points,
    )
