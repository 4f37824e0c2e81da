"""The design editor: one form, scores beside it that follow every answer, and save.

Every URL here renders the whole editor page, or only the changed part when htmx asks
(``request.htmx``), and says so with ``Vary: HX-Request``. The server holds no editor
state: each request posts the whole form, ``editor`` rebuilds the design from it, and
only "Save" writes anything, through ``services.save_design``.

Without JavaScript the same buttons submit the form to the editor page, which carries out
the operation and shows the page again, so the editor still works, one reload at a time.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from evaluator import charts
from evaluator.engine import OPTION_IDS
from evaluator.engine.spec import COMPONENT_KINDS

from . import editor, evaluations, services
from .access import design_view

OPTION_NAMES = {
    "baseline": "Conventional baseline",
    "event_driven": "Event-driven architecture",
    "serverless": "Serverless",
    "microservices": "Microservices",
    "consensus": "Distributed consensus",
    "blockchain": "Blockchain",
}
KIND_LABELS = [(kind, kind.replace("_", " ")) for kind in COMPONENT_KINDS]


# --- What the score panel shows ---------------------------------------------------------


def _drilldown_urls(design, stored_names):
    """A function (position, name, option) -> the drill-down URL, or None where the saved
    design has no such component at that place (the drill-down explains saved scores)."""
    try:
        sample = reverse("component_option", args=[design.slug, 1, OPTION_IDS[0]])
    except NoReverseMatch:
        return lambda position, name, option: None
    # Built by hand from one reversed sample: 120 reverse() calls per rescoring add up.
    prefix = sample[: sample.rindex("/1/") + 1]

    def url(position, name, option):
        if position > len(stored_names) or stored_names[position - 1] != name:
            return None
        return f"{prefix}{position}/{option}/"

    return url


def _panel_heatmap(evaluation):
    """The heatmap sized for the narrow panel, and small: it is sent on every rescoring.

    No title, colour bar, outline shapes or long hover texts (the table above carries the
    same scores, with links); each trace keeps only the cell labels it draws.
    """
    figure = charts.heatmap_figure(evaluation)  # a new dict on every call: safe to change
    rows = len(evaluation.components)
    layout = figure["layout"]
    layout["title"] = {"text": ""}
    layout["height"] = 70 + 30 * rows
    layout.pop("shapes", None)
    # Cell labels as trace text (Plotly picks a contrasting colour) instead of one
    # annotation object per cell.
    layout.pop("annotations", None)
    longest = max((len(c.name) for c in evaluation.components), default=8)
    layout["margin"] = {"l": min(16 + 6 * longest, 130), "r": 8, "t": 56, "b": 8, "pad": 2}
    layout["xaxis"] = {**layout.get("xaxis", {}), "tickangle": -35, "tickfont": {"size": 11}}
    layout["yaxis"] = {**layout.get("yaxis", {}), "tickfont": {"size": 11}}
    for trace in figure["data"]:
        trace.pop("colorbar", None)
        trace.pop("hovertext", None)
        trace.pop("hoverinfo", None)
        trace["showscale"] = False
        trace["textfont"] = {"size": 11}
        trace["texttemplate"] = "%{text}"
        trace["hovertemplate"] = "%{y} · %{x}: %{text}<extra></extra>"
        trace["text"] = [
            [
                ("✕" if cell.startswith("✕") else cell) if z is not None else ""
                for cell, z in zip(text_row, z_row, strict=True)
            ]
            for text_row, z_row in zip(trace.get("text", []), trace["z"], strict=True)
        ]
    return figure


def _cell(option_result, recommended, url):
    if option_result.ruled_out:
        text = "✕"
    else:
        text = f"★ {option_result.score}" if recommended else str(option_result.score)
    css = f"cell cell-{option_result.band}" + (" recommended" if recommended else "")
    return {"option": option_result.option, "text": text, "css": css, "url": url}


def _panel(design, form, kb):
    spec = form.spec
    evaluation = editor.score(spec, kb) if spec is not None else None
    # The saved design, from the per-version cache the design pages share.
    stored = evaluations.for_design(design).spec
    stored_names = [component.name for component in stored.components]
    url = _drilldown_urls(design, stored_names)
    rows = []
    if evaluation is not None:
        for position, result in enumerate(evaluation.components, start=1):
            cells = [
                _cell(
                    result.option(option),
                    result.recommendation == option,
                    url(position, result.name, option),
                )
                for option in OPTION_IDS
            ]
            rows.append({"result": result, "position": position, "cells": cells})
    errors = editor.error_list(form, kb)
    return {
        "rows": rows,
        "options": [
            {"id": o, "short": charts.option_label(o), "name": OPTION_NAMES.get(o, o)}
            for o in OPTION_IDS
        ],
        "figure": _panel_heatmap(evaluation) if rows else None,
        "errors": errors,
        "error_data": [{"id": e["id"], "message": e["message"]} for e in errors],
        "general_errors": form.general_errors,
        "unsaved": spec != stored,
        "links": any(cell["url"] for row in rows for cell in row["cells"]),
    }


def _status_sentence(panel, note=""):
    parts = [note] if note else []
    count = len(panel["rows"])
    parts.append(f"Scores updated for {count} component{'s' if count != 1 else ''}.")
    if panel["errors"]:
        bad = len(panel["errors"])
        parts.append(f"{bad} answer{'s' if bad != 1 else ''} to fix.")
    return " ".join(parts)


# --- Rendering ----------------------------------------------------------------------------


def _context(request, design, form, kb, *, focus=None, note=""):
    panel = _panel(design, form, kb)
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
    """Scores of the posted (unsaved) design; never saves. Bad answers are shown, not fatal."""
    kb = services.knowledge()
    form = _posted_form(request, kb) if request.method == "POST" else _stored_form(design, kb)
    if not request.htmx:
        return _page(request, design, form, kb)
    panel = _panel(design, form, kb)
    return _fragment(
        request,
        "editor/partials/score_response.html",
        {"design": design, "panel": panel, "status": _status_sentence(panel)},
    )


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
