"""The heatmap: components (rows) x the six options (columns), the score as colour."""

from __future__ import annotations

from typing import Any

from evaluator.engine.explain import signed
from evaluator.engine.knowledge import OPTION_IDS
from evaluator.engine.results import ComponentResult, Evaluation, OptionResult

from .style import (
    CIVIDIS,
    NARROW_FONT,
    RULED_OUT_COLOR,
    TOP_RULES_IN_HOVER,
    base_layout,
    narrow,
    option_label,
)
from .text import _round, clip, literal, wrap

__all__ = ["heatmap_figure", "heatmap_trace"]

RULED_OUT_TEXT = "✕ ruled out"
# A ruled-out cell's value: below every score, where the colour scale is the flat grey of
# a ruled-out option. One trace draws every cell, which Plotly redraws much faster than
# a second trace of vetoes over the scores.
RULED_OUT_Z = -10


def score_colorscale() -> list[list]:
    """Cividis from 0 to 100, and the ruled-out grey below 0 (down to ``RULED_OUT_Z``)."""
    zero = -RULED_OUT_Z / (100 - RULED_OUT_Z)
    steps = len(CIVIDIS) - 1
    return [[0, RULED_OUT_COLOR], [round(zero - 0.001, 4), RULED_OUT_COLOR]] + [
        [round(zero + (1 - zero) * index / steps, 4), colour]
        for index, colour in enumerate(CIVIDIS)
    ]


def heatmap_trace(name: str, x: list, y: list, z: list, text: list, **extra: Any) -> dict[str, Any]:
    """A components × options heatmap trace: scores 0-100 on the score colours, ruled-out
    cells (``RULED_OUT_Z``) in grey.

    ``x`` (option names), ``y`` (component names) and ``text`` (cell labels) are plain
    text and escaped here, so every heatmap shows names as written. ``extra`` adds or
    overrides trace keys (hover texts, colour bar), which must already be markup.
    """
    trace = {
        "type": "heatmap",
        "name": literal(name),
        "x": [literal(label) for label in x],
        "y": [literal(label) for label in y],
        "z": z,
        "zmin": RULED_OUT_Z,
        "zmax": 100,
        "colorscale": score_colorscale(),
        "text": [[literal(cell) for cell in row] for row in text],
        "hoverongaps": False,
        "xgap": 3,
        "ygap": 3,
    }
    trace.update(extra)
    return trace


def _cell_hover(component: ComponentResult, result: OptionResult) -> str:
    lines = [f"<b>{literal(component.name)}</b> · {literal(result.name)}"]
    if result.ruled_out:
        lines.append(f"Ruled out (score {result.score} without the veto)")
        for veto in result.vetoes[:TOP_RULES_IN_HOVER]:
            lines.append(f"✕ {literal(clip(veto.title, 60))} <i>({literal(veto.rule_id)})</i>")
    else:
        band = result.band.replace("_", " ")
        star = " · recommended" if component.recommendation == result.option else ""
        lines.append(f"Score {result.score} ({band}){star}")
    lines.append(f"Starts at {result.start}; confidence {result.confidence_label}")
    top = result.contributions[:TOP_RULES_IN_HOVER]
    for item in top:
        lines.append(
            f"{signed(_round(item.weighted))} {literal(clip(item.title, 60))}"
            f" <i>({literal(item.rule_id)})</i>"
        )
    more = len(result.contributions) - len(top)
    if more > 0:
        lines.append(f"… and {more} more rule{'s' if more != 1 else ''}")
    if not result.contributions and not result.vetoes:
        lines.append("No rule moved this score.")
    return "<br>".join(lines)


def _short_hover(component: ComponentResult, result: OptionResult) -> str:
    what = "ruled out" if result.ruled_out else f"{result.score} ({result.band})"
    return f"<b>{literal(component.name)}</b> · {literal(result.name)}: {what}"


def _cells(components, option_ids, hover=_cell_hover) -> dict[str, list]:
    """Per cell: its value (the score, or ``RULED_OUT_Z``), label and hover text. A
    recommendation is marked by its star and bold label; frames drawn as shapes around
    them doubled the time Plotly takes to redraw the chart."""
    out: dict[str, list] = {"z": [], "text": [], "hover": []}
    for component in components:
        z_row, text_row, hover_row = [], [], []
        for oid in option_ids:
            result = component.option(oid)
            recommended = component.recommendation == oid
            if result.ruled_out:
                z_row.append(RULED_OUT_Z)
                text_row.append(RULED_OUT_TEXT)
            else:
                z_row.append(result.score)
                text_row.append(f"★ {result.score}" if recommended else str(result.score))
            hover_row.append(hover(component, result))
        out["z"].append(z_row)
        out["text"].append(text_row)
        out["hover"].append(hover_row)
    return out


