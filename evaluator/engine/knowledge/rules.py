"""Reading ``rules/<option>.yaml``: each rule checked, its condition compiled once."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from evaluator.engine.conditions import compile_condition
from evaluator.engine.errors import did_you_mean

from .reader import Reader
from .values import OPTION_IDS, Option, Question, Rule

__all__ = ["POINTS_LIMIT", "check_points", "read_rule", "read_rules"]

POINTS_LIMIT = 40

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")


def read_rules(
    reader: Reader,
    questions: Mapping[str, Question],
    attribute_ids: Iterable[str],
    seen: dict[str, str],
    options: Mapping[str, Option],
) -> list[Rule]:
    """The rules of one file; ``seen`` maps every rule id read so far to its file."""
    attribute_ids = list(attribute_ids)
    top = reader.mapping(reader.document.data, (), ("option", "rules"), what="a rules file")
    option = top["option"]
    if option not in OPTION_IDS:
        raise reader.fail(
            ("option",),
            f"unknown option {option!r}.",
            did_you_mean(option, OPTION_IDS) or f"Options: {', '.join(OPTION_IDS)}.",
        )
    variant_ids = tuple(variant.id for variant in options[option].variants)
    return [
        read_rule(
            reader, raw, ("rules", index), option, questions, attribute_ids, seen, variant_ids
        )
        for index, raw in enumerate(reader.items(top["rules"], ("rules",), "rules", empty=True))
    ]


def read_rule(
    reader: Reader,
    raw: Any,
    path: tuple,
    option: str,
    questions: Mapping[str, Question],
    attribute_ids: list[str],
    seen: dict[str, str],
    variant_ids: tuple[str, ...],
    extra_keys: tuple[str, ...] = (),
) -> Rule:
    """One rule of ``option``; ``seen`` maps every rule id read so far to its file."""
    raw = reader.mapping(
        raw,
        path,
        ("id", "title", "when", "rationale", "source", "as_of"),
        ("points", "veto", "attributes", "risks", "mitigations", "variants", *extra_keys),
        what="a rule",
    )
    rid = _rule_id(reader, raw["id"], path, option, seen)
    points, veto = _effect(reader, raw, path)
    attributes = _attributes(reader, raw.get("attributes"), path, attribute_ids, points, veto)
    rationale = reader.text(raw["rationale"], (*path, "rationale"), "rationale")
    placeholders = _placeholders(reader, rationale, path, questions)
    as_of = reader.as_of(raw["as_of"], (*path, "as_of"))
    condition = compile_condition(
        raw["when"],
        questions,
        filename=reader.filename,
        path=(*path, "when"),
        locate=reader.document.position,
    )
    position = reader.document.position(path)
    variants = _variants(reader, raw.get("variants"), path, variant_ids)
    return Rule(
        id=rid,
        option=option,
        title=reader.text(raw["title"], (*path, "title"), "title"),
        condition=condition,
        points=points,
        veto=veto,
        attributes=attributes,
        rationale=rationale,
        risks=reader.texts(raw.get("risks"), (*path, "risks"), "risks"),
        mitigations=reader.texts(raw.get("mitigations"), (*path, "mitigations"), "mitigations"),
        source=reader.text(raw["source"], (*path, "source"), "source"),
        as_of=as_of,
        placeholders=placeholders,
        file=reader.filename,
        line=position[0] if position else None,
        variants=variants,
    )


def _rule_id(reader: Reader, rid: Any, path: tuple, option: str, seen: dict[str, str]) -> str:
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
        raise reader.fail((*path, "id"), f"rule {rid!r} is defined twice (also in {seen[rid]}).")
    seen[rid] = reader.filename
    return rid


def _effect(reader: Reader, raw: Mapping[str, Any], path: tuple) -> tuple[int | None, str | None]:
    """(points, veto): a rule has exactly one of them."""
    points = raw.get("points")
    veto = raw.get("veto")
    if (points is None) == (veto is None):
        raise reader.fail(path, "a rule needs exactly one of 'points' or 'veto'.")
    if points is not None:
        check_points(reader, points, (*path, "points"))
    if veto is not None:
        veto = reader.text(veto, (*path, "veto"), "veto")
    return points, veto


def check_points(reader: Reader, points: Any, path: tuple) -> int:
    """``points`` if it is a whole number from -40 to 40 other than 0."""
    if (
        isinstance(points, bool)
        or not isinstance(points, int)
        or not -POINTS_LIMIT <= points <= POINTS_LIMIT
        or points == 0
    ):
        raise reader.fail(
            path,
            f"points must be a whole number from -{POINTS_LIMIT} to {POINTS_LIMIT}, not 0;"
            f" got {points!r}.",
        )
    return points


def _attributes(
    reader: Reader,
    raw_attributes: Any,
    path: tuple,
    attribute_ids: list[str],
    points: int | None,
    veto: str | None,
) -> tuple[str, ...]:
    if raw_attributes is None and points is not None:
        raise reader.fail(path, "a rule with points needs 'attributes'.")
    attributes: list[str] = []
    items = reader.items(
        raw_attributes, (*path, "attributes"), "attributes", empty=veto is not None
    )
    for index, attribute in enumerate(items):
        if attribute not in attribute_ids:
            raise reader.fail(
                (*path, "attributes", index),
                f"unknown quality attribute {attribute!r}.",
                did_you_mean(attribute, attribute_ids),
            )
        if attribute in attributes:
            raise reader.fail(
                (*path, "attributes", index), f"attribute {attribute!r} is listed twice."
            )
        attributes.append(attribute)
    return tuple(attributes)


def _variants(reader: Reader, raw: Any, path: tuple, variant_ids: tuple[str, ...]) -> tuple:
    """The variants a rule is limited to, in the option's order; () for all of them."""
    if raw is None:
        return ()
    found = []
    for index, value in enumerate(reader.items(raw, (*path, "variants"), "variants")):
        if value not in variant_ids:
            raise reader.fail(
                (*path, "variants", index),
                f"unknown variant {value!r} of this option.",
                did_you_mean(value, variant_ids) or f"Variants: {', '.join(variant_ids)}.",
            )
        if value in found:
            raise reader.fail((*path, "variants", index), f"variant {value!r} is listed twice.")
        found.append(value)
    if len(found) == len(variant_ids):
        raise reader.fail(
            (*path, "variants"),
            "the rule names every variant of its option.",
            "Leave 'variants' out for a rule about the option as a whole.",
        )
    return tuple(v for v in variant_ids if v in found)


def _placeholders(
    reader: Reader, rationale: str, path: tuple, questions: Mapping[str, Question]
) -> tuple[str, ...]:
    """The ``{question}`` names a rationale quotes, each once, in order."""
    placeholders: list[str] = []
    for name in _PLACEHOLDER_RE.findall(rationale):
        if name not in questions:
            raise reader.fail(
                (*path, "rationale"),
                f"the rationale quotes {{{name}}}, which is not a question or derived fact.",
                did_you_mean(name, list(questions)),
            )
        if name not in placeholders:
            placeholders.append(name)
    return tuple(placeholders)
