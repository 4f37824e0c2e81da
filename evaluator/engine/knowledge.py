"""Load, validate and compile the knowledge base: questions, options and rules.

The knowledge base is data under ``evaluator/knowledge/``. Loading reads every file through
the guarded YAML reader, checks each field against the format in ``docs/architecture.md``,
and compiles every condition once. Any mistake raises :class:`KnowledgeError` naming the
file, line and column, with a "did you mean" where one helps.
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from evaluator.engine.conditions import Condition, compile_condition
from evaluator.engine.errors import DesignError, KnowledgeError, did_you_mean
from evaluator.engine.safeyaml import YamlDocument, load_yaml
from evaluator.engine.spec import COMPONENT_KINDS

__all__ = [
    "Attribute",
    "Choice",
    "DERIVED_QUESTIONS",
    "Group",
    "KnowledgeBase",
    "OPTION_IDS",
    "Option",
    "PRIORITY_WEIGHTS",
    "Question",
    "Rule",
    "Variant",
    "default_knowledge",
    "load_knowledge",
]

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "knowledge"
MAX_KNOWLEDGE_BYTES = 2 * 1024 * 1024

# The six options, simplest first: ties in a recommendation go to the earlier one.
OPTION_IDS: tuple[str, ...] = (
    "baseline",
    "event_driven",
    "serverless",
    "microservices",
    "consensus",
    "blockchain",
)
PRIORITY_WEIGHTS: Mapping[str, float] = MappingProxyType({"high": 1.5, "medium": 1.0, "low": 0.5})
QUESTION_TYPES = ("bool", "number", "choice", "multi")
SCOPES = ("component", "system")
POINTS_LIMIT = 40

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_VALUE_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_AS_OF_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")


# --- Values ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Attribute:
    """A quality attribute that priorities rank and rules bear on."""

    id: str
    label: str
    help: str = ""


@dataclass(frozen=True)
class Group:
    """A heading under which questions are asked."""

    id: str
    label: str
    scope: str
    help: str = ""


@dataclass(frozen=True)
class Choice:
    """One allowed answer of a choice or multi question."""

    value: str
    label: str
    help: str = ""


@dataclass(frozen=True)
class Question:
    """One fact rules can read. ``derived`` questions are computed from the design."""

    id: str
    label: str
    type: str
    scope: str
    group: str
    help: str = ""
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = False
    choices: tuple[Choice, ...] = ()
    derived: bool = False
    choice_values: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "choice_values", frozenset(c.value for c in self.choices))

    def choice_label(self, value: str) -> str:
        """The label of a choice value, or the value itself when it has none."""
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return value

    def check(self, value: Any) -> str | None:
        """Why ``value`` is not a valid answer to this question, or None when it is."""
        kind = self.type
        if kind == "bool":
            if not isinstance(value, bool):
                return f"expected yes or no (true/false), got {value!r}."
            return None
        if kind == "number":
            if isinstance(value, bool) or not isinstance(value, int | float):
                return f"expected a number, got {value!r}."
            # Only floats can be infinite or NaN; an int of thousands of digits cannot
            # become a float at all, so it is never passed to isfinite.
            if isinstance(value, float) and not math.isfinite(value):
                return "expected a finite number."
            if self.integer and value != int(value):
                return f"expected a whole number, got {value!r}."
            if self.min is not None and value < self.min:
                return f"{_number(value)} is below the minimum of {_number(self.min)}."
            if self.max is not None and value > self.max:
                return f"{_number(value)} is above the maximum of {_number(self.max)}."
            return None
        if kind == "choice":
            if not isinstance(value, str) or value not in self.choice_values:
                return f"{value!r} is not one of {', '.join(c.value for c in self.choices)}."
            return None
        # multi
        if not isinstance(value, list | tuple):
            return f"expected a list of choices, got {value!r}."
        seen: set[str] = set()
        for item in value:
            if not isinstance(item, str) or item not in self.choice_values:
                return f"{item!r} is not one of {', '.join(c.value for c in self.choices)}."
            if item in seen:
                return f"{item!r} is listed twice."
            seen.add(item)
        return None

    def hint(self, value: Any = None) -> str | None:
        """A sentence saying what to write instead, with a "did you mean" where one fits."""
        if self.type == "bool":
            return "Write true or false."
        if self.type == "number":
            unit = f" ({self.unit})" if self.unit else ""
            whole = "a whole number" if self.integer else "a number"
            bounds = ""
            if self.min is not None and self.max is not None:
                bounds = f" between {_number(self.min)} and {_number(self.max)}"
            elif self.min is not None:
                bounds = f" of at least {_number(self.min)}"
            elif self.max is not None:
                bounds = f" of at most {_number(self.max)}"
            return f"Write {whole}{unit}{bounds}."
        values = [c.value for c in self.choices]
        items = value if isinstance(value, list | tuple) else [value]
        for item in items:
            if isinstance(item, str) and item not in self.choice_values:
                suggestion = did_you_mean(item, values)
                if suggestion:
                    return suggestion
        if self.type == "multi":
            return f"Write a list drawn from: {', '.join(values)}."
        return f"Write one of: {', '.join(values)}."


@dataclass(frozen=True)
class Variant:
    """A concrete form of an option; the first whose ``when`` holds is recommended."""

    id: str
    name: str
    summary: str = ""
    technologies: tuple[str, ...] = ()
    when: Condition | None = None


@dataclass(frozen=True)
class Option:
    """The baseline or one of the five patterns."""

    id: str
    name: str
    start: int
    summary: str = ""
    key_features: tuple[str, ...] = ()
    use_cases: tuple[str, ...] = ()
    considerations: tuple[str, ...] = ()
    variants: tuple[Variant, ...] = ()


@dataclass(frozen=True)
class Rule:
    """One piece of knowledge: when ``condition`` holds, add ``points`` or ``veto`` the option."""

    id: str
    option: str
    title: str
    condition: Condition
    points: int | None
    veto: str | None
    attributes: tuple[str, ...]
    rationale: str
    risks: tuple[str, ...]
    mitigations: tuple[str, ...]
    source: str
    as_of: str
    placeholders: tuple[str, ...] = ()
    file: str = ""
    line: int | None = None

    @property
    def reads(self) -> frozenset[str]:
        return self.condition.reads


# --- Derived facts ---------------------------------------------------------------------

_COUNT_UNIT = "components"


def _count_question(qid: str, label: str, help_: str, scope: str = "component") -> Question:
    return Question(
        id=qid,
        label=label,
        type="number",
        scope=scope,
        group="derived",
        help=help_,
        unit=_COUNT_UNIT,
        min=0,
        integer=True,
        derived=True,
    )


DERIVED_QUESTIONS: Mapping[str, Question] = MappingProxyType(
    {
        "kind": Question(
            id="kind",
            label="Component kind",
            type="choice",
            scope="component",
            group="derived",
            help="What sort of part this is, as declared in the design.",
            choices=tuple(Choice(kind, kind.replace("_", " ")) for kind in COMPONENT_KINDS),
            derived=True,
        ),
        "component_count": _count_question(
            "component_count",
            "Components in the design",
            "How many components the whole design has.",
            scope="system",
        ),
        "sync_callers": _count_question(
            "sync_callers",
            "Synchronous callers",
            "How many components call this one and wait for the answer.",
        ),
        "async_callers": _count_question(
            "async_callers",
            "Asynchronous senders",
            "How many components send messages to this one.",
        ),
        "sync_dependencies": _count_question(
            "sync_dependencies",
            "Synchronous dependencies",
            "How many components this one calls and waits for.",
        ),
        "async_dependencies": _count_question(
            "async_dependencies",
            "Asynchronous dependencies",
            "How many components this one sends messages to.",
        ),
    }
)


# --- The knowledge base ----------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    """Questions, options and compiled rules; immutable and shared by every evaluation."""

    version: str
    attributes: tuple[Attribute, ...]
    groups: tuple[Group, ...]
    questions: tuple[Question, ...]
    options: tuple[Option, ...]
    rules: tuple[Rule, ...]
    digest: str = ""
    path: str = ""
    # Indexes built once so that evaluation never searches.
    by_id: Mapping[str, Question] = field(init=False, repr=False)
    option_by_id: Mapping[str, Option] = field(init=False, repr=False)
    rule_by_id: Mapping[str, Rule] = field(init=False, repr=False)
    rules_by_option: Mapping[str, tuple[int, ...]] = field(init=False, repr=False)
    rules_by_question: Mapping[str, tuple[int, ...]] = field(init=False, repr=False)
    attribute_ids: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_id = {q.id: q for q in self.questions}
        by_id.update(DERIVED_QUESTIONS)
        by_option: dict[str, list[int]] = {option.id: [] for option in self.options}
        by_question: dict[str, list[int]] = {}
        for index, rule in enumerate(self.rules):
            by_option.setdefault(rule.option, []).append(index)
            for qid in sorted(rule.reads):
                by_question.setdefault(qid, []).append(index)
        set_ = object.__setattr__
        set_(self, "by_id", MappingProxyType(by_id))
        set_(self, "option_by_id", MappingProxyType({o.id: o for o in self.options}))
        set_(self, "rule_by_id", MappingProxyType({r.id: r for r in self.rules}))
        set_(
            self,
            "rules_by_option",
            MappingProxyType({k: tuple(v) for k, v in by_option.items()}),
        )
        set_(
            self,
            "rules_by_question",
            MappingProxyType({k: tuple(v) for k, v in by_question.items()}),
        )
        set_(self, "attribute_ids", frozenset(a.id for a in self.attributes))

    # -- lookups ----------------------------------------------------------------------

    def question(self, qid: str) -> Question:
        """The catalogue question or derived fact with this id (KeyError if none)."""
        return self.by_id[qid]

    def option(self, option_id: str) -> Option:
        return self.option_by_id[option_id]

    def rule(self, rule_id: str) -> Rule:
        return self.rule_by_id[rule_id]

    def questions_in_scope(self, scope: str) -> tuple[Question, ...]:
        """Catalogue questions (not derived facts) of one scope, in catalogue order."""
        return tuple(q for q in self.questions if q.scope == scope)

    def attribute_label(self, attribute_id: str) -> str:
        for attribute in self.attributes:
            if attribute.id == attribute_id:
                return attribute.label
        return attribute_id

    # -- answers ----------------------------------------------------------------------

    def check_answer(self, question_id: str, value: Any) -> str | None:
        """Why ``value`` is not a valid answer to the question, or None when it is fine.

        ``None`` (not known) is always fine. Unknown and derived ids are refused.
        """
        question = self.by_id.get(question_id)
        if question is None or question.derived:
            return f"unknown question {question_id!r}."
        if value is None:
            return None
        return question.check(value)

    def parse_answer(self, question_id: str, text: str | None) -> Any:
        """Turn form or command-line text into a typed answer, or raise ``DesignError``.

        Empty text means "not known" and gives None. Yes/no accepts true/false, yes/no,
        on/off and 1/0; numbers may use ``,`` or ``_`` between digits; a multi answer is
        a comma-separated list.
        """
        question = self.by_id.get(question_id)
        if question is None or question.derived:
            raise DesignError(
                f"unknown question {question_id!r}.",
                path=(question_id,),
                hint=did_you_mean(question_id, [q.id for q in self.questions]),
            )
        if text is None:
            return None
        text = str(text).strip()
        if not text:
            return None
        value: Any
        if question.type == "bool":
            lowered = text.lower()
            if lowered in ("true", "yes", "on", "1"):
                value = True
            elif lowered in ("false", "no", "off", "0"):
                value = False
            else:
                value = text
        elif question.type == "number":
            value = _parse_number(text)
        elif question.type == "multi":
            value = [part.strip() for part in text.split(",") if part.strip()]
        else:
            value = text
        problem = question.check(value)
        if problem is not None:
            raise DesignError(problem, path=(question_id,), hint=question.hint(value))
        return value

    def validate_design(
        self,
        spec: Any,
        *,
        filename: str = "<input>",
        locate: Callable[[tuple], tuple[int, int] | None] | None = None,
    ) -> None:
        """Check every context value, priority and answer of ``spec`` against the catalogue.

        Raises ``DesignError`` at the first problem, with the line and column ``locate``
        finds for its path and a "did you mean" for a misspelt id.
        """

        def fail(path: tuple, message: str, hint: str | None) -> DesignError:
            position = locate(path) if locate is not None else None
            line, column = position if position else (None, None)
            return DesignError(
                message, file=filename, line=line, column=column, path=path, hint=hint
            )

        system_ids = [q.id for q in self.questions if q.scope == "system"]
        component_ids = [q.id for q in self.questions if q.scope == "component"]

        def check_facts(values: Mapping[str, Any], path: tuple, scope: str) -> None:
            allowed = system_ids if scope == "system" else component_ids
            for qid, value in values.items():
                here = (*path, qid)
                question = self.by_id.get(qid)
                if question is None or question.derived or question.scope != scope:
                    if question is not None and not question.derived:
                        where = "context" if question.scope == "system" else "a component's answers"
                        raise fail(
                            here,
                            f"{qid!r} is a {question.scope}-wide question.",
                            f"Move it to {where}.",
                        )
                    if question is not None:
                        raise fail(
                            here,
                            f"{qid!r} is worked out from the design and cannot be answered.",
                            None,
                        )
                    raise fail(
                        here,
                        f"unknown question {qid!r}.",
                        did_you_mean(qid, allowed),
                    )
                if value is None:
                    continue
                problem = question.check(value)
                if problem is not None:
                    raise fail(here, problem, question.hint(value))

        check_facts(spec.context, ("context",), "system")
        attribute_ids = [a.id for a in self.attributes]
        for key, level in spec.priorities.items():
            here = ("priorities", key)
            if key not in self.attribute_ids:
                raise fail(
                    here,
                    f"unknown quality attribute {key!r}.",
                    did_you_mean(key, attribute_ids) or f"Attributes: {', '.join(attribute_ids)}.",
                )
            if level is not None and level not in PRIORITY_WEIGHTS:
                raise fail(
                    here,
                    f"priority {level!r} is not high, medium or low.",
                    did_you_mean(level, list(PRIORITY_WEIGHTS)),
                )
        for index, component in enumerate(spec.components):
            check_facts(component.answers, ("components", index, "answers"), "component")


def _number(value: float) -> str:
    if isinstance(value, int):
        # Quoted back in messages: a number of thousands of digits is described instead
        # (and Python will not even turn one of over 4,300 digits into text).
        if value.bit_length() > 100:
            return f"a number of about {int(value.bit_length() * 0.30103):,} digits"
        return f"{value:,}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def _parse_number(text: str) -> Any:
    cleaned = text.replace("_", "").replace(",", "")
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        value = float(cleaned)
    except ValueError:
        return text
    return value if math.isfinite(value) else text


# --- Loading ---------------------------------------------------------------------------


class _Reader:
    """Reads one knowledge file and turns every mistake into a located KnowledgeError."""

    def __init__(self, path: Path) -> None:
        self.filename = _display_path(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise KnowledgeError(
                f"cannot read the file: {exc.strerror}.", file=self.filename
            ) from None
        self.raw = raw
        self.document: YamlDocument = load_yaml(
            raw,
            filename=self.filename,
            max_bytes=MAX_KNOWLEDGE_BYTES,
            error=KnowledgeError,
        )

    def fail(self, path: tuple, message: str, hint: str | None = None) -> KnowledgeError:
        position = self.document.position(path)
        line, column = position if position else (None, None)
        return KnowledgeError(
            message, file=self.filename, line=line, column=column, path=path, hint=hint
        )

    def mapping(
        self,
        value: Any,
        path: tuple,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
        what: str = "this entry",
    ) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(path, f"{what} must be a mapping.")
        allowed = required + optional
        for key in value:
            if key not in allowed:
                raise self.fail(
                    (*path, key),
                    f"unknown key {key!r}.",
                    did_you_mean(key, allowed) or f"Allowed keys: {', '.join(allowed)}.",
                )
        for key in required:
            if value.get(key) is None:
                raise self.fail(path, f"{what} needs {key!r}.")
        return value

    def items(self, value: Any, path: tuple, what: str, *, empty: bool = False) -> list:
        if value is None and empty:
            return []
        if not isinstance(value, list) or (not value and not empty):
            raise self.fail(path, f"{what} must be a {'' if empty else 'non-empty '}list.")
        return value

    def text(self, value: Any, path: tuple, what: str, *, optional: bool = False) -> str:
        if value is None and optional:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, f"{what} must be a non-empty text, got {value!r}.")
        return value.strip()

    def texts(self, value: Any, path: tuple, what: str) -> tuple[str, ...]:
        items = self.items(value, path, what, empty=True)
        return tuple(
            self.text(item, (*path, index), f"each of {what}") for index, item in enumerate(items)
        )

    def identifier(self, value: Any, path: tuple, what: str, pattern: re.Pattern = _ID_RE) -> str:
        if not isinstance(value, str) or not pattern.match(value):
            raise self.fail(
                path,
                f"{what} {value!r} is not a valid id.",
                "Ids are lower-case letters, digits and underscores, like 'peak_rps'.",
            )
        return value

    def unique(self, seen: dict[str, tuple], value: str, path: tuple, what: str) -> None:
        if value in seen:
            first = self.document.position(seen[value])
            where = f" (first at line {first[0]})" if first else ""
            raise self.fail(path, f"{what} {value!r} is defined twice{where}.")
        seen[value] = path

    def number(self, value: Any, path: tuple, what: str) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise self.fail(path, f"{what} must be a finite number, got {value!r}.")
        return value


def _display_path(path: Path) -> str:
    """The path as people will look for it: relative to the working directory if inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def _read_questions(reader: _Reader) -> tuple[str, tuple, tuple, tuple]:
    top = reader.mapping(
        reader.document.data,
        (),
        ("version", "attributes", "groups", "questions"),
        what="questions.yaml",
    )
    version = top["version"]
    if not isinstance(version, str) or not version.strip():
        raise reader.fail(
            ("version",),
            f"the version must be text, got {version!r}.",
            'Quote it, e.g. version: "2026.11".',
        )

    attributes = []
    seen: dict[str, tuple] = {}
    for index, raw in enumerate(reader.items(top["attributes"], ("attributes",), "attributes")):
        path = ("attributes", index)
        raw = reader.mapping(raw, path, ("id", "label"), ("help",), what="an attribute")
        aid = reader.identifier(raw["id"], (*path, "id"), "attribute id")
        reader.unique(seen, aid, (*path, "id"), "attribute")
        attributes.append(
            Attribute(
                aid,
                reader.text(raw["label"], (*path, "label"), "label"),
                reader.text(raw.get("help"), (*path, "help"), "help", optional=True),
            )
        )

    groups = []
    seen = {}
    for index, raw in enumerate(reader.items(top["groups"], ("groups",), "groups")):
        path = ("groups", index)
        raw = reader.mapping(raw, path, ("id", "label", "scope"), ("help",), what="a group")
        gid = reader.identifier(raw["id"], (*path, "id"), "group id")
        reader.unique(seen, gid, (*path, "id"), "group")
        scope = raw["scope"]
        if scope not in SCOPES:
            raise reader.fail((*path, "scope"), f"scope {scope!r} is not component or system.")
        groups.append(
            Group(
                gid,
                reader.text(raw["label"], (*path, "label"), "label"),
                scope,
                reader.text(raw.get("help"), (*path, "help"), "help", optional=True),
            )
        )
    group_by_id = {g.id: g for g in groups}

    questions = []
    seen = {}
    for index, raw in enumerate(reader.items(top["questions"], ("questions",), "questions")):
        questions.append(_read_question(reader, raw, ("questions", index), group_by_id, seen))
    return version.strip(), tuple(attributes), tuple(groups), tuple(questions)


