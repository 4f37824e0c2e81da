"""The editor's score panel: components × options, the answers to fix, a small heatmap.

The panel is sent back on every live rescoring, so it is built here in plain Python
rather than through the template engine: a template with a loop per cell costs a few
milliseconds per request, the string building below a small fraction of that. Every
value that comes from the user (names, messages, labels) goes through ``escape``, exactly
as the template's autoescaping did; the fixed markup is written once, at import.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.html import escape, json_script
from django.utils.safestring import SafeString, mark_safe

from evaluator import charts
from evaluator.engine import OPTION_IDS, Evaluation, KnowledgeBase
from evaluator.engine.results import ComponentResult

from . import editor, evaluations
from .lru import LruCache

OPTION_NAMES = {
    "baseline": "Conventional baseline",
    "event_driven": "Event-driven architecture",
    "serverless": "Serverless",
    "microservices": "Microservices",
    "consensus": "Distributed consensus",
    "blockchain": "Blockchain",
}
# Django's escape() is html.escape() behind a wrapper for lazy strings, whose cost shows
# at 60 names and labels per panel; these are plain strings.
_text = html.escape
CHART_ID = "editor-heatmap"
CHART_LABEL = "Heatmap of the scores above: components down, options across."


@dataclass(frozen=True)
class Panel:
    """What the panel shows, and its HTML (``html``, safe to put in a page as it is)."""

    evaluation: Evaluation | None
    errors: list[dict[str, str]]  # editor.error_list: field, id, label, message
    general_errors: list[str]
    unsaved: bool
    html: SafeString

    @property
    def count(self) -> int:
        return len(self.evaluation.components) if self.evaluation is not None else 0


def build(design, form: editor.EditorForm, kb: KnowledgeBase) -> Panel:
    """The panel for the checked ``form`` of ``design`` (saved or not)."""
    spec = form.spec
    evaluation = editor.score(spec, kb) if spec is not None else None
    # The saved design, from the per-version cache the design pages share.
    stored = evaluations.for_design(design).spec
    errors = editor.error_list(form, kb)
    unsaved = spec != stored
    html = render(
        evaluation,
        errors,
        form.general_errors,
        unsaved=unsaved,
        drilldown=drilldown_prefix(design, [c.name for c in stored.components]),
    )
    return Panel(evaluation, errors, form.general_errors, unsaved, html)


def drilldown_prefix(design, stored_names: list[str]) -> Callable[[int, str], str | None]:
    """A function (position, name) -> the drill-down URL prefix of that row, or None where
    the saved design has no such component at that place (the drill-down explains saved
    scores, so an unsaved or moved component has no link)."""
    try:
        sample = reverse("component_option", args=[design.slug, 1, OPTION_IDS[0]])
    except NoReverseMatch:
        return lambda position, name: None
    # Built by hand from one reversed sample: 120 reverse() calls per rescoring add up.
    prefix = sample[: sample.rindex("/1/") + 1]

    def url(position: int, name: str) -> str | None:
        if position > len(stored_names) or stored_names[position - 1] != name:
            return None
        return f"{prefix}{position}/"

    return url


# --- HTML -------------------------------------------------------------------------------

_HEAD = (
    '  <div class="table-scroll">\n'
    '    <table class="score-grid">\n'
    '      <caption class="visually-hidden">Score of each option for each component, 0 to '
    "100; a star marks the recommendation, ✕ an option ruled out by a hard limit. Each "
    "score links to its explanation.</caption>\n"
    "      <thead>\n"
    "        <tr>\n"
    '          <th scope="col" class="comp-col">Component</th>\n'
    "          "
    + "".join(
        f'<th scope="col" class="opt" title="{escape(OPTION_NAMES.get(o, o))}">'
        f"<span>{escape(charts.option_label(o))}</span></th>"
        for o in OPTION_IDS
    )
    + "\n        </tr>\n"
    "      </thead>\n"
    "      <tbody>\n"
)
_FOOT = (
    "      </tbody>\n"
    "    </table>\n"
    "  </div>\n"
    '  <p class="legend help"><span class="swatch cell-strong"></span>70+ strong '
    '<span class="swatch cell-possible"></span>55+ possible '
    '<span class="swatch cell-weak"></span>40+ weak '
    '<span class="swatch cell-poor"></span>poor · ★ recommended · ✕ ruled out</p>\n'
)
_EMPTY = '<p class="empty">Add a component to see how each option scores for it.</p>\n'


def render(
    evaluation: Evaluation | None,
    errors: list[dict[str, str]],
    general_errors: list[str],
    *,
    unsaved: bool,
    drilldown: Callable[[int, str], str | None],
) -> SafeString:
    """The panel's HTML. ``drilldown`` gives each row's link prefix (see above)."""
    parts = [
        json_script([{"id": e["id"], "message": e["message"]} for e in errors], "editor-errors"),
        "\n",
    ]
    parts.extend(f'<div class="alert error"><p>{escape(text)}</p></div>' for text in general_errors)
    parts.append("\n")
    if errors:
        count = len(errors)
        parts.append(
            '  <div class="panel-errors">\n'
            f"    <p><strong>{count} answer{'' if count == 1 else 's'} to fix.</strong> "
            f"Until then {'it counts' if count == 1 else 'they count'} as not known.</p>\n"
            "    <ul>\n      "
        )
        parts.extend(
            f'<li><a href="#{escape(e["id"])}">{escape(e["label"])}</a>: '
            f"{escape(e['message'])}</li>"
            for e in errors
        )
        parts.append("\n    </ul>\n  </div>\n")
    components = evaluation.components if evaluation is not None else ()
    if components:
        rows = []
        links = False
        for position, result in enumerate(components, start=1):
            prefix = drilldown(position, result.name)
            links = links or prefix is not None
            rows.append(_cached_row(result, prefix))
        note = "Scores of your unsaved edits." if unsaved else "Scores of the saved design."
        if links:
            note += (
                " Select a score to see why (as last saved)."
                if unsaved
                else (" Select a score to see why.")
            )
        parts.append(f'  <p class="help panel-note">{note}</p>\n')
        parts.append(_HEAD)
        parts.extend(rows)
        parts.append(_FOOT)
        parts.append(_chart(panel_heatmap(evaluation)))
    elif not general_errors:
        parts.append(_EMPTY)
    return mark_safe("".join(parts))  # noqa: S308 -- every value above is escaped


def _row(result: ComponentResult, prefix: str | None) -> str:
    sub = _text(result.recommendation_name) if result.recommendation else "nothing fits"
    if result.close_call:
        sub += ' · <span class="flag">close call</span>'
    if result.no_good_option:
        sub += ' · <span class="flag warn">no good option</span>'
    link = _text(prefix) if prefix is not None else None
    by_option = {option.option: option for option in result.options}
    cells = []
    for option_id in OPTION_IDS:
        option = by_option[option_id]
        recommended = result.recommendation == option_id
        css = _CELL_CLASS[option.band, recommended]
        if option.ruled_out:
            text = "✕"
        else:
            text = f"★ {option.score}" if recommended else str(option.score)
        if link is not None:
            text = f'<a href="{link}{option_id}/">{text}</a>'
        cells.append(f'<td class="{css}" data-option="{option_id}">{text}</td>')
    return (
        "          <tr>\n"
        '            <th scope="row" class="comp-col">\n'
        f'              <span class="row-name">{_text(result.name)}</span>\n'
        f'              <span class="row-sub" data-recommendation>{sub} · '
        f"{_text(result.confidence_label)} confidence</span>\n"
        "            </th>\n"
        f"            {''.join(cells)}\n"
        "          </tr>\n"
    )


# Row HTML by component result and link prefix. The editor's component cache hands back
# the same result object while a component's inputs stay the same, so its row need not be
# written again. Each entry keeps its result alive, so no other object can take its id
# while the entry exists.
_rows: LruCache[tuple[ComponentResult, str]] = LruCache(1024)


def _cached_row(result: ComponentResult, prefix: str | None) -> str:
    return _rows.get((id(result), prefix), lambda: (result, _row(result, prefix)))[1]


class _CellClasses(dict):
    """(band, recommended) -> the cell's class attribute, escaped once per band."""

    def __missing__(self, key: tuple[str, bool]) -> str:
        band, recommended = key
        value = self[key] = _text(f"cell cell-{band}" + (" recommended" if recommended else ""))
        return value


