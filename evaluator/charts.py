"""Engine results as Plotly figure dicts: plain data, no Django, no HTML, no JavaScript.

Every function returns ``{"data": [...], "layout": {...}}`` that ``json.dumps`` accepts
as it is; ``static/js/charts.js`` hands it to ``Plotly.newPlot``. Only SVG trace types are
used (heatmap, bar, waterfall, scatter), so the browser never needs WebGL or ``eval`` and
the Content-Security-Policy can stay strict.

Each layout has a fixed ``height`` that the page reserves before the chart is drawn, so
nothing moves when the plot appears. Colours are colour-blind safe: Okabe-Ito for the six
options, cividis for the heatmap's scores.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from evaluator.engine import analysis
from evaluator.engine.explain import format_number, format_value
from evaluator.engine.knowledge import OPTION_IDS, KnowledgeBase, Question
from evaluator.engine.results import ComponentResult, Evaluation, OptionResult
from evaluator.engine.scoring import evaluate_component
from evaluator.engine.spec import DesignSpec

__all__ = [
    "BAND_COLORS",
    "OPTION_COLORS",
    "OPTION_SHORT_NAMES",
    "attribute_impact_figure",
    "attribute_points",
    "heatmap_figure",
    "option_label",
    "sample_values",
    "waterfall_figure",
    "whatif_figure",
    "whatif_questions",
    "question_thresholds",
]

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
SCORE_COLORSCALE = "Cividis"
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
LABEL_CHARS = 44


def heatmap_trace(
    name: str, x: list, y: list, z: list, text: list, *, ruled_out: bool = False, **extra: Any
) -> dict[str, Any]:
    """One layer of a components × options heatmap: the scores (0-100 on the score
    colours), or with ``ruled_out`` the vetoed cells (1 on a flat grey, others empty).
    ``extra`` adds or overrides trace keys (hover texts, colour bar)."""
    trace = {
        "type": "heatmap",
        "name": name,
        "x": x,
        "y": y,
        "z": z,
        "zmin": 0,
        "zmax": 1 if ruled_out else 100,
        "colorscale": (
            [[0, RULED_OUT_COLOR], [1, RULED_OUT_COLOR]] if ruled_out else SCORE_COLORSCALE
        ),
        "text": text,
        "hoverongaps": False,
        "xgap": 3,
        "ygap": 3,
    }
    if ruled_out:
        trace["showscale"] = False
    trace.update(extra)
    return trace


def option_label(option_id: str, fallback: str | None = None) -> str:
    """The short name an axis or legend shows for an option."""
    return OPTION_SHORT_NAMES.get(option_id, fallback or option_id)


def _signed(value: float) -> str:
    text = format_number(abs(value))
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return text


def _clip(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _esc(text: str) -> str:
    # Plotly renders a small HTML subset in hover and tick text; data must stay text.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _round(value: float) -> float:
    return round(value, 2)


def _layout(title: str, height: int, **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
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


# --- Heatmap: components x options ------------------------------------------------------


def _cell_hover(component: ComponentResult, result: OptionResult) -> str:
    lines = [
        f"<b>{_esc(component.name)}</b> · {_esc(result.name)}",
    ]
    if result.ruled_out:
        lines.append(f"Ruled out (score {result.score} without the veto)")
        for veto in result.vetoes[:TOP_RULES_IN_HOVER]:
            lines.append(f"✕ {_esc(_clip(veto.title, 60))} <i>({veto.rule_id})</i>")
    else:
        band = result.band.replace("_", " ")
        star = " · recommended" if component.recommendation == result.option else ""
        lines.append(f"Score {result.score} ({band}){star}")
    lines.append(f"Starts at {result.start}; confidence {result.confidence_label}")
    top = result.contributions[:TOP_RULES_IN_HOVER]
    for item in top:
        lines.append(
            f"{_signed(_round(item.weighted))} {_esc(_clip(item.title, 60))} <i>({item.rule_id})</i>"
        )
    more = len(result.contributions) - len(top)
    if more > 0:
        lines.append(f"… and {more} more rule{'s' if more != 1 else ''}")
    if not result.contributions and not result.vetoes:
        lines.append("No rule moved this score.")
    return "<br>".join(lines)


def _cell_label(
    column: int, row: int, text: str, result: OptionResult, recommended: bool
) -> dict[str, Any]:
    """A cell's text as an annotation, so its colour can follow the cell's: Plotly gives a
    heatmap's text one colour for all cells."""
    # Cividis is dark below the middle and light above it; ruled-out cells are light grey.
    dark_cell = not result.ruled_out and result.score < 48
    color = "#ffffff" if dark_cell else "#3b4557" if result.ruled_out else "#111111"
    return {
        "x": column,
        "y": row,
        "xref": "x",
        "yref": "y",
        "text": f"<b>{text}</b>" if recommended else text,
        "showarrow": False,
        "font": {"size": 12 if result.ruled_out else 13, "color": color},
        "captureevents": False,
    }


