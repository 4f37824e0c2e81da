"""The what-if chart: each option's score as one number answer varies (a drawn sweep)."""

from __future__ import annotations

import math
from typing import Any

from evaluator.engine.explain import format_number, format_value
from evaluator.engine.whatif import Sweep, Threshold

from .style import (
    GRID,
    LEGEND_AT_BOTTOM,
    NARROW_FONT,
    OPTION_COLORS,
    OPTION_DASHES,
    THRESHOLD_COLOR,
    base_layout,
    narrow,
    option_label,
    ruled_out_name,
)
from .text import clip, literal, wrap

__all__ = ["threshold_label", "whatif_figure"]

# With more threshold lines than this, a label holds only the number: the words would
# run into each other (the hover text and the table under the chart have them).
WORDED_THRESHOLDS = 4


def threshold_label(sweep: Sweep, threshold: Threshold, limit: int | None = None) -> str:
    """A threshold in words, plain text: "900 s: Longest job exceeds the AWS Lambda time
    limit", and "(+1 rule)" when more rules compare the answer with the same number."""
    value = format_value(sweep.question, _number(threshold.value))
    title = threshold.rules[0].title
    if limit is not None:
        title = clip(title, limit)
    more = len(threshold.rules) - 1
    extra = f" (+{more} rule{'s' if more != 1 else ''})" if more else ""
    return f"{value}: {title}{extra}"


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _curves(sweep: Sweep) -> list[dict[str, Any]]:
    question = sweep.question
    label = literal(question.label)
    data = []
    for option in sweep.options:
        shown = option.shown()
        hover = [
            f"<b>{literal(option.name)}</b><br>{label} {literal(format_value(question, x))}<br>"
            + (
                "ruled out"
                if score is None
                else f"score {score}" + (" · recommended" if rec == option.option else "")
            )
            for x, score, rec in zip(sweep.values, shown, sweep.recommendations, strict=True)
        ]
        name = option_label(option.option, option.name)
        if _ruled_out_throughout(option):
            name = ruled_out_name(option.option, option.name)
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": literal(name),
                "x": list(sweep.values),
                "y": list(shown),
                "line": {
                    "color": OPTION_COLORS.get(option.option, THRESHOLD_COLOR),
                    "dash": OPTION_DASHES.get(option.option, "solid"),
                    "width": 2.5,
                    "shape": "hv",
                },
                "connectgaps": False,
                "hovertext": hover,
                "hoverinfo": "text",
            }
        )
    return data


def _ruled_out_throughout(option) -> bool:
    return all(option.ruled_out)


def _narrow_names(sweep: Sweep) -> list[dict[str, Any]]:
    return [
        {"name": literal(ruled_out_name(o.option, o.name, compact=True))}
        if _ruled_out_throughout(o)
        else {}
        for o in sweep.options
    ]


def _position(sweep: Sweep, value: float) -> float:
    """Where ``value`` sits on the x axis, 0 (left end) to 1 (right end)."""
    lo, hi = sweep.values[0], sweep.values[-1]
    if sweep.log:
        return (math.log10(value) - math.log10(lo)) / ((math.log10(hi) - math.log10(lo)) or 1)
    return (value - lo) / ((hi - lo) or 1)


def _anchor(sweep: Sweep, value: float) -> str:
    # Labels right of the middle grow leftwards, so none runs off the plot.
    return "left" if _position(sweep, value) < 0.6 else "right"


def _vertical(value: float, name: str, line: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": value,
        "x1": value,
        "y0": 0,
        "y1": 1,
        "line": line,
        "name": name,
    }


