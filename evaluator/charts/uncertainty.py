"""How sure is a recommendation, drawn: each option's score over the samples of the
uncertain answers (a box plot), and the inputs worth pinning down first (a tornado).

Both draw ``ComponentResult.uncertainty`` (``engine.uncertainty.measure``); each has a
``..._rows`` twin that gives the same numbers for the table beside the chart.
"""

from __future__ import annotations

from typing import Any

from evaluator.engine.explain import format_percent
from evaluator.engine.results import ComponentResult, Driver, DriverPart

from .style import (
    DECREASE_COLOR,
    GRID,
    INCREASE_COLOR,
    LEGEND_AT_BOTTOM,
    NARROW_FONT,
    OPTION_COLORS,
    TOTAL_COLOR,
    base_layout,
    narrow,
    option_label,
)
from .text import clip, literal, wrap

__all__ = ["driver_rows", "drivers_figure", "spread_figure", "spread_rows"]

MAX_DRIVERS_DRAWN = 8
_FOOT = {key: LEGEND_AT_BOTTOM[key] for key in ("x", "xref", "y", "yref", "yanchor")}


def spread_rows(result: ComponentResult) -> list[dict[str, Any]]:
    """Per option (in the result's order): its label, how often it is recommended and
    ruled out, and its score's P10, P50 and P90 over the samples."""
    found = result.uncertainty
    if found is None:
        return []
    rows = []
    for option in result.options:
        spread = found.scores[option.option]
        rows.append(
            {
                "option": option.option,
                "label": option_label(option.option, option.name),
                "recommended": format_percent(found.recommended[option.option]),
                "ruled_out": format_percent(found.ruled_out[option.option]),
                "p10": spread.p10,
                "p50": spread.p50,
                "p90": spread.p90,
            }
        )
    return rows


def spread_figure(result: ComponentResult) -> dict[str, Any]:
    """One box per option: its score from P25 to P75 with the median, whiskers from P10
    to P90, over the samples of the component's uncertain answers."""
    found = result.uncertainty
    data = []
    for option in result.options:
        spread = found.scores[option.option]
        label = literal(option_label(option.option, option.name))
        chance = format_percent(found.recommended[option.option])
        data.append(
            {
                "type": "box",
                "name": label,
                "x": [label],
                "q1": [spread.p25],
                "median": [spread.p50],
                "q3": [spread.p75],
                "lowerfence": [spread.p10],
                "upperfence": [spread.p90],
                "marker": {"color": OPTION_COLORS.get(option.option, TOTAL_COLOR)},
                "line": {"width": 2},
                "fillcolor": "rgba(255,255,255,0)",
                "showlegend": False,
                "hovertemplate": (
                    f"<b>{label}</b>: recommended in {chance}<br>"
                    f"P10 {spread.p10} · P50 {spread.p50} · P90 {spread.p90}"
                ),
            }
        )
    title = f"{clip(result.name, 40)}: scores over {found.samples:,} samples"
    layout = base_layout(
        title,
        340,
        margin={"l": 56, "r": 16, "t": 48, "b": 56, "pad": 4},
        yaxis={
            "title": {"text": "Score (P10 to P90; box P25 to P75)"},
            "range": [0, 100],
            "gridcolor": GRID,
            "fixedrange": True,
        },
        xaxis={"fixedrange": True},
        hovermode="closest",
    )
    variant = narrow(
        {
            "font": NARROW_FONT,
            "title": {"text": wrap(title, 44), "font": {"size": 13}},
            "margin": {"l": 44, "r": 8, "t": 56, "b": 64, "pad": 2},
            "xaxis": {"tickangle": -45},
            "yaxis": {"title": {"text": "Score"}},
        }
    )
    return {"data": data, "layout": layout, "narrow": variant}


def _extremes(driver: Driver) -> tuple[DriverPart, DriverPart]:
    """The slices where the driver's option is least and most likely to be recommended."""
    ordered = sorted(driver.parts, key=lambda part: part.probability)
    return ordered[0], ordered[-1]