def heatmap_figure(evaluation: Evaluation) -> dict[str, Any]:
    """Components (rows) x the six options (columns), the score as colour.

    Ruled-out cells are grey and read "✕ ruled out"; each component's recommendation has
    a star and an outline. Hovering a cell names the rules that moved its score most.
    """
    components = evaluation.components
    option_ids = [o.option for o in components[0].options] if components else list(OPTION_IDS)
    names = {}
    for component in components:
        for result in component.options:
            names.setdefault(result.option, result.name)
    x = [option_label(oid, names.get(oid)) for oid in option_ids]
    # Row labels must be unique for Plotly's category axis; component names already are.
    y = [component.name for component in components]

    z: list[list[int | None]] = []
    z_out: list[list[int | None]] = []
    text: list[list[str]] = []
    hover: list[list[str]] = []
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    for row, component in enumerate(components):
        z_row, out_row, text_row, hover_row = [], [], [], []
        for column, oid in enumerate(option_ids):
            result = component.option(oid)
            recommended = component.recommendation == oid
            if result.ruled_out:
                z_row.append(None)
                out_row.append(1)
                text_row.append("✕ ruled out")
            else:
                z_row.append(result.score)
                out_row.append(None)
                text_row.append(f"★ {result.score}" if recommended else str(result.score))
            hover_row.append(_cell_hover(component, result))
            annotations.append(_cell_label(column, row, text_row[-1], result, recommended))
            if recommended:
                # A dark frame with a white line inside stays visible on any cell colour.
                for inset, color, width in ((0.47, "#1d2330", 3), (0.41, "#ffffff", 1.5)):
                    shapes.append(
                        {
                            "type": "rect",
                            "xref": "x",
                            "yref": "y",
                            "x0": column - inset,
                            "x1": column + inset,
                            "y0": row - inset + 0.03,
                            "y1": row + inset - 0.03,
                            "line": {"color": color, "width": width},
                            "fillcolor": "rgba(0,0,0,0)",
                            "layer": "above",
                        }
                    )
        z.append(z_row)
        z_out.append(out_row)
        text.append(text_row)
        hover.append(hover_row)

    scores = heatmap_trace(
        "Score",
        x,
        y,
        z,
        text,
        hovertext=hover,
        hoverinfo="text",
        colorbar={
            "title": {"text": "Score", "side": "top"},
            "tickvals": [0, 40, 55, 70, 100],
            "ticktext": ["0", "40 weak", "55 possible", "70 strong", "100"],
            "thickness": 12,
            "len": 1,
            "outlinewidth": 0,
        },
    )
    ruled_out = heatmap_trace(
        "Ruled out", x, y, z_out, text, ruled_out=True, hovertext=hover, hoverinfo="text"
    )
    rows = max(len(components), 1)
    height = 150 + 44 * rows
    longest = max((len(name) for name in y), default=10)
    layout = _layout(
        "Scores per component and option",
        height,
        margin={"l": min(24 + 7 * longest, 240), "r": 16, "t": 72, "b": 24, "pad": 4},
        xaxis={"side": "top", "tickangle": 0, "fixedrange": True, "showgrid": False},
        # The margin is a first guess from the longest name; automargin widens it when
        # the labels, drawn in a proportional font, need more.
        yaxis={
            "autorange": "reversed",
            "fixedrange": True,
            "showgrid": False,
            "ticksuffix": " ",
            "automargin": True,
        },
        shapes=shapes,
        annotations=annotations,
    )
    layout["title"]["y"] = 0.98
    layout["title"]["yanchor"] = "top"
    layout["title"]["yref"] = "container"
    return {"data": [scores, ruled_out], "layout": layout}


