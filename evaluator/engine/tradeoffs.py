"""Trade-off points, in the ATAM sense: answers whose rules pull options, or quality
attributes, in opposite directions.
"""

from __future__ import annotations

import math

from evaluator.engine.assessment import State
from evaluator.engine.core import Plan, answerable
from evaluator.engine.explain import format_value, join_words, signed
from evaluator.engine.knowledge import OPTION_IDS, KnowledgeBase
from evaluator.engine.results import OptionResult, TradeoffPoint

__all__ = ["MAX_TRADEOFF_POINTS", "tradeoff_points"]

MAX_TRADEOFF_POINTS = 6


def tradeoff_points(
    plan: Plan, state: State, options: tuple[OptionResult, ...] = ()
) -> tuple[TradeoffPoint, ...]:
    """Answers whose rules push options, or quality attributes, in opposite directions.

    In the ATAM sense: one answer argues for some options and against others, or counts
    for some quality attributes and against others.
    """
    kb = plan.kb
    facts = state.facts
    numerators = plan.numerators
    rule_option = plan.rule_option
    # First find and rank the candidates with integer arithmetic only; build the objects
    # and sentences just for the few that are kept.
    # The component's own answers first: a system-wide answer is the same for every
    # component and pulls the same way in each, so it comes after them.
    ranked: list[tuple[bool, int, str, list[int]]] = []
    for qid, question in answerable(kb):
        if facts.get(qid) is None:
            continue
        fired = [i for i in plan.by_question[qid] if numerators[i] and state.counts(plan, i)]
        if len(fired) < 2:
            continue
        per_option: dict[int, int] = {}
        signs = 0
        for i in fired:
            oi = rule_option[i]
            per_option[oi] = per_option.get(oi, 0) + numerators[i]
            signs |= 1 if numerators[i] > 0 else 2
        deltas = set(per_option.values())
        options_split = any(d > 0 for d in deltas) and any(d < 0 for d in deltas)
        if not options_split and signs != 3:
            continue
        weight = -sum(abs(numerators[i]) for i in fired)
        ranked.append((question.scope != "component", weight, qid, fired))
    ranked.sort()
    found: list[TradeoffPoint] = []
    for _, _, qid, fired in ranked:
        point = _tradeoff(plan, state, qid, fired)
        if point is not None:
            found.append(point)
            if len(found) == MAX_TRADEOFF_POINTS:
                break
    return tuple(found)


def _tradeoff(plan: Plan, state: State, qid: str, fired: list[int]) -> TradeoffPoint | None:
    kb = plan.kb
    question = kb.by_id[qid]
    value = state.facts[qid]
    names = [kb.option(oid).name for oid in OPTION_IDS]
    per_option: dict[int, float] = {}
    for_attributes: set[str] = set()
    against_attributes: set[str] = set()
    for i in fired:
        oi = plan.rule_option[i]
        per_option[oi] = per_option.get(oi, 0.0) + plan.weighted(i)
        side = for_attributes if plan.numerators[i] > 0 else against_attributes
        side.update(kb.rules[i].attributes)
    ordered = sorted(per_option.items())
    gains = tuple((OPTION_IDS[oi], round(delta, 2)) for oi, delta in ordered if delta > 0)
    loses = tuple((OPTION_IDS[oi], round(delta, 2)) for oi, delta in ordered if delta < 0)
    only_for = sorted(for_attributes - against_attributes)
    only_against = sorted(against_attributes - for_attributes)
    if not (gains and loses) and not (only_for and only_against):
        return None
    value_text = format_value(question, value)
    return TradeoffPoint(
        question=qid,
        label=question.label,
        scope=question.scope,
        value=value,
        value_text=value_text,
        gains=gains,
        loses=loses,
        attributes_gain=tuple(sorted(for_attributes)),
        attributes_lose=tuple(sorted(against_attributes)),
        rules=tuple(sorted(kb.rules[i].id for i in fired)),
        weight=round(math.fsum(plan.magnitude[i] for i in fired), 2),
        sentence=_tradeoff_sentence(
            kb.by_id[qid].label, value_text, gains, loses, only_for, only_against, names, kb
        ),
    )


def _tradeoff_sentence(
    label: str,
    value_text: str,
    gains: tuple,
    loses: tuple,
    only_for: list[str],
    only_against: list[str],
    names: list[str],
    kb: KnowledgeBase,
) -> str:
    def options_text(items: tuple) -> str:
        return join_words(
            f"{names[OPTION_IDS.index(oid)]} ({signed(delta)})" for oid, delta in items
        )

    parts = []
    if gains:
        parts.append(f"favours {options_text(gains)}")
    if loses:
        parts.append(f"counts against {options_text(loses)}")
    text = f"The answer {value_text} to “{label}” " + " but ".join(parts) + "."
    if only_for and only_against:
        helps = ", ".join(kb.attribute_label(a).lower() for a in only_for)
        hurts = ", ".join(kb.attribute_label(a).lower() for a in only_against)
        text += f" It argues for on {helps} and against on {hurts}."
    return text
