"""What a review of a saved design is made from; the review command uses it too."""

from __future__ import annotations

from datetime import UTC

from evaluator.reports import review_meta

from .. import evaluations, packstore, services


def review_inputs(design, *, date=None):
    """Spec, evaluation, knowledge base and metadata for a review of ``design``.

    The design is read at its latest revision, whose number, hash and day (UTC) go into
    the metadata; ``date`` overrides the day. Raises ``ValueError`` for a malformed date.
    """
    kb = services.knowledge(design)
    opted_out = packstore.opt_outs(design)
    revision = design.revisions.order_by("-number").first()
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
