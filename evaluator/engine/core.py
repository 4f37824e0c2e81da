"""The arithmetic at the heart of scoring, shared by evaluation and analysis.

A :class:`Plan` is the knowledge base flattened for one set of priorities: one tuple of
condition functions and one of weighted points, indexed by rule. A :class:`State` holds a
component's facts and the outcome of every rule, so analysis can change one answer,
re-run only the rules that read it, and re-score only the options those rules belong to.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from evaluator.engine.conditions import Evaluate
from evaluator.engine.knowledge import OPTION_IDS, PRIORITY_WEIGHTS, KnowledgeBase
from evaluator.engine.results import pick, to_score

# How much an undecided veto weighs against decided rules when working out confidence:
# a hard limit matters as much as a strong rule.
VETO_WEIGHT = 30.0


@dataclass(frozen=True, eq=False)
class Plan:
    """The rules of a knowledge base, weighted by one design's priorities."""

    kb: KnowledgeBase
    fns: tuple[Evaluate, ...]
    weighted: tuple[float, ...]  # points x priority weight; 0.0 for vetoes
    magnitude: tuple[float, ...]  # |weighted|, or VETO_WEIGHT for a veto
    rule_option: tuple[int, ...]  # index into OPTION_IDS
    starts: tuple[int, ...]
    point_rules: tuple[tuple[int, ...], ...]  # per option
    veto_rules: tuple[tuple[int, ...], ...]  # per option
    option_rules: tuple[tuple[int, ...], ...]  # per option, both kinds
    by_question: Mapping[str, tuple[int, ...]]
    options_by_question: Mapping[str, tuple[int, ...]]


def rule_weight(attributes: tuple[str, ...], priorities: Mapping[str, str]) -> float:
    """The mean priority multiplier over a rule's attributes (unset counts as medium)."""
    if not attributes:
        return 1.0
    total = math.fsum(PRIORITY_WEIGHTS[priorities.get(a) or "medium"] for a in attributes)
    return total / len(attributes)


def priorities_key(priorities: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in priorities.items() if v is not None))


@functools.lru_cache(maxsize=64)
def plan_for(kb: KnowledgeBase, key: tuple[tuple[str, str], ...]) -> Plan:
    """The plan for ``kb`` under the priorities ``key`` (see :func:`priorities_key`)."""
    priorities = dict(key)
    option_index = {oid: index for index, oid in enumerate(OPTION_IDS)}
    fns, weighted, magnitude, rule_option = [], [], [], []
    point_rules: list[list[int]] = [[] for _ in OPTION_IDS]
    veto_rules: list[list[int]] = [[] for _ in OPTION_IDS]
    for index, rule in enumerate(kb.rules):
        oi = option_index[rule.option]
        fns.append(rule.condition.evaluate)
        rule_option.append(oi)
        if rule.veto is not None:
            weighted.append(0.0)
            magnitude.append(VETO_WEIGHT)
            veto_rules[oi].append(index)
        else:
            value = rule.points * rule_weight(rule.attributes, priorities)
            weighted.append(value)
            magnitude.append(abs(value))
            point_rules[oi].append(index)
    options_by_question = {
        qid: tuple(sorted({rule_option[i] for i in indexes}))
        for qid, indexes in kb.rules_by_question.items()
    }
    return Plan(
        kb=kb,
        fns=tuple(fns),
        weighted=tuple(weighted),
        magnitude=tuple(magnitude),
        rule_option=tuple(rule_option),
        starts=tuple(kb.option(oid).start for oid in OPTION_IDS),
        point_rules=tuple(map(tuple, point_rules)),
        veto_rules=tuple(map(tuple, veto_rules)),
        option_rules=tuple(
            tuple(sorted(p + v)) for p, v in zip(point_rules, veto_rules, strict=True)
        ),
        by_question=kb.rules_by_question,
        options_by_question=options_by_question,
    )


def score_option(plan: Plan, results: list, oi: int) -> tuple[int, bool]:
    """(score, ruled out) of option ``oi`` given every rule's outcome."""
    weighted = plan.weighted
    # fsum is exact whatever the order of its terms, so the score never depends on the
    # order rules were written in.
    total = plan.starts[oi] + math.fsum(
        [weighted[i] for i in plan.point_rules[oi] if results[i] is True]
    )
    vetoed = any(results[i] is True for i in plan.veto_rules[oi])
    return to_score(total), vetoed


@dataclass
class State:
    """One component's facts and every rule's outcome; analysis copies and patches it."""

    facts: dict[str, Any]
    results: list
    scores: list[int]
    vetoed: list[bool]
    best: int | None
    second: int | None


def assess(plan: Plan, facts: dict[str, Any]) -> State:
    """Run every rule on ``facts`` and score every option."""
    results = [fn(facts) for fn in plan.fns]
    scores = []
    vetoed = []
    for oi in range(len(OPTION_IDS)):
        score, ruled_out = score_option(plan, results, oi)
        scores.append(score)
        vetoed.append(ruled_out)
    best, second = pick(scores, vetoed)
    return State(facts, results, scores, vetoed, best, second)


def reassess(plan: Plan, state: State, qid: str, value: Any) -> tuple[list[int], list[bool]]:
    """Scores and vetoes if ``qid`` were ``value``: only rules reading ``qid`` are re-run."""
    facts = dict(state.facts)
    if value is None:
        facts.pop(qid, None)
    else:
        facts[qid] = value
    results = list(state.results)
    fns = plan.fns
    for i in plan.by_question.get(qid, ()):
        results[i] = fns[i](facts)
    scores = list(state.scores)
    vetoed = list(state.vetoed)
    for oi in plan.options_by_question.get(qid, ()):
        scores[oi], vetoed[oi] = score_option(plan, results, oi)
    return scores, vetoed
