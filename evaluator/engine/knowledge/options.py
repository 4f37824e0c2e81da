"""Reading ``options.yaml``: the baseline and the five patterns, with their variants."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from evaluator.engine.conditions import compile_condition
from evaluator.engine.errors import did_you_mean

from .reader import Reader
from .values import OPTION_IDS, HeadStart, Option, Question, Variant

__all__ = ["read_options", "read_variant"]


def read_options(
    reader: Reader, questions: Mapping[str, Question]
) -> tuple[tuple[Option, ...], HeadStart]:
    """Every option, in the order of ``OPTION_IDS`` (each exactly once), and the head start."""
    top = reader.mapping(
        reader.document.data, (), ("options",), ("head_start",), what="options.yaml"
    )
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
        variants = _read_variants(reader, raw["variants"], (*path, "variants"), questions)
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
            variants=variants,
        )
    missing = [oid for oid in OPTION_IDS if oid not in found]
    if missing:
        raise reader.fail(("options",), f"options missing: {', '.join(missing)}.")
    options = tuple(found[oid] for oid in OPTION_IDS)
    return options, _read_head_start(reader, top.get("head_start"), options, seen)


def _read_head_start(
    reader: Reader, raw: Any, options: tuple[Option, ...], seen: Mapping[str, tuple]
) -> HeadStart:
    """The baseline's head start: documented, and then every pattern must start that far
    below the baseline; or, when not documented, the gap to the highest pattern start."""
    baseline = options[0]
    patterns = options[1:]
    if raw is None:
        return HeadStart(max(0, baseline.start - max(o.start for o in patterns)))
    path = ("head_start",)
    raw = reader.mapping(raw, path, ("points", "reason"), what="the head start")
    points = raw["points"]
    if isinstance(points, bool) or not isinstance(points, int) or not 0 <= points <= 50:
        raise reader.fail((*path, "points"), f"points must be a whole number 0-50, got {points!r}.")
    for option in patterns:
        if baseline.start - option.start != points:
            raise reader.fail(
                (*seen[option.id][:-1], "start"),
                f"{option.id} starts at {option.start}, but with the baseline at"
                f" {baseline.start} and a head start of {points} it should start at"
                f" {baseline.start - points}.",
            )
    return HeadStart(points, reader.text(raw["reason"], (*path, "reason"), "reason"))


def _read_variants(
    reader: Reader, items: Any, path: tuple, questions: Mapping[str, Question]
) -> tuple[Variant, ...]:
    """The variants in order; every one but the last (the default) has a ``when``."""
    variants = []
    variant_ids: dict[str, tuple] = {}
    raw_variants = reader.items(items, path, "variants")
    for vindex, item in enumerate(raw_variants):
        here = (*path, vindex)
        last = vindex == len(raw_variants) - 1
        if isinstance(item, Mapping):
            if last and item.get("when") is not None:
                raise reader.fail(
                    (*here, "when"),
                    "the last variant is the default and must not have a 'when'.",
                    "Add a variant without 'when' at the end.",
                )
            if not last and item.get("when") is None:
                raise reader.fail(
                    here,
                    "only the last variant may go without a 'when'.",
                    "Give it a condition or move it to the end.",
                )
        variant = read_variant(reader, item, here, questions)
        reader.unique(variant_ids, variant.id, (*here, "id"), "variant")
        variants.append(variant)
    return tuple(variants)


def read_variant(
    reader: Reader,
    item: Any,
    here: tuple,
    questions: Mapping[str, Question],
    extra_keys: tuple[str, ...] = (),
) -> Variant:
    """One variant; its ``when``, if any, compiled against ``questions``."""
    item = reader.mapping(
        item,
        here,
        ("id", "name"),
        ("when", "summary", "technologies", *extra_keys),
        what="a variant",
    )
    when = None
    if item.get("when") is not None:
        when = compile_condition(
            item["when"],
            questions,
            filename=reader.filename,
            path=(*here, "when"),
            locate=reader.document.position,
        )
    return Variant(
        id=reader.identifier(item["id"], (*here, "id"), "variant id"),
        name=reader.text(item["name"], (*here, "name"), "name"),
        summary=reader.text(item.get("summary"), (*here, "summary"), "summary", optional=True),
        technologies=reader.texts(
            item.get("technologies"), (*here, "technologies"), "technologies"
        ),
        when=when,
    )
