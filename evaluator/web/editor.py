"""The design editor's form: a design as posted form fields, and back.

The page is one form and every request (save, adding or moving a component) posts all
of it; ``read_post`` rebuilds the design from those fields and ``check`` turns it into a
``DesignSpec`` plus a message per field that could not be read. Live rescoring posts only
the fields changed since a base form (see ``rescoring``), and ``apply_changes`` reads
those against the base. Nothing here saves.

Each component carries a small numeric key that lives only in the form. Field names and
element ids are built from it, so a field keeps its name, and its focus, when components
move, and a dependency follows its target when the target is renamed.

Field names:

    name, summary, base_version, open      design fields; ids of the open <details>
    context.<question>                     system-wide answers
    priority.<attribute>                   high | medium | low | "" (not set)
    component                              component keys, repeated, in order
    c<key>.name, c<key>.kind               one component
    c<key>.dep, c<key>.style               its dependencies, repeated in pairs
    c<key>.a.<question>                    its answers ("" is not known)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.datastructures import MultiValueDict

from evaluator.engine import SCHEMA_VERSION, Evaluation, KnowledgeBase, evaluate_component
from evaluator.engine.errors import DesignError
from evaluator.engine.explain import format_number
from evaluator.engine.facts import DesignGraph, derived_facts
from evaluator.engine.knowledge import Question
from evaluator.engine.spec import (
    COMPONENT_KINDS,
    DEPENDENCY_STYLES,
    MAX_COMPONENTS,
    MAX_NAME_LENGTH,
    MAX_SUMMARY_LENGTH,
    ComponentSpec,
    Dependency,
    DesignSpec,
)

from .lru import LruCache

PRIORITY_LEVELS = ("high", "medium", "low")
# A multi answer posts its ticked choices; this marker stands for "none of them apply",
# so that nothing ticked can keep meaning "not known".
NONE_CHOSEN = "_none"
DEFAULT_KIND = "api"
_KEY_RE = re.compile(r"^[0-9]{1,6}$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_LOST_VERSION = (
    "The form lost track of which version you started from. Reload the editor and apply "
    "your changes again."
)


def context_field(qid: str) -> str:
    return f"context.{qid}"


def priority_field(attribute: str) -> str:
    return f"priority.{attribute}"


def component_field(key: int, part: str) -> str:
    return f"c{key}.{part}"


def answer_field(key: int, qid: str) -> str:
    return f"c{key}.a.{qid}"


def field_id(name: str) -> str:
    """The element id of a form field (dots are awkward in CSS selectors)."""
    return "f-" + name.replace(".", "-")


# --- The form as data ------------------------------------------------------------------


@dataclass
class DependencyRow:
    target: str  # the key of the component depended on; "" until one is chosen
    style: str = "sync"


@dataclass
class ComponentRow:
    key: int
    name: str
    kind: str
    depends_on: list[DependencyRow] = field(default_factory=list)
    answers: dict[str, Any] = field(default_factory=dict)  # raw: text, or a list for multi


@dataclass
class EditorForm:
    """What the form holds, as typed: nothing converted, so nothing is lost on a redisplay."""

    name: str = ""
    summary: str = ""
    base_version: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    priorities: dict[str, str] = field(default_factory=dict)
    components: list[ComponentRow] = field(default_factory=list)
    open: set[str] | None = None  # None: the page decides what starts open
    errors: dict[str, str] = field(default_factory=dict)  # field name -> message
    general_errors: list[str] = field(default_factory=list)
    spec: DesignSpec | None = None

    @property
    def is_valid(self) -> bool:
        return self.spec is not None and not self.errors and not self.general_errors

    def component(self, key: int) -> ComponentRow | None:
        for row in self.components:
            if row.key == key:
                return row
        return None

    def next_key(self) -> int:
        return max((row.key for row in self.components), default=0) + 1


def raw_value(question: Question | None, value: Any) -> Any:
    """A stored answer as the form shows it."""
    if value is None:
        return [] if question is not None and question.type == "multi" else ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return list(value) if value else [NONE_CHOSEN]
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def from_spec(spec: DesignSpec, kb: KnowledgeBase, base_version: int) -> EditorForm:
    """The form filled in from a stored design."""
    keys = {component.name: index for index, component in enumerate(spec.components, start=1)}
    return EditorForm(
        name=spec.name,
        summary=spec.summary,
        base_version=str(base_version),
        context={qid: raw_value(kb.by_id.get(qid), v) for qid, v in spec.context.items()},
        priorities={attr: str(level) for attr, level in spec.priorities.items() if level},
        components=[
            ComponentRow(
                key=keys[component.name],
                name=component.name,
                kind=component.kind,
                depends_on=[
                    DependencyRow(str(keys[dep.component]), dep.style)
                    for dep in component.depends_on
                    if dep.component in keys
                ],
                answers={
                    qid: raw_value(kb.by_id.get(qid), v) for qid, v in component.answers.items()
                },
            )
            for component in spec.components
        ],
    )


def read_post(data, kb: KnowledgeBase) -> EditorForm:
    """The form as posted (a ``QueryDict``). Unknown fields are ignored, nothing is checked."""
    return read_fields(_value_lists(data), kb)


def read_fields(posted: Mapping[str, list[str]], kb: KnowledgeBase) -> EditorForm:
    """The form from field name -> the values posted under it (see ``read_post``)."""

    def one(name: str, default: str = "") -> str:
        values = posted.get(name)
        return values[-1] if values else default  # as QueryDict.get: the last one

    form = EditorForm(
        name=one("name"),
        summary=one("summary"),
        base_version=one("base_version"),
        open=set(one("open").split()) if "open" in posted else None,
    )
    system, component_questions = _posted_questions(kb)
    for qid, multi in system:
        form.context[qid] = _posted_answer(posted, f"context.{qid}", multi)
    for attribute in kb.attributes:
        form.priorities[attribute.id] = one(priority_field(attribute.id))
    seen: set[int] = set()
    # One past the limit, so that ``check`` refuses the form instead of it silently
    # dropping every component after the 500th.
    for raw_key in posted.get("component", [])[: MAX_COMPONENTS + 1]:
        if not _KEY_RE.match(raw_key) or int(raw_key) in seen:
            continue
        key = int(raw_key)
        seen.add(key)
        targets = posted.get(component_field(key, "dep"), [])
        styles = posted.get(component_field(key, "style"), [])
        prefix = answer_field(key, "")
        form.components.append(
            ComponentRow(
                key=key,
                name=one(component_field(key, "name")),
                kind=one(component_field(key, "kind"), DEFAULT_KIND),
                depends_on=[
                    DependencyRow(target, styles[index] if index < len(styles) else "sync")
                    for index, target in enumerate(targets[:MAX_COMPONENTS])
                ],
                answers={
                    qid: _posted_answer(posted, prefix + qid, multi)
                    for qid, multi in component_questions
                },
            )
        )
    return form


def _value_lists(data) -> Mapping[str, list[str]]:
    """Field name -> the values posted under it, read without copying."""
    if isinstance(data, MultiValueDict):
        # A QueryDict is a dict of value lists; its own get() and getlist() add a method
        # call and a copy per field, and a 20-component design posts some 800 fields.
        return dict.copy(data)
    return {name: data.getlist(name) for name in data}


@functools.lru_cache(maxsize=8)
def _posted_questions(kb: KnowledgeBase) -> tuple[tuple[tuple[str, bool], ...], ...]:
    """(question id, is multi) of the system and of the component questions."""
    return tuple(
        tuple((q.id, q.type == "multi") for q in kb.questions_in_scope(scope))
        for scope in ("system", "component")
    )


def _posted_answer(posted: Mapping[str, list[str]], name: str, multi: bool) -> Any:
    values = posted.get(name)
    if multi:
        return [value for value in values if value] if values else []
    return values[-1] if values else ""


# --- Checking: the form to a DesignSpec -------------------------------------------------


def _message(error: DesignError) -> str:
    text = error.message
    if error.hint:
        text = f"{text} {error.hint}"
    return text[:1].upper() + text[1:]


def _answer(kb: KnowledgeBase, question: Question, raw: Any) -> Any:
    """A typed answer from what the form holds; raises ``DesignError`` with a hint."""
    if question.type == "multi":
        values = list(raw or [])
        if not values:
            return None
        if NONE_CHOSEN in values:
            if len(values) > 1:
                raise DesignError(
                    "“None of these” and a choice are both ticked.",
                    hint="Untick one of them.",
                )
            return []
        problem = kb.check_answer(question.id, values)
        if problem:
            raise DesignError(problem, hint=question.hint(values))
        return values
    if question.type == "bool" and raw not in ("", "yes", "no"):
        raise DesignError(f"{raw!r} is not yes or no.", hint="Pick yes, no or not known.")
    return kb.parse_answer(question.id, raw if isinstance(raw, str) else "")


def _facts(
    kb: KnowledgeBase, scope: str, raw: Mapping[str, Any]
) -> tuple[dict[str, Any], tuple[tuple[str, str], ...]]:
    """The typed answers of one scope's ``raw`` answers, and a message per question id
    that cannot be read.

    Remembered by the raw answers: live rescoring posts every component on each change,
    and all but one come back exactly as they were. The facts returned are shared, so
    they must not be changed (``check`` gives the spec its own copy).
    """
    key = (
        id(kb),
        kb.version,
        scope,
        tuple((qid, tuple(v) if isinstance(v, list) else v) for qid, v in raw.items()),
    )
    return answer_cache.get(key, lambda: _read_facts(kb, kb.questions_in_scope(scope), raw))


def _read_facts(
    kb: KnowledgeBase, questions: Iterable[Question], raw: Mapping[str, Any]
) -> tuple[dict[str, Any], tuple[tuple[str, str], ...]]:
    facts = {}
    problems = []
    for question in questions:
        try:
            value = _answer(kb, question, raw.get(question.id, ""))
        except DesignError as error:
            problems.append((question.id, _message(error)))
            continue
        if value is not None:
            facts[question.id] = value
    return facts, tuple(problems)


def _name_problem(name: str, what: str) -> str | None:
    if not name:
        return f"Give {what} a name."
    if len(name) > MAX_NAME_LENGTH:
        return f"The name is {len(name)} characters long; at most {MAX_NAME_LENGTH} are allowed."
    if _CONTROL_RE.search(name):
        return "Write the name on one line."
    return None


def check(form: EditorForm, kb: KnowledgeBase) -> EditorForm:
    """Fill in ``form.errors`` and ``form.spec``.

    The spec is always built, so scores can be shown while something is wrong: an answer
    that cannot be read counts as not known, a component without a usable name is scored
    under a stand-in name. ``form.is_valid`` says whether it may be saved.
    """
    errors: dict[str, str] = {}
    general: list[str] = []

    name = form.name.strip()
    problem = _name_problem(name, "the design")
    if problem:
        errors["name"] = problem
        name = name[:MAX_NAME_LENGTH] if name and not _CONTROL_RE.search(name) else "Untitled"
    summary = form.summary.replace("\r\n", "\n")
    if len(summary) > MAX_SUMMARY_LENGTH:
        errors["summary"] = (
            f"The summary is {len(summary):,} characters; at most {MAX_SUMMARY_LENGTH:,} "
            "are allowed."
        )
        summary = summary[:MAX_SUMMARY_LENGTH]
    if "\x00" in summary:
        errors["summary"] = "The summary contains a NUL character."
        summary = summary.replace("\x00", "")

    try:
        if int(form.base_version) < 1:
            raise ValueError
    except ValueError:
        general.append(_LOST_VERSION)

    context, problems = _facts(kb, "system", form.context)
    errors.update((context_field(qid), message) for qid, message in problems)
    priorities = {}
    for attribute, level in form.priorities.items():
        if not level:
            continue
        if attribute not in kb.attribute_ids:
            continue
        if level not in PRIORITY_LEVELS:
            errors[priority_field(attribute)] = "Pick high, medium or low."
            continue
        priorities[attribute] = level

    if len(form.components) > MAX_COMPONENTS:
        general.append(f"A design has at most {MAX_COMPONENTS} components.")

    # Names first: dependencies are written by name in the spec.
    names: dict[int, str] = {}
    folded: dict[str, str] = {}
    for position, row in enumerate(form.components, start=1):
        cname = row.name.strip()
        problem = _name_problem(cname, "the component")
        if problem is None and cname.casefold() in folded:
            problem = f"Another component is already called “{folded[cname.casefold()]}”."
        if problem:
            errors[component_field(row.key, "name")] = problem
            cname = f"Component #{position} (unnamed)"
        folded.setdefault(cname.casefold(), cname)
        names[row.key] = cname

    components = []
    for row in form.components:
        kind = row.kind
        if kind not in COMPONENT_KINDS:
            errors[component_field(row.key, "kind")] = "Pick one of the listed kinds."
            kind = DEFAULT_KIND
        depends_on = []
        targets: set[int] = set()
        for index, dep in enumerate(row.depends_on):
            if not dep.target:
                continue  # a row just added, nothing chosen yet
            target = int(dep.target) if _KEY_RE.match(dep.target) else None
            where = f"{component_field(row.key, 'dep')}.{index}"
            if target is None or target not in names:
                errors[where] = "That component is no longer in the design; pick another."
                continue
            if target == row.key:
                errors[where] = "A component cannot depend on itself."
                continue
            if target in targets:
                errors[where] = "This component is already listed above."
                continue
            if dep.style not in DEPENDENCY_STYLES:
                errors[where] = "Pick sync or async."
                continue
            targets.add(target)
            depends_on.append(Dependency(names[target], dep.style))
        answers, problems = _facts(kb, "component", row.answers)
        errors.update((answer_field(row.key, qid), message) for qid, message in problems)
        components.append(
            ComponentSpec(names[row.key], kind, tuple(depends_on), _own_copy(answers))
        )

    if len(components) > MAX_COMPONENTS:
        return replace(form, errors=errors, general_errors=general, spec=None)
    # Everything design_from_dict would check (names, kinds, dependencies, value types
    # and lengths) is checked above, and the answers by the catalogue, which is stricter,
    # so the spec is built directly: reading all of it a second time cost as much as the
    # rest of a rescoring. The fuzz tests hold the two to the same result.
    spec = DesignSpec(
        name=name.rstrip(),
        summary=summary,
        context=_own_copy(context),
        priorities=priorities,
        components=tuple(components),
    )
    return replace(form, errors=errors, general_errors=general, spec=spec)


_ANSWER_NAME_RE = re.compile(r"^c([0-9]{1,6})\.a\.(.+)$")


def merge_fields(
    posted: Mapping[str, list[str]], changes: Mapping[str, list[str]]
) -> dict[str, list[str]]:
    """``posted`` with each field named in ``changes`` given those values instead; an
    empty list removes the field, as a browser leaves out an unticked box."""
    merged = dict(posted)
    for name, values in changes.items():
        if values:
            merged[name] = values
        else:
            merged.pop(name, None)
    return merged


def apply_changes(
    posted: Mapping[str, list[str]],
    form: EditorForm,
    changes: Mapping[str, list[str]],
    kb: KnowledgeBase,
) -> EditorForm:
    """``check(read_fields(merge_fields(posted, changes)))``, where ``form`` is that of
    ``posted`` alone, already checked.

    Answering a question changes one answer of one component; then only that component
    is read and checked again and everything else is taken from ``form``. Any other
    change (a name, a dependency, the context, the list of components) reads the whole
    form again. ``form`` itself is left as it was.
    """
    merged = merge_fields(posted, changes)
    if form.spec is None:
        return check(read_fields(merged, kb), kb)
    multi = dict(_posted_questions(kb)[1])
    keys = {row.key for row in form.components}
    touched: dict[int, list[str]] = {}
    for name in changes:
        if name == "open":
            continue
        match = _ANSWER_NAME_RE.match(name)
        if match is None or int(match[1]) not in keys:
            return check(read_fields(merged, kb), kb)
        key, qid = int(match[1]), match[2]
        # read_fields reads only c<key>.a.<question> with the key written plainly
        # ("c7", never "c07") and a question of the catalogue; it ignores anything else.
        if match[1] == str(key) and qid in multi:
            touched.setdefault(key, []).append(qid)

    errors = dict(form.errors)
    rows = list(form.components)
    components = list(form.spec.components)
    for position, row in enumerate(rows):
        qids = touched.get(row.key)
        if not qids:
            continue
        raw = dict(row.answers)
        for qid in qids:
            raw[qid] = _posted_answer(merged, answer_field(row.key, qid), multi[qid])
        answers, problems = _facts(kb, "component", raw)
        prefix = answer_field(row.key, "")
        for name in [name for name in errors if name.startswith(prefix)]:
            del errors[name]
        errors.update((answer_field(row.key, qid), message) for qid, message in problems)
        rows[position] = replace(row, answers=raw)
        components[position] = replace(components[position], answers=_own_copy(answers))
    values = merged.get("open")
    return replace(
        form,
        components=rows,
        open=set(values[-1].split()) if values else None,
        errors=errors,
        general_errors=list(form.general_errors),
        spec=replace(form.spec, components=tuple(components)),
    )


def _own_copy(facts: Mapping[str, Any]) -> dict[str, Any]:
    """A spec's own copy of cached facts, so that nothing can change the cache through it."""
    return {qid: list(v) if isinstance(v, list) else v for qid, v in facts.items()}