# --- Waterfall: how one score was reached -----------------------------------------------


def waterfall_figure(option_result: OptionResult) -> dict[str, Any]:
    """From the option's starting score through every rule that moved it to the score.

    Steps are in the engine's order (largest effect first). When the sum leaves 0-100 a
    "clamped" step brings it back, so the last bar always equals the score.
    """
    result = option_result
    ids = ["start"]
    labels = ["Starting score"]
    measures = ["absolute"]
    values: list[float] = [result.start]
    texts = [str(result.start)]
    hover = [f"<b>Starting score</b><br>{_esc(result.name)} starts at {result.start}"]
    running = float(result.start)
    for item in result.contributions:
        weighted = _round(item.weighted)
        ids.append(item.rule_id)
        labels.append(_esc(_clip(item.title)))
        measures.append("relative")
        values.append(weighted)
        texts.append(_signed(weighted))
        attrs = ", ".join(item.attributes) or "no attribute"
        facts = "; ".join(f"{_esc(f.label)}: {_esc(f.text)}" for f in item.values[:4])
        hover.append(
            f"<b>{_esc(item.title)}</b><br>{item.rule_id}<br>"
            f"{_signed(item.points)} points, weighted {_signed(weighted)} ({attrs})"
            + (f"<br>{facts}" if facts else "")
        )
        running += item.weighted
    if running > 100 or running < 0:
        bound = 100 if running > 100 else 0
        delta = _round(bound - running)
        ids.append("clamp")
        labels.append(f"Clamped to {bound}")
        measures.append("relative")
        values.append(delta)
        texts.append(_signed(delta))
        hover.append(
            f"<b>Clamped</b><br>The rules add up to {format_number(_round(running))}; "
            f"scores stay within 0–100."
        )
    ids.append("score")
    labels.append("Ruled out" if result.ruled_out else "Score")
    measures.append("total")
    values.append(0)
    texts.append(str(result.score))
    final = f"<b>Score {result.score}</b> ({result.band.replace('_', ' ')})"
    if result.ruled_out:
        vetoes = "<br>".join(f"✕ {_esc(v.title)} ({v.rule_id})" for v in result.vetoes)
        final = f"<b>Ruled out</b> (score {result.score} without the veto)<br>{vetoes}"
    hover.append(final)

    trace = {
        "type": "waterfall",
        "name": result.name,
        "orientation": "h",
        "y": ids,
        "x": values,
        "measure": measures,
        "text": texts,
        "textposition": "outside",
        "cliponaxis": False,
        "hovertext": hover,
        "hoverinfo": "text",
        "increasing": {"marker": {"color": INCREASE_COLOR}},
        "decreasing": {"marker": {"color": DECREASE_COLOR}},
        "totals": {"marker": {"color": TOTAL_COLOR}},
        "connector": {"line": {"color": "#b8bfcb", "width": 1, "dash": "dot"}},
    }
    title = f"How {result.name} reaches {result.score}"
    if result.ruled_out:
        title = f"{result.name}: {result.score} before its veto — ruled out"
    height = 140 + 30 * len(ids)
    longest = max(len(label) for label in labels)
    layout = _layout(
        title,
        height,
        margin={"l": min(20 + 7 * longest, 320), "r": 40, "t": 48, "b": 48, "pad": 4},
        xaxis={
            "title": {"text": "Score"},
            "range": [0, 105],
            "fixedrange": True,
            "gridcolor": GRID,
            "zeroline": False,
        },
        yaxis={
            "autorange": "reversed",
            "fixedrange": True,
            "tickmode": "array",
            "tickvals": ids,
            "ticktext": labels,
            "type": "category",
            "automargin": True,  # see heatmap_figure
        },
        showlegend=False,
    )
    # A score can sit below 0 mid-way; widen the axis instead of cutting the bar off.
    low, high, run = 0.0, 100.0, float(result.start)
    for value, measure in zip(values, measures, strict=True):
        if measure == "relative":
            run += value
            low, high = min(low, run), max(high, run)
    layout["xaxis"]["range"] = [math.floor(min(low, 0) / 10) * 10, max(high, 100) + 8]
    return {"data": [trace], "layout": layout}


