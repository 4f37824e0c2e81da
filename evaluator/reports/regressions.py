"""The conditions a merge check can fail on when a design is compared with an earlier one
(``review NEW --against OLD``), found in a ``Comparison``:

- ``recommendation-changed``: a component on both sides is recommended another option
  (or none);
- ``new-veto``: a hard limit holds on a component that it did not hold on before, on a
  whole option or on some of its variants;
- ``score-drop:N``: an option's score on a component falls by more than N points;
- ``confidence-drop``: a recommendation is less sure than it was (``result_changes``:
  a lower verdict, or low confidence where it was not low).

Components added or removed are changes a reviewer sees, not regressions: they meet none
of these.
"""

from __future__ import annotations

import re

from evaluator.engine.explain import isolate

from .checks import Attention
from .comparison import Comparison, ComponentDiff

__all__ = ["REGRESSION_CHECKS", "parse_regression", "regressions"]

# As written after --fail-on; "score-drop" takes its threshold after a colon.
REGRESSION_CHECKS: tuple[str, ...] = (
    "recommendation-changed",
    "new-veto",
    "score-drop:N",
    "confidence-drop",
)
_SCORE_DROP_RE = re.compile(r"^score-drop:(.*)$")


def parse_regression(name: str) -> tuple[str, int | None] | None:
    """('score-drop', N) or (name, None) for a regression check; None for any other name.

    Raises ``ValueError`` saying what to write when N is not a whole number above 0.
    """
    match = _SCORE_DROP_RE.match(name)
    if match:
        text = match.group(1).strip()
        if not text.isdecimal() or int(text) < 1:
            raise ValueError(
                f"score-drop needs a whole number of points above 0, as in score-drop:5;"
                f" {text!r} is not one."
            )
        return "score-drop", int(text)
    if name in REGRESSION_CHECKS:
        return name, None
    return None


def _component(diff: ComponentDiff, checks: set[str], score_drop: int | None) -> list[Attention]:
    # The name as it starts a message: isolated, so that it cannot reorder the sentence.
    shown = isolate(diff.name)
    found = []
    if "recommendation-changed" in checks and diff.recommendation_changed:
        found.append(
            Attention(
                "recommendation-changed",
                diff.name,
                f"{shown}: {diff.recommendation_a or 'no option'} \u2192"
                f" {diff.recommendation_b or 'no option'}.",
            )
        )
    if "new-veto" in checks:
        for veto in diff.vetoes_added:
            what = "a variant limit on" if veto.variant_limit else "a hard limit now rules out"
            found.append(
                Attention(
                    "new-veto",
                    diff.name,
                    f"{shown}: {what} {veto.option_name} ({veto.rule_id}).",
                )
            )
    if score_drop is not None and diff.status not in ("added", "removed"):
        for cell in diff.scores:
            if cell.delta is not None and -cell.delta > score_drop:
                found.append(
                    Attention(
                        f"score-drop:{score_drop}",
                        diff.name,
                        f"{shown}: {cell.name} {cell.a} \u2192 {cell.b} ({cell.change}).",
                    )
                )
    if "confidence-drop" in checks and diff.confidence_dropped:
        found.append(
            Attention(
                "confidence-drop",
                diff.name,
                f"{shown}: {diff.certainty_a.text} \u2192 {diff.certainty_b.text}.",
            )
        )
    return found


def regressions(
    comparison: Comparison, checks: set[str], score_drop: int | None = None
) -> list[Attention]:
    """What the asked-for checks find, in component order then check order.

    ``checks`` holds names without a threshold ("new-veto"); ``score_drop`` is the N of
    ``score-drop:N`` (None when that check was not asked for).
    """
    found: list[Attention] = []
    for diff in comparison.components:
        found.extend(_component(diff, checks, score_drop))
    return found
