"""The design editor: one form, scores beside it that follow every answer, and save.

Every URL here renders the whole editor page, or only the part that changed when htmx
asks (``request.htmx``), and says so with ``Vary: HX-Request``. Each request posts the
whole form; it is read and checked by the design reader (``form.check``), scored by the
engine, and shown with the same templates as the page. Only
"Save" writes anything, through ``services.save_design``. Nothing about a page is kept
between requests, so any worker on any machine can answer any of them.

Without JavaScript the same buttons submit the form to the editor page, which carries out
the operation and shows the page again, so the editor still works, one reload at a time.
"""

from __future__ import annotations

import json

from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from evaluator import charts
from evaluator.engine import evaluate
from evaluator.engine.sampling import DEFAULT_SAMPLES, has_uncertain_answers
from evaluator.engine.spec import canonical_json

from .. import score_table, services
from ..access import design_view
from ..notices import say_saved
from . import display
from .form import EditorForm, check, from_spec, read_post
from .operations import apply

PANEL_TEMPLATE = "editor/partials/panel.html"
# The samples behind the live panel's chances: the engine's default, so the panel and the
# saved design's pages agree to the percent.
EDITOR_SAMPLES = DEFAULT_SAMPLES


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _saved(design) -> tuple[str, list[str]]:
    """The saved design's canonical text and component names, from its latest revision
    (whose snapshot is that text): one row, no reading of the design's own rows."""
    snapshot = design.revisions.order_by("-number").values_list("snapshot", flat=True).first()
    if snapshot is None:
        return "", []
    return snapshot, [component["name"] for component in json.loads(snapshot)["components"]]


def _panel(design, form: EditorForm, kb) -> dict:
    """What the score panel (``editor/partials/panel.html``) shows, as ``panel``."""
    # Every rescoring is new content: scoring it (without the analysis) costs less than
    # a cache's copy of it would.
    # With ranges or weights, each option's chance of being recommended comes too (only
    # the chances: the drivers and priority flips are the drill-down's).
    samples = EDITOR_SAMPLES if has_uncertain_answers(form.spec) else None
    evaluation = evaluate(form.spec, kb, analyse=False, samples=samples, detail=False)
    snapshot, saved_names = _saved(design)
    rows = score_table.rows(
        design.slug,
        evaluation,
        # The drill-down explains the saved design: only rows that match it link there.
        lambda position, name: position <= len(saved_names) and saved_names[position - 1] == name,
    )
    errors = display.error_list(form, kb)
    status = [f"Scores updated for {_count(len(evaluation.components), 'component')}."]
    if errors:
        status.append(f"{_count(len(errors), 'answer')} to fix.")
    return {
        "design": design,
        "errors": errors,
        "general_errors": form.general_errors,
        "unsaved": canonical_json(form.spec) != snapshot,
        "options": score_table.options(evaluation),
        "rows": rows,
        "chances": score_table.sampled(rows),
        "samples": f"{samples:,}" if samples else "",
        # The table beside it links each score to its explanation; the rules named in
        # the design page's hover texts would triple what every rescoring sends.
        "figure": (
            charts.heatmap_figure(evaluation, rules_in_hover=False)
            if evaluation.components
            else None
        ),
        "status": " ".join(status),
    }


def _context(design, form: EditorForm, kb, *, focus=None, note="") -> dict:
    return {
        "design": design,
        "form": form,
        "system_groups": display.system_groups(form, kb),
        "priorities": display.priority_views(form, kb),
        "components": display.component_views(form, kb),
        "kinds": display.KINDS,
        "panel": _panel(design, form, kb),
        "focus": focus,
        "note": note,
        "open_ids": " ".join(sorted(form.open)) if form.open is not None else "",
        "can_change": True,
    }


def _render(request, template, context, status=200):
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _page(request, design, form, kb, *, status=200, focus=None, note="", **extra):
    context = _context(design, form, kb, focus=focus, note=note)
    context.update(extra)
    return _render(request, "editor/edit.html", context, status)


def _stored_form(design, kb) -> EditorForm:
    return check(from_spec(services.spec_from_design(design), kb, design.version), kb)


def _save(request, design, form, kb):
    if not form.is_valid:
        return _page(request, design, form, kb, status=400, not_saved=True)
    before = int(form.base_version)
    try:
        services.save_design(design, form.spec, author=request.user, base_version=before)
    except services.StaleDesignError:
        return _page(request, design, form, kb, status=409, conflict=True)
    say_saved(request, design, before)
    return redirect(design)


@design_view(change=True)
@require_http_methods(["GET", "POST"])
def edit(request, design):
    """The editor page; a POST saves, or (without JavaScript) runs a component operation."""
    kb = services.knowledge(design)
    if request.method == "GET":
        return _page(request, design, _stored_form(design, kb), kb)
    form = read_post(request.POST, kb)
    action = request.POST.get("action", "save")
    if action == "save":
        return _save(request, design, check(form, kb), kb)
    if action == "check":
        return _page(request, design, check(form, kb), kb)
    outcome = apply(form, action, kb)
    return _page(
        request, design, check(outcome.form, kb), kb, focus=outcome.focus, note=outcome.note
    )


@design_view(change=True)
@require_http_methods(["GET", "POST"])
def score(request, design):
    """Scores of the posted (unsaved) design; never saves. Bad answers are shown, not fatal."""
    kb = services.knowledge(design)
    if request.method == "GET":
        form = _stored_form(design, kb)
    else:
        form = check(read_post(request.POST, kb), kb)
    if not request.htmx:
        return _page(request, design, form, kb)
    return _render(request, PANEL_TEMPLATE, {"design": design, "panel": _panel(design, form, kb)})


@design_view(change=True)
@require_http_methods(["GET", "POST"])
def components(request, design):
    """Add, copy, move or remove a component or a dependency in the posted form; never saves."""
    kb = services.knowledge(design)
    if request.method == "GET":
        return _page(request, design, _stored_form(design, kb), kb)
    action = request.POST.get("action", "")
    outcome = apply(read_post(request.POST, kb), action, kb)
    form = check(outcome.form, kb)
    if not request.htmx:
        return _page(request, design, form, kb, focus=outcome.focus, note=outcome.note)
    if action.startswith("expand:"):
        # Only the opened component changes; the scores stay as they are.
        views = display.component_views(form, kb)
        shown = next((v for v in views if f"expand:{v.key}" == action), None)
        if shown is not None:
            context = {"design": design, "c": shown, "components": views, "kinds": display.KINDS}
            return _render(request, "editor/partials/component.html", context)
    context = _context(design, form, kb, focus=outcome.focus, note=outcome.note)
    return _render(request, "editor/partials/components_response.html", context)