# --- What if: each option's score across a range of one number ---------------------------


def whatif_questions(kb: KnowledgeBase, scope: str | None = None) -> list[Question]:
    """Number questions that at least one rule compares with a threshold (not derived).

    ``scope`` limits them to "component" or "system"; None keeps both.
    """
    found = []
    for question in kb.questions:
        if question.type != "number" or question.derived:
            continue
        if scope is not None and question.scope != scope:
            continue
        if question_thresholds(kb, question.id):
            found.append(question)
    return found


def question_thresholds(kb: KnowledgeBase, qid: str) -> dict[float, list[str]]:
    """Threshold -> ids of the rules comparing the question with it, lowest first."""
    out: dict[float, list[str]] = {}
    for index in kb.rules_by_question.get(qid, ()):
        rule = kb.rules[index]
        for value in rule.condition.thresholds.get(qid, ()):
            out.setdefault(float(value), []).append(rule.id)
    return dict(sorted(out.items()))


def _is_log(low: float, high: float) -> bool:
    return low > 0 and high / low >= 100


def sample_values(
    question: Question, thresholds: Iterable[float], current: float | None = None
) -> tuple[list[float], bool]:
    """Values to evaluate a question at, and whether a log axis suits them.

    The range runs from well below the lowest threshold to well above the highest (a
    factor of ten on a log range, otherwise a margin), within the question's bounds.
    Next to the thresholds it holds the value just either side of each, so the curve
    shows every step where it happens; in between it fills in evenly (on the log scale
    when one is used).
    """
    points = sorted(
        {float(t) for t in thresholds} | ({float(current)} if current is not None else set())
    )
    lo_bound = question.min if question.min is not None else -math.inf
    hi_bound = question.max if question.max is not None else math.inf
    if not points:
        points = [lo_bound if math.isfinite(lo_bound) else 0.0]
    smallest, largest = points[0], points[-1]
    positive = [p for p in points if p > 0]
    wide = bool(positive) and (largest / min(positive) >= 30 if largest > 0 else False)
    if wide:
        low = min(positive) / 10
        high = largest * 10
    else:
        span = max(largest - smallest, abs(largest) * 0.5, 2.0)
        low = smallest - span * 0.25
        high = largest + span * 0.25
    low = max(low, lo_bound)
    high = min(high, hi_bound)
    if question.integer:
        low, high = math.floor(low), math.ceil(high)
    log = wide and _is_log(max(low, 1e-9), high) and low > 0
    if wide and not log and low <= 0:
        # Zero is allowed, but a log axis cannot show it: start just above it instead.
        low = min(positive) / 10
        log = _is_log(low, high)

    values: set[float] = {low, high}
    steps = 24
    for i in range(steps + 1):
        if log:
            values.add(math.exp(math.log(low) + (math.log(high) - math.log(low)) * i / steps))
        else:
            values.add(low + (high - low) * i / steps)
    for t in points:
        step = (
            1.0
            if question.integer or float(t).is_integer() and abs(t) >= 10
            else abs(t) / 100 or 0.01
        )
        if log:
            step = max(step, abs(t) / 1000)
        for value in (t - step, t, t + step):
            values.add(value)
    cleaned = []
    for value in values:
        value = float(round(value)) if question.integer else _nice(value)
        if low <= value <= high:
            cleaned.append(value)
    return sorted(set(cleaned)), log


