"""The heatmap coloured by chance: components x options, how often each option is
recommended over the samples of the uncertain answers (``ComponentResult.uncertainty``).

Drawn on the score heatmap's colours and layout (0 to 100, here percent), so switching
between the two keeps every cell in its place.
"""

from __future__ import annotations

from typing import Any

from evaluator.engine.explain import format_percent
from evaluator.engine.results import Evaluation

from .heatmap import RULED_OUT_TEXT, RULED_OUT_Z, _layout, _narrow_variant, heatmap_trace
from .style import option_label
from .text import literal

__all__ = ["chance_heatmap_figure"]


def _cell(component, option) -> tuple[float, str, str]:
    """A cell's value, label and hover text."""
    found = component.uncertainty
    name = f"<b>{literal(component.name)}</b> · {literal(option.name)}"
    if found.ruled_out[option.option] >= 1:
        return RULED_OUT_Z, RULED_OUT_TEXT, f"{name}<br>Ruled out in every sample"
    chance = found.recommended[option.option]
    text = format_percent(chance)
    hover = (
        f"{name}<br>Recommended in {text} of {found.samples:,} samples"
        f"<br>Ruled out in {format_percent(found.ruled_out[option.option])}"
        f"<br>Score {option.score} at the most likely answers"
    )
    return round(chance * 100, 1), text, hover


def chance_heatmap_figure(evaluation: Evaluation) -> dict[str, Any]:
    """Components (rows) x the six options (columns), each option's chance of being
    recommended as colour and label. Every component needs its ``uncertainty``."""
    components = evaluation.components
    first = components[0].options if components else ()
    x = [option_label(o.option, o.name) for o in first]
    y = [component.name for component in components]
    cells = [[_cell(component, option) for option in component.options] for component in components]
    trace = heatmap_trace(
        "Chance",
        x,
        y,
        [[cell[0] for cell in row] for row in cells],
        [[cell[1] for cell in row] for row in cells],
        hovertext=[[cell[2] for cell in row] for row in cells],
        hoverinfo="text",
        texttemplate="%{text}",
        textfont={"size": 13},
        colorbar={
            "title": {"text": "Recommended in", "side": "top"},
            "tickvals": [RULED_OUT_Z / 2, 0, 50, 100],
            "ticktext": ["✕", "0%", "50%", "100%"],
            "thickness": 12,
            "len": 1,
            "outlinewidth": 0,
        },
    )
    layout = _layout(y, trace["y"], {})
    layout["title"]["text"] = "Chance of being recommended"
    return {"data": [trace], "layout": layout, "narrow": _narrow_variant(y, trace["text"])}
