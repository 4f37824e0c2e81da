"""Tipping points: the smallest change of one answer that changes a recommendation.

Every question a rule reads is tried, only the rules reading it are re-run (see
``assessment.reassess``), and a cheap bound skips the questions that cannot tip at all.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Iterator, Mapping
from typing import Any

from evaluator.engine.assessment import State, reassess
from evaluator.engine.core import Plan, answerable
from evaluator.engine.explain import format_value
from evaluator.engine.knowledge import OPTION_IDS, KnowledgeBase, Question
from evaluator.engine.results import TippingPoint
from evaluator.engine.standing import Scope, Tally

__all__ = ["MAX_TIPPING_POINTS", "tipping_points"]

MAX_TIPPING_POINTS = 12


@functools.lru_cache(maxsize=8)
def _thresholds(kb: KnowledgeBase) -> Mapping[str, tuple[float, ...]]:
    """Every number each question is compared with, over all rules and variant conditions
    (a variant's condition decides which of its option's rules count)."""
    found: dict[str, set[float]] = {}
    conditions = [rule.condition for rule in kb.rules]
    conditions += [v.when for option in kb.options for v in option.variants if v.when]
    for condition in conditions:
        for qid, values in condition.thresholds.items():
            found.setdefault(qid, set()).update(values)
    return {qid: tuple(sorted(values)) for qid, values in found.items()}


def _position(thresholds: tuple[float, ...], value: Any) -> tuple[int, bool] | None:
    """Where a number stands against every threshold: values at the same position give
    every condition the same outcome, so only one of them needs to be tried."""
    if value is None:
        return None
    index = bisect.bisect_left(thresholds, value)
    return index, index < len(thresholds) and thresholds[index] == value


def _tidy(value: float) -> float:
    # 899.0 reads as 899 and compares equal either way.
    return int(value) if float(value).is_integer() else value


@functools.lru_cache(maxsize=1024)
def _number_candidates(question: Question, thresholds: tuple[float, ...]) -> tuple[float, ...]:
    """Values just either side of, and at, every threshold, within the question's bounds."""
    values: set[float] = set()
    for t in thresholds:
        if question.integer or float(t).is_integer():
            around = (math.floor(t) - 1, math.floor(t), math.ceil(t), math.ceil(t) + 1)
        else:
            step = abs(t) / 100 or 0.01
            around = (t - step, t, t + step)
        for value in around:
            if question.integer and not float(value).is_integer():
                continue
            if question.min is not None and value < question.min:
                continue
            if question.max is not None and value > question.max:
                continue
            values.add(_tidy(value))
    return tuple(sorted(values))


def _candidates(
    question: Question, current: Any, thresholds: tuple[float, ...]
) -> Iterator[tuple[Any, float, int]]:
    """(new value, distance, direction) in the order they should be tried.

    Direction groups number candidates: analysis stops at the first change in each
    direction, because anything further away is not the smallest change.
    """
    kind = question.type
    if kind == "bool":
        for value in (True, False) if current is None else (not current,):
            yield value, 1.0, 0
    elif kind == "choice":
        for index, choice in enumerate(question.choices):
            if choice.value != current:
                yield choice.value, 1.0, index + 1
    elif kind == "multi":
        order = [choice.value for choice in question.choices]
        if current is None:
            yield [], 1.0, 0
            for index, value in enumerate(order):
                yield [value], 1.0, index + 1
        else:
            present = set(current)
            for index, value in enumerate(order):
                toggled = present ^ {value}
                yield [v for v in order if v in toggled], 1.0, index + 1
    else:
        values = _number_candidates(question, thresholds)
        if current is None:
            for value in values:
                yield value, 1.0, 0
            return
        scale = abs(current) or 1.0
        below = [v for v in values if v < current]
        above = [v for v in values if v > current]
        for value in reversed(below):
            yield value, abs(current - value) / scale, -1
        for value in above:
            yield value, abs(value - current) / scale, 1


@functools.lru_cache(maxsize=64)
def _rule_info(plan: Plan) -> Mapping[str, tuple[tuple, frozenset[int]]]:
    """Per question: (rule, option, is veto, numerator, evidence, variants) for each rule
    reading it, and the options whose variant it may change (through a variant's condition
    or a veto on some variants), whose totals are then bounded over every variant."""
    touched: dict[str, set[int]] = {}
    for qid, pairs in plan.whens_by_question.items():
        touched.setdefault(qid, set()).update(oi for oi, _ in pairs)
    info = {}
    for qid, indexes in plan.by_question.items():
        rules = []
        for i in indexes:
            oi, numerator, veto, scope, evidence = plan.effects[i]
            rules.append((i, oi, veto, numerator, evidence, scope))
            if scope is not None and veto:
                touched.setdefault(qid, set()).add(oi)
        info[qid] = (tuple(rules), frozenset(touched.get(qid, ())))
    return info


