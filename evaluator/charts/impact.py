"""Attribute impact: per quality attribute, the weighted points each option's rules gave."""

from __future__ import annotations

from typing import Any

from evaluator.engine.explain import signed
from evaluator.engine.knowledge import KnowledgeBase
from evaluator.engine.results import ComponentResult

from .style import (
    GRID,
    LEGEND_AT_BOTTOM,
    NARROW_FONT,
    OPTION_COLORS,
    TOTAL_COLOR,
    base_layout,
    narrow,
    option_label,
    ruled_out_name,
)
from .text import _round, clip, literal, wrap

__all__ = ["attribute_impact_figure", "attribute_points", "attribute_rows"]

AXIS_TITLE = "Weighted points (shared equally when a rule bears on several attributes)"


def attribute_points(component_result: ComponentResult) -> dict[str, dict[str, float]]:
    """Option -> attribute -> weighted points. A rule bearing on several attributes has
    its points shared equally between them, so each option's bars add up to the sum of
    its rules."""
    table: dict[str, dict[str, float]] = {}
    for option in component_result.options:
        row: dict[str, float] = {}
        for item in option.contributions:
            if not item.attributes:
                continue
            share = item.weighted / len(item.attributes)
            for attribute in item.attributes:
                row[attribute] = row.get(attribute, 0.0) + share
        table[option.option] = {k: _round(v) for k, v in row.items()}
    return table


def _used(component_result: ComponentResult, kb: KnowledgeBase, table) -> list:
    """The quality attributes some rule with points bore on, in the catalogue's order."""
    return [
        a
        for a in kb.attributes
        if any(a.id in table.get(o.option, {}) for o in component_result.options)
    ]


def attribute_rows(component_result: ComponentResult, kb: KnowledgeBase) -> list[dict[str, Any]]:
    """The chart's numbers as table rows: per attribute its label and, per option (in the
    result's order), the weighted points."""
    table = attribute_points(component_result)
    return [
        {
            "label": attribute.label,
            "points": [
                table.get(o.option, {}).get(attribute.id, 0.0) for o in component_result.options
            ],
        }
        for attribute in _used(component_result, kb, table)
    ]


def _bars(component_result: ComponentResult, used, table) -> list[dict[str, Any]]:
    labels = [literal(a.label) for a in used]
    data = []
    for option in component_result.options:
        row = table.get(option.option, {})
        hover = []
        for attribute in used:
            rules = [
                f"{signed(_round(c.weighted / len(c.attributes)))} {literal(c.rule_id)}"
                for c in option.contributions
                if attribute.id in c.attributes
            ]
            hover.append(
                f"<b>{literal(option.name)}</b> · {literal(attribute.label)}: "
                f"{signed(row.get(attribute.id, 0.0))}"
                + ("<br>" + "<br>".join(rules[:5]) if rules else "<br>no rule")
            )
        name = (ruled_out_name if option.ruled_out else option_label)(option.option, option.name)
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": literal(name),
                "y": labels,
                "x": [row.get(a.id, 0.0) for a in used],
                "marker": {"color": OPTION_COLORS.get(option.option, TOTAL_COLOR)},
                "hovertext": hover,
                "hoverinfo": "text",
            }
        )
    return data


def attribute_impact_figure(component_result: ComponentResult, kb: KnowledgeBase) -> dict[str, Any]:
    """Per quality attribute, one bar per option: the weighted points its rules gave or
    took on that attribute (diverging around zero)."""
    table = attribute_points(component_result)
    used = _used(component_result, kb, table)
    title = f"{clip(component_result.name, 40)}: weighted points by quality attribute"
    layout = base_layout(
        title,
        150 + 46 * len(used) if used else 260,
        margin={"l": 170, "r": 16, "t": 48, "b": 96, "pad": 4},
        barmode="group",
        bargap=0.25,
        bargroupgap=0.05,
        xaxis={
            "title": {"text": literal(AXIS_TITLE)},
            "gridcolor": GRID,
            "zeroline": True,
            "zerolinecolor": "#5b6474",
            "fixedrange": True,
        },
        yaxis={"autorange": "reversed", "fixedrange": True, "automargin": True},
        legend={"orientation": "h", "y": -0.18, "x": 0, "yanchor": "top", "traceorder": "normal"},
        hovermode="closest",
    )
    if not used:
        layout["annotations"] = [
            {
                "text": "No rule with points has fired for this component yet.",
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
            }
        ]
    # On a phone: a shorter margin for the attribute names, the title on two lines, and
    # the legend at the very bottom, below the axis title instead of over it.
    variant = narrow(
        {
            "font": NARROW_FONT,
            "title": {"text": wrap(title, 44), "font": {"size": 13}},
            "margin": {"l": 96, "r": 8, "t": 56, "b": 120, "pad": 2},
            "xaxis": {"title": {"text": "Weighted points"}},
            # Two short lines per attribute keep the margin narrow: the legend's two
            # columns share the plot's width.
            "yaxis": {
                "tickmode": "array",
                "tickvals": [literal(a.label) for a in used],
                "ticktext": [wrap(a.label, 12) for a in used],
            },
            "legend": LEGEND_AT_BOTTOM,
        },
        data=[
            {"name": literal(ruled_out_name(o.option, o.name, compact=True))} if o.ruled_out else {}
            for o in component_result.options
        ],
    )
    return {"data": _bars(component_result, used, table), "layout": layout, "narrow": variant}
