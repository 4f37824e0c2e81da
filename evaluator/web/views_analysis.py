"""Reading results: one score in depth, what-if curves, comparisons, the knowledge base.

Like ``views.py`` these only connect: ``evaluations`` evaluates (cached), ``charts`` and
``comparison`` turn results into figures and differences, templates show them. Every
design URL goes through ``design_view``, so other people's designs answer 404.
"""

from __future__ import annotations

import re

from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from evaluator import charts
from evaluator.engine import OPTION_IDS
from evaluator.engine import whatif as sweeps
from evaluator.engine.errors import DesignError
from evaluator.engine.explain import format_number, format_value

from . import evaluations, services
from .access import can_change, design_view
from .comparison import compare
from .models import Design

# --- Drill-down: one component, one option ----------------------------------------------


def _component_index(spec, position: int) -> int:
    """URL positions count from 1, as the design page numbers components."""
    if not 1 <= position <= len(spec.components):
        raise Http404("No component at this position.")
    return position - 1


def _whatif_choices(kb, option_result, component):
    """Number questions for the what-if picker, and the one to show first.

    The default is the first number a rule behind this score read, then the first the
    component has answered, then the first in the catalogue.
    """
    questions = sweeps.whatif_questions(kb)
    ids = [q.id for q in questions]
    preferred = [
        fact.question
        for item in (*option_result.vetoes, *option_result.contributions)
        for fact in item.values
        if fact.question in ids
    ]
    preferred += [qid for qid in ids if qid in component.answers]
    default = preferred[0] if preferred else (ids[0] if ids else None)
    return questions, default


def _sources(option_result):
    seen = {}
    for item in (*option_result.vetoes, *option_result.contributions):
        key = (item.source, item.as_of)
        seen.setdefault(key, []).append(item.rule_id)
    return [
        {"source": source, "as_of": as_of, "rules": rules}
        for (source, as_of), rules in seen.items()
    ]


def _threshold_rows(sweep):
    """The thresholds under the what-if chart: the number with its unit, and the rules
    (id, option, title) that compare the answer with it."""
    return [
        {
            "value": format_value(sweep.question, threshold.value),
            "rules": threshold.rules,
        }
        for threshold in sweep.thresholds
    ]


def _step_rows(sweep):
    """The what-if chart as a table: one row per run of answers with the same scores."""
    question = sweep.question
    rows = []
    for step in sweep.steps():
        high = format_value(question, step.high)
        rows.append(
            {
                "answers": high
                if step.low == step.high
                else f"{format_number(step.low)} to {high}",
                "current": step.holds_current,
                "cells": [
                    {"score": score, "recommended": option.option == step.recommendation}
                    for score, option in zip(step.scores, sweep.options, strict=True)
                ],
            }
        )
    return rows


def _whatif_context(sweep):
    """What the what-if partial shows: the chart, the same numbers as a table, and the
    thresholds with their rules."""
    if sweep is None:
        return {"whatif_figure": None, "whatif_question": None}
    return {
        "whatif_figure": charts.whatif_figure(sweep),
        "whatif_thresholds": _threshold_rows(sweep),
        "whatif_steps": _step_rows(sweep),
        "whatif_options": [charts.option_label(o.option, o.name) for o in sweep.options],
        "whatif_question": sweep.question,
    }


