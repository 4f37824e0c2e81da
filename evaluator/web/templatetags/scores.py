"""Scores on pages whose views belong elsewhere: the design page and the home list.

These tags fetch the (cached) evaluation themselves, so the design and home views stay
as they are and the pages only gain an ``{% score_overview design %}`` or a
``{% recommendation_badges design %}``.
"""

import json

from django import template

from evaluator import charts
from evaluator.engine import explain
from evaluator.engine.errors import DesignError
from evaluator.engine.results import BANDS, CLOSE_CALL_MARGIN

from .. import evaluations, score_table

register = template.Library()

BADGE_LIMIT = 6


@register.inclusion_tag("analysis/partials/score_overview.html", takes_context=True)
def score_overview(context, design):
    """Heatmap, score table and cross-component findings of a stored design. Where the
    answers include ranges or weights, ``?heatmap=chance`` colours the heatmap by each
    option's chance of being recommended instead of its score."""
    evaluation = evaluations.for_design(design).evaluation
    rows = score_table.rows(design.slug, evaluation)
    chances = score_table.sampled(rows)
    request = context.get("request")
    by_chance = chances and request is not None and request.GET.get("heatmap") == "chance"
    figure = None
    if evaluation.components:
        figure = (charts.chance_heatmap_figure if by_chance else charts.heatmap_figure)(evaluation)
    return {
        "design": design,
        "evaluation": evaluation,
        "options": score_table.options(evaluation),
        "rows": rows,
        "chances": chances,
        "by_chance": by_chance,
        "figure": figure,
    }


@register.inclusion_tag("analysis/partials/recommendation_badges.html")
def recommendation_badges(design):
    """Each component's recommendation as a small badge (the first few of them).

    A design whose stored rows no longer read as a design says so here instead of taking
    the whole list down with it.
    """
    try:
        evaluation = evaluations.for_design(design).evaluation
    except (DesignError, ValueError):
        return {"items": [], "more": 0, "unreadable": True}
    items = [
        {
            "name": component.name,
            "option": component.recommendation,
            "label": charts.option_label(component.recommendation, component.recommendation_name)
            if component.recommendation
            else "No option fits",
            "close": component.close_call,
            "weak": component.no_good_option,
        }
        for component in evaluation.components
    ]
    return {"items": items[:BADGE_LIMIT], "more": max(len(items) - BADGE_LIMIT, 0)}


@register.inclusion_tag("partials/score_legend.html", takes_context=True)
def score_legend(context):
    """How to read a score, for first-time visitors: the scale, its bands and the marks.

    The numbers come from the engine, so the legend cannot drift from the scoring.
    """
    user = context.get("user")
    bands = [
        {"name": name, "text": f"from {floor}" if floor else f"below {BANDS[index - 1][1]}"}
        for index, (name, floor) in enumerate(BANDS)
    ]
    return {
        "bands": bands,
        "close_margin": CLOSE_CALL_MARGIN,
        "open": not (user and user.is_authenticated),
    }


@register.filter
def option_label(option_id, name=None):
    """The short name of an option: ``{{ option_id|option_label:name }}``."""
    return charts.option_label(option_id, name)


@register.filter
def signed(value):
    """A score change as it reads in a table (``explain.signed``), or a dash when unknown."""
    if value is None:
        return "—"
    return explain.signed(value)


@register.filter
def get_item(mapping, key):
    """``mapping[key]``, or the key itself when it is missing (labels fall back to ids)."""
    try:
        return mapping[key]
    except (KeyError, TypeError):
        return key


@register.filter
def figure_json(figure):
    """A figure as compact JSON for a ``data-`` attribute (autoescaping quotes it)."""
    return json.dumps(figure, separators=(",", ":"), allow_nan=False)
