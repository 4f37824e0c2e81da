"""The end of the review: the diagram with its legend, and every rule that fired."""

from __future__ import annotations

from evaluator.engine.knowledge import OPTION_IDS, KnowledgeBase
from evaluator.engine.results import Evaluation
from evaluator.engine.spec import DesignSpec

from .diagram import mermaid_flowchart
from .escape import inline, table_cell
from .prose import capital, count, md_table, option_name, score_points
from .review_steps import MAX_WHERE

__all__ = ["appendix_section", "diagram_section"]

# The colours of diagram.CLASS_STYLES in words, for the legend under the diagram.
_COLOUR_NAMES = {
    "baseline": "grey",
    "event_driven": "blue",
    "serverless": "orange",
    "microservices": "green",
    "consensus": "purple",
    "blockchain": "yellow",
    "none": "red, dashed",
}


def diagram_section(spec: DesignSpec, evaluation: Evaluation, kb: KnowledgeBase) -> list[str]:
    """The Mermaid flowchart and a legend of its arrows and colours."""
    lines = ["## Diagram", ""]
    if not spec.components:
        return [*lines, "No components to draw.", ""]
    lines += ["```mermaid", mermaid_flowchart(spec, evaluation, kb), "```", ""]
    used = []
    picks = {c.recommendation for c in evaluation.components}
    for oid in OPTION_IDS:
        if oid in picks:
            used.append(f"{_COLOUR_NAMES[oid]}: {inline(option_name(kb, oid))}")
    if None in picks:
        used.append(f"{_COLOUR_NAMES['none']}: no option left")
    lines += [
        "Solid arrows are calls the caller waits for; dotted arrows are messages."
        f" Colours show the recommendation ({'; '.join(used)}).",
        "",
    ]
    return lines


def _fired_rules(evaluation: Evaluation) -> dict[str, dict]:
    """Per rule id that fired anywhere: its title, effect, source, date and components."""
    fired: dict[str, dict] = {}

    def note(rule_id: str, component: str, **entry) -> None:
        where = fired.setdefault(rule_id, {**entry, "where": []})["where"]
        if component not in where:
            where.append(component)

    for component in evaluation.components:
        for option in component.options:
            for contribution in option.contributions:
                note(
                    contribution.rule_id,
                    component.name,
                    title=contribution.title,
                    effect=f"{score_points(contribution.points)} for {option.name}",
                    source=contribution.source,
                    as_of=contribution.as_of,
                )
            for veto in option.vetoes:
                note(
                    veto.rule_id,
                    component.name,
                    title=veto.title,
                    effect=f"rules out {option.name}",
                    source=veto.source,
                    as_of=veto.as_of,
                )
            for veto in option.variant_vetoes:
                note(
                    veto.rule_id,
                    component.name,
                    title=veto.title,
                    effect=f"rules out some forms of {option.name}",
                    source=veto.source,
                    as_of=veto.as_of,
                )
    return fired


def appendix_section(evaluation: Evaluation) -> list[str]:
    """Every rule that fired, with its effect, where, its source and its date."""
    fired = _fired_rules(evaluation)
    lines = ["## Appendix: rules that fired", ""]
    if not fired:
        return [*lines, "No rule fired.", ""]
    lines += [
        f"{capital(count(len(fired), 'rule'))} of knowledge base"
        f" {inline(evaluation.knowledge_version)} fired. Points are before weighting by the"
        " priorities.",
        "",
    ]
    rows = []
    for rule_id in sorted(fired):
        entry = fired[rule_id]
        where = entry["where"]
        # Each name escaped on its own, so that each is isolated on its own.
        shown = ", ".join(table_cell(name) for name in where[:MAX_WHERE])
        if len(where) > MAX_WHERE:
            shown += f" and {len(where) - MAX_WHERE} more"
        rows.append(
            [
                f"`{rule_id}`",
                table_cell(entry["title"]),
                table_cell(entry["effect"]),
                shown,
                table_cell(entry["source"]),
                table_cell(entry["as_of"]),
            ]
        )
    lines += md_table(["Rule", "Title", "Effect", "Components", "Source", "As of"], rows)
    lines.append("")
    return lines
