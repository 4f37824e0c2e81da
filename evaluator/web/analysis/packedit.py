"""Changing the rule packs from the browser: upload, impact preview, activate, retire.

Knowledge editors only (``access.pack_editor``): each of these changes, or is a step
towards changing, the scores of every design. The work is ``packstore``'s and
``impact``'s; a refusal is shown with its located message and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from evaluator.engine.errors import KnowledgeError

from .. import impact, packstore, services
from ..access import pack_editor
from .packforms import PackUploadForm
from .packs import find, latest_preview


def _upload_page(request, form, status=200):
    return render(
        request,
        "knowledge/packs/upload.html",
        {"kb": services.knowledge(), "form": form},
        status=status,
    )


@pack_editor
@require_http_methods(["GET", "POST"])
def upload(request):
    if request.method == "GET":
        return _upload_page(request, PackUploadForm())
    form = PackUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    source = form.cleaned_data["source"]
    field = "text" if form.cleaned_data["filename"] == "pasted text" else "file"
    try:
        row, created = packstore.store_pack(
            source, form.cleaned_data["filename"], user=request.user
        )
    except (KnowledgeError, packstore.PackError) as error:
        form.add_error(field, str(error))
        return _upload_page(request, form, status=400)
    if created:
        messages.success(request, f"Stored {row.name} {row.version}. It is not active yet.")
    else:
        messages.info(
            request,
            f"{row.name} {row.version} is already stored with this content: nothing changed.",
        )
    return redirect("pack_version", row.name, row.version)


@pack_editor
@require_POST
def preview(request, name: str, version: str):
    run = impact.start(find(name, version), request.user)
    return redirect("impact_run", run.pk)


def _confirm_page(request, template, row, *, error=None, status=200):
    return render(
        request,
        template,
        {
            "kb": services.knowledge(),
            "row": row,
            "preview": latest_preview(row),
            "error": error,
        },
        status=status,
    )


@pack_editor
@require_http_methods(["GET", "POST"])
def activate(request, name: str, version: str):
    """Ask first, with what the last preview found; then make the version active."""
    row = find(name, version)
    if request.method == "GET":
        return _confirm_page(request, "knowledge/packs/activate.html", row)
    try:
        packstore.activate(name, version)
    except (KnowledgeError, packstore.PackError) as error:
        return _confirm_page(
            request, "knowledge/packs/activate.html", row, error=str(error), status=400
        )
    messages.success(request, f"{name} {version} is active: every design is scored with it now.")
    return redirect("pack_version", name, version)


@pack_editor
@require_http_methods(["GET", "POST"])
def retire(request, name: str, version: str):
    row = find(name, version)
    if not row.active:
        return _confirm_page(
            request,
            "knowledge/packs/retire.html",
            row,
            error=f"{name} {version} is not the active version: there is nothing to retire.",
            status=400,
        )
    if request.method == "GET":
        return _confirm_page(request, "knowledge/packs/retire.html", row)
    packstore.retire(name)
    messages.success(request, f"{name} is retired: no design is scored with it any more.")
    return redirect("pack_version", name, version)
