"""What a review says about its own origin: revision, hash, date, knowledge base and packs.

A review must come out byte for byte the same for the same design, so nothing here reads
the clock. The date is the saved revision's date, or one given on the command line; a file
reviewed without ``--date`` has no date, and its content hash identifies it instead.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from evaluator.engine.knowledge import KnowledgeBase, PackRef
from evaluator.engine.spec import DesignSpec, canonical_json

__all__ = ["ReviewMeta", "check_date", "content_hash", "packs_text", "review_meta"]


@dataclass(frozen=True)
class ReviewMeta:
    """Where a review came from. Build it with :func:`review_meta`."""

    content_hash: str
    knowledge_version: str
    knowledge_digest: str = ""
    source: str = ""
    revision: int | None = None
    revision_hash: str | None = None
    date: str | None = None
    packs: tuple[PackRef, ...] = ()
    # (pack name, reason) of each active pack the design opted out of.
    opted_out: tuple[tuple[str, str], ...] = ()

    @property
    def saved(self) -> bool:
        return self.revision is not None


def content_hash(spec: DesignSpec) -> str:
    """SHA-256 of the design's canonical JSON: the same text the revision chain hashes."""
    return hashlib.sha256(canonical_json(spec).encode("utf-8")).hexdigest()


def check_date(date: str | datetime.date | None) -> str | None:
    """``date`` as ``YYYY-MM-DD`` (None stays None); ``ValueError`` if it is no date."""
    if date is None:
        return None
    if isinstance(date, datetime.datetime):
        return date.date().isoformat()
    if isinstance(date, datetime.date):
        return date.isoformat()
    text = str(date).strip()
    try:
        parsed = datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD.") from None
    if len(text) != 10:
        raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD.")
    return parsed.isoformat()


def review_meta(
    spec: DesignSpec,
    kb: KnowledgeBase,
    *,
    source: str = "",
    revision: int | None = None,
    revision_hash: str | None = None,
    date: str | datetime.date | None = None,
    opted_out: tuple[tuple[str, str], ...] = (),
) -> ReviewMeta:
    """The metadata of a review of ``spec``; raises ``ValueError`` for a malformed date."""
    return ReviewMeta(
        content_hash=content_hash(spec),
        knowledge_version=kb.version,
        knowledge_digest=kb.digest,
        source=source,
        revision=revision,
        revision_hash=revision_hash,
        date=check_date(date),
        packs=kb.packs,
        opted_out=tuple(opted_out),
    )


def packs_text(packs: tuple[PackRef, ...]) -> str:
    """The packs as one line of text: ``acme-azure 2026.1 (sha256:afe057ae4079)``, ..."""
    return ", ".join(f"{p.name} {p.version} (sha256:{p.sha256[:12]})" for p in packs)
