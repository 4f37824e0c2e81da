"""What a review of a saved design is made from; the review command uses it too."""

from __future__ import annotations

from datetime import UTC

from evaluator.reports import review_meta

from .. import evaluations, packstore, services


class NoSuchRevision(LookupError):
    """The design has no revision of the number asked for; the message says which it has."""


def _revision(design, number: int | None):
    revisions = design.revisions.order_by("-number")
    if number is None:
        return revisions.first()
    found = revisions.filter(number=number).first()
    if found is None:
        latest = revisions.values_list("number", flat=True).first()
        has = f"its revisions are 1 to {latest}" if latest else "it has no revisions"
        raise NoSuchRevision(f"The design '{design.slug}' has no revision {number}; {has}.")
    return found


def review_inputs(design, *, date=None, revision: int | None = None):
    """Spec, evaluation, knowledge base and metadata for a review of ``design``.

    The design is read at revision number ``revision``, or at its latest; the revision's
    number, hash and day (UTC) go into the metadata, and ``date`` overrides the day.
    Raises ``ValueError`` for a malformed date, ``NoSuchRevision`` for a missing revision.
    """
    kb = services.knowledge(design)
    opted_out = packstore.opt_outs(design)
    revision = _revision(design, revision)
    if revision is None:
        spec = services.spec_from_design(design)
        meta = review_meta(spec, kb, source=design.slug, date=date, opted_out=opted_out)
    else:
        spec = services.spec_from_snapshot(revision)
        meta = review_meta(
            spec,
            kb,
            source=design.slug,
            revision=revision.number,
            revision_hash=revision.hash,
            date=date if date is not None else revision.created_at.astimezone(UTC).date(),
            opted_out=opted_out,
        )
    return spec, evaluations.for_spec(spec, kb), kb, meta
