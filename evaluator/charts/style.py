"""Colours, fonts and the layout every figure starts from.

Colours are colour-blind safe: Okabe-Ito for the six options, cividis for the heatmap's
scores. Each layout has a fixed ``height`` that the page reserves before the chart is
drawn, so nothing moves when the plot appears.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .text import literal

# Okabe & Ito (2008), "Color Universal Design". Yellow and sky blue are left out: they
# read poorly as thin lines on white.
OPTION_COLORS: Mapping[str, str] = {
    "baseline": "#000000",
    "event_driven": "#0072B2",
    "serverless": "#E69F00",
    "microservices": "#009E73",
    "consensus": "#CC79A7",
    "blockchain": "#D55E00",
}
# Lines also differ by dash, so they stay apart in grey print too.
OPTION_DASHES: Mapping[str, str] = {
    "baseline": "solid",
    "event_driven": "dash",
    "serverless": "dot",
    "microservices": "dashdot",
    "consensus": "longdash",
    "blockchain": "longdashdot",
}
OPTION_SHORT_NAMES: Mapping[str, str] = {
    "baseline": "Baseline",
    "event_driven": "Event-driven",
    "serverless": "Serverless",
    "microservices": "Microservices",
    "consensus": "Consensus",
    "blockchain": "Blockchain",
}
# Cividis: sequential and readable with every common colour-vision deficiency.
# Cividis as plotly lists it, low to high.
CIVIDIS = (
    "#00224e",
    "#123570",
    "#3b496c",
    "#575d6d",
    "#707173",
    "#8a8678",
    "#a59c74",
    "#c3b369",
    "#e1cc55",
    "#fee838",
)
RULED_OUT_COLOR = "#d9dce1"
INCREASE_COLOR = "#0072B2"
DECREASE_COLOR = "#D55E00"
TOTAL_COLOR = "#5b6474"
THRESHOLD_COLOR = "#8a93a3"
BAND_COLORS: Mapping[str, str] = {
    "strong": "#0072B2",
    "possible": "#56B4E9",
    "weak": "#E69F00",
    "poor": "#D55E00",
    "ruled_out": "#8a93a3",
}

FONT = {
    "family": 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    "size": 13,
    "color": "#1d2330",
}
GRID = "#e6e9ef"
HOVERLABEL = {"bgcolor": "#ffffff", "bordercolor": "#c9cfd9", "font": {"size": 12}}
TOP_RULES_IN_HOVER = 3
# Below this width (CSS pixels) of its box, static/js/charts.js draws a figure's "narrow"
# variant: about a phone held upright, or a side panel.
NARROW_BELOW = 560
NARROW_FONT = {"size": 11}
# A narrow variant's legend: two entries a row, at the very bottom of the figure. Two
# columns hold "Blockchain ✕" but not "Blockchain (ruled out)": see ruled_out_name.
LEGEND_AT_BOTTOM = {
    "x": 0,
    "xref": "container",
    "y": 0,
    "yref": "container",
    "yanchor": "bottom",
    "itemwidth": 30,
    "entrywidth": 0.5,
    "entrywidthmode": "fraction",
}


def option_label(option_id: str, fallback: str | None = None) -> str:
    """The short name an axis or legend shows for an option (plain text)."""
    return OPTION_SHORT_NAMES.get(option_id, fallback or option_id)


def ruled_out_name(option_id: str, name: str, compact: bool = False) -> str:
    """A legend name for an option ruled out everywhere the chart looks (plain text)."""
    return f"{option_label(option_id, name)}{' ✕' if compact else ' (ruled out)'}"


def base_layout(title: str, height: int, **extra: Any) -> dict[str, Any]:
    """The layout every figure starts from; ``title`` is plain text (escaped here)."""
    layout: dict[str, Any] = {
        "title": {"text": literal(title), "x": 0, "xanchor": "left", "font": {"size": 15}},
        "height": height,
        "autosize": True,
        "font": FONT,
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hoverlabel": HOVERLABEL,
        "margin": {"l": 16, "r": 16, "t": 48, "b": 48, "pad": 4},
    }
    layout.update(extra)
    return layout


def narrow(layout: dict[str, Any], data: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A figure's narrow variant: what charts.js merges into the figure when its box is
    narrower than ``NARROW_BELOW``. Objects merge key by key; a list of objects merges
    item by item (``{}`` keeps an item as it is); anything else replaces."""
    variant: dict[str, Any] = {"below": NARROW_BELOW, "layout": layout}
    if data:
        variant["data"] = data
    return variant
