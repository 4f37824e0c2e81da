"""A revision's advice under the knowledge it was saved with, beside today's.

Pack versions are stored for good, so the packs a revision was scored with can be applied
again; the built-in rules are the ones this installation runs today. When those have
changed since (their digest differs), the page says so: only the packs' part of the
knowledge can be brought back.
"""

from __future__ import annotations

from evaluator.engine import default_knowledge
from evaluator.reports.comparison import compare

from .. import evaluations, packstore, services


def _packs_text(packs) -> str:
    return ", ".join(f"{name} {version}" for name, version, _sha in packs) or "no packs"


def knowledge_context(design, revision, spec) -> dict:
    """What the revision page shows of the knowledge: what was recorded, what applies
    today, and, when they differ, the comparison of the two evaluations."""
    today = services.knowledge(design)
    record = revision.knowledge or {}
    context = {
        "today_packs": _packs_text([(p.name, p.version, p.sha256) for p in today.packs]),
        "today_version": today.version,
        "recorded": bool(record),
    }
    if not record:
        return context
    saved_packs = [tuple(row) for row in record.get("packs", [])]
    context.update(
        saved_packs=_packs_text(saved_packs),
        saved_version=record.get("version", ""),
        builtin_changed=record.get("builtin") != default_knowledge().digest,
    )
    saved = packstore.knowledge_with_hashes(tuple(sha for _name, _version, sha in saved_packs))
    if saved is None:
        context["saved_missing"] = True
        return context
    if saved.digest == today.digest:
        context["same_knowledge"] = True
        return context
    context["knowledge_comparison"] = compare(
        saved,
        spec,
        evaluations.for_spec(spec, saved),
        spec,
        evaluations.for_spec(spec, today),
        kb_b=today,
    )
    return context
