"""What changed between two versions of one pack: entries added, removed and changed.

Pure: two :class:`Pack` values in, a :class:`PackDiff` out. Every value is compared as
the text a reader sees (a condition as its readable form, a list joined), so the diff
says what differs in words, and a condition written another way that reads the same is
no change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from evaluator.engine.conditions import Condition

from .packvalues import Pack, PackSource
from .values import Choice

__all__ = ["FieldChange", "ItemChange", "KindDiff", "PackDiff", "diff_packs"]

# Where an entry was read from, or what is computed from its other fields: never a change.
_IGNORED = frozenset({"file", "line", "placeholders", "pack", "choice_values"})


@dataclass(frozen=True)
class FieldChange:
    """One field of an entry, as text before and after."""

    field: str
    before: str
    after: str

    @property
    def label(self) -> str:
        return self.field.replace("_", " ")


@dataclass(frozen=True)
class ItemChange:
    """An entry both versions have, with the fields that differ."""

    key: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class KindDiff:
    """One of the pack's lists (questions, rules, ...): keys added, removed and changed."""

    kind: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[ItemChange, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class PackDiff:
    """From ``before`` to ``after``: the header fields that differ, then each list."""

    name: str
    before: str  # version
    after: str
    header: tuple[FieldChange, ...]
    kinds: tuple[KindDiff, ...]

    @property
    def empty(self) -> bool:
        return not self.header and all(kind.empty for kind in self.kinds)


def _text(value: Any) -> str:
    """A field's value as a reader sees it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Condition):
        return value.text
    if isinstance(value, Choice):
        return f"{value.value} ({value.label})"
    if isinstance(value, PackSource):
        return f"{value.title} ({value.url}, {value.date})"
    if isinstance(value, tuple | list):
        return "; ".join(_text(item) for item in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _flat(entry: Any) -> dict[str, str]:
    """The fields of an entry as text; a new variant's own fields beside its option's."""
    out: dict[str, str] = {}
    for f in fields(entry):
        value = getattr(entry, f.name)
        if f.name in _IGNORED:
            continue
        if is_dataclass(value) and not isinstance(value, Condition):
            out.update(_flat(value))
        else:
            out[f.name] = _text(value)
    return out


def _field_changes(before: dict[str, str], after: dict[str, str]) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(key, before.get(key, ""), after.get(key, ""))
        for key in dict.fromkeys([*before, *after])
        if before.get(key, "") != after.get(key, "")
    )


def _kind(kind: str, old: Iterable, new: Iterable, key: Callable[[Any], str]) -> KindDiff:
    before = {key(entry): _flat(entry) for entry in old}
    after = {key(entry): _flat(entry) for entry in new}
    changed = []
    for name in after:
        if name in before:
            differ = _field_changes(before[name], after[name])
            if differ:
                changed.append(ItemChange(name, differ))
    return KindDiff(
        kind=kind,
        added=tuple(name for name in after if name not in before),
        removed=tuple(name for name in before if name not in after),
        changed=tuple(changed),
    )


# The lists of a pack, each entry known by its key.
_KINDS: tuple[tuple[str, Callable[[Any], str]], ...] = (
    ("questions", lambda q: q.id),
    ("rules", lambda r: r.id),
    ("variants", lambda v: f"{v.option}.{v.variant.id}"),
    ("technologies", lambda t: f"{t.option}.{t.variant}"),
    ("changes", lambda c: c.rule),
)
_HEADER = ("title", "description", "dated", "sources")


def diff_packs(before: Pack, after: Pack) -> PackDiff:
    """What changed from the pack ``before`` to the pack ``after`` (normally two versions
    of one pack), entries in the order ``after`` lists them, removed ones in ``before``'s."""
    header = _field_changes(
        {name: _text(getattr(before, name)) for name in _HEADER},
        {name: _text(getattr(after, name)) for name in _HEADER},
    )
    kinds = tuple(
        _kind(kind, getattr(before, kind), getattr(after, kind), key) for kind, key in _KINDS
    )
    return PackDiff(after.name, before.version, after.version, header, kinds)