def _bound(tally: Tally, sums: int, evidence: int, per_variant: list | None, sign: int = -1):
    """(total numerator, evidence) at the extreme over every variant: the most when
    ``sign`` is 1, the least when -1. ``per_variant`` holds each variant's possible change
    (gains, or losses, and lost evidence) from the question's rules about variants."""
    change = per_variant or [(0, 0)] * len(tally.vsums)
    totals = [tally.vsums[v] + sign * change[v][0] for v in range(len(tally.vsums))]
    evidences = [tally.vevidence[v] - change[v][1] for v in range(len(tally.vsums))]
    pick_ = max if sign > 0 else min
    return sums + pick_(totals), evidence + min(evidences)


def _may_tip(plan: Plan, state: State, info: tuple, ruled: frozenset[int]) -> bool:
    """Whether any answer to a question could change the recommendation at all.

    A cheap bound over the rules reading the question (``info``): the most each option
    could gain, the most the leader could lose, which vetoes could appear or lift, and
    whether the leader could lose the evidence it needs. An option whose variant the
    question may change is bounded over all of its variants. When no option can overtake
    even in the best case, none of the question's values need be tried. ``ruled`` holds
    the ruled-out options with rules about some variants: were their vetoes lifted, they
    would be built as the first variant standing.
    """
    best = state.best
    outcome = state.outcome
    if best is None or not outcome.earned[best]:
        return True
    rules, touched = info
    # Options that may be built as another variant: through a variant's condition or veto
    # reading the question, or as ruled-out options whose vetoes lift.
    moving = touched | ruled if ruled else touched
    changes = _changes(state, rules, moving)
    if changes is None:
        return True  # the leader, or its variant, could be ruled out
    up, vchange, lifts, lost = changes
    tallies = state.tallies
    if best in moving:
        tally = tallies[best]
        floor, evidence_floor = _bound(
            tally, tally.sums - up[best], tally.evidence - lost, vchange[best]
        )
        floor += plan.starts[best] * plan.denominator
    else:
        floor = outcome.totals[best] - up[best]
        evidence_floor = outcome.evidence[best] - lost
    if not plan.earned(best, evidence_floor):
        return True  # the leader could lose the evidence it was recommended on
    # Every option, not only those the question touches: if the leader can fall, an
    # untouched runner-up can overtake it.
    for oi, out in enumerate(outcome.vetoed):
        if oi == best or (out and not _may_lift(tallies[oi], lifts[oi])):
            continue
        if oi in moving:
            other = tallies[oi]
            ceiling = _bound(other, other.sums + up[oi], 0, vchange[oi], 1)[0]
            ceiling += plan.starts[oi] * plan.denominator
        else:
            ceiling = outcome.totals[oi] + up[oi]
        if ceiling > floor or (ceiling == floor and oi < best):
            return True
    return False


def _changes(state: State, rules: tuple, moving: frozenset[int]) -> tuple | None:
    """What the question's rules could change at most, or None if a veto could rule out
    the leader or its variant: per option the points it could gain (the leader: lose); per
    option that may change variant the same per variant, as [points, lost evidence]; per
    option the fired vetoes that could lift (see ``_count_lift``); and the evidence the
    leader could lose from rules about every variant it may be built as."""
    best = state.best
    results = state.results
    variants = state.outcome.variants
    up = [0] * len(OPTION_IDS)
    vchange: list = [None] * len(OPTION_IDS)
    lifts: list = [None] * len(OPTION_IDS)
    lost = 0
    for i, oi, veto, n, evidence, scope in rules:
        fired = results[i] is True
        if veto:
            if not fired:
                if oi == best:
                    return None
            else:
                _count_lift(lifts, state.tallies[oi], oi, scope)
            continue
        if scope is not None and oi not in moving:
            if variants[oi] not in scope:
                continue
            scope = None  # about the variant it stays built as, whatever the answer
        moves = (n > 0) == fired if oi == best else (n > 0) != fired
        amount = (n if n > 0 else -n) if moves else 0
        gone = evidence if oi == best and fired else 0
        if scope is None:
            up[oi] += amount
            lost += gone
        elif amount or gone:
            if vchange[oi] is None:
                vchange[oi] = [[0, 0] for _ in state.tallies[oi].vsums]
            for v in scope:
                vchange[oi][v][0] += amount
                vchange[oi][v][1] += gone
    return up, vchange, lifts, lost


