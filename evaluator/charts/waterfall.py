"""The waterfall: how one option's score was reached, rule by rule."""

from __future__ import annotations

import math
from typing import Any

from evaluator.engine.explain import format_number, signed
from evaluator.engine.results import LINEAR_HIGH, LINEAR_LOW, OptionResult

from .style import (
    DECREASE_COLOR,
    GRID,
    INCREASE_COLOR,
    NARROW_FONT,
    TOTAL_COLOR,
    base_layout,
    narrow,
)
from .text import _round, clip, literal

__all__ = ["waterfall_figure"]

ROW_HEIGHT = 30


def _rule_steps(result: OptionResult) -> dict[str, list]:
    """The bars: the start, one per rule, the scaling beyond 10-90, the total.
    Labels are plain text; hover texts are markup."""
    steps: dict[str, list] = {
        "ids": ["start"],
        "labels": ["Starting score"],
        "measures": ["absolute"],
        "values": [result.start],
        "texts": [str(result.start)],
        "hover": [f"<b>Starting score</b><br>{literal(result.name)} starts at {result.start}"],
    }

    def add(step_id, label, measure, value, text, hover):
        for key, item in zip(steps, (step_id, label, measure, value, text, hover), strict=True):
            steps[key].append(item)

    running = float(result.start)
    for item in result.contributions:
        weighted = _round(item.weighted)
        attrs = literal(", ".join(item.attributes) or "no attribute")
        facts = "; ".join(f"{literal(f.label)}: {literal(f.text)}" for f in item.values[:4])
        hover = (
            f"<b>{literal(item.title)}</b><br>{literal(item.rule_id)}<br>"
            f"{signed(item.points)} points, weighted {signed(weighted)} ({attrs})"
            + (f"<br>{facts}" if facts else "")
        )
        add(item.rule_id, item.title, "relative", weighted, signed(weighted), hover)
        running += item.weighted
    if running > LINEAR_HIGH or running < LINEAR_LOW:
        # Beyond the straight part of the scale the score bends towards 0 or 100; this step
        # shows how far, so that the last bar still equals the score.
        delta = _round(result.score - running)
        hover = (
            f"<b>Scaled</b><br>The rules add up to {format_number(_round(running))}. Above"
            f" {LINEAR_HIGH} a score approaches 100, and below {LINEAR_LOW} it approaches 0,"
            " without reaching it: a higher total still scores higher."
        )
        add("scale", f"Scaled to {result.score}", "relative", delta, signed(delta), hover)
    final = f"<b>Score {result.score}</b> ({result.band.replace('_', ' ')})"
    if result.ruled_out:
        vetoes = "<br>".join(f"✕ {literal(v.title)} ({literal(v.rule_id)})" for v in result.vetoes)
        final = f"<b>Ruled out</b> (score {result.score} without the veto)<br>{vetoes}"
    add("score", "Ruled out" if result.ruled_out else "Score", "total", 0, str(result.score), final)
    return steps


def _axis_range(start: int, values: list[float], measures: list[str]) -> list[float]:
    # A score can sit below 0 mid-way; widen the axis instead of cutting the bar off.
    low, high, run = 0.0, 100.0, float(start)
    for value, measure in zip(values, measures, strict=True):
        if measure == "relative":
            run += value
            low, high = min(low, run), max(high, run)
    return [math.floor(min(low, 0) / 10) * 10, max(high, 100) + 8]


def _narrow_variant(ids: list[str], labels: list[str]) -> dict[str, Any]:
    """On a phone the labels leave the left margin, where they would push the bars off
    the screen, and stand each above its own bar, in the same height."""
    return narrow(
        {
            "font": NARROW_FONT,
            "margin": {"l": 6, "r": 34, "t": 48, "b": 48, "pad": 2},
            "yaxis": {"showticklabels": False},
            "annotations": [
                {
                    "x": 0,
                    "xref": "paper",
                    "xanchor": "left",
                    "y": step_id,
                    "yref": "y",
                    "yanchor": "bottom",
                    "yshift": 1,
                    "text": literal(label),
                    "showarrow": False,
                    "font": {"size": 11, "color": "#3b4557"},
                }
                for step_id, label in zip(ids, labels, strict=True)
            ],
        },
        data=[{"width": 0.42, "offset": 0.02, "textfont": {"size": 11}}],
    )


def waterfall_figure(option_result: OptionResult) -> dict[str, Any]:
    """From the option's starting score through every rule that moved it to the score.

    Steps are in the engine's order (largest effect first). When the sum leaves 10-90 a
    "scaled" step shows how the score bends towards the end of the scale, so the last bar
    always equals the score.
    """
    result = option_result
    steps = _rule_steps(result)
    ids, measures, values = steps["ids"], steps["measures"], steps["values"]
    labels = [clip(label) for label in steps["labels"]]
    trace = {
        "type": "waterfall",
        "name": literal(result.name),
        "orientation": "h",
        "y": [literal(step_id) for step_id in ids],
        "x": values,
        "measure": measures,
        "text": steps["texts"],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertext": steps["hover"],
        "hoverinfo": "text",
        "increasing": {"marker": {"color": INCREASE_COLOR}},
        "decreasing": {"marker": {"color": DECREASE_COLOR}},
        "totals": {"marker": {"color": TOTAL_COLOR}},
        "connector": {"line": {"color": "#b8bfcb", "width": 1, "dash": "dot"}},
    }
    title = f"How {result.name} reaches {result.score}"
    if result.ruled_out:
        title = f"{result.name}: {result.score} before its veto — ruled out"
    longest = max(len(label) for label in labels)
    layout = base_layout(
        title,
        140 + ROW_HEIGHT * len(ids),
        margin={"l": min(20 + 7 * longest, 320), "r": 40, "t": 48, "b": 48, "pad": 4},
        xaxis={
            "title": {"text": "Score"},
            "range": _axis_range(result.start, values, measures),
            "fixedrange": True,
            "gridcolor": GRID,
            "zeroline": False,
        },
        yaxis={
            "autorange": "reversed",
            "fixedrange": True,
            "tickmode": "array",
            "tickvals": trace["y"],
            "ticktext": [literal(label) for label in labels],
            "type": "category",
            "automargin": True,  # see heatmap_figure
        },
        showlegend=False,
    )
    return {"data": [trace], "layout": layout, "narrow": _narrow_variant(trace["y"], labels)}