def _nice(value: float) -> float:
    if value == 0:
        return 0.0
    digits = max(0, 3 - int(math.floor(math.log10(abs(value)))))
    return round(value, digits)


def _typed(question: Question, value: float) -> int | float:
    return int(value) if question.integer or float(value).is_integer() else value


def whatif_figure(
    spec: DesignSpec, kb: KnowledgeBase, component_name: str, question_id: str
) -> dict[str, Any]:
    """Every option's score for one component as a number answer varies.

    Sampled around the thresholds the rules compare the question with, within its
    bounds; thresholds are dotted vertical lines labelled with their rule ids, the
    current answer a solid one. Where an option is ruled out its line breaks.
    Raises KeyError for an unknown component or question, ValueError for a question
    that is not a number.
    """
    question = kb.by_id[question_id]
    spec.component(component_name)  # KeyError for a name not in the design
    if question.type != "number" or question.derived:
        raise ValueError(f"{question_id!r} is not a number question that can be answered.")
    if question.scope == "system":
        current = spec.context.get(question_id)
    else:
        current = spec.component(component_name).answers.get(question_id)
    thresholds = question_thresholds(kb, question_id)
    xs, log = sample_values(question, thresholds, current)

    series: dict[str, list[int | None]] = {oid: [] for oid in OPTION_IDS}
    hovers: dict[str, list[str]] = {oid: [] for oid in OPTION_IDS}
    names: dict[str, str] = {}
    for x in xs:
        changed = analysis.what_if(spec, {question_id: _typed(question, x)}, kb, component_name)
        result = evaluate_component(changed, component_name, kb, analyse=False)
        shown = format_value(question, _typed(question, x))
        for option in result.options:
            names[option.option] = option.name
            mark = " · recommended" if result.recommendation == option.option else ""
            if option.ruled_out:
                series[option.option].append(None)
            else:
                series[option.option].append(option.score)
            hovers[option.option].append(
                f"<b>{_esc(option.name)}</b><br>{_esc(question.label)} {_esc(shown)}<br>"
                + ("ruled out" if option.ruled_out else f"score {option.score}{mark}")
            )

    data = []
    for oid in OPTION_IDS:
        if oid not in names:
            continue
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": option_label(oid, names[oid])
                + (" (ruled out)" if all(v is None for v in series[oid]) else ""),
                "x": [_typed(question, x) for x in xs],
                "y": series[oid],
                "line": {
                    "color": OPTION_COLORS[oid],
                    "dash": OPTION_DASHES[oid],
                    "width": 2.5,
                    "shape": "hv",
                },
                "connectgaps": False,
                "hovertext": hovers[oid],
                "hoverinfo": "text",
            }
        )

    shapes, annotations = [], []
    lo, hi = xs[0], xs[-1]

    def anchor(value: float) -> str:
        # Labels right of the middle grow leftwards, so none runs off the plot.
        if log:
            where = (math.log10(value) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))
        else:
            where = (value - lo) / ((hi - lo) or 1)
        return "left" if where < 0.6 else "right"

    shown = [(v, ids) for v, ids in thresholds.items() if lo <= v <= hi]
    for index, (value, rule_ids) in enumerate(shown):
        unique = list(dict.fromkeys(rule_ids))
        label = format_number(value)
        if len(shown) <= 4:
            # Room for the rule id beside the number; with more lines only the number
            # fits, and the ids are in the hover text (and listed under the chart).
            label += f": {unique[0]}" + (f" +{len(unique) - 1}" if len(unique) > 1 else "")
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": value,
                "x1": value,
                "y0": 0,
                "y1": 1,
                "line": {"color": THRESHOLD_COLOR, "width": 1, "dash": "dot"},
                "name": f"threshold {format_number(value)}",
            }
        )
        annotations.append(
            {
                "x": math.log10(value) if log else value,
                "xref": "x",
                "yref": "paper",
                "y": 1.0 - 0.065 * (index % 3),
                "yanchor": "bottom",
                "text": _esc(label),
                "hovertext": "<br>".join(_esc(rule_id) for rule_id in unique),
                "showarrow": False,
                "textangle": 0,
                "font": {"size": 10, "color": "#5b6474"},
                "xanchor": anchor(value),
                "bgcolor": "rgba(255,255,255,0.85)",
            }
        )
    if current is not None and (current > 0 or not log):
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": current,
                "x1": current,
                "y0": 0,
                "y1": 1,
                "line": {"color": "#1d2330", "width": 2},
                "name": "current answer",
            }
        )
        annotations.append(
            {
                "x": math.log10(current) if log and current > 0 else current,
                "xref": "x",
                "yref": "paper",
                "y": 0.02,
                "yanchor": "bottom",
                "text": f"<b>now: {_esc(format_value(question, current))}</b>",
                "showarrow": False,
                "font": {"size": 11, "color": "#1d2330"},
                "xanchor": anchor(current) if lo <= current <= hi else "center",
                "xshift": 4 if anchor(current) == "left" else -4,
                "bgcolor": "rgba(255,255,255,0.9)",
            }
        )
    unit = f" ({question.unit})" if question.unit else ""
    note = "" if current is not None else " — not answered yet"
    layout = _layout(
        f"{component_name}: scores as “{question.label}” varies{note}",
        440,
        margin={"l": 56, "r": 16, "t": 84, "b": 96, "pad": 4},
        xaxis={
            "title": {"text": f"{question.label}{unit}", "standoff": 28},
            "type": "log" if log else "linear",
            # Fixed, so the threshold lines and labels never widen the axis.
            "range": [math.log10(lo), math.log10(hi)] if log else [lo, hi],
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
        shapes=shapes,
        annotations=annotations,
    )
    return {"data": data, "layout": layout}


# --- Attribute impact: points per quality attribute --------------------------------------


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


def attribute_impact_figure(component_result: ComponentResult, kb: KnowledgeBase) -> dict[str, Any]:
    """Per quality attribute, one bar per option: the weighted points its rules gave or
    took on that attribute (diverging around zero)."""
    table = attribute_points(component_result)
    used = [
        a
        for a in kb.attributes
        if any(a.id in table.get(o.option, {}) for o in component_result.options)
    ]
    labels = [a.label for a in used]
    data = []
    for option in component_result.options:
        row = table.get(option.option, {})
        values = [row.get(a.id, 0.0) for a in used]
        hover = []
        for attribute in used:
            rules = [
                f"{_signed(_round(c.weighted / len(c.attributes)))} {c.rule_id}"
                for c in option.contributions
                if attribute.id in c.attributes
            ]
            hover.append(
                f"<b>{_esc(option.name)}</b> · {_esc(attribute.label)}: "
                f"{_signed(row.get(attribute.id, 0.0))}"
                + ("<br>" + "<br>".join(rules[:5]) if rules else "<br>no rule")
            )
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": option_label(option.option, option.name)
                + (" (ruled out)" if option.ruled_out else ""),
                "y": labels,
                "x": values,
                "marker": {"color": OPTION_COLORS.get(option.option, TOTAL_COLOR)},
                "hovertext": hover,
                "hoverinfo": "text",
            }
        )
    height = 150 + 46 * len(used) if used else 260
    layout = _layout(
        f"{component_result.name}: weighted points by quality attribute",
        height,
        margin={"l": 170, "r": 16, "t": 48, "b": 96, "pad": 4},
        barmode="group",
        bargap=0.25,
        bargroupgap=0.05,
        xaxis={
            "title": {
                "text": "Weighted points (shared equally when a rule bears on several attributes)"
            },
            "gridcolor": GRID,
            "zeroline": True,
            "zerolinecolor": "#5b6474",
            "fixedrange": True,
        },
        yaxis={"autorange": "reversed", "fixedrange": True},
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
    return {"data": data, "layout": layout}
