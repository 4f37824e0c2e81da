"""Exports of an evaluation: the markdown design review, MADR records and JSON.

Pure functions of a design, its evaluation and the knowledge base; no Django, no database,
no clock. The web views and the ``review`` command call in here and get the same bytes.

    from evaluator.reports import render_review, review_meta
    meta = review_meta(spec, kb, date="2026-01-15")
    text = render_review(spec, evaluate(spec, kb), kb, meta=meta)
"""

from evaluator.reports.checks import CHECKS, Attention, attention
from evaluator.reports.jsonexport import REVIEW_SCHEMA, render_json, review_to_dict
from evaluator.reports.madr import DecisionRecord, madr_records, madr_zip, render_madr
from evaluator.reports.meta import ReviewMeta, content_hash, review_meta
from evaluator.reports.preview import Preview, Section, preview, render_preview
from evaluator.reports.review import render_review

__all__ = [
    "CHECKS",
    "REVIEW_SCHEMA",
    "Attention",
    "DecisionRecord",
    "Preview",
    "ReviewMeta",
    "Section",
    "attention",
    "content_hash",
    "madr_records",
    "madr_zip",
    "preview",
    "render_json",
    "render_madr",
    "render_preview",
    "render_review",
    "review_meta",
    "review_to_dict",
]
