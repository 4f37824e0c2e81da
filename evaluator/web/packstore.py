"""The organisation's packs in the database: storing, activating, retiring, opting out,
and the knowledge base a design is scored with (``docs/packs.md``).

That knowledge base is the built-in one plus the active packs minus those the design
opted out of. Compiling one takes milliseconds, so compiled knowledge bases are kept per
process, keyed by content alone: the tuple of the packs' SHA-256 hashes. A worker asks
the database which packs are active (one small query, once per request), so an
activation made through any worker is seen by every worker on its next request, and no
entry can ever be stale.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib

from django.db import transaction
from django.utils import timezone

from evaluator.engine import KnowledgeBase, default_knowledge
from evaluator.engine.knowledge import Pack, Rule, apply_packs, read_pack
from evaluator.engine.knowledge.packvalues import RuleChange

from .models import Design, PackOptOut, PackVersion

__all__ = [
    "PackError",
    "activate",
    "active_versions",
    "check_pack",
    "knowledge_for",
    "knowledge_of",
    "knowledge_with",
    "knowledge_with_hashes",
    "opt_in",
    "opt_out",
    "opt_outs",
    "pack_of",
    "request_scope",
    "retire",
    "store_pack",
    "switched_off",
]

# What the active packs are, looked up once per request and forgotten after it (set by
# ``request_scope``; outside a request every call asks the database).
_request_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "pack_memo", default=None
)


class PackError(Exception):
    """A pack operation that cannot be done; the message says why and what to do."""


class request_scope:  # noqa: N801 - used as a context manager, like a function
    """Within it, the active packs are looked up once; the middleware wraps each request."""

    def __enter__(self) -> None:
        self._token = _request_memo.set({})

    def __exit__(self, *exc) -> None:
        _request_memo.reset(self._token)


def _memo(key, compute):
    memo = _request_memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


# --- The knowledge a design is scored with ---------------------------------------------


def active_versions(design: Design | None = None) -> tuple[tuple[str, str, str], ...]:
    """(name, version, sha256) of the active packs, minus those ``design`` opted out of.

    Two small queries a request at most, however many designs a page scores: the active
    packs, and (only when some are active) every opt-out, a table of a few rows.
    """
    active = _memo(
        "active",
        lambda: tuple(
            PackVersion.objects.active().order_by("name").values_list("name", "version", "sha256")
        ),
    )
    if not active or design is None or design.pk is None:
        return active
    skipped = _memo("opt-outs", _all_opt_outs).get(design.pk, ())
    return tuple(row for row in active if row[0] not in skipped)


def _all_opt_outs() -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for design_id, name in PackOptOut.objects.values_list("design_id", "name"):
        found.setdefault(design_id, set()).add(name)
    return found


def knowledge_for(design: Design | None = None) -> KnowledgeBase:
    """The built-in knowledge with the active packs applied, minus ``design``'s opt-outs.

    With no design: every active pack (the catalogue designs are read against, so an
    answer to any active pack's question is kept even by a design that opted out of it).
    """
    hashes = tuple(sha for _name, _version, sha in active_versions(design))
    return _compiled(hashes) if hashes else default_knowledge()


def knowledge_with(design: Design | None, candidate: PackVersion) -> KnowledgeBase:
    """What ``knowledge_for(design)`` would be with ``candidate`` the active version of
    its name (the impact preview's other side); unchanged for a design that opted out.
    With no design: every active pack, and the candidate (as the case library is judged)."""
    opt_outs = _memo("opt-outs", _all_opt_outs).get(design.pk, ()) if design else ()
    if candidate.name in opt_outs:
        return knowledge_for(design)
    rows = [row for row in active_versions(design) if row[0] != candidate.name]
    rows.append((candidate.name, candidate.version, candidate.sha256))
    # In name order, as active_versions gives them: the same packs, the same digest.
    return _compiled(tuple(sha for _name, _version, sha in sorted(rows)))


def knowledge_with_hashes(hashes: tuple[str, ...]) -> KnowledgeBase | None:
    """Today's built-in knowledge with the stored pack versions of ``hashes`` applied (as
    a revision recorded them); None when one of them is not stored here."""
    if not hashes:
        return default_knowledge()
    if PackVersion.objects.filter(sha256__in=hashes).count() < len(set(hashes)):
        return None
    return _compiled(tuple(hashes))


@functools.lru_cache(maxsize=32)
def _compiled(hashes: tuple[str, ...]) -> KnowledgeBase:
    # Keyed by content: stored versions never change, so an entry never goes stale.
    rows = dict(PackVersion.objects.filter(sha256__in=hashes).values_list("sha256", "text"))
    return apply_packs(default_knowledge(), [_read(sha, rows[sha]) for sha in hashes])


def _read(sha256: str, text: str) -> Pack:
    return read_pack(text, default_knowledge(), filename=f"pack {sha256[:12]}")


def pack_of(row: PackVersion) -> Pack:
    """A stored version read back as a ``Pack`` (to show or compare it)."""
    return _read_stored(row.sha256, row.text)


@functools.lru_cache(maxsize=64)
def _read_stored(sha256: str, text: str) -> Pack:
    # Keyed by content, like _compiled: a stored version is read once per process.
    return _read(sha256, text)


def switched_off(option: str) -> list[tuple[Rule, PackVersion, RuleChange]]:
    """The built-in rules of ``option`` an active pack switches off: (rule, the pack's
    version, its change with the reason), by rule id."""
    rules = default_knowledge().rule_by_id
    found = []
    for row in PackVersion.objects.active().order_by("name"):
        for change in pack_of(row).changes:
            rule = rules.get(change.rule)
            if change.off and rule is not None and rule.option == option:
                found.append((rule, row, change))
    return sorted(found, key=lambda item: item[0].id)


def knowledge_of(row: PackVersion) -> KnowledgeBase:
    """The built-in knowledge with this version alone applied: what its own rules,
    variants and questions are shown against."""
    return _compiled((row.sha256,))


# --- Checking and storing --------------------------------------------------------------


def check_pack(text: str, filename: str, *, beside: tuple[str, ...] | None = None) -> Pack:
    """Read ``text`` and apply it with the other active packs (or those of hashes
    ``beside``): the pack, or a ``KnowledgeError`` naming file, line and column."""
    kb = default_knowledge()
    pack = read_pack(text, kb, filename=filename)
    if beside is None:
        beside = tuple(sha for name, _v, sha in _active_rows() if name != pack.name)
    rows = dict(PackVersion.objects.filter(sha256__in=beside).values_list("sha256", "text"))
    apply_packs(kb, [pack, *(_read(sha, rows[sha]) for sha in beside)])
    return pack


def _active_rows() -> tuple[tuple[str, str, str], ...]:
    return tuple(PackVersion.objects.active().values_list("name", "version", "sha256"))


def store_pack(text: str, filename: str, *, user=None) -> tuple[PackVersion, bool]:
    """Store a new pack version, checked first: (the row, whether it is new).

    The same name and version with the same content is a no-op; with other content it is
    refused (``PackError``): a stored version never changes. A bad pack raises
    ``KnowledgeError``; either way nothing is stored.
    """
    pack = check_pack(text, filename)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with transaction.atomic():
        existing = PackVersion.objects.filter(name=pack.name, version=pack.version).first()
        if existing is not None:
            if existing.sha256 != sha:
                raise PackError(
                    f"{filename}: pack {pack.name} version {pack.version} is already stored"
                    " with other content; stored versions never change. Give this one a new"
                    " version."
                )
            return existing, False
        row = PackVersion.objects.create(
            name=pack.name,
            version=pack.version,
            text=text,
            sha256=sha,
            stored_by=user,
            stored_at=timezone.now(),
        )
    return row, True


def find_version(name: str, version: str) -> PackVersion:
    row = PackVersion.objects.filter(name=name, version=version).first()
    if row is None:
        known = list(PackVersion.objects.filter(name=name).values_list("version", flat=True))
        extra = f" Stored versions: {', '.join(known)}." if known else " No version is stored."
        raise PackError(f"There is no pack {name} version {version}.{extra}")
    return row


def activate(name: str, version: str) -> PackVersion:
    """Make this version the active one of its name, after checking it against the other
    active packs (``KnowledgeError`` if it clashes; nothing changes then)."""
    row = find_version(name, version)
    with transaction.atomic():
        others = tuple(
            sha
            for n, _v, sha in PackVersion.objects.select_for_update()
            .active()
            .values_list("name", "version", "sha256")
            if n != name
        )
        check_pack(row.text, f"{name} {version}", beside=others)
        now = timezone.now()
        PackVersion.objects.active().filter(name=name).exclude(pk=row.pk).update(
            active=False, retired_at=now
        )
        PackVersion.objects.filter(pk=row.pk).update(active=True, activated_at=now, retired_at=None)
    row.refresh_from_db()
    return row


def retire(name: str) -> PackVersion:
    """No version of ``name`` is active any more."""
    with transaction.atomic():
        row = PackVersion.objects.select_for_update().active().filter(name=name).first()
        if row is None:
            raise PackError(f"No version of the pack {name} is active.")
        PackVersion.objects.filter(pk=row.pk).update(active=False, retired_at=timezone.now())
    row.refresh_from_db()
    return row


# --- Opting out ------------------------------------------------------------------------


def opt_out(design: Design, name: str, reason: str, *, user) -> PackOptOut:
    """``design`` no longer takes the pack ``name``; ``reason`` is printed in its review."""
    reason = (reason or "").strip()
    if not reason:
        raise PackError("Say why the design opts out of the pack: the review prints it.")
    if not PackVersion.objects.active().filter(name=name).exists():
        raise PackError(f"There is no active pack {name} to opt out of.")
    row, _created = PackOptOut.objects.update_or_create(
        design=design, name=name, defaults={"reason": reason, "by": user, "at": timezone.now()}
    )
    return row


def opt_in(design: Design, name: str) -> None:
    """``design`` takes the pack ``name`` again, if it is active."""
    PackOptOut.objects.filter(design=design, name=name).delete()


def opt_outs(design: Design) -> tuple[tuple[str, str], ...]:
    """(pack name, reason) of every pack ``design`` opted out of, by name."""
    return _memo(
        ("opt-outs", design.pk),
        lambda: tuple(
            PackOptOut.objects.filter(design=design).order_by("name").values_list("name", "reason")
        ),
    )