# --- Component operations ---------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    form: EditorForm
    focus: str | None = None  # the element id to focus after the list is redrawn
    note: str = ""  # a sentence for screen readers (and the page without JavaScript)


def _unique_name(form: EditorForm, wanted: str) -> str:
    taken = {row.name.strip().casefold() for row in form.components}
    if wanted.casefold() not in taken:
        return wanted
    number = 2
    while f"{wanted} {number}".casefold() in taken:
        number += 1
    return f"{wanted} {number}"


def _with_open(form: EditorForm, *ids: str) -> set[str] | None:
    if form.open is None:
        return None
    return form.open | set(ids)


def _first_group(kb: KnowledgeBase | None, key: int) -> str:
    for group in kb.groups if kb is not None else ():
        if group.scope == "component":
            return f"d-c{key}-{group.id}"
    return f"d-c{key}"


def apply(form: EditorForm, action: str, kb: KnowledgeBase | None = None) -> Outcome:
    """Carry out one component operation named by a button's ``action`` value.

    ``add``, ``duplicate:<key>``, ``up:<key>``, ``down:<key>``, ``remove:<key>``,
    ``expand:<key>`` (show a closed component's questions), ``dep-add:<key>``,
    ``dep-remove:<key>:<index>``. Anything else changes nothing.
    """
    verb, _, rest = action.partition(":")
    parts = rest.split(":")
    components = list(form.components)

    if verb == "add":
        if len(components) >= MAX_COMPONENTS:
            return Outcome(form, note=f"A design has at most {MAX_COMPONENTS} components.")
        key = form.next_key()
        name = _unique_name(form, f"Component {len(components) + 1}")
        components.append(ComponentRow(key, name, DEFAULT_KIND))
        opened = _with_open(form, f"d-c{key}", _first_group(kb, key))
        new = replace(form, components=components, open=opened)
        return Outcome(new, field_id(component_field(key, "name")), f"Added “{name}”.")

    key = int(parts[0]) if parts and _KEY_RE.match(parts[0]) else None
    row = form.component(key) if key is not None else None
    if row is None:
        return Outcome(form, note="That component is no longer in the form.")
    index = components.index(row)

    if verb == "duplicate":
        if len(components) >= MAX_COMPONENTS:
            return Outcome(form, note=f"A design has at most {MAX_COMPONENTS} components.")
        new_key = form.next_key()
        name = _unique_name(form, f"{row.name.strip() or 'Component'} (copy)")
        copy = ComponentRow(
            new_key,
            name,
            row.kind,
            [DependencyRow(dep.target, dep.style) for dep in row.depends_on],
            {qid: list(v) if isinstance(v, list) else v for qid, v in row.answers.items()},
        )
        components.insert(index + 1, copy)
        opened = _with_open(form, f"d-c{new_key}", _first_group(kb, new_key))
        new = replace(form, components=components, open=opened)
        return Outcome(
            new,
            field_id(component_field(new_key, "name")),
            f"Added “{name}”, a copy of “{row.name}”.",
        )

    if verb in ("up", "down"):
        other = index - 1 if verb == "up" else index + 1
        if not 0 <= other < len(components):
            return Outcome(form, f"c{key}-{verb}")
        components[index], components[other] = components[other], components[index]
        # A button that reaches an end is disabled; keep focus on one that still works.
        at_end = other == 0 if verb == "up" else other == len(components) - 1
        focus = f"c{key}-{'down' if verb == 'up' else 'up'}" if at_end else f"c{key}-{verb}"
        place = "first" if other == 0 else f"number {other + 1} of {len(components)}"
        return Outcome(replace(form, components=components), focus, f"Moved “{row.name}”: {place}.")

    if verb == "remove":
        del components[index]
        target = str(key)
        for other_row in components:
            kept = [dep for dep in other_row.depends_on if dep.target != target]
            if len(kept) != len(other_row.depends_on):
                components[components.index(other_row)] = replace(other_row, depends_on=kept)
        if components:
            neighbour = components[min(index, len(components) - 1)]
            focus = f"c{neighbour.key}-summary"
        else:
            focus = "add-component"
        return Outcome(
            replace(form, components=components),
            focus,
            f"Removed “{row.name}”. Nothing is saved until you save.",
        )

    if verb == "expand":
        opened = form.open | {f"d-c{key}"} if form.open is not None else {f"d-c{key}"}
        if not any(item.startswith(f"d-c{key}-") for item in opened):
            opened.add(_first_group(kb, key))
        return Outcome(replace(form, open=opened), f"c{key}-summary")

    if verb == "dep-add":
        deps = [*row.depends_on, DependencyRow("", "sync")]
        components[index] = replace(row, depends_on=deps)
        focus = field_id(f"{component_field(key, 'dep')}.{len(deps) - 1}")
        return Outcome(replace(form, components=components), focus, "Added a dependency row.")

    if verb == "dep-remove":
        position = int(parts[1]) if len(parts) > 1 and _KEY_RE.match(parts[1]) else -1
        if not 0 <= position < len(row.depends_on):
            return Outcome(form, f"c{key}-dep-add")
        deps = [dep for i, dep in enumerate(row.depends_on) if i != position]
        components[index] = replace(row, depends_on=deps)
        return Outcome(
            replace(form, components=components), f"c{key}-dep-add", "Removed a dependency."
        )

    return Outcome(form)