def _read_question(
    reader: _Reader, raw: Any, path: tuple, groups: Mapping[str, Group], seen: dict
) -> Question:
    raw = reader.mapping(
        raw,
        path,
        ("id", "label", "type", "group"),
        ("help", "unit", "min", "max", "integer", "choices", "scope"),
        what="a question",
    )
    qid = reader.identifier(raw["id"], (*path, "id"), "question id")
    if qid in DERIVED_QUESTIONS:
        raise reader.fail(
            (*path, "id"),
            f"{qid!r} is a fact the engine derives from the design; pick another id.",
        )
    reader.unique(seen, qid, (*path, "id"), "question")
    kind = raw["type"]
    if kind not in QUESTION_TYPES:
        raise reader.fail(
            (*path, "type"),
            f"type {kind!r} is not one of {', '.join(QUESTION_TYPES)}.",
            did_you_mean(kind, QUESTION_TYPES),
        )
    group = groups.get(raw["group"])
    if group is None:
        raise reader.fail(
            (*path, "group"),
            f"unknown group {raw['group']!r}.",
            did_you_mean(raw["group"], list(groups)),
        )
    scope = raw.get("scope", group.scope)
    if scope not in SCOPES:
        raise reader.fail((*path, "scope"), f"scope {scope!r} is not component or system.")
    if scope != group.scope:
        raise reader.fail(
            (*path, "scope"),
            f"the question is {scope}-wide but its group {group.id!r} is {group.scope}-wide.",
        )

    number_keys = ("unit", "min", "max", "integer")
    if kind != "number":
        for key in number_keys:
            if key in raw:
                raise reader.fail((*path, key), f"{key!r} only applies to number questions.")
    if kind not in ("choice", "multi") and "choices" in raw:
        raise reader.fail((*path, "choices"), "only choice and multi questions have choices.")

    unit = minimum = maximum = None
    integer = False
    choices: list[Choice] = []
    if kind == "number":
        if raw.get("unit") is not None:
            unit = reader.text(raw["unit"], (*path, "unit"), "unit")
        if raw.get("min") is not None:
            minimum = reader.number(raw["min"], (*path, "min"), "min")
        if raw.get("max") is not None:
            maximum = reader.number(raw["max"], (*path, "max"), "max")
        if minimum is not None and maximum is not None and minimum > maximum:
            raise reader.fail((*path, "max"), f"max {maximum} is below min {minimum}.")
        integer = raw.get("integer", False)
        if not isinstance(integer, bool):
            raise reader.fail((*path, "integer"), "integer must be true or false.")
    elif kind in ("choice", "multi"):
        values: dict[str, tuple] = {}
        for index, item in enumerate(
            reader.items(raw.get("choices"), (*path, "choices"), "choices")
        ):
            here = (*path, "choices", index)
            item = reader.mapping(item, here, ("value", "label"), ("help",), what="a choice")
            value = reader.identifier(item["value"], (*here, "value"), "choice", _VALUE_RE)
            reader.unique(values, value, (*here, "value"), "choice")
            choices.append(
                Choice(
                    value,
                    reader.text(item["label"], (*here, "label"), "label"),
                    reader.text(item.get("help"), (*here, "help"), "help", optional=True),
                )
            )
    return Question(
        id=qid,
        label=reader.text(raw["label"], (*path, "label"), "label"),
        type=kind,
        scope=scope,
        group=group.id,
        help=reader.text(raw.get("help"), (*path, "help"), "help", optional=True),
        unit=unit,
        min=minimum,
        max=maximum,
        integer=integer,
        choices=tuple(choices),
    )


