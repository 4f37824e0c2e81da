"""One score in depth: how it is made, what would change it, and a what-if curve.

Like every view this only connects: ``evaluations`` evaluates (cached), ``charts`` turns
results into figures, templates show them. Every design URL goes through
``design_view``, so other people's designs answer 404.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from evaluator import charts
from evaluator.engine import OPTION_IDS
from evaluator.engine import whatif as sweeps
from evaluator.engine.explain import format_number, format_value
from evaluator.reports.certainty import is_uncertain

from .. import evaluations, services
from ..access import can_change, design_view
from ..judgements import cited_by_rule


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
        for item in (
            *option_result.vetoes,
            *option_result.variant_vetoes,
            *option_result.contributions,
        )
        for fact in item.values
        if fact.question in ids
    ]
    preferred += [qid for qid in ids if qid in component.answers]
    default = preferred[0] if preferred else (ids[0] if ids else None)
    return questions, default


def _sources(option_result):
    seen = {}
    for item in (
        *option_result.vetoes,
        *option_result.variant_vetoes,
        *option_result.contributions,
    ):
        key = (item.source, item.as_of)
        seen.setdefault(key, []).append(item.rule_id)
    return [
        {"source": source, "as_of": as_of, "rules": rules}
        for (source, as_of), rules in seen.items()
    ]


def _cited(kb, option_result) -> dict:
    """For each rule behind this score, the documented decisions whose reason it says."""
    found = cited_by_rule(kb)
    return {
        item.rule_id: found.get(item.rule_id, ())
        for item in (*option_result.vetoes, *option_result.contributions)
    }


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


def _certainty_context(result) -> dict:
    """How sure the recommendation is, where the answers include ranges or weights: the
    scores over the samples and the inputs to pin down, each as a chart and a table."""
    if not is_uncertain(result):
        return {"certainty": None}
    return {
        "certainty": result.uncertainty,
        "spread_figure": charts.spread_figure(result),
        "spread_rows": charts.spread_rows(result),
        "drivers_figure": charts.drivers_figure(result),
        "driver_rows": charts.driver_rows(result),
    }


def _whatif_for(request, spec, kb, component, questions, default) -> dict:
    """The what-if part of the page, for the question asked (or the default one)."""
    asked = request.GET.get("question", "")
    valid = {q.id for q in questions}
    whatif_error = None
    if asked and asked not in valid:
        whatif_error = "That is not one of the number questions listed; showing the default."
    question_id = asked if asked in valid else default
    sweep = sweeps.run_sweep(spec, kb, component.name, question_id) if question_id else None
    return {**_whatif_context(sweep), "whatif_error": whatif_error, "component": component}


@design_view()
@require_GET
def component(request, design, position):
    """A component's address: its recommended option's drill-down (the baseline's when
    nothing fits)."""
    evaluated = evaluations.for_design(design)
    index = _component_index(evaluated.spec, position)
    option = evaluated.evaluation.components[index].recommendation or OPTION_IDS[0]
    return redirect("component_option", design.slug, position, option)


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
    kb = services.knowledge(design)

    questions, default = _whatif_choices(kb, option_result, component)
    whatif_context = _whatif_for(request, spec, kb, component, questions, default)
    whatif_context["option_result"] = option_result
    if request.htmx:
        response = render(request, "analysis/partials/whatif.html", whatif_context)
        patch_vary_headers(response, ["HX-Request"])
        return response

    kb_option = kb.option(option)
    variant = next((v for v in kb_option.variants if v.id == option_result.variant), None)
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
        "open_rules": option_result.open_rules,
        "open_questions": [q for q in result.open_questions if option in q.options],
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
        "cited": _cited(kb, option_result),
        **whatif_context,
        **_certainty_context(result),
    }
    response = render(request, "analysis/component_option.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response