@design_view()
@require_GET
def component_option(request, design, position, option):
    if option not in OPTION_IDS:
        raise Http404("No such option.")
    evaluated = evaluations.for_design(design)
    spec, evaluation = evaluated.spec, evaluated.evaluation
    index = _component_index(spec, position)
    component = spec.components[index]
    result = evaluation.components[index]
    option_result = result.option(option)
    kb = services.knowledge()

    questions, default = _whatif_choices(kb, option_result, component)
    asked = request.GET.get("question", "")
    valid = {q.id for q in questions}
    whatif_error = None
    if asked and asked not in valid:
        whatif_error = "That is not one of the number questions listed; showing the default."
    question_id = asked if asked in valid else default
    sweep = sweeps.run_sweep(spec, kb, component.name, question_id) if question_id else None
    whatif_context = {
        **_whatif_context(sweep),
        "whatif_error": whatif_error,
        "component": component,
        "option_result": option_result,
    }
    if request.htmx:
        response = render(request, "analysis/partials/whatif.html", whatif_context)
        patch_vary_headers(response, ["HX-Request"])
        return response

    kb_option = kb.option(option)
    variant = next((v for v in kb_option.variants if v.id == option_result.variant), None)
    open_rules = option_result.open_rules
    open_questions = [q for q in result.open_questions if option in q.options]
    context = {
        "design": design,
        "can_change": can_change(request.user, design),
        "position": position,
        "component": component,
        "result": result,
        "option_result": option_result,
        "kb_option": kb_option,
        "variant": variant,
        "sources": _sources(option_result),
        "open_rules": open_rules,
        "open_questions": open_questions,
        "tipping_points": result.tipping_points,
        "tradeoff_points": result.tradeoff_points,
        "siblings": [
            {"option": o, "label": charts.option_label(o.option, o.name)} for o in result.options
        ],
        "components": list(enumerate(spec.components, start=1)),
        "waterfall_figure": charts.waterfall_figure(option_result),
        "impact_figure": charts.attribute_impact_figure(result, kb),
        "impact_rows": charts.attribute_rows(result, kb),
        "whatif_questions": questions,
        "attribute_labels": {a.id: a.label for a in kb.attributes},
        **whatif_context,
    }
    response = render(request, "analysis/component_option.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- Compare ------------------------------------------------------------------------------


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _view_of_changes(request) -> dict:
    """Changes only (the default) or everything, and the address of the other view."""
    show_all = request.GET.get("show") == "all"
    query = request.GET.copy()
    if show_all:
        query.pop("show")
    else:
        query["show"] = "all"
    return {"show_all": show_all, "other_view_url": f"{request.path}?{query.urlencode()}"}


def _readable(evaluate, *args):
    try:
        return evaluate(*args)
    except (ValueError, DesignError):
        return None


@design_view()
@require_GET
def compare_revisions(request, design):
    revisions = list(design.revisions.select_related("author").order_by("-number"))
    numbers = [r.number for r in revisions]
    a, b = _int(request.GET.get("a")), _int(request.GET.get("b"))
    if a is None and b is None and len(numbers) >= 2:
        a, b = numbers[1], numbers[0]
    context = {
        "design": design,
        "can_change": can_change(request.user, design),
        "revisions": revisions,
        "a": a,
        "b": b,
        "comparison": None,
        "problem": None,
        **_view_of_changes(request),
    }
    status = 200
    if a is not None or b is not None:
        by_number = {r.number: r for r in revisions}
        rev_a, rev_b = by_number.get(a), by_number.get(b)
        if rev_a is None or rev_b is None:
            context["problem"] = "Pick two revisions from the lists."
            status = 404 if (a is not None and b is not None) else 400
        else:
            left = _readable(evaluations.for_revision, rev_a)
            right = _readable(evaluations.for_revision, rev_b)
            if left is None or right is None:
                context["problem"] = (
                    "One of these revisions was stored in a form that no longer reads as a "
                    "design, so it cannot be compared."
                )
                status = 409
            else:
                context.update(
                    rev_a=rev_a,
                    rev_b=rev_b,
                    label_a=f"Revision {rev_a.number}",
                    label_b=f"Revision {rev_b.number}",
                    comparison=compare(
                        services.knowledge(),
                        left.spec,
                        left.evaluation,
                        right.spec,
                        right.evaluation,
                    ),
                )
    return render(request, "analysis/compare_revisions.html", context, status=status)


@require_GET
def compare_designs(request):
    visible = Design.objects.visible_to(request.user).annotate(component_count=Count("components"))
    choices = list(visible.order_by("is_example", "name"))
    slug_a, slug_b = request.GET.get("a", "").strip(), request.GET.get("b", "").strip()
    context = {
        "choices": choices,
        "a": slug_a,
        "b": slug_b,
        "comparison": None,
        **_view_of_changes(request),
    }
    if slug_a or slug_b:
        found = {d.slug: d for d in choices if d.slug in (slug_a, slug_b)}
        design_a, design_b = found.get(slug_a), found.get(slug_b)
        if design_a is None or design_b is None:
            raise Http404("No design with this address.")
        left, right = evaluations.for_design(design_a), evaluations.for_design(design_b)
        context.update(
            design_a=design_a,
            design_b=design_b,
            label_a=design_a.name,
            label_b=design_b.name,
            comparison=compare(
                services.knowledge(), left.spec, left.evaluation, right.spec, right.evaluation
            ),
        )
    return render(request, "analysis/compare_designs.html", context)


# --- Knowledge browser ----------------------------------------------------------------------


_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def _rationale_parts(kb, text):
    """The rationale split into (text, is_placeholder) pieces, placeholders named by their
    question's label, so the page shows where an answer is quoted."""
    parts = []
    last = 0
    for match in _PLACEHOLDER.finditer(text):
        parts.append((text[last : match.start()], False))
        question = kb.by_id.get(match.group(1))
        parts.append((question.label if question else match.group(1), True))
        last = match.end()
    parts.append((text[last:], False))
    return [part for part in parts if part[0]]


def _rule_rows(kb, option_id):
    labels = {a.id: a.label for a in kb.attributes}
    rows = []
    for index in kb.rules_by_option.get(option_id, ()):
        rule = kb.rules[index]
        rows.append(
            {
                "rule": rule,
                "attributes": [labels.get(a, a) for a in rule.attributes],
                "rationale": _rationale_parts(kb, rule.rationale),
            }
        )
    rows.sort(key=lambda row: (row["rule"].veto is None, row["rule"].id))
    return rows


@require_GET
def knowledge_index(request):
    kb = services.knowledge()
    options = [
        {
            "option": option,
            "label": charts.option_label(option.id, option.name),
            "rules": len(kb.rules_by_option.get(option.id, ())),
            "vetoes": sum(
                1 for i in kb.rules_by_option.get(option.id, ()) if kb.rules[i].veto is not None
            ),
        }
        for option in kb.options
    ]
    return render(
        request,
        "knowledge/index.html",
        {"kb": kb, "options": options, "rule_count": len(kb.rules)},
    )


@require_GET
def knowledge_questions(request):
    kb = services.knowledge()
    groups = []
    for group in kb.groups:
        questions = [q for q in kb.questions if q.group == group.id]
        if questions:
            groups.append({"group": group, "questions": questions})
    return render(
        request,
        "knowledge/questions.html",
        {"kb": kb, "groups": groups, "attributes": kb.attributes},
    )


@require_GET
def knowledge_option(request, option):
    kb = services.knowledge()
    kb_option = kb.option_by_id.get(option)
    if kb_option is None:
        raise Http404("No such option.")
    return render(
        request,
        "knowledge/option.html",
        {
            "kb": kb,
            "kb_option": kb_option,
            "label": charts.option_label(option, kb_option.name),
            "rules": _rule_rows(kb, option),
            "options": [(o.id, charts.option_label(o.id, o.name)) for o in kb.options],
        },
    )