def _read_options(reader: _Reader, questions: Mapping[str, Question]) -> tuple[Option, ...]:
    top = reader.mapping(reader.document.data, (), ("options",), what="options.yaml")
    found: dict[str, Option] = {}
    seen: dict[str, tuple] = {}
    for index, raw in enumerate(reader.items(top["options"], ("options",), "options")):
        path = ("options", index)
        raw = reader.mapping(
            raw,
            path,
            ("id", "name", "start", "variants"),
            ("summary", "key_features", "use_cases", "considerations"),
            what="an option",
        )
        oid = raw["id"]
        if oid not in OPTION_IDS:
            raise reader.fail(
                (*path, "id"),
                f"unknown option {oid!r}.",
                did_you_mean(oid, OPTION_IDS) or f"Options: {', '.join(OPTION_IDS)}.",
            )
        reader.unique(seen, oid, (*path, "id"), "option")
        start = raw["start"]
        if isinstance(start, bool) or not isinstance(start, int) or not 0 <= start <= 100:
            raise reader.fail(
                (*path, "start"), f"start must be a whole number 0-100, got {start!r}."
            )
        variants = []
        variant_ids: dict[str, tuple] = {}
        raw_variants = reader.items(raw["variants"], (*path, "variants"), "variants")
        for vindex, item in enumerate(raw_variants):
            here = (*path, "variants", vindex)
            item = reader.mapping(
                item, here, ("id", "name"), ("when", "summary", "technologies"), what="a variant"
            )
            vid = reader.identifier(item["id"], (*here, "id"), "variant id")
            reader.unique(variant_ids, vid, (*here, "id"), "variant")
            last = vindex == len(raw_variants) - 1
            when = None
            if last and item.get("when") is not None:
                raise reader.fail(
                    (*here, "when"),
                    "the last variant is the default and must not have a 'when'.",
                    "Add a variant without 'when' at the end.",
                )
            if not last:
                if item.get("when") is None:
                    raise reader.fail(
                        here,
                        "only the last variant may go without a 'when'.",
                        "Give it a condition or move it to the end.",
                    )
                when = compile_condition(
                    item["when"],
                    questions,
                    filename=reader.filename,
                    path=(*here, "when"),
                    locate=reader.document.position,
                )
            variants.append(
                Variant(
                    id=vid,
                    name=reader.text(item["name"], (*here, "name"), "name"),
                    summary=reader.text(
                        item.get("summary"), (*here, "summary"), "summary", optional=True
                    ),
                    technologies=reader.texts(
                        item.get("technologies"), (*here, "technologies"), "technologies"
                    ),
                    when=when,
                )
            )
        found[oid] = Option(
            id=oid,
            name=reader.text(raw["name"], (*path, "name"), "name"),
            start=start,
            summary=reader.text(raw.get("summary"), (*path, "summary"), "summary", optional=True),
            key_features=reader.texts(
                raw.get("key_features"), (*path, "key_features"), "key_features"
            ),
            use_cases=reader.texts(raw.get("use_cases"), (*path, "use_cases"), "use_cases"),
            considerations=reader.texts(
                raw.get("considerations"), (*path, "considerations"), "considerations"
            ),
            variants=tuple(variants),
        )
    missing = [oid for oid in OPTION_IDS if oid not in found]
    if missing:
        raise reader.fail(("options",), f"options missing: {', '.join(missing)}.")
    return tuple(found[oid] for oid in OPTION_IDS)


