"""How sure is a recommendation: the review's section on it, and the tests the other
parts of the review share.

Where a component's answers include ranges or weights, its uncertainty verdict (robust,
leaning, toss-up: see ``engine/uncertainty.py``) takes the place of the bare close call:
the scores are those of the most likely answers, and the samples say how often each
option would win across the answers given.
"""

from __future__ import annotations

from evaluator.engine.explain import format_percent
from evaluator.engine.knowledge import OPTION_IDS, KnowledgeBase
from evaluator.engine.results import ComponentResult, Uncertainty

from .escape import inline
from .prose import md_table, option_name

__all__ = [
    "MAX_DRIVERS_SHOWN",
    "certainty_cell",
    "certainty_section",
    "close_call",
    "is_uncertain",
    "lead_sentence",
    "toss_up",
]

MAX_DRIVERS_SHOWN = 3
# Below this swing, pinning an input down would not change the outcome in a way worth
# a line of the review.
MIN_SWING_SHOWN = 0.02


def is_uncertain(component: ComponentResult) -> bool:
    """Whether some answer the component depends on is a range or weights."""
    return component.uncertainty is not None and bool(component.uncertainty.inputs)


def close_call(component: ComponentResult) -> bool:
    """A close call, for a component whose answers are all single values."""
    return component.close_call and not is_uncertain(component)


def toss_up(component: ComponentResult) -> bool:
    """Uncertain answers, and no outcome wins 60% of the samples."""
    return is_uncertain(component) and component.uncertainty.verdict == "toss-up"


def lead_sentence(component: ComponentResult) -> str:
    """The sentence under a component's heading: with uncertain answers, how sure the
    recommendation is takes the place of the verdict on the most likely answers."""
    if is_uncertain(component):
        return component.uncertainty.sentence
    return component.verdict


def certainty_cell(component: ComponentResult) -> str:
    """The verdict and the top option's chance, for a table: 'leaning (71%)'."""
    found = component.uncertainty
    return f"{found.verdict} ({format_percent(found.top_probability)})"


def _flips(found: Uncertainty, lead: str = "") -> list[str]:
    if not found.priority_flips:
        return [
            f"{lead}Moving any one priority by one level would not change the recommendation.",
            "",
        ]
    lines = [f"{lead}Priorities that would change the recommendation, moved by one level:", ""]
    lines += [f"- {inline(flip.sentence)}" for flip in found.priority_flips]
    return [*lines, ""]


def _table(kb: KnowledgeBase, found: Uncertainty) -> list[str]:
    ranked = sorted(OPTION_IDS, key=lambda oid: (-found.recommended[oid], -found.scores[oid].p50))
    rows = []
    for oid in ranked:
        spread = found.scores[oid]
        name = inline(option_name(kb, oid))
        rows.append(
            [
                f"**{name}**" if oid == found.top else name,
                format_percent(found.recommended[oid]),
                format_percent(found.ruled_out[oid]),
                f"{spread.p10}\u2013{spread.p90} (median {spread.p50})",
            ]
        )
    header = ["Option", "Recommended in", "Ruled out in", "Score, P10\u2013P90"]
    return [*md_table(header, rows), ""]


def _drivers(found: Uncertainty) -> list[str]:
    moving = [d for d in found.drivers if d.swing >= MIN_SWING_SHOWN]
    still = [d for d in found.drivers if d.swing < MIN_SWING_SHOWN]
    lines = []
    if moving:
        lines += ["Pin these down first:", ""]
        for index, driver in enumerate(moving[:MAX_DRIVERS_SHOWN], 1):
            lines.append(
                f"{index}. *{inline(driver.label)}* ({inline(driver.answer_text)}):"
                f" {inline(driver.sentence)}"
            )
        lines.append("")
    if still:
        names = ", ".join(f"*{inline(d.label)}*" for d in still)
        lines += [f"Pinning down {names} would hardly change the outcome.", ""]
    return lines


def certainty_section(kb: KnowledgeBase, component: ComponentResult) -> list[str]:
    """The component's "How sure is this?" section (nothing when it was not worked out)."""
    found = component.uncertainty
    if found is None:
        return []
    lines = ["#### How sure is this?", ""]
    if not found.inputs:
        # Nothing to sample: only the priorities can be moved.
        return lines + _flips(found, "Its answers are all single values. ")
    # The verdict's sentence leads the component's section (see ``lead_sentence``).
    lines += _table(kb, found)
    lines += _drivers(found)
    return lines + _flips(found)
