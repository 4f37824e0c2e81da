"""The design editor: one form, scores beside it that follow every answer, and save.

Every URL here renders the whole editor page, or only the changed part when htmx asks
(``request.htmx``), and says so with ``Vary: HX-Request``. Each request posts the whole
form, ``editor`` rebuilds the design from it, and only "Save" writes anything, through
``services.save_design``. Live rescoring is the one exception: the page's script posts
only what changed since a base form the process remembers (``rescoring``).

Without JavaScript the same buttons submit the form to the editor page, which carries out
the operation and shows the page again, so the editor still works, one reload at a time.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods
from django_htmx.http import trigger_client_event

from evaluator.engine.spec import COMPONENT_KINDS

from . import editor, rescoring, score_panel, services
from .access import design_view

KIND_LABELS = [(kind, kind.replace("_", " ")) for kind in COMPONENT_KINDS]


# --- Rendering ----------------------------------------------------------------------------


def _status_sentence(panel, note=""):
    parts = [note] if note else []
    count = panel.count
    parts.append(f"Scores updated for {count} component{'s' if count != 1 else ''}.")
    if panel.errors:
        bad = len(panel.errors)
        parts.append(f"{bad} answer{'s' if bad != 1 else ''} to fix.")
    return " ".join(parts)


def _context(request, design, form, kb, *, focus=None, note=""):
    panel = score_panel.build(design, form, kb)
    return {
        "design": design,
        "form": form,
        "system_groups": editor.system_groups(form, kb),
        "priorities": editor.priority_views(form, kb),
        "components": editor.component_views(form, kb),
        "kinds": KIND_LABELS,
        "panel": panel,
        "status": _status_sentence(panel, note),
        "focus": focus,
        "note": note,
        "open_ids": " ".join(sorted(form.open)) if form.open is not None else "",
        "can_change": True,
    }


def _page(request, design, form, kb, *, status=200, focus=None, note="", **extra):
    context = _context(request, design, form, kb, focus=focus, note=note)
    context.update(extra)
    response = render(request, "editor/edit.html", context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _fragment(request, template, context):
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _plain(text, status):
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    patch_vary_headers(response, ["HX-Request"])
    return response


def _stored_form(design, kb):
    spec = services.spec_from_design(design)
    return editor.check(editor.from_spec(spec, kb, design.version), kb)


def _posted_form(request, kb):
    return editor.check(editor.read_post(request.POST, kb), kb)


# --- Views ----------------------------------------------------------------------------------


@design_view(change=True)
@require_http_methods(["GET", "POST"])
def design_edit(request, design):
    """The editor page; a POST saves, or (without JavaScript) runs a component operation."""
    kb = services.knowledge()
    if request.method == "GET":
        return _page(request, design, _stored_form(design, kb), kb)

    form = _posted_form(request, kb)
    action = request.POST.get("action", "save")
    if action == "check":
        return _page(request, design, form, kb)
    if action != "save":
        outcome = editor.apply(form, action, kb)
        form = editor.check(outcome.form, kb)
        return _page(request, design, form, kb, focus=outcome.focus, note=outcome.note)

    if not form.is_valid:
        return _page(request, design, form, kb, status=400, not_saved=True)
    before = int(form.base_version)
    try:
        services.save_design(design, form.spec, author=request.user, base_version=before)
    except services.StaleDesignError:
        return _page(request, design, form, kb, status=409, conflict=True)
    design.refresh_from_db()
    if design.version == before:
        messages.info(request, "Nothing changed, so no new revision was made.")
    else:
        number = design.revisions.order_by("-number").values_list("number", flat=True).first()
        messages.success(request, f"Saved “{design.name}” as revision {number}.")
    return redirect(design)


@design_view(change=True)
@require_http_methods(["GET", "POST"])
def design_edit_score(request, design):
    """Scores of the posted (unsaved) design; never saves. Bad answers are shown, not fatal.

    The editor's script posts changes to a base form (see ``rescoring``): 204 with the
    event ``rescoring.BASE_UNKNOWN_EVENT`` asks it to post its base again, 400 says what
    could not be read.
    """
    kb = services.knowledge()
    if request.method == "POST":
        try:
            form = rescoring.posted_form(request.POST, request.user, design, kb)
        except rescoring.UnknownBase:
            # Not an error for the page: nothing to show until it posts its base again.
            # (A 4xx would also land in the browser's console as a failed request.)
            response = HttpResponse(status=204)
            trigger_client_event(response, rescoring.BASE_UNKNOWN_EVENT)
            patch_vary_headers(response, ["HX-Request"])
            return response
        except rescoring.BadDelta as error:
            return _plain(f"Scores were not updated: {error}", 400)
    else:
        form = _stored_form(design, kb)
    if not request.htmx:
        return _page(request, design, form, kb)
    panel = score_panel.build(design, form, kb)
    # The panel is built in Python (see score_panel); only the status line is added here.
    response = HttpResponse(
        panel.html
        + format_html(
            '\n<p id="score-status" hx-swap-oob="innerHTML">{}</p>\n', _status_sentence(panel)
        )
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@design_view(change=True)
@require_http_methods(["GET", "POST"])
def design_edit_components(request, design):
    """Add, copy, move or remove a component or a dependency in the posted form; never saves."""
    kb = services.knowledge()
    if request.method == "GET":
        return _page(request, design, _stored_form(design, kb), kb)
    form = _posted_form(request, kb)
    outcome = editor.apply(form, request.POST.get("action", ""), kb)
    form = editor.check(outcome.form, kb)
    if not request.htmx:
        return _page(request, design, form, kb, focus=outcome.focus, note=outcome.note)
    action = request.POST.get("action", "")
    if action.startswith("expand:"):
        # Only the opened component changes; the scores stay as they are.
        views = editor.component_views(form, kb)
        shown = next((v for v in views if f"expand:{v.key}" == action), None)
        if shown is not None:
            return _fragment(
                request,
                "editor/partials/component.html",
                {"design": design, "c": shown, "components": views, "kinds": KIND_LABELS},
            )
    return _fragment(
        request,
        "editor/partials/components_response.html",
        _context(request, design, form, kb, focus=outcome.focus, note=outcome.note),
    )
