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
from evaluator.engine.results import ComponentResult, OptionResult


@dataclass(frozen=True)
class Cell:
    option: OptionResult
    recommended: bool
    url: str | None  # its drill-down, or None
    said: str  # what it says, whole: "Serverless for Feed API: 74, recommended"

    @property
    def css(self) -> str:
        return f"score-cell band-{self.option.band}" + (" recommended" if self.recommended else "")


@dataclass(frozen=True)
class Row:
    position: int  # from 1, as the drill-down's address counts
    result: ComponentResult
    cells: tuple[Cell, ...]
    linked: bool  # whether each cell links to its drill-down


def options(evaluation: Evaluation) -> list[dict[str, str]]:
    """The table's columns: each option's id, short label and full name."""
    first = evaluation.components[0].options if evaluation.components else ()
    return [
        {"id": o.option, "label": charts.option_label(o.option, o.name), "name": o.name}
        for o in first
    ]


def _said(component: ComponentResult, option: OptionResult, recommended: bool) -> str:
    what = "ruled out" if option.ruled_out else str(option.score)
    return f"{option.name} for {component.name}: {what}" + (", recommended" if recommended else "")


def _row(design_slug: str, position: int, component: ComponentResult, linked: bool) -> Row:
    cells = []
    for option in component.options:
        recommended = option.option == component.recommendation
        url = (
            reverse("component_option", args=[design_slug, position, option.option])
            if linked
            else None
        )
        cells.append(Cell(option, recommended, url, _said(component, option, recommended)))
    return Row(position, component, tuple(cells), linked)


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
