"""Tipping points: the smallest change of one answer that changes a recommendation.

Every question a rule reads is tried, only the rules reading it are re-run (see
``core.reassess``), and a cheap bound skips the questions that cannot tip at all.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Mapping
from typing import Any

from evaluator.engine.core import Plan, State, Tally, answerable, reassess
from evaluator.engine.explain import format_value
from evaluator.engine.knowledge import OPTION_IDS, KnowledgeBase, Question
from evaluator.engine.results import TippingPoint

__all__ = ["MAX_TIPPING_POINTS", "tipping_points"]

MAX_TIPPING_POINTS = 12


@functools.lru_cache(maxsize=8)
def _thresholds(kb: KnowledgeBase) -> Mapping[str, tuple[float, ...]]:
    """Every number each question is compared with, over all rules."""
    found: dict[str, set[float]] = {}
    for rule in kb.rules:
        for qid, values in rule.condition.thresholds.items():
            found.setdefault(qid, set()).update(values)
    return {qid: tuple(sorted(values)) for qid, values in found.items()}


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
def _rule_info(plan: Plan) -> Mapping[str, tuple[tuple[int, int, bool, int, int], ...]]:
    """Per question: (rule, option, is veto, numerator, evidence) for each option-wide rule
    reading it. Questions that scoped rules or variant conditions read are not bounded
    (see ``_may_tip``), so their scoped rules need no entry."""
    return {
        qid: tuple(
            (i, plan.rule_option[i], plan.is_veto[i], plan.numerators[i], plan.effects[i][4])
            for i in indexes
            if plan.scope[i] is None
        )
        for qid, indexes in plan.by_question.items()
    }


def _may_tip(plan: Plan, state: State, qid: str, info: tuple) -> bool:
    """Whether any answer to a question could change the recommendation at all.

    A cheap bound over the rules reading the question (``info``): the most each option
    could gain, the most the leader could lose, which vetoes could appear or lift, and
    whether the leader could lose the evidence it needs. When no option can overtake even
    in the best case, none of the question's values need be tried. A question that can
    move an option between variants is always tried.
    """
    best = state.best
    outcome = state.outcome
    if best is None or qid in plan.variant_sensitive or not outcome.earned[best]:
        return True
    results = state.results
    up = [0, 0, 0, 0, 0, 0]
    liftable = [0, 0, 0, 0, 0, 0]
    down = lost_evidence = 0
    for i, oi, veto, n, evidence in info:
        fired = results[i] is True
        if veto:
            if fired:
                liftable[oi] += 1
            elif oi == best:
                return True  # the leader could be ruled out
        elif oi == best:
            if (n > 0) == fired:
                down += n if n > 0 else -n
            if fired:
                lost_evidence += evidence
        elif (n > 0) != fired:
            up[oi] += n if n > 0 else -n
    if not plan.earned(best, outcome.evidence[best] - lost_evidence):
        return True  # the leader could lose the evidence it was recommended on
    floor = outcome.totals[best] - down
    # Every option, not only those the question touches: if the leader can fall, an
    # untouched runner-up can overtake it.
    for oi in range(len(OPTION_IDS)):
        if oi == best or (outcome.vetoed[oi] and not _may_lift(state.tallies[oi], liftable[oi])):
            continue
        ceiling = outcome.totals[oi] + up[oi]
        if ceiling > floor or (ceiling == floor and oi < best):
            return True
    return False


def _may_lift(tally: Tally, liftable: int) -> bool:
    """Whether a ruled-out option could stand again when ``liftable`` of its option-wide
    vetoes stopped holding (vetoes on variants do not read bounded questions)."""
    return tally.vetoes <= liftable and not all(count > 0 for count in tally.vvetoes)


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
    # Derived facts are left out: they are worked out from the design, not answered.
    for qid, question in answerable(kb):
        if not _may_tip(plan, state, qid, info[qid]):
            continue
        current = state.facts.get(qid)
        settled: set[int] = set()  # number directions already answered
        seen_outcomes: set[int | None] = set()  # for unanswered numbers: one per outcome
        for new, distance, direction in _candidates(question, current, thresholds.get(qid, ())):
            if direction in settled and question.type == "number" and current is not None:
                continue
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