# --- What the template shows ------------------------------------------------------------


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


def _range_text(question: Question) -> str:
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
        range=_range_text(question),
    )


def _answered(raw: Any) -> bool:
    return bool(raw) if isinstance(raw, list) else bool(str(raw).strip())


def _groups(
    kb: KnowledgeBase,
    scope: str,
    raw: Mapping[str, Any],
    name_of,
    errors: Mapping[str, str],
    id_prefix: str,
    is_open,
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
                answered=sum(1 for f in fields if _answered(f.value)),
                errors=bad,
                open=bool(bad) or is_open(group_id),
            )
        )
    return tuple(groups)


def _opener(form: EditorForm, defaults: set[str]):
    chosen = form.open if form.open is not None else defaults
    return lambda element_id: element_id in chosen


def system_groups(form: EditorForm, kb: KnowledgeBase) -> tuple[GroupView, ...]:
    is_open = _opener(form, {"d-context-team", "d-context-platform"})
    return _groups(kb, "system", form.context, context_field, form.errors, "d-context", is_open)


@dataclass(frozen=True)
class PriorityView:
    attribute: str
    label: str
    help: str
    name: str
    id: str
    value: str
    error: str | None


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


def component_views(form: EditorForm, kb: KnowledgeBase) -> list[ComponentView]:
    # Few components: show them all open; many: only the first, so the page stays short.
    defaults = {"d-context"} | {f"d-c{row.key}" for row in form.components[:3]}
    if form.components:
        defaults.add(f"d-c{form.components[0].key}-workload")
    is_open = _opener(form, defaults)
    total = len(kb.questions_in_scope("component"))
    views = []
    for position, row in enumerate(form.components, start=1):
        groups = _groups(
            kb,
            "component",
            row.answers,
            lambda qid, key=row.key: answer_field(key, qid),
            form.errors,
            f"d-c{row.key}",
            is_open,
        )
        dependencies = tuple(
            DependencyView(
                index,
                dep.target,
                dep.style,
                field_id(f"{component_field(row.key, 'dep')}.{index}"),
                form.errors.get(f"{component_field(row.key, 'dep')}.{index}"),
            )
            for index, dep in enumerate(row.depends_on)
        )
        name_error = form.errors.get(component_field(row.key, "name"))
        kind_error = form.errors.get(component_field(row.key, "kind"))
        errors = sum(g.errors for g in groups) + sum(1 for d in dependencies if d.error)
        errors += bool(name_error) + bool(kind_error)
        is_shown = bool(errors) or is_open(f"d-c{row.key}")
        views.append(
            ComponentView(
                key=row.key,
                position=position,
                name=row.name,
                kind=row.kind,
                kind_label=row.kind.replace("_", " "),
                name_error=name_error,
                kind_error=kind_error,
                dependencies=dependencies,
                groups=groups,
                answered=sum(g.answered for g in groups),
                questions=total,
                errors=errors,
                open=is_shown,
                hidden=() if is_shown else _hidden_fields(row),
            )
        )
    return views


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
            labels[f"{component_field(row.key, 'dep')}.{index}"] = f"{title}: dependency"
        for question in kb.questions_in_scope("component"):
            labels[answer_field(row.key, question.id)] = f"{title}: {question.label}"
    order = {name: index for index, name in enumerate(labels)}
    return [
        {"field": name, "id": field_id(name), "label": labels.get(name, name), "message": text}
        for name, text in sorted(form.errors.items(), key=lambda item: order.get(item[0], 1 << 30))
    ]


