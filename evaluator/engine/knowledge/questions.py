"""Reading ``questions.yaml``: the version, quality attributes, groups and questions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from evaluator.engine.errors import did_you_mean

from .reader import Reader
from .values import DERIVED_QUESTIONS, QUESTION_TYPES, SCOPES, Attribute, Choice, Group, Question

__all__ = ["read_question", "read_questions"]

_VALUE_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_NUMBER_KEYS = ("unit", "min", "max", "integer")


def read_questions(reader: Reader) -> tuple[str, tuple, tuple, tuple]:
    """(version, attributes, groups, questions) from ``questions.yaml``."""
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
    attributes = _read_attributes(reader, top["attributes"])
    groups = _read_groups(reader, top["groups"])
    group_by_id = {g.id: g for g in groups}
    questions = []
    seen: dict[str, tuple] = {}
    for index, raw in enumerate(reader.items(top["questions"], ("questions",), "questions")):
        questions.append(read_question(reader, raw, ("questions", index), group_by_id, seen))
    return version.strip(), attributes, groups, tuple(questions)


def _read_attributes(reader: Reader, items: Any) -> tuple[Attribute, ...]:
    attributes = []
    seen: dict[str, tuple] = {}
    for index, raw in enumerate(reader.items(items, ("attributes",), "attributes")):
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
    return tuple(attributes)


def _read_groups(reader: Reader, items: Any) -> tuple[Group, ...]:
    groups = []
    seen: dict[str, tuple] = {}
    for index, raw in enumerate(reader.items(items, ("groups",), "groups")):
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
    return tuple(groups)


def read_question(
    reader: Reader, raw: Any, path: tuple, groups: Mapping[str, Group], seen: dict
) -> Question:
    """One question; ``seen`` maps the ids read so far in this file to their paths."""
    raw = reader.mapping(
        raw,
        path,
        ("id", "label", "type", "group"),
        ("help", "unit", "min", "max", "integer", "choices", "scope", "source", "as_of"),
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
    group, scope = _group_and_scope(reader, raw, path, groups)
    if kind != "number":
        for key in _NUMBER_KEYS:
            if key in raw:
                raise reader.fail((*path, key), f"{key!r} only applies to number questions.")
    if kind not in ("choice", "multi") and "choices" in raw:
        raise reader.fail((*path, "choices"), "only choice and multi questions have choices.")
    number: dict[str, Any] = _read_number(reader, raw, path) if kind == "number" else {}
    choices = _read_choices(reader, raw, path) if kind in ("choice", "multi") else ()
    source, as_of = _read_source(reader, raw, path)
    return Question(
        id=qid,
        label=reader.text(raw["label"], (*path, "label"), "label"),
        type=kind,
        scope=scope,
        group=group.id,
        help=reader.text(raw.get("help"), (*path, "help"), "help", optional=True),
        choices=choices,
        source=source,
        as_of=as_of,
        **number,
    )


def _read_source(reader: Reader, raw: Mapping[str, Any], path: tuple) -> tuple[str, str]:
    """Where the figures in a question's help come from, and when they were checked.

    Optional, but together: a source without a date cannot be known to be stale.
    """
    source = reader.text(raw.get("source"), (*path, "source"), "source", optional=True)
    if (raw.get("as_of") is None) != (not source):
        missing = "as_of" if source else "source"
        raise reader.fail(
            path, f"a question with a source or an as_of date needs both ({missing!r} is missing)."
        )
    as_of = reader.as_of(raw["as_of"], (*path, "as_of")) if source else ""
    return source, as_of


def _group_and_scope(
    reader: Reader, raw: Mapping[str, Any], path: tuple, groups: Mapping[str, Group]
) -> tuple[Group, str]:
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
    return group, scope


def _read_number(reader: Reader, raw: Mapping[str, Any], path: tuple) -> dict[str, Any]:
    """A number question's unit, bounds and whether it takes whole numbers only."""
    unit = minimum = maximum = None
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
    return {"unit": unit, "min": minimum, "max": maximum, "integer": integer}


def _read_choices(reader: Reader, raw: Mapping[str, Any], path: tuple) -> tuple[Choice, ...]:
    choices = []
    values: dict[str, tuple] = {}
    for index, item in enumerate(reader.items(raw.get("choices"), (*path, "choices"), "choices")):
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
    return tuple(choices)