def _threshold_marks(sweep: Sweep) -> tuple[list, list, list]:
    """Dotted lines at the thresholds in range; their labels, worded when there is room;
    and the labels' narrow variant (numbers only)."""
    lo, hi = sweep.values[0], sweep.values[-1]
    shown = [t for t in sweep.thresholds if lo <= t.value <= hi]
    worded = len(shown) <= WORDED_THRESHOLDS
    shapes, labels, narrow_labels = [], [], []
    for index, threshold in enumerate(shown):
        value = threshold.value
        number = format_value(sweep.question, _number(value))
        shapes.append(
            _vertical(
                value,
                f"threshold {number}",
                {"color": THRESHOLD_COLOR, "width": 1, "dash": "dot"},
            )
        )
        text = threshold_label(sweep, threshold, 48) if worded else number
        labels.append(
            {
                "x": math.log10(value) if sweep.log else value,
                "xref": "x",
                "yref": "paper",
                "y": 1.0 - 0.065 * (index % 3),
                "yanchor": "bottom",
                "text": literal(text),
                "hovertext": "<br>".join(
                    literal(f"{rule.title} ({option_label(rule.option)})")
                    for rule in threshold.rules
                ),
                "showarrow": False,
                "textangle": 0,
                "font": {"size": 10, "color": "#5b6474"},
                "xanchor": _anchor(sweep, value),
                "bgcolor": "rgba(255,255,255,0.85)",
            }
        )
        # A phone has room for a few numbers with their unit; with many, the bare number
        # (the unit is in the axis title).
        narrow_labels.append({"text": literal(number if worded else format_number(value))})
    return shapes, labels, narrow_labels


def _current_mark(sweep: Sweep) -> tuple[list, list]:
    current = sweep.current
    if current is None or (sweep.log and current <= 0):
        return [], []
    lo, hi = sweep.values[0], sweep.values[-1]
    anchor = _anchor(sweep, current) if lo <= current <= hi else "center"
    label = {
        "x": math.log10(current) if sweep.log else current,
        "xref": "x",
        "yref": "paper",
        "y": 0.02,
        "yanchor": "bottom",
        "text": f"<b>now: {literal(format_value(sweep.question, current))}</b>",
        "showarrow": False,
        "font": {"size": 11, "color": "#1d2330"},
        "xanchor": anchor,
        "xshift": 4 if anchor == "left" else -4,
        "bgcolor": "rgba(255,255,255,0.9)",
    }
    line = _vertical(current, "current answer", {"color": "#1d2330", "width": 2})
    return [line], [label]


def whatif_figure(sweep: Sweep) -> dict[str, Any]:
    """Every option's score for one component as a number answer varies.

    Thresholds are dotted vertical lines labelled with what the rules there say, the
    current answer a solid one. Where an option is ruled out its line breaks.
    """
    question = sweep.question
    lo, hi = sweep.values[0], sweep.values[-1]
    shapes, annotations, narrow_labels = _threshold_marks(sweep)
    now_line, now_label = _current_mark(sweep)
    unit = f" ({question.unit})" if question.unit else ""
    note = "" if sweep.current is not None else " — not answered yet"
    varies = f"scores as “{question.label}” varies{note}"
    title = f"{clip(sweep.component, 40)}: {varies}"
    layout = base_layout(
        title,
        440,
        margin={"l": 56, "r": 16, "t": 84, "b": 96, "pad": 4},
        xaxis={
            "title": {"text": literal(f"{question.label}{unit}"), "standoff": 28},
            "type": "log" if sweep.log else "linear",
            # Fixed, so the threshold lines and labels never widen the axis.
            "range": [math.log10(lo), math.log10(hi)] if sweep.log else [lo, hi],
            "gridcolor": GRID,
            "zeroline": False,
        },
        yaxis={
            "title": {"text": "Score"},
            "range": [0, 102],
            "gridcolor": GRID,
            "zeroline": False,
            "tickvals": [0, 20, 40, 55, 70, 100],
        },
        legend={"orientation": "h", "y": -0.3, "x": 0, "yanchor": "top"},
        hovermode="closest",
        shapes=shapes + now_line,
        annotations=annotations + now_label,
    )
    variant = narrow(
        {
            "font": NARROW_FONT,
            # The page names the component right above; the question is what matters.
            "title": {"text": wrap(varies[0].upper() + varies[1:], 44), "font": {"size": 13}},
            "margin": {"l": 40, "r": 8, "t": 84, "b": 112, "pad": 2},
            "xaxis": {"title": {"text": wrap(f"{question.label}{unit}", 44), "standoff": 16}},
            "yaxis": {"title": {"text": ""}},
            "legend": LEGEND_AT_BOTTOM,
            "annotations": narrow_labels,
        },
        data=_narrow_names(sweep),
    )
    return {"data": _curves(sweep), "layout": layout, "narrow": variant}
