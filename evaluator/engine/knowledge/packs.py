"""Organisation packs applied to the built-in knowledge base (``docs/packs.md``).

``read_pack`` (in ``packreader``) checks one pack on its own against the built-in
knowledge; :func:`apply_packs` puts several together, refuses what only shows then (two
packs adding the same id, or changing the same built-in rule) and returns a new, fully
compiled :class:`KnowledgeBase`. Packs are applied in the order of their names; since no
pack can refer to another, that order only decides where their questions, rules and
variants are listed, never a score.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import replace

from evaluator.engine.errors import KnowledgeError

from .base import KnowledgeBase
from .packreader import MAX_PACK_BYTES, MAX_PACK_ITEMS, PACK_FORMAT, read_pack
from .packvalues import AddedTechnologies, NewVariant, Pack, PackSource, RuleChange
from .values import Option, Rule

__all__ = [
    "MAX_PACK_BYTES",
    "MAX_PACK_ITEMS",
    "MAX_PACKS",
    "PACK_FORMAT",
    "AddedTechnologies",
    "NewVariant",
    "Pack",
    "PackSource",
    "RuleChange",
    "apply_packs",
    "packs_digest",
    "read_pack",
    "with_packs",
]

# More than a handful of packs is a sign they should be merged; the cap bounds the work
# of checking every pack against every other.
MAX_PACKS = 20


def apply_packs(kb: KnowledgeBase, packs: Iterable[Pack]) -> KnowledgeBase:
    """The knowledge base ``kb`` with ``packs`` applied, in the order of their names.

    With no packs, ``kb`` itself. Otherwise a new knowledge base, compiled like the
    built-in one, whose ``digest`` covers ``kb`` and every pack's content and whose
    ``packs`` records each one (name, version, SHA-256). Raises :class:`KnowledgeError`
    when two packs clash, and ``ValueError`` for a pack read against another knowledge base.
    """
    ordered = sorted(packs, key=lambda pack: pack.name)
    if not ordered:
        return kb
    if len(ordered) > MAX_PACKS:
        raise KnowledgeError(f"{len(ordered)} packs given; at most {MAX_PACKS} can apply at once.")
    for pack in ordered:
        if pack.base_digest != kb.digest:
            raise ValueError(f"pack {pack.name!r} was read against another knowledge base.")
    _check_clashes(ordered)
    changes = {change.rule: change for pack in ordered for change in pack.changes}
    rules: list[Rule] = []
    for rule in kb.rules:
        change = changes.get(rule.id)
        if change is None:
            rules.append(rule)
        elif not change.off:
            rules.append(replace(rule, points=change.points))
    rules.extend(rule for pack in ordered for rule in pack.rules)
    return KnowledgeBase(
        version=kb.version,
        attributes=kb.attributes,
        groups=kb.groups,
        questions=kb.questions + tuple(q for pack in ordered for q in pack.questions),
        options=tuple(_option(option, ordered) for option in kb.options),
        rules=tuple(rules),
        head_start=kb.head_start,
        digest=packs_digest(kb.digest, [pack.sha256 for pack in ordered]),
        path=kb.path,
        packs=tuple(pack.ref for pack in ordered),
    )


def with_packs(
    kb: KnowledgeBase, sources: Iterable[tuple[bytes | str, str]]
) -> tuple[KnowledgeBase, tuple[Pack, ...]]:
    """Read each ``(text, filename)`` against ``kb`` and apply them all: the merged
    knowledge base and the packs read. This is how a pack is checked before it is stored
    or activated: with the packs it would apply beside."""
    packs = tuple(read_pack(text, kb, filename=filename) for text, filename in sources)
    return apply_packs(kb, packs), packs


def packs_digest(base_digest: str, pack_hashes: Sequence[str]) -> str:
    """The digest of a knowledge base built from ``base_digest`` and packs of these
    hashes, in the order applied; ``base_digest`` itself when there are none."""
    if not pack_hashes:
        return base_digest
    digest = hashlib.sha256(base_digest.encode())
    for sha in pack_hashes:
        digest.update(b"\0" + sha.encode())
    return digest.hexdigest()


def _check_clashes(packs: list[Pack]) -> None:
    names: dict[str, Pack] = {}
    owners: dict[tuple[str, str], Pack] = {}
    for pack in packs:
        first = names.setdefault(pack.name, pack)
        if first is not pack:
            raise pack.fail(
                ("pack", "name"),
                f"pack {pack.name!r} is given twice (versions {first.version} and {pack.version}).",
                "Apply one version of each pack.",
            )
        for key in pack.paths:
            first = owners.setdefault(key, pack)
            if first is pack or key[0] == "pack":
                continue
            kind, name = key
            if kind == "change":
                raise pack.fail(
                    key,
                    f"rule {name!r} is already changed by pack {first.name!r}.",
                    "Only one pack may change a built-in rule; agree on one change.",
                )
            raise pack.fail(
                key,
                f"{kind} {name!r} is already added by pack {first.name!r}.",
                "Pick another id.",
            )


def _option(option: Option, packs: list[Pack]) -> Option:
    """The option with the packs' new variants and technologies."""
    new: list[NewVariant] = [v for pack in packs for v in pack.variants if v.option == option.id]
    added: list[AddedTechnologies] = [
        t for pack in packs for t in pack.technologies if t.option == option.id
    ]
    if not new and not added:
        return option
    variants = []
    for variant in option.variants:
        variants.extend(item.variant for item in new if item.before == variant.id)
        technologies = list(variant.technologies)
        for addition in added:
            if addition.variant == variant.id:
                known = {t.casefold() for t in technologies}
                technologies.extend(t for t in addition.technologies if t.casefold() not in known)
        variants.append(replace(variant, technologies=tuple(technologies)))
    return replace(option, variants=tuple(variants))