def _count_lift(lifts: list, tally: Tally, oi: int, scope: Scope) -> None:
    """Count a fired veto of option ``oi`` that another answer could lift: option-wide
    first, then one per variant it is about."""
    counts = lifts[oi]
    if counts is None:
        counts = lifts[oi] = [0] * (1 + (len(tally.holds) if tally.holds is not None else 0))
    if scope is None:
        counts[0] += 1
    else:
        for v in scope:
            counts[1 + v] += 1


def _may_lift(tally: Tally, lifts: list[int] | None) -> bool:
    """Whether a ruled-out option could stand again if the fired vetoes ``lifts`` counts
    stopped holding: every option-wide veto among them, and every one on some variant."""
    if lifts is None or tally.vetoes > lifts[0]:
        return False
    if tally.holds is None:
        return True
    return any(count <= lifts[1 + v] for v, count in enumerate(tally.vvetoes))


def tipping_points(plan: Plan, state: State) -> tuple[TippingPoint, ...]:
    """The smallest single-answer changes that change this component's recommendation.

    Every question a rule reads is tried: each other choice, yes/no flipped (both when
    unanswered), each multi choice toggled, and for numbers the values just either side of
    every threshold the rules use. Only the rules reading the changed question are re-run.
    """
    kb = plan.kb
    thresholds = _thresholds(kb)
    names = [kb.option(oid).name for oid in OPTION_IDS]
    found: list[TippingPoint] = []
    info = _rule_info(plan)
    vetoed = state.outcome.vetoed
    ruled = frozenset(oi for oi in range(len(OPTION_IDS)) if vetoed[oi] and plan.scoped_options[oi])
    # Derived facts are left out: they are worked out from the design, not answered.
    for qid, question in answerable(kb):
        if not _may_tip(plan, state, info[qid], ruled):
            continue
        current = state.facts.get(qid)
        settled: set[int] = set()  # number directions already answered
        seen_outcomes: set[int | None] = set()  # for unanswered numbers: one per outcome
        limits = thresholds.get(qid, ())
        number = question.type == "number"
        tried = {_position(limits, current)} if number else set()  # positions known
        for new, distance, direction in _candidates(question, current, limits):
            if number:
                if direction in settled and current is not None:
                    continue
                position = _position(limits, new)
                if position in tried:
                    continue
                tried.add(position)
            changed = reassess(plan, state, qid, new)
            if changed is None:
                continue
            best, _ = changed.ranked()
            if best == state.best:
                continue
            scores, vetoed = changed.scores, changed.vetoed
            if question.type == "number":
                if current is None:
                    if best in seen_outcomes:
                        continue
                    seen_outcomes.add(best)
                else:
                    settled.add(direction)
            found.append(
                _tipping(question, state, names, current, new, distance, best, scores, vetoed)
            )
    found.sort(key=lambda t: (t.distance, t.scope != "component", t.question, repr(t.new)))
    return tuple(found[:MAX_TIPPING_POINTS])


def _tipping(
    question: Question,
    state: State,
    names: list[str],
    current: Any,
    new: Any,
    distance: float,
    best: int | None,
    scores: list[int],
    vetoed: list[bool],
) -> TippingPoint:
    current_text = format_value(question, current)
    new_text = format_value(question, new)
    previous = state.best
    if current is None:
        lead = f"If “{question.label}” were answered {new_text}"
    else:
        lead = f"If “{question.label}” changed from {current_text} to {new_text}"
    if best is None:
        sentence = f"{lead}, every option would be ruled out."
    elif previous is None:
        sentence = f"{lead}, {names[best]} would become the recommendation ({scores[best]})."
    elif vetoed[previous]:
        sentence = (
            f"{lead}, {names[previous]} would be ruled out and {names[best]} would become"
            f" the recommendation ({scores[best]})."
        )
    elif scores[best] == scores[previous]:
        sentence = (
            f"{lead}, {names[best]} would draw level with {names[previous]} at"
            f" {scores[best]} and become the recommendation, as the simpler of the two."
        )
    else:
        sentence = (
            f"{lead}, {names[best]} would become the recommendation"
            f" ({scores[best]} vs {scores[previous]})."
        )
    return TippingPoint(
        question=question.id,
        label=question.label,
        scope=question.scope,
        current=current,
        new=new,
        current_text=current_text,
        new_text=new_text,
        distance=round(distance, 4),
        recommendation=OPTION_IDS[best] if best is not None else None,
        score=scores[best] if best is not None else None,
        previous=OPTION_IDS[previous] if previous is not None else None,
        previous_score=scores[previous] if previous is not None else None,
        sentence=sentence,
    )
