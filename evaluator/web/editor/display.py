"""What the editor's templates show: the form's fields grouped as the catalogue groups them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from evaluator.engine import KnowledgeBase
from evaluator.engine.explain import format_number
from evaluator.engine.knowledge import Question
from evaluator.engine.spec import COMPONENT_KINDS, kind_label

from . import unsure
from .form import (
    ComponentRow,
    EditorForm,
    answer_field,
    component_field,
    context_field,
    dependency_field,
    field_id,
    priority_field,
)
from .unsure import Unsure

KINDS = [(kind, kind_label(kind)) for kind in COMPONENT_KINDS]
PRIORITY_LEVELS = ("high", "medium", "low")


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class FieldView:
    name: str
    id: str
    label: str
    help: str
    type: str  # bool | number | choice | multi
    unit: str | None
    value: Any
    choices: tuple[Choice, ...]
    error: str | None
    range: str = ""
    unsure: Unsure | None = None  # a range or weights, for the questions that take them

    @property
    def answered(self) -> bool:
        return _answered(self.value) or bool(self.unsure and self.unsure.given)

    @property
    def known_value(self) -> bool:
        """Whether a choice answer is one of the choices (a posted stranger is kept)."""
        return any(choice.selected for choice in self.choices)


@dataclass(frozen=True)
class GroupView:
    id: str  # the <details> id
    label: str
    help: str
    fields: tuple[FieldView, ...]
    answered: int
    errors: int
    open: bool


@dataclass(frozen=True)
class DependencyView:
    index: int
    target: str
    style: str
    id: str
    error: str | None


@dataclass(frozen=True)
class ComponentView:
    key: int
    position: int
    name: str
    kind: str
    kind_label: str
    name_error: str | None
    kind_error: str | None
    dependencies: tuple[DependencyView, ...]
    groups: tuple[GroupView, ...]
    answered: int
    questions: int
    errors: int
    open: bool
    hidden: tuple[tuple[str, str], ...] = ()  # a closed component's values, as hidden fields


@dataclass(frozen=True)
class PriorityView:
    attribute: str
    label: str
    help: str
    name: str
    id: str
    value: str
    error: str | None


def range_text(question: Question) -> str:
    if question.type != "number":
        return ""
    low, high = question.min, question.max
    whole = "whole number" if question.integer else "number"
    if low is not None and high is not None:
        return f"A {whole} from {format_number(low)} to {format_number(high)}."
    if low is not None:
        return f"A {whole} of at least {format_number(low)}."
    return f"A {whole}."


def _field(question: Question, name: str, raw: Any, errors: Mapping[str, str]) -> FieldView:
    given = None
    if question.type in unsure.RANGE_TYPES + unsure.WEIGHT_TYPES:
        given = unsure.shown(question, name, raw)
        raw = given.value
    choices: tuple[Choice, ...] = ()
    if question.type in ("choice", "multi"):
        chosen = set(raw) if isinstance(raw, list) else {raw}
        choices = tuple(Choice(c.value, c.label, c.value in chosen) for c in question.choices)
    return FieldView(
        name=name,
        id=field_id(name),
        label=question.label,
        help=question.help,
        type=question.type,
        unit=question.unit,
        value=raw,
        choices=choices,
        error=errors.get(name),
        range=range_text(question),
        unsure=given,
    )


def _answered(raw: Any) -> bool:
    return bool(raw) if isinstance(raw, list) else bool(str(raw).strip())


def _groups(
    kb: KnowledgeBase,
    scope: str,
    raw: Mapping[str, Any],
    name_of: Callable[[str], str],
    errors: Mapping[str, str],
    id_prefix: str,
    is_open: Callable[[str], bool],
) -> tuple[GroupView, ...]:
    by_group: dict[str, list[Question]] = {}
    for question in kb.questions_in_scope(scope):
        by_group.setdefault(question.group, []).append(question)
    groups = []
    for group in kb.groups:
        questions = by_group.get(group.id)
        if not questions:
            continue
        fields = tuple(_field(q, name_of(q.id), raw.get(q.id, ""), errors) for q in questions)
        group_id = f"{id_prefix}-{group.id}"
        bad = sum(1 for f in fields if f.error)
        groups.append(
            GroupView(
                id=group_id,
                label=group.label,
                help=group.help,
                fields=fields,
                answered=sum(1 for f in fields if f.answered),
                errors=bad,
                open=bool(bad) or is_open(group_id),
            )
        )
    return tuple(groups)


def _opener(form: EditorForm, defaults: set[str]) -> Callable[[str], bool]:
    chosen = form.open if form.open is not None else defaults
    return lambda element_id: element_id in chosen


def system_groups(form: EditorForm, kb: KnowledgeBase) -> tuple[GroupView, ...]:
    is_open = _opener(form, {"d-context-team", "d-context-platform"})
    return _groups(kb, "system", form.context, context_field, form.errors, "d-context", is_open)


def priority_views(form: EditorForm, kb: KnowledgeBase) -> list[PriorityView]:
    return [
        PriorityView(
            attribute.id,
            attribute.label,
            attribute.help,
            priority_field(attribute.id),
            field_id(priority_field(attribute.id)),
            form.priorities.get(attribute.id, ""),
            form.errors.get(priority_field(attribute.id)),
        )
        for attribute in kb.attributes
    ]


def _component_view(
    form: EditorForm, kb: KnowledgeBase, row: ComponentRow, position: int, is_open
) -> ComponentView:
    groups = _groups(
        kb,
        "component",
        row.answers,
        lambda qid: answer_field(row.key, qid),
        form.errors,
        f"d-c{row.key}",
        is_open,
    )
    dependencies = tuple(
        DependencyView(
            index,
            dep.target,
            dep.style,
            field_id(dependency_field(row.key, index)),
            form.errors.get(dependency_field(row.key, index)),
        )
        for index, dep in enumerate(row.depends_on)
    )
    name_error = form.errors.get(component_field(row.key, "name"))
    kind_error = form.errors.get(component_field(row.key, "kind"))
    errors = sum(g.errors for g in groups) + sum(1 for d in dependencies if d.error)
    errors += bool(name_error) + bool(kind_error)
    shown = bool(errors) or is_open(f"d-c{row.key}")
    return ComponentView(
        key=row.key,
        position=position,
        name=row.name,
        kind=row.kind,
        kind_label=kind_label(row.kind),
        name_error=name_error,
        kind_error=kind_error,
        dependencies=dependencies,
        groups=groups,
        answered=sum(g.answered for g in groups),
        questions=len(kb.questions_in_scope("component")),
        errors=errors,
        open=shown,
        hidden=() if shown else _hidden_fields(row),
    )


def component_views(form: EditorForm, kb: KnowledgeBase) -> list[ComponentView]:
    # Few components: show them all open; many: only the first, so the page stays short.
    defaults = {"d-context"} | {f"d-c{row.key}" for row in form.components[:3]}
    if form.components:
        defaults.add(f"d-c{form.components[0].key}-workload")
    is_open = _opener(form, defaults)
    return [
        _component_view(form, kb, row, position, is_open)
        for position, row in enumerate(form.components, start=1)
    ]


def _hidden_fields(row: ComponentRow) -> tuple[tuple[str, str], ...]:
    """What a closed component posts: its name, kind, dependencies and given answers."""
    pairs = [
        (component_field(row.key, "name"), row.name),
        (component_field(row.key, "kind"), row.kind),
    ]
    for dep in row.depends_on:
        pairs.append((component_field(row.key, "dep"), dep.target))
        pairs.append((component_field(row.key, "style"), dep.style))
    for qid, raw in row.answers.items():
        if isinstance(raw, list):
            pairs.extend((answer_field(row.key, qid), value) for value in raw)
        elif raw:
            pairs.append((answer_field(row.key, qid), raw))
    return tuple(pairs)


def error_list(form: EditorForm, kb: KnowledgeBase) -> list[dict[str, str]]:
    """Every field message with a label that says where it is, in form order."""
    if not form.errors:
        return []
    labels: dict[str, str] = {"name": "Design name", "summary": "Summary"}
    for question in kb.questions_in_scope("system"):
        labels[context_field(question.id)] = question.label
    for attribute in kb.attributes:
        labels[priority_field(attribute.id)] = f"Priority of {attribute.label.lower()}"
    for position, row in enumerate(form.components, start=1):
        title = row.name.strip() or f"Component #{position}"
        labels[component_field(row.key, "name")] = f"{title}: name"
        labels[component_field(row.key, "kind")] = f"{title}: kind"
        for index in range(len(row.depends_on)):
            labels[dependency_field(row.key, index)] = f"{title}: dependency"
        for question in kb.questions_in_scope("component"):
            labels[answer_field(row.key, question.id)] = f"{title}: {question.label}"
    order = {name: index for index, name in enumerate(labels)}
    return [
        {"field": name, "id": field_id(name), "label": labels.get(name, name), "message": text}
        for name, text in sorted(form.errors.items(), key=lambda item: order.get(item[0], 1 << 30))
    ]
