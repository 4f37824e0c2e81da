"""The heatmap: components (rows) x the six options (columns), the score as colour."""

from __future__ import annotations

from typing import Any

from evaluator.engine.explain import signed
from evaluator.engine.knowledge import OPTION_IDS
from evaluator.engine.results import ComponentResult, Evaluation, OptionResult

from .style import (
    NARROW_FONT,
    RULED_OUT_COLOR,
    SCORE_COLORSCALE,
    TOP_RULES_IN_HOVER,
    base_layout,
    narrow,
    option_label,
)
from .text import _round, clip, literal, wrap

__all__ = ["heatmap_figure", "heatmap_trace"]

RULED_OUT_TEXT = "✕ ruled out"


def heatmap_trace(
    name: str, x: list, y: list, z: list, text: list, *, ruled_out: bool = False, **extra: Any
) -> dict[str, Any]:
    """One layer of a components × options heatmap: the scores (0-100 on the score
    colours), or with ``ruled_out`` the vetoed cells (1 on a flat grey, others empty).

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
        "zmin": 0,
        "zmax": 1 if ruled_out else 100,
        "colorscale": (
            [[0, RULED_OUT_COLOR], [1, RULED_OUT_COLOR]] if ruled_out else SCORE_COLORSCALE
        ),
        "text": [[literal(cell) for cell in row] for row in text],
        "hoverongaps": False,
        "xgap": 3,
        "ygap": 3,
    }
    if ruled_out:
        trace["showscale"] = False
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


def _frame(column: int, row: int) -> list[dict[str, Any]]:
    """The outline of a recommended cell: a dark frame with a white line inside stays
    visible on any cell colour."""
    return [
        {
            "type": "rect",
            "xref": "x",
            "yref": "y",
            "x0": column - inset,
            "x1": column + inset,
            "y0": round(row - inset + 0.03, 2),
            "y1": round(row + inset - 0.03, 2),
            "line": {"color": color, "width": width},
            "fillcolor": "rgba(0,0,0,0)",
            "layer": "above",
        }
        for inset, color, width in ((0.47, "#1d2330", 3), (0.41, "#ffffff", 1.5))
    ]


def _cells(components, option_ids) -> dict[str, list]:
    """Per cell: score or veto mark, its label and hover text on the trace that draws it
    (the other trace's cell is a gap, with nothing to show); frames around the
    recommendations."""
    keys = ("z", "z_out", "text", "text_out", "hover", "hover_out", "frames")
    out: dict[str, list] = {k: [] for k in keys}
    for row, component in enumerate(components):
        rows = {k: [] for k in keys if k != "frames"}
        for column, oid in enumerate(option_ids):
            result = component.option(oid)
            recommended = component.recommendation == oid
            hover = _cell_hover(component, result)
            if result.ruled_out:
                cell = (None, 1, "", RULED_OUT_TEXT, "", hover)
            else:
                label = f"★ {result.score}" if recommended else str(result.score)
                cell = (result.score, None, label, "", hover, "")
            for key, value in zip(keys, cell, strict=False):
                rows[key].append(value)
            if recommended:
                out["frames"].extend(_frame(column, row))
        for key, values in rows.items():
            out[key].append(values)
    return out


def _narrow_variant(names: list[str]) -> dict[str, Any]:
    """Six columns in a phone's width: option names stand upright above their column,
    component names wrap onto two short lines, "ruled out" is only its ✕, and the colour
    bar goes (each cell prints its score)."""
    lines = [wrap(name, 14) for name in names]
    longest = min(max((len(name) for name in names), default=8), 14)
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
        data=[
            {"showscale": False, "textfont": {"size": 11}},
            {"texttemplate": "✕", "textfont": {"size": 13}},
        ],
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
        shapes=cells["frames"],
    )
    layout["title"].update({"y": 0.98, "yanchor": "top", "yref": "container"})
    return layout


def heatmap_figure(evaluation: Evaluation) -> dict[str, Any]:
    """Components (rows) x the six options (columns), the score as colour.

    Ruled-out cells are grey and read "✕ ruled out"; each component's recommendation has
    a star and an outline. Hovering a cell names the rules that moved its score most.
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
    cells = _cells(components, option_ids)
    # Cell labels are the traces' own text: Plotly gives each a colour that stands out on
    # its cell, and draws them far faster than one annotation per cell.
    labels = {"texttemplate": "%{text}", "textfont": {"size": 13}, "hoverinfo": "text"}
    scores = heatmap_trace(
        "Score",
        x,
        y,
        cells["z"],
        cells["text"],
        hovertext=cells["hover"],
        colorbar={
            "title": {"text": "Score", "side": "top"},
            "tickvals": [0, 40, 55, 70, 100],
            "ticktext": ["0", "40 weak", "55 possible", "70 strong", "100"],
            "thickness": 12,
            "len": 1,
            "outlinewidth": 0,
        },
        **labels,
    )
    # The recommendation's label in bold (a score and a star: nothing to escape).
    scores["text"] = [
        [f"<b>{t}</b>" if t.startswith("★") else t for t in row] for row in scores["text"]
    ]
    ruled_out = heatmap_trace(
        "Ruled out",
        x,
        y,
        cells["z_out"],
        cells["text_out"],
        ruled_out=True,
        hovertext=cells["hover_out"],
        **labels,
    )
    layout = _layout(y, scores["y"], cells)
    return {
        "data": [scores, ruled_out],
        "layout": layout,
        "narrow": _narrow_variant(y),
    }