def _read_rules(
    reader: _Reader,
    questions: Mapping[str, Question],
    attribute_ids: Iterable[str],
    seen: dict[str, str],
) -> list[Rule]:
    attribute_ids = list(attribute_ids)
    top = reader.mapping(reader.document.data, (), ("option", "rules"), what="a rules file")
    option = top["option"]
    if option not in OPTION_IDS:
        raise reader.fail(
            ("option",),
            f"unknown option {option!r}.",
            did_you_mean(option, OPTION_IDS) or f"Options: {', '.join(OPTION_IDS)}.",
        )
    rules = []
    for index, raw in enumerate(reader.items(top["rules"], ("rules",), "rules", empty=True)):
        path = ("rules", index)
        raw = reader.mapping(
            raw,
            path,
            ("id", "title", "when", "rationale", "source", "as_of"),
            ("points", "veto", "attributes", "risks", "mitigations"),
            what="a rule",
        )
        rid = raw["id"]
        prefix = f"{option}."
        if (
            not isinstance(rid, str)
            or not rid.startswith(prefix)
            or not _SLUG_RE.match(rid[len(prefix) :])
        ):
            raise reader.fail(
                (*path, "id"),
                f"rule id {rid!r} must read '{option}.<slug>' (lower-case words joined by '-').",
            )
        if rid in seen:
            raise reader.fail(
                (*path, "id"), f"rule {rid!r} is defined twice (also in {seen[rid]})."
            )
        seen[rid] = reader.filename

        points = raw.get("points")
        veto = raw.get("veto")
        if (points is None) == (veto is None):
            raise reader.fail(path, "a rule needs exactly one of 'points' or 'veto'.")
        if points is not None and (
            isinstance(points, bool)
            or not isinstance(points, int)
            or not -POINTS_LIMIT <= points <= POINTS_LIMIT
            or points == 0
        ):
            raise reader.fail(
                (*path, "points"),
                f"points must be a whole number from -{POINTS_LIMIT} to {POINTS_LIMIT}, not 0;"
                f" got {points!r}.",
            )
        if veto is not None:
            veto = reader.text(veto, (*path, "veto"), "veto")

        raw_attributes = raw.get("attributes")
        if raw_attributes is None and points is not None:
            raise reader.fail(path, "a rule with points needs 'attributes'.")
        attributes = []
        for aindex, attribute in enumerate(
            reader.items(
                raw_attributes, (*path, "attributes"), "attributes", empty=veto is not None
            )
        ):
            if attribute not in attribute_ids:
                raise reader.fail(
                    (*path, "attributes", aindex),
                    f"unknown quality attribute {attribute!r}.",
                    did_you_mean(attribute, attribute_ids),
                )
            if attribute in attributes:
                raise reader.fail(
                    (*path, "attributes", aindex), f"attribute {attribute!r} is listed twice."
                )
            attributes.append(attribute)

        rationale = reader.text(raw["rationale"], (*path, "rationale"), "rationale")
        placeholders = []
        for name in _PLACEHOLDER_RE.findall(rationale):
            if name not in questions:
                raise reader.fail(
                    (*path, "rationale"),
                    f"the rationale quotes {{{name}}}, which is not a question or derived fact.",
                    did_you_mean(name, list(questions)),
                )
            if name not in placeholders:
                placeholders.append(name)

        as_of = raw["as_of"]
        if not isinstance(as_of, str) or not _AS_OF_RE.match(as_of):
            raise reader.fail(
                (*path, "as_of"),
                f'as_of must be a date such as "2026-01", got {as_of!r}.',
                'Quote it: as_of: "2026-01".',
            )
        condition = compile_condition(
            raw["when"],
            questions,
            filename=reader.filename,
            path=(*path, "when"),
            locate=reader.document.position,
        )
        position = reader.document.position(path)
        rules.append(
            Rule(
                id=rid,
                option=option,
                title=reader.text(raw["title"], (*path, "title"), "title"),
                condition=condition,
                points=points,
                veto=veto,
                attributes=tuple(attributes),
                rationale=rationale,
                risks=reader.texts(raw.get("risks"), (*path, "risks"), "risks"),
                mitigations=reader.texts(
                    raw.get("mitigations"), (*path, "mitigations"), "mitigations"
                ),
                source=reader.text(raw["source"], (*path, "source"), "source"),
                as_of=as_of,
                placeholders=tuple(placeholders),
                file=reader.filename,
                line=position[0] if position else None,
            )
        )
    return rules


