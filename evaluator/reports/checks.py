"""The conditions a merge check can fail on, found in an evaluation.

- ``ruled-out``: a hard limit (a veto) rules out the option that would otherwise score
  best for a component, or rules out every option. Almost every component has some option
  ruled out; only a veto that decided the outcome deserves a person's attention.
- ``close-call``: the two best options of a component are within 10 points (for a
  component whose answers are all single values).
- ``toss-up``: a component's answers include ranges or weights, and no outcome wins 60%
  of the samples.
- ``low-confidence``: so many answers are missing that the component's confidence is low.
- ``no-good-option``: even the best option scores under 55, or none is left.
"""

from __future__ import annotations

from dataclasses import dataclass

from evaluator.engine.explain import format_percent, isolate
from evaluator.engine.knowledge import KnowledgeBase
from evaluator.engine.results import ComponentResult, Evaluation

from .certainty import close_call, toss_up
from .prose import option_name, percent

__all__ = ["CHECKS", "Attention", "attention", "deciding_vetoes"]

CHECKS: tuple[str, ...] = (
    "ruled-out",
    "close-call",
    "toss-up",
    "low-confidence",
    "no-good-option",
)


@dataclass(frozen=True)
class Attention:
    """One component that meets one check, with a sentence saying why."""

    check: str
    component: str
    message: str


def deciding_vetoes(component: ComponentResult):
    """Ruled-out options that would have beaten the recommendation without their veto."""
    if component.recommendation is None:
        return [option for option in component.options if option.ruled_out]
    best = component.option(component.recommendation).score
    return [option for option in component.options if option.ruled_out and option.score > best]


def _component_attention(kb: KnowledgeBase, component: ComponentResult) -> list[Attention]:
    found = []
    # The name as it starts a message: isolated, so that it cannot reorder the sentence.
    shown = isolate(component.name)
    vetoed = deciding_vetoes(component)
    if vetoed:
        if component.recommendation is None:
            message = f"{shown}: every option is ruled out by a hard limit."
        else:
            best = component.option(component.recommendation)
            names = ", ".join(f"{option.name} ({option.score})" for option in vetoed)
            verb = "is" if len(vetoed) == 1 else "are"
            message = (
                f"{shown}: {names} would score higher than {best.name} ({best.score})"
                f" but {verb} ruled out by a hard limit."
            )
        found.append(Attention("ruled-out", component.name, message))
    if close_call(component) and component.runner_up is not None:
        best = component.option(component.recommendation)
        second = component.option(component.runner_up)
        found.append(
            Attention(
                "close-call",
                component.name,
                f"{shown}: {best.name} ({best.score}) and {second.name} ({second.score})"
                " are within 10 points.",
            )
        )
    if toss_up(component):
        found.append(Attention("toss-up", component.name, _toss_up(kb, shown, component)))
    if component.confidence_label == "low":
        found.append(
            Attention(
                "low-confidence",
                component.name,
                f"{shown}: confidence is low ({percent(component.confidence)});"
                f" {len(component.open_questions)} open questions could move the result.",
            )
        )
    if component.no_good_option or component.recommendation is None:
        if component.recommendation is None:
            message = f"{shown}: no option is left."
        else:
            best = component.option(component.recommendation)
            message = (
                f"{shown}: the best option, {option_name(kb, best.option)}, scores only"
                f" {best.score}."
            )
        found.append(Attention("no-good-option", component.name, message))
    return found


def _toss_up(kb: KnowledgeBase, shown: str, component: ComponentResult) -> str:
    found = component.uncertainty
    ranked = sorted(
        (oid for oid, share in found.recommended.items() if share > 0),
        key=lambda oid: -found.recommended[oid],
    )
    chances = ", ".join(
        f"{option_name(kb, oid)} {format_percent(found.recommended[oid])}" for oid in ranked[:3]
    )
    text = f"{shown}: a toss-up over {found.samples:,} samples ({chances})"
    moving = [d for d in found.drivers if d.swing > 0]
    if moving:
        text += f"; pin down \u201c{moving[0].label}\u201d first"
    return text + "."


def attention(kb: KnowledgeBase, evaluation: Evaluation) -> list[Attention]:
    """Everything a merge check could fail on, in component order, then check order."""
    order = {check: index for index, check in enumerate(CHECKS)}
    found: list[Attention] = []
    for component in evaluation.components:
        found.extend(sorted(_component_attention(kb, component), key=lambda a: order[a.check]))
    return found