# --- Scores of the unsaved design -------------------------------------------------------


component_cache = LruCache(4096)
# Typed answers and messages by the raw answers of a component or of the context.
answer_cache = LruCache(2048)


def _frozen(facts: Mapping[str, Any]) -> tuple:
    # Not sorted: the same facts in another order only cost a miss, never a wrong hit.
    return tuple(
        (qid, tuple(value) if isinstance(value, list | tuple) else value)
        for qid, value in facts.items()
        if value is not None
    )


# The frozen answers of a component (or the context) by the identity of the mapping: a
# rescoring by changes (``apply_changes``) keeps every unchanged mapping as it was.
# Each entry keeps its mapping alive, so an id is never reused while it is remembered.
_frozen_by_identity: LruCache[tuple[Mapping[str, Any], tuple]] = LruCache(4096)


def _frozen_answers(answers: Mapping[str, Any]) -> tuple:
    found = _frozen_by_identity.find(id(answers))
    if found is not None and found[0] is answers:
        return found[1]
    frozen = _frozen(answers)
    _frozen_by_identity.put(id(answers), (answers, frozen))
    return frozen


def score(spec: DesignSpec, kb: KnowledgeBase) -> Evaluation:
    """The same as ``evaluate(spec, kb, analyse=False)``, reusing unchanged components.

    Tipping points, trade-off points and cross-component findings are left out: the
    editor shows scores and recommendations; the design page shows the full analysis.
    """
    graph = DesignGraph.of(spec)
    # What every component's facts share, frozen once: the rules read the context and
    # weigh by the priorities (see ``component_facts``).
    shared = (
        id(kb),
        kb.version,
        tuple(sorted(spec.priorities.items())),
        _frozen_answers(spec.context),
    )
    results = []
    for component in spec.components:
        key = (
            shared,
            component.name,
            _frozen_answers(component.answers),
            tuple(derived_facts(component, graph).items()),
        )
        results.append(
            component_cache.get(
                key,
                lambda name=component.name: evaluate_component(spec, name, kb, analyse=False),
            )
        )
    return Evaluation(
        schema_version=SCHEMA_VERSION,
        knowledge_version=kb.version,
        design_name=spec.name,
        components=tuple(results),
        findings=(),
    )


def to_post(form: EditorForm, kb: KnowledgeBase) -> list[tuple[str, str]]:
    """The fields a browser posts for ``form``: the inverse of ``read_post``."""
    pairs = [
        ("name", form.name),
        ("summary", form.summary),
        ("base_version", form.base_version),
    ]

    def answer(name: str, question: Question, raw: Any) -> None:
        if isinstance(raw, list):
            pairs.extend((name, value) for value in raw)
        elif question.type != "bool" or raw:
            pairs.append((name, raw))

    for question in kb.questions_in_scope("system"):
        answer(context_field(question.id), question, form.context.get(question.id, ""))
    for attribute in kb.attributes:
        pairs.append((priority_field(attribute.id), form.priorities.get(attribute.id, "")))
    for row in form.components:
        pairs.append(("component", str(row.key)))
        pairs.append((component_field(row.key, "name"), row.name))
        pairs.append((component_field(row.key, "kind"), row.kind))
        for dep in row.depends_on:
            pairs.append((component_field(row.key, "dep"), dep.target))
            pairs.append((component_field(row.key, "style"), dep.style))
        for question in kb.questions_in_scope("component"):
            answer(answer_field(row.key, question.id), question, row.answers.get(question.id, ""))
    return pairs