_CELL_CLASS = _CellClasses()


def _chart(figure: dict[str, Any]) -> str:
    # The same markup as templates/partials/chart.html: the figure rides in an attribute
    # (htmx drops <script> elements from swapped content) and the box keeps its height.
    data = json.dumps(figure, separators=(",", ":"), allow_nan=False)
    return (
        '  <details class="panel-chart" open>\n'
        "    <summary>Heatmap</summary>\n"
        '    <figure class="chart-figure">\n'
        f'  <div class="chart" id="{CHART_ID}" data-figure-json="{escape(data)}" role="img" '
        f'aria-label="{CHART_LABEL}" style="height: {int(figure["layout"]["height"])}px"></div>\n'
        "</figure>\n"
        "  </details>\n"
    )


# --- The heatmap -------------------------------------------------------------------------


def panel_heatmap(evaluation: Evaluation) -> dict[str, Any]:
    """The heatmap sized for the narrow panel, and small: it is sent on every rescoring.

    The design page's ``charts.heatmap_figure`` less what the panel does not draw: no
    title, colour bar, outline shapes, annotations or hover texts naming rules (the table
    above carries the same scores, with links). Cell labels are trace text (Plotly picks a
    contrasting colour) and each trace keeps only the labels it draws. Built directly
    rather than trimmed from the full figure, whose hover texts cost more than the rest
    of the panel together.
    """
    components = evaluation.components
    option_ids = [o.option for o in components[0].options] if components else list(OPTION_IDS)
    names: dict[str, str] = {}
    for component in components:
        for result in component.options:
            names.setdefault(result.option, result.name)
    x = [charts.option_label(oid, names.get(oid)) for oid in option_ids]
    y = [component.name for component in components]
    z, z_out, text, text_out = [], [], [], []
    for component in components:
        z_row, out_row, text_row, out_text_row = [], [], [], []
        for oid in option_ids:
            result = component.option(oid)
            if result.ruled_out:
                z_row.append(None)
                out_row.append(1)
                text_row.append("")
                out_text_row.append("✕")
            else:
                z_row.append(result.score)
                out_row.append(None)
                recommended = component.recommendation == oid
                text_row.append(f"★ {result.score}" if recommended else str(result.score))
                out_text_row.append("")
        z.append(z_row)
        z_out.append(out_row)
        text.append(text_row)
        text_out.append(out_text_row)
    cells = {
        "textfont": {"size": 11},
        "texttemplate": "%{text}",
        "hovertemplate": "%{y} · %{x}: %{text}<extra></extra>",
    }
    scores = charts.heatmap_trace("Score", x, y, z, text, showscale=False, **cells)
    ruled_out = charts.heatmap_trace("Ruled out", x, y, z_out, text_out, ruled_out=True, **cells)
    longest = max((len(name) for name in y), default=8)
    layout = {
        "title": {"text": ""},
        "height": 70 + 30 * len(components),
        "autosize": True,
        "font": charts.FONT,
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hoverlabel": charts.HOVERLABEL,
        "margin": {"l": min(16 + 6 * longest, 130), "r": 8, "t": 56, "b": 8, "pad": 2},
        "xaxis": {
            "side": "top",
            "tickangle": -35,
            "fixedrange": True,
            "showgrid": False,
            "tickfont": {"size": 11},
        },
        "yaxis": {
            "autorange": "reversed",
            "fixedrange": True,
            "showgrid": False,
            "ticksuffix": " ",
            "tickfont": {"size": 11},
            "automargin": True,
        },
    }
    return {"data": [scores, ruled_out], "layout": layout}