def _drawn(result: ComponentResult) -> list[Driver]:
    found = result.uncertainty
    return [d for d in found.drivers if d.parts][:MAX_DRIVERS_DRAWN] if found else []


def driver_rows(result: ComponentResult) -> list[dict[str, Any]]:
    """Per uncertain input, largest swing first: its label and answer, the swing, the
    slices where the top option is least and most likely, and the sentence."""
    rows = []
    for driver in _drawn(result):
        least, most = _extremes(driver)
        rows.append(
            {
                "label": driver.label,
                "answer": driver.answer_text,
                "swing": format_percent(driver.swing),
                "least": least.text,
                "least_chance": format_percent(least.probability),
                "most": most.text,
                "most_chance": format_percent(most.probability),
                "sentence": driver.sentence,
            }
        )
    return rows


_SIDES = (
    ("Least likely slice", DECREASE_COLOR),
    ("Most likely slice", INCREASE_COLOR),
)
_NOTHING_MOVES = {
    "text": "No uncertain input moves the recommendation.",
    "showarrow": False,
    "xref": "paper",
    "yref": "paper",
    "x": 0.5,
    "y": 0.5,
}


def _tornado_side(drivers, labels: list[str], overall: float, side: int) -> dict[str, Any]:
    """The bars of one side of the tornado: each input's least (0) or most (1) likely
    slice for the top option, drawn from its overall chance."""
    name, color = _SIDES[side]
    parts = [_extremes(d)[side] for d in drivers]
    return {
        "type": "bar",
        "orientation": "h",
        "name": name,
        "y": labels,
        "x": [round(p.probability - overall, 4) for p in parts],
        "base": overall,
        "marker": {"color": color},
        "hovertext": [f"{literal(p.text)}: {format_percent(p.probability)}" for p in parts],
        "hoverinfo": "text",
    }


def drivers_figure(result: ComponentResult) -> dict[str, Any]:
    """A tornado: per uncertain input, how the chance that the top option is recommended
    moves away from its overall chance in the slice of the input where it is lowest
    (left) and highest (right). The widest bar is the input to pin down first."""
    found = result.uncertainty
    drivers = _drawn(result)
    top = found.top if found else None
    overall = found.top_probability if found else 0.0
    labels = [wrap(d.label, 28) for d in drivers]
    sides = [_tornado_side(drivers, labels, overall, side) for side in (0, 1)]
    who = option_label(top) if top else "the top option"
    title = f"Chance that {who} is recommended, by uncertain input"
    layout = base_layout(
        title,
        140 + 44 * max(len(drivers), 2),
        margin={"l": 190, "r": 16, "t": 48, "b": 96, "pad": 4},
        barmode="overlay",
        xaxis={
            "title": {"text": f"Overall {format_percent(overall)}; bars: within a slice"},
            "range": [0, 1],
            "tickformat": ".0%",
            "gridcolor": GRID,
            "fixedrange": True,
        },
        yaxis={"autorange": "reversed", "fixedrange": True, "automargin": True},
        # Under the axis title, at the foot of the figure.
        legend={**_FOOT, "orientation": "h"},
        hovermode="closest",
    )
    if not drivers:
        layout["annotations"] = [_NOTHING_MOVES]
    variant = narrow(
        {
            "font": NARROW_FONT,
            "title": {"text": wrap(title, 44), "font": {"size": 13}},
            "margin": {"l": 110, "r": 8, "t": 56, "b": 96, "pad": 2},
            "xaxis": {"title": {"text": f"Overall {format_percent(overall)}"}},
            "yaxis": {
                "tickmode": "array",
                "tickvals": labels,
                "ticktext": [wrap(d.label, 14) for d in drivers],
            },
        }
    )
    return {"data": sides, "layout": layout, "narrow": variant}
