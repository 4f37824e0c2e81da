"""The design review in the browser: a preview and downloads of markdown, MADR and JSON.

The same functions as the ``review`` command make the bytes, from the design's latest
revision, so a download equals ``manage.py review SLUG`` for that revision. Access is the
design's: its owner, or everyone for an example.
"""

from __future__ import annotations

import re

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from evaluator.reports import (
    madr_records,
    madr_zip,
    render_json,
    render_review,
)
from evaluator.reports import (
    preview as preview_of,
)

from ..access import can_change, design_view
from .services import review_inputs


def _file_stem(design, meta) -> str:
    # Slugs are ASCII already; this keeps the header safe even if that ever changes.
    stem = re.sub(r"[^a-z0-9-]+", "-", design.slug.lower()).strip("-") or "design"
    if meta.revision is not None:
        stem += f"-r{meta.revision}"
    return stem


def _attachment(body, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@design_view()
@require_GET
def preview(request, design):
    spec, evaluation, kb, meta = review_inputs(design)
    shown = preview_of(render_review(spec, evaluation, kb, meta=meta))
    records = madr_records(spec, evaluation, kb, meta=meta)
    return render(
        request,
        "review/preview.html",
        {
            "design": design,
            "meta": meta,
            "title": "Review",
            # Rendered by markdown-it with raw HTML off, then cleaned by nh3 down to a
            # short list of tags and attributes (evaluator/reports/preview.py).
            "review_html": mark_safe(shown.html),  # noqa: S308
            "contents": shown.contents,
            "records": [
                {"index": index, "component": record.component, "filename": record.filename}
                for index, record in enumerate(records, 1)
            ],
            "can_change": can_change(request.user, design),
        },
    )


@design_view()
@require_GET
def download(request, design, fmt):
    spec, evaluation, kb, meta = review_inputs(design)
    stem = _file_stem(design, meta)
    if fmt == "md":
        text = render_review(spec, evaluation, kb, meta=meta)
        return _attachment(
            text.encode("utf-8"), "text/markdown; charset=utf-8", f"{stem}-review.md"
        )
    if fmt == "json":
        text = render_json(spec, evaluation, kb, meta=meta)
        return _attachment(
            text.encode("utf-8"), "application/json; charset=utf-8", f"{stem}-review.json"
        )
    if fmt == "madr":
        records = madr_records(spec, evaluation, kb, meta=meta)
        return _attachment(madr_zip(records), "application/zip", f"{stem}-decisions.zip")
    raise Http404("No such export format.")


@design_view()
@require_GET
def record(request, design, index):
    spec, evaluation, kb, meta = review_inputs(design)
    records = madr_records(spec, evaluation, kb, meta=meta)
    if not 1 <= index <= len(records):
        raise Http404("No decision record with this number.")
    record = records[index - 1]
    return _attachment(
        record.text.encode("utf-8"),
        "text/markdown; charset=utf-8",
        f"{_file_stem(design, meta)}-{record.filename}",
    )