def load_knowledge(path: str | os.PathLike[str] | None = None) -> KnowledgeBase:
    """Load, validate and compile the knowledge base in the directory ``path``.

    The directory holds ``questions.yaml``, ``options.yaml`` and ``rules/*.yaml``; it
    defaults to ``evaluator/knowledge``. Raises :class:`KnowledgeError` on any problem.
    """
    root = Path(path) if path is not None else DEFAULT_PATH
    digest = hashlib.sha256()

    def read(file: Path) -> _Reader:
        reader = _Reader(file)
        digest.update(file.name.encode() + b"\0" + reader.raw + b"\0")
        return reader

    questions_file = root / "questions.yaml"
    if not questions_file.is_file():
        raise KnowledgeError("questions.yaml is missing.", file=_display_path(questions_file))
    version, attributes, groups, questions = _read_questions(read(questions_file))
    catalogue: dict[str, Question] = {q.id: q for q in questions}
    catalogue.update(DERIVED_QUESTIONS)

    options_file = root / "options.yaml"
    if not options_file.is_file():
        raise KnowledgeError("options.yaml is missing.", file=_display_path(options_file))
    options = _read_options(read(options_file), catalogue)

    rules: list[Rule] = []
    seen: dict[str, str] = {}
    attribute_ids = [a.id for a in attributes]
    for file in sorted((root / "rules").glob("*.yaml")):
        rules.extend(_read_rules(read(file), catalogue, attribute_ids, seen))

    return KnowledgeBase(
        version=version,
        attributes=attributes,
        groups=groups,
        questions=questions,
        options=options,
        rules=tuple(rules),
        digest=digest.hexdigest(),
        path=str(root),
    )


@functools.lru_cache(maxsize=1)
def default_knowledge() -> KnowledgeBase:
    """The project's knowledge base, loaded and compiled once per process."""
    return load_knowledge()
