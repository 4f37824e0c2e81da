"""The design editor's form: a design as posted fields, read by the one design reader.

The page is one form and every request posts all of it. ``read_post`` takes the fields as
typed (nothing converted, so nothing is lost when the page is shown again) and ``check``
hands them, as the plain data a design file holds, to ``engine.reading.read_design``:
the same reader and the same checks as files and saves. Each problem it finds comes back
at a key path, which is turned into the field it belongs to.

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
    <answer>.low, <answer>.high, <answer>.w.<choice>
                                           a range or weights instead (see unsure.py)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from evaluator.engine import KnowledgeBase
from evaluator.engine.errors import DesignError, Path
from evaluator.engine.knowledge import Question
from evaluator.engine.reading import read_design
from evaluator.engine.spec import FORMAT, MAX_COMPONENTS, DesignSpec
from evaluator.engine.uncertain import is_uncertain

from . import unsure

# A multi answer posts its ticked choices; this marker stands for "none of them apply",
# so that nothing ticked can keep meaning "not known".
NONE_CHOSEN = "_none"
DEFAULT_KIND = "api"
_KEY_RE = re.compile(r"^[0-9]{1,6}$")
LOST_VERSION = (
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


def dependency_field(key: int, index: int) -> str:
    return f"c{key}.dep.{index}"


def field_id(name: str) -> str:
    """The element id of a form field (dots are awkward in CSS selectors)."""
    return "f-" + name.replace(".", "-")


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
    answers: dict[str, Any] = field(default_factory=dict)  # as typed: text, or a list


@dataclass
class EditorForm:
    """What the form holds, as typed, and (after ``check``) what it means."""

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
        return next((row for row in self.components if row.key == key), None)

    def next_key(self) -> int:
        return max((row.key for row in self.components), default=0) + 1


# --- Reading the posted fields ----------------------------------------------------------


def read_post(data, kb: KnowledgeBase) -> EditorForm:
    """The form as posted (a ``QueryDict``). Unknown fields are ignored, nothing is checked."""

    def one(name: str, default: str = "") -> str:
        return data.get(name, default)

    def answer(name: str, question: Question) -> Any:
        if question.type == "multi":
            return [value for value in data.getlist(name) if value]
        return unsure.posted(data, name, question)

    form = EditorForm(
        name=one("name"),
        summary=one("summary"),
        base_version=one("base_version"),
        open=set(one("open").split()) if "open" in data else None,
    )
    for question in kb.questions_in_scope("system"):
        form.context[question.id] = answer(context_field(question.id), question)
    for attribute in kb.attributes:
        form.priorities[attribute.id] = one(priority_field(attribute.id))
    seen: set[int] = set()
    # All of them (Django bounds the fields a request may post), so the reader says how
    # many there are when there are too many, instead of dropping some.
    for raw_key in data.getlist("component"):
        if not _KEY_RE.match(raw_key) or int(raw_key) in seen:
            continue
        key = int(raw_key)
        seen.add(key)
        styles = data.getlist(component_field(key, "style"))
        form.components.append(
            ComponentRow(
                key=key,
                name=one(component_field(key, "name")),
                kind=one(component_field(key, "kind"), DEFAULT_KIND),
                depends_on=[
                    DependencyRow(target, styles[index] if index < len(styles) else "sync")
                    for index, target in enumerate(
                        data.getlist(component_field(key, "dep"))[:MAX_COMPONENTS]
                    )
                ],
                answers={
                    q.id: answer(answer_field(key, q.id), q)
                    for q in kb.questions_in_scope("component")
                },
            )
        )
    return form


def raw_value(question: Question | None, value: Any) -> Any:
    """A stored answer as the form shows it."""
    if value is None:
        return [] if question is not None and question.type == "multi" else ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if is_uncertain(value):
        # As text that Question.from_text reads back ("200..800..5000", "spiky=0.6, ..."),
        # so that saving the form keeps the range or the weights.
        return value.to_text()
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


# --- Checking: through the design reader ------------------------------------------------


def _typed(question: Question, raw: Any, errors: dict[str, str], name: str) -> Any:
    """An answer as a design file would hold it (the reader checks it)."""
    if question.type == "multi":
        values = list(raw or [])
        if NONE_CHOSEN in values:
            if len(values) > 1:
                errors[name] = "“None of these” and a choice are both ticked. Untick one of them."
                return None
            return []
        return values or None
    return question.from_text(raw if isinstance(raw, str) else "")


class _Data:
    """The form as a design file's plain data, and which field each key path came from."""

    def __init__(self, form: EditorForm, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.errors: dict[str, str] = {}
        self.fields: dict[Path, str] = {("name",): "name", ("summary",): "summary"}
        self.data = {
            "format": FORMAT,
            "name": form.name,
            "summary": form.summary.replace("\r\n", "\n"),
            "context": self.answers(form.context, ("context",), context_field),
            "priorities": self.priorities(form.priorities),
            "components": [
                self.component(row, index, form) for index, row in enumerate(form.components)
            ],
        }

    def answers(self, raw: dict[str, Any], path: Path, name_of) -> dict[str, Any]:
        out = {}
        for qid, value in raw.items():
            name = name_of(qid)
            self.fields[(*path, qid)] = name
            question = self.kb.by_id.get(qid)
            # An answer to a question the catalogue no longer has goes to the reader as
            # it is, which says so.
            out[qid] = _typed(question, value, self.errors, name) if question else value
        return out

    def priorities(self, raw: dict[str, str]) -> dict[str, str]:
        for attribute in raw:
            self.fields[("priorities", attribute)] = priority_field(attribute)
        return {attribute: level for attribute, level in raw.items() if level}

    def component(self, row: ComponentRow, index: int, form: EditorForm) -> dict[str, Any]:
        path = ("components", index)
        self.fields[path] = self.fields[(*path, "name")] = component_field(row.key, "name")
        self.fields[(*path, "kind")] = component_field(row.key, "kind")
        names = {str(other.key): other.name.strip() for other in form.components}
        depends_on = []
        for position, dep in enumerate(row.depends_on):
            if not dep.target:
                continue  # a row just added, nothing chosen yet
            name = dependency_field(row.key, position)
            if dep.target not in names:
                self.errors[name] = "That component is no longer in the design; pick another."
                continue
            dep_path = (*path, "depends_on", len(depends_on))
            self.fields[dep_path] = self.fields[(*dep_path, "component")] = name
            self.fields[(*dep_path, "style")] = name
            depends_on.append({"component": names[dep.target], "style": dep.style})
        return {
            "name": row.name,
            "kind": row.kind,
            "depends_on": depends_on,
            "answers": self.answers(
                row.answers, (*path, "answers"), lambda qid, key=row.key: answer_field(key, qid)
            ),
        }


def message(error: DesignError) -> str:
    """A reader's error as a sentence beside its field."""
    text = f"{error.message} {error.hint}" if error.hint else error.message
    return text[:1].upper() + text[1:]


def check(form: EditorForm, kb: KnowledgeBase) -> EditorForm:
    """``form`` with its spec and a message per field (or for the whole form) that is wrong.

    The spec is always built, so scores can be shown while something is wrong: what
    cannot be read counts as not known. ``is_valid`` says whether it may be saved.
    """
    converted = _Data(form, kb)
    reading = read_design(converted.data, kb, filename="the form")
    errors = dict(converted.errors)
    general = []
    try:
        if int(form.base_version) < 1:
            raise ValueError
    except ValueError:
        general.append(LOST_VERSION)
    for error in reading.errors:
        # A problem inside an answer (the low of a range) belongs to the answer's field.
        name = converted.fields.get(error.path) or converted.fields.get(error.path[:-1])
        if name is None:
            general.append(message(error))
        else:
            errors.setdefault(name, message(error))
    return replace(form, errors=errors, general_errors=general, spec=reading.spec)