def _narrow_variant(names: list[str], text: list[list[str]]) -> dict[str, Any]:
    """Six columns in a phone's width: option names stand upright above their column,
    component names wrap onto two short lines, "ruled out" is only its ✕, and the colour
    bar goes (each cell prints its score)."""
    lines = [wrap(name, 14) for name in names]
    longest = min(max((len(name) for name in names), default=8), 14)
    short = [["✕" if cell == RULED_OUT_TEXT else cell for cell in row] for row in text]
    return narrow(
        {
            "font": NARROW_FONT,
            "margin": {"l": min(16 + 6 * longest, 110), "r": 4, "t": 118, "b": 8, "pad": 2},
            "xaxis": {"tickangle": -90},
            "yaxis": {
                "tickmode": "array",
                "tickvals": [literal(name) for name in names],
                "ticktext": lines,
            },
        },
        data=[{"showscale": False, "text": short, "textfont": {"size": 11}}],
    )


def _layout(names: list[str], rows: list[str], cells: dict[str, list]) -> dict[str, Any]:
    """The wide layout: option names over the columns, component names (clipped) beside
    the rows, the recommendations framed and every cell labelled."""
    longest = max((len(clip(name)) for name in names), default=10)
    layout = base_layout(
        "Scores per component and option",
        150 + 44 * max(len(names), 1),
        margin={"l": min(24 + 7 * longest, 240), "r": 16, "t": 72, "b": 24, "pad": 4},
        xaxis={
            "type": "category",
            "side": "top",
            "tickangle": 0,
            "fixedrange": True,
            "showgrid": False,
        },
        # The margin is a first guess from the longest name; automargin widens it when
        # the labels, drawn in a proportional font, need more. A name that is all digits
        # is still a name: the axes are categories, never numbers.
        yaxis={
            "type": "category",
            "autorange": "reversed",
            "fixedrange": True,
            "showgrid": False,
            "ticksuffix": " ",
            "automargin": True,
            "tickmode": "array",
            "tickvals": rows,
            "ticktext": [literal(clip(name)) for name in names],
        },
    )
    layout["title"].update({"y": 0.98, "yanchor": "top", "yref": "container"})
    return layout


def heatmap_figure(evaluation: Evaluation, *, rules_in_hover: bool = True) -> dict[str, Any]:
    """Components (rows) x the six options (columns), the score as colour.

    Ruled-out cells are grey and read "✕ ruled out"; each component's recommendation has
    a star, in bold. Hovering a cell names the rules that moved its score most; with
    ``rules_in_hover=False`` (the editor's live panel, sent on every change) it gives the
    score alone, for a figure a third the size.
    """
    components = evaluation.components
    option_ids = [o.option for o in components[0].options] if components else list(OPTION_IDS)
    names: dict[str, str] = {}
    for component in components:
        for result in component.options:
            names.setdefault(result.option, result.name)
    x = [option_label(oid, names.get(oid)) for oid in option_ids]
    # Row labels must be unique for Plotly's category axis; component names already are.
    y = [component.name for component in components]
    cells = _cells(components, option_ids, _cell_hover if rules_in_hover else _short_hover)
    trace = heatmap_trace(
        "Score",
        x,
        y,
        cells["z"],
        cells["text"],
        hovertext=cells["hover"],
        hoverinfo="text",
        # Cell labels are the trace's own text: Plotly gives each a colour that stands out
        # on its cell, and draws them far faster than one annotation per cell.
        texttemplate="%{text}",
        textfont={"size": 13},
        colorbar={
            "title": {"text": "Score", "side": "top"},
            "tickvals": [RULED_OUT_Z / 2, 0, 40, 55, 70, 100],
            "ticktext": ["✕", "0", "40 weak", "55 possible", "70 strong", "100"],
            "thickness": 12,
            "len": 1,
            "outlinewidth": 0,
        },
    )
    # The recommendation's label in bold (a score and a star: nothing to escape).
    trace["text"] = [
        [f"<b>{t}</b>" if t.startswith("★") else t for t in row] for row in trace["text"]
    ]
    layout = _layout(y, trace["y"], cells)
    return {"data": [trace], "layout": layout, "narrow": _narrow_variant(y, trace["text"])}
