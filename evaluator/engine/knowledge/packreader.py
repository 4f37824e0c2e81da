"""Reading one organisation pack (``docs/packs.md``): guarded YAML, the same per-kind
readers as the built-in files, and every mistake a located ``KnowledgeError``.

A pack is read against the built-in knowledge base alone. What it may refer to is kept
narrow on purpose, so that no pack can depend on another and no cycle can form:

- its rules' conditions read built-in questions, derived facts and its own questions;
- its rules may be limited to built-in variants and its own new variants;
- ``changes`` touch built-in rules only, never a rule of another pack (or its own: it
  writes those as it wants them).

Clashes between packs (two packs adding the same id, or changing the same rule) can only
be seen when packs are put together; ``packs.apply_packs`` refuses those.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from evaluator.engine.errors import did_you_mean

from .base import KnowledgeBase
from .options import read_variant
from .packvalues import AddedTechnologies, NewVariant, Pack, PackSource, RuleChange
from .questions import read_question
from .reader import Reader
from .rules import check_points, read_rule
from .values import OPTION_IDS, Question, Rule

__all__ = ["MAX_PACK_BYTES", "MAX_PACK_ITEMS", "PACK_FORMAT", "read_pack"]

PACK_FORMAT = "tradeoff-evaluator-pack/1"
# A pack is a page or two of YAML; the caps keep a hostile upload cheap to refuse.
MAX_PACK_BYTES = 256 * 1024
MAX_PACK_ITEMS = 200  # per list: questions, rules, variants, technologies, changes

NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_NAME = 60
VERSION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
# Sources are shown as links: only web addresses, never javascript: or data: ones.
URL_RE = re.compile(r"^https?://[^\s<>\"']+$")

_REQUIRED = ("format", "name", "version", "title", "description", "sources", "dated")
_LISTS = ("questions", "rules", "variants", "technologies", "changes")


def read_pack(source: bytes | str, kb: KnowledgeBase, *, filename: str = "<pack>") -> Pack:
    """Read and check one pack against the built-in knowledge base ``kb``.

    Raises :class:`KnowledgeError` with the file, line, column and a hint for any
    mistake, and ``ValueError`` if ``kb`` already has packs applied.
    """
    if kb.packs:
        raise ValueError("packs are read against the built-in knowledge base, without packs.")
    raw = source.encode("utf-8") if isinstance(source, str) else bytes(source)
    reader = Reader.of_bytes(raw, filename, MAX_PACK_BYTES)
    top = reader.mapping(reader.document.data, (), _REQUIRED, _LISTS, what="a pack")
    header = _header(reader, top)
    lists = {key: _items(reader, top, key) for key in _LISTS}
    if not any(lists.values()):
        raise reader.fail(
            ("name",),
            "the pack adds or changes nothing.",
            f"Give it at least one of: {', '.join(_LISTS)}.",
        )
    paths: dict[tuple[str, str], tuple] = {("pack", "name"): ("name",)}
    questions = _questions(reader, lists["questions"], kb, paths)
    catalogue = {**kb.by_id, **{q.id: q for q in questions}}
    variants = _variants(reader, lists["variants"], kb, catalogue, paths)
    technologies = _technologies(reader, lists["technologies"], kb)
    rules = _rules(reader, lists["rules"], kb, catalogue, variants, header["name"], paths)
    changes = _changes(reader, lists["changes"], kb, rules, paths)
    return Pack(
        **header,
        sha256=hashlib.sha256(raw).hexdigest(),
        filename=filename,
        questions=questions,
        rules=rules,
        variants=variants,
        technologies=technologies,
        changes=changes,
        base_digest=kb.digest,
        document=reader.document,
        paths=paths,
    )


def _header(reader: Reader, top: Mapping[str, Any]) -> dict[str, Any]:
    if top["format"] != PACK_FORMAT:
        raise reader.fail(
            ("format",),
            f"format must be {PACK_FORMAT!r}, got {top['format']!r}.",
            f"Write format: {PACK_FORMAT}",
        )
    name = top["name"]
    if not isinstance(name, str) or not NAME_RE.match(name) or len(name) > MAX_NAME:
        raise reader.fail(
            ("name",),
            f"the pack name {name!r} is not a valid name.",
            f"Use lower-case letters, digits and '-' (at most {MAX_NAME}), like 'acme-azure'.",
        )
    version = top["version"]
    if not isinstance(version, str) or not VERSION_RE.match(version):
        raise reader.fail(
            ("version",),
            f"the version {version!r} is not valid text.",
            'Quote it and use letters, digits, ".", "-" or "_", like version: "2026.1".',
        )
    sources = []
    for index, item in enumerate(reader.items(top["sources"], ("sources",), "sources")):
        here = ("sources", index)
        item = reader.mapping(item, here, ("title", "url", "date"), what="a source")
        url = item["url"]
        if not isinstance(url, str) or not URL_RE.match(url):
            raise reader.fail(
                (*here, "url"),
                f"the url {url!r} is not a web address.",
                "Write an address starting with https://.",
            )
        sources.append(
            PackSource(
                reader.text(item["title"], (*here, "title"), "title"),
                url,
                reader.as_of(item["date"], (*here, "date")),
            )
        )
    return {
        "name": name,
        "version": version,
        "title": reader.text(top["title"], ("title",), "title"),
        "description": reader.text(top["description"], ("description",), "description"),
        "sources": tuple(sources),
        "dated": reader.as_of(top["dated"], ("dated",)),
    }


def _items(reader: Reader, top: Mapping[str, Any], key: str) -> list:
    items = reader.items(top.get(key), (key,), key, empty=True)
    if len(items) > MAX_PACK_ITEMS:
        raise reader.fail(
            (key, MAX_PACK_ITEMS),
            f"{key} has {len(items):,} entries; a pack may hold at most {MAX_PACK_ITEMS}.",
            "Split the pack into several packs.",
        )
    return items


def _questions(reader: Reader, items: list, kb: KnowledgeBase, paths: dict) -> tuple[Question, ...]:
    groups = {group.id: group for group in kb.groups}
    seen: dict[str, tuple] = {}
    questions = []
    for index, raw in enumerate(items):
        path = ("questions", index)
        question = read_question(reader, raw, path, groups, seen)
        if question.id in kb.by_id:
            raise reader.fail(
                (*path, "id"),
                f"question {question.id!r} is already a built-in question.",
                "Pick another id: a pack adds questions, it cannot redefine built-in ones.",
            )
        paths["question", question.id] = (*path, "id")
        questions.append(question)
    return tuple(questions)


def _option(reader: Reader, raw: Any, path: tuple, what: str) -> str:
    """The ``option`` key an entry of a pack names, checked."""
    option = raw.get("option") if isinstance(raw, Mapping) else None
    if option is None:
        raise reader.fail(path, f"{what} in a pack needs 'option'.")
    if option not in OPTION_IDS:
        raise reader.fail(
            (*path, "option"),
            f"unknown option {option!r}.",
            did_you_mean(option, OPTION_IDS) or f"Options: {', '.join(OPTION_IDS)}.",
        )
    return option


def _variants(
    reader: Reader, items: list, kb: KnowledgeBase, catalogue: Mapping, paths: dict
) -> tuple[NewVariant, ...]:
    found: list[NewVariant] = []
    seen: dict[str, tuple] = {}
    for index, raw in enumerate(items):
        path = ("variants", index)
        variant = read_variant(reader, raw, path, catalogue, extra_keys=("option", "before"))
        option = _option(reader, raw, path, "a variant")
        built_in = [v.id for v in kb.option(option).variants]
        if variant.id in built_in:
            raise reader.fail(
                (*path, "id"),
                f"{option} already has a variant {variant.id!r}.",
                "Pick another id: a pack adds variants, it cannot redefine built-in ones.",
            )
        reader.unique(seen, f"{option}.{variant.id}", (*path, "id"), "variant")
        if variant.when is None:
            raise reader.fail(
                path,
                "a new variant needs a 'when'.",
                "The option's last variant stays the default; say when this one applies.",
            )
        before = raw.get("before", built_in[-1])
        if before not in built_in:
            raise reader.fail(
                (*path, "before"),
                f"{option} has no built-in variant {before!r}.",
                did_you_mean(before, built_in) or f"Variants: {', '.join(built_in)}.",
            )
        paths["variant", f"{option}.{variant.id}"] = (*path, "id")
        found.append(NewVariant(option, variant, before))
    return tuple(found)


def _technologies(reader: Reader, items: list, kb: KnowledgeBase) -> tuple[AddedTechnologies, ...]:
    found = []
    for index, raw in enumerate(items):
        path = ("technologies", index)
        raw = reader.mapping(raw, path, ("option", "variant", "add"), what="an addition")
        option = _option(reader, raw, path, "an addition")
        variants = {v.id: v for v in kb.option(option).variants}
        variant = variants.get(raw["variant"]) if isinstance(raw["variant"], str) else None
        if variant is None:
            raise reader.fail(
                (*path, "variant"),
                f"{option} has no built-in variant {raw['variant']!r}.",
                did_you_mean(raw["variant"], variants) or f"Variants: {', '.join(variants)}.",
            )
        added = reader.texts(raw["add"], (*path, "add"), "add")
        known = {t.casefold() for t in variant.technologies}
        for offset, name in enumerate(added):
            if name.casefold() in known:
                raise reader.fail(
                    (*path, "add", offset), f"{name!r} is already listed for this variant."
                )
            known.add(name.casefold())
        found.append(AddedTechnologies(option, variant.id, added))
    return tuple(found)


def _rules(
    reader: Reader,
    items: list,
    kb: KnowledgeBase,
    catalogue: Mapping,
    variants: tuple[NewVariant, ...],
    name: str,
    paths: dict,
) -> tuple[Rule, ...]:
    seen = {rule.id: rule.file for rule in kb.rules}
    attribute_ids = [a.id for a in kb.attributes]
    rules = []
    for index, raw in enumerate(items):
        path = ("rules", index)
        option = _option(reader, raw, path, "a rule")
        variant_ids = tuple(v.id for v in kb.option(option).variants) + tuple(
            new.variant.id for new in variants if new.option == option
        )
        rule = read_rule(
            reader, raw, path, option, catalogue, attribute_ids, seen, variant_ids, ("option",)
        )
        paths["rule", rule.id] = (*path, "id")
        rules.append(replace(rule, pack=name))
    return tuple(rules)


def _changes(
    reader: Reader, items: list, kb: KnowledgeBase, own: tuple[Rule, ...], paths: dict
) -> tuple[RuleChange, ...]:
    seen: dict[str, tuple] = {}
    changes = []
    for index, raw in enumerate(items):
        path = ("changes", index)
        raw = reader.mapping(raw, path, ("rule",), ("points", "off", "reason"), what="a change")
        rid = raw["rule"]
        rule = kb.rule_by_id.get(rid) if isinstance(rid, str) else None
        if rule is None:
            own_ids = [r.id for r in own]
            hint = "Packs change built-in rules only, never another pack's."
            if rid in own_ids:
                hint = (
                    "Write this pack's own rules as they should be; changes are for built-in rules."
                )
            elif did_you_mean(rid, kb.rule_by_id):
                hint = f"{did_you_mean(rid, kb.rule_by_id)} {hint}"
            raise reader.fail(
                (*path, "rule"), f"there is no built-in rule {rid!r} to change.", hint
            )
        reader.unique(seen, rid, (*path, "rule"), "a change of rule")
        changes.append(_change(reader, raw, path, rule))
        paths["change", rid] = (*path, "rule")
    return tuple(changes)


def _change(reader: Reader, raw: Mapping[str, Any], path: tuple, rule: Rule) -> RuleChange:
    points, off = raw.get("points"), raw.get("off")
    if (points is None) == (off is None):
        raise reader.fail(path, "a change needs exactly one of 'points' or 'off'.")
    reason = reader.text(raw.get("reason"), (*path, "reason"), "reason", optional=True)
    if off is not None:
        if off is not True:
            raise reader.fail(
                (*path, "off"),
                f"off must be true, got {off!r}.",
                "Leave the change out to keep the rule on.",
            )
        if not reason:
            raise reader.fail(path, "switching a rule off needs a 'reason'.")
        return RuleChange(rule.id, None, True, reason)
    if rule.veto is not None:
        raise reader.fail(
            (*path, "points"),
            f"rule {rule.id!r} is a veto; it has no points to change.",
            "Switch it off (off: true) and add a rule of the pack's own instead.",
        )
    points = check_points(reader, points, (*path, "points"))
    if points == rule.points:
        raise reader.fail(
            (*path, "points"),
            f"rule {rule.id!r} already has {points} points.",
            "Leave the change out, or give the points it should have.",
        )
    return RuleChange(rule.id, points, False, reason)
