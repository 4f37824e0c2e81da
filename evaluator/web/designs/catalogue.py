"""Answers as people read them: question labels, units and choice labels from the catalogue."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from evaluator.engine.explain import format_value

from .. import services

PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class FactRow:
    id: str
    label: str
    value: str
    help: str = ""


def _value_text(value: Any, question) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        if not value:
            return "none"
        return ", ".join(question.choice_label(v) if question else v for v in value)
    if isinstance(value, str):
        return question.choice_label(value) if question else value
    if question is not None:
        # Units as the engine's sentences write them: "1 node", "3 nodes".
        return format_value(question, value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,g}"


def describe_facts(facts: Mapping[str, Any]) -> list[FactRow]:
    """One row per answered question, in catalogue order; unknown ids last, as written."""
    kb = services.knowledge()
    order = {question.id: index for index, question in enumerate(kb.questions)}
    rows = []
    for qid in sorted(facts, key=lambda q: (order.get(q, len(order)), q)):
        question = kb.by_id.get(qid)
        label = question.label if question else qid.replace("_", " ").capitalize()
        help_text = question.help if question else ""
        rows.append(FactRow(qid, label, _value_text(facts[qid], question), help_text))
    return rows


def priority_rows(priorities: Mapping[str, str]) -> list[FactRow]:
    """Ranked priorities, high first, labelled with the catalogue's quality attributes."""
    kb = services.knowledge()
    ranked = sorted(priorities, key=lambda a: (PRIORITY_ORDER.get(priorities[a], 3), a))
    return [FactRow(attr, kb.attribute_label(attr), str(priorities[attr])) for attr in ranked]


@dataclass(frozen=True)
class FactGroup:
    label: str
    rows: list[FactRow]


def grouped_facts(facts: Mapping[str, Any]) -> list[FactGroup]:
    """Answered questions under their catalogue group headings, in catalogue order."""
    kb = services.knowledge()
    labels = {group.id: group.label for group in kb.groups}
    groups: dict[str, list[FactRow]] = {}
    for row in describe_facts(facts):
        question = kb.by_id.get(row.id)
        group = question.group if question is not None and question.group in labels else ""
        groups.setdefault(group, []).append(row)
    return [FactGroup(labels.get(group, "Other answers"), rows) for group, rows in groups.items()]


def question_count(scope: str) -> int:
    """How many catalogue questions there are for a scope ("system" or "component")."""
    return len(services.knowledge().questions_in_scope(scope))
