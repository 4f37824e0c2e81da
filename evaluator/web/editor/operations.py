"""Component operations on the posted form: add, duplicate, move, remove, dependencies.

Each button names its operation in its ``action`` value; ``apply`` carries it out on the
form as posted and says which element to focus and what to announce. Nothing is saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from evaluator.engine import KnowledgeBase
from evaluator.engine.spec import MAX_COMPONENTS

from .form import (
    DEFAULT_KIND,
    ComponentRow,
    DependencyRow,
    EditorForm,
    component_field,
    dependency_field,
    field_id,
)

_INDEX_RE = re.compile(r"^[0-9]{1,6}$")
TOO_MANY = f"A design has at most {MAX_COMPONENTS} components."


@dataclass(frozen=True)
class Outcome:
    form: EditorForm
    focus: str | None = None  # the element id to focus after the list is redrawn
    note: str = ""  # a sentence for screen readers (and the page without JavaScript)


def unique_name(form: EditorForm, wanted: str) -> str:
    taken = {row.name.strip().casefold() for row in form.components}
    if wanted.casefold() not in taken:
        return wanted
    number = 2
    while f"{wanted} {number}".casefold() in taken:
        number += 1
    return f"{wanted} {number}"


def _with_open(form: EditorForm, *ids: str) -> set[str] | None:
    return None if form.open is None else form.open | set(ids)


def first_group(kb: KnowledgeBase, key: int) -> str:
    """The id of a component's first question group (opened when it is added)."""
    for group in kb.groups:
        if group.scope == "component":
            return f"d-c{key}-{group.id}"
    return f"d-c{key}"


def _add(form: EditorForm, kb: KnowledgeBase) -> Outcome:
    if len(form.components) >= MAX_COMPONENTS:
        return Outcome(form, note=TOO_MANY)
    key = form.next_key()
    name = unique_name(form, f"Component {len(form.components) + 1}")
    components = [*form.components, ComponentRow(key, name, DEFAULT_KIND)]
    opened = _with_open(form, f"d-c{key}", first_group(kb, key))
    new = replace(form, components=components, open=opened)
    return Outcome(new, field_id(component_field(key, "name")), f"Added “{name}”.")


def _duplicate(form: EditorForm, row: ComponentRow, index: int, kb: KnowledgeBase) -> Outcome:
    if len(form.components) >= MAX_COMPONENTS:
        return Outcome(form, note=TOO_MANY)
    key = form.next_key()
    name = unique_name(form, f"{row.name.strip() or 'Component'} (copy)")
    copy = ComponentRow(
        key,
        name,
        row.kind,
        [DependencyRow(dep.target, dep.style) for dep in row.depends_on],
        {qid: list(v) if isinstance(v, list) else v for qid, v in row.answers.items()},
    )
    components = list(form.components)
    components.insert(index + 1, copy)
    opened = _with_open(form, f"d-c{key}", first_group(kb, key))
    new = replace(form, components=components, open=opened)
    note = f"Added “{name}”, a copy of “{row.name}”."
    return Outcome(new, field_id(component_field(key, "name")), note)


def _move(form: EditorForm, row: ComponentRow, index: int, verb: str) -> Outcome:
    components = list(form.components)
    other = index - 1 if verb == "up" else index + 1
    if not 0 <= other < len(components):
        return Outcome(form, f"c{row.key}-{verb}")
    components[index], components[other] = components[other], components[index]
    # A button that reaches an end is disabled; keep focus on one that still works.
    at_end = other == 0 if verb == "up" else other == len(components) - 1
    focus = f"c{row.key}-{'down' if verb == 'up' else 'up'}" if at_end else f"c{row.key}-{verb}"
    place = "first" if other == 0 else f"number {other + 1} of {len(components)}"
    return Outcome(replace(form, components=components), focus, f"Moved “{row.name}”: {place}.")


def _remove(form: EditorForm, row: ComponentRow, index: int) -> Outcome:
    target = str(row.key)
    components = [
        replace(other, depends_on=[dep for dep in other.depends_on if dep.target != target])
        for other in form.components
        if other.key != row.key
    ]
    if components:
        focus = f"c{components[min(index, len(components) - 1)].key}-summary"
    else:
        focus = "add-component"
    note = f"Removed “{row.name}”. Nothing is saved until you save."
    return Outcome(replace(form, components=components), focus, note)


def _expand(form: EditorForm, row: ComponentRow, kb: KnowledgeBase) -> Outcome:
    opened = (form.open or set()) | {f"d-c{row.key}"}
    if not any(item.startswith(f"d-c{row.key}-") for item in opened):
        opened.add(first_group(kb, row.key))
    return Outcome(replace(form, open=opened), f"c{row.key}-summary")


def _add_dependency(form: EditorForm, row: ComponentRow, index: int) -> Outcome:
    deps = [*row.depends_on, DependencyRow("", "sync")]
    components = list(form.components)
    components[index] = replace(row, depends_on=deps)
    focus = field_id(dependency_field(row.key, len(deps) - 1))
    return Outcome(replace(form, components=components), focus, "Added a dependency row.")


def _remove_dependency(form: EditorForm, row: ComponentRow, index: int, arg: str) -> Outcome:
    position = int(arg) if _INDEX_RE.match(arg) else -1
    if not 0 <= position < len(row.depends_on):
        return Outcome(form, f"c{row.key}-dep-add")
    components = list(form.components)
    deps = [dep for i, dep in enumerate(row.depends_on) if i != position]
    components[index] = replace(row, depends_on=deps)
    return Outcome(
        replace(form, components=components), f"c{row.key}-dep-add", "Removed a dependency."
    )


_ON_COMPONENT: dict[str, Callable[..., Outcome]] = {
    "duplicate": lambda form, row, index, kb, arg: _duplicate(form, row, index, kb),
    "up": lambda form, row, index, kb, arg: _move(form, row, index, "up"),
    "down": lambda form, row, index, kb, arg: _move(form, row, index, "down"),
    "remove": lambda form, row, index, kb, arg: _remove(form, row, index),
    "expand": lambda form, row, index, kb, arg: _expand(form, row, kb),
    "dep-add": lambda form, row, index, kb, arg: _add_dependency(form, row, index),
    "dep-remove": lambda form, row, index, kb, arg: _remove_dependency(form, row, index, arg),
}


def apply(form: EditorForm, action: str, kb: KnowledgeBase) -> Outcome:
    """Carry out one component operation named by a button's ``action`` value.

    ``add``, ``duplicate:<key>``, ``up:<key>``, ``down:<key>``, ``remove:<key>``,
    ``expand:<key>`` (show a closed component's questions), ``dep-add:<key>``,
    ``dep-remove:<key>:<index>``. Anything else changes nothing.
    """
    verb, _, rest = action.partition(":")
    if verb == "add":
        return _add(form, kb)
    operation = _ON_COMPONENT.get(verb)
    if operation is None:
        return Outcome(form)
    key_text, _, arg = rest.partition(":")
    row = form.component(int(key_text)) if _INDEX_RE.match(key_text) else None
    if row is None:
        return Outcome(form, note="That component is no longer in the form.")
    return operation(form, row, form.components.index(row), kb, arg)
