"""What the score table shows: one row per component, one cell per option.

The design page and the editor's live panel render the same table
(``templates/partials/score_table.html``) from these rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from evaluator import charts
from evaluator.engine import Evaluation
from evaluator.engine.explain import format_percent
from evaluator.engine.results import ComponentResult, OptionResult
from evaluator.reports.certainty import is_uncertain


@dataclass(frozen=True)
class Cell:
    """One score as the table shows it; plain texts, so the template only prints them."""

    option_id: str
    css: str  # its class attribute: band, and whether it is the recommendation
    value: str  # "74", "★ 74" or "✕"
    band: str  # "possible", "ruled out"
    said: str  # what it says, whole: "Serverless for Feed API: 74, recommended"
    url: str | None  # its drill-down, or None
    chance: str = ""  # how often it is recommended over the samples ("62%"), if sampled


@dataclass(frozen=True)
class Row:
    position: int  # from 1, as the drill-down's address counts
    result: ComponentResult
    cells: tuple[Cell, ...]
    linked: bool  # whether each cell links to its drill-down
    certainty: str = ""  # "leaning" when the answers include ranges or weights
    certainty_said: str = ""  # "leaning: the top option wins 71% of samples"


def options(evaluation: Evaluation) -> list[dict[str, str]]:
    """The table's columns: each option's id, short label and full name."""
    first = evaluation.components[0].options if evaluation.components else ()
    return [
        {"id": o.option, "label": charts.option_label(o.option, o.name), "name": o.name}
        for o in first
    ]


def _cell(component: ComponentResult, option: OptionResult, url: str | None) -> Cell:
    recommended = option.option == component.recommendation
    if option.ruled_out:
        value, band, what = "✕", "ruled out", "ruled out"
    else:
        value = f"★ {option.score}" if recommended else str(option.score)
        band, what = option.band, str(option.score)
    said = f"{option.name} for {component.name}: {what}" + (", recommended" if recommended else "")
    chance = ""
    if is_uncertain(component):
        chance = format_percent(component.uncertainty.recommended[option.option])
        said += f"; recommended in {chance} of samples"
    css = f"score-cell band-{option.band}" + (" recommended" if recommended else "")
    return Cell(option.option, css, value, band, said, url, chance)


def _certainty(component: ComponentResult) -> tuple[str, str]:
    if not is_uncertain(component):
        return "", ""
    found = component.uncertainty
    share = format_percent(found.top_probability)
    return found.verdict, f"{found.verdict}: the top outcome in {share} of samples"


def _row(design_slug: str, position: int, component: ComponentResult, linked: bool) -> Row:
    # Each option's drill-down lies under its component's address.
    base = reverse("component", args=[design_slug, position]) if linked else None
    cells = tuple(
        _cell(component, option, f"{base}{option.option}/" if base else None)
        for option in component.options
    )
    return Row(position, component, cells, linked, *_certainty(component))


def rows(
    design_slug: str,
    evaluation: Evaluation,
    linked: Callable[[int, str], bool] = lambda position, name: True,
) -> list[Row]:
    """The table's rows; ``linked(position, name)`` says whether a row's cells link to
    their drill-down (which explains the saved design)."""
    return [
        _row(design_slug, position, component, linked(position, component.name))
        for position, component in enumerate(evaluation.components, start=1)
    ]


def sampled(table_rows: list[Row]) -> bool:
    """Whether any row shows chances over samples (the table's caption then says so)."""
    return any(row.certainty for row in table_rows)
