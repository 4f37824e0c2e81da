"""One component's section of the design review.

The recommendation and every option's score, why the pick wins and what holds the
runner-up back, what is ruled out, the recommended variant, risks, and the answers that
pull both ways or would change the outcome.
"""

from __future__ import annotations

from evaluator.engine.knowledge import KnowledgeBase
from evaluator.engine.results import ComponentResult, OptionResult

from .certainty import certainty_section, lead_sentence
from .escape import heading, inline, table_cell
from .prose import (
    band_text,
    capital,
    contribution_order,
    count,
    join,
    kind_text,
    lower_first,
    md_table,
    md_tipping,
    md_tradeoff,
    option_name,
    percent,
    ranked_options,
    score_points,
    variant_of,
)

__all__ = ["component_section"]

MAX_REASONS = 4
MAX_HELD_BACK = 2
MAX_TRADEOFFS = 3
MAX_TIPPING = 3
MAX_OPEN = 5


def _scores_table(kb: KnowledgeBase, component: ComponentResult) -> list[str]:
    rows = []
    for option in ranked_options(component):
        name = inline(option.name)
        if option.option == component.recommendation:
            name = f"**{name}** (recommended)"
        elif option.option in component.held_back:
            name = f"{name} (too little evidence)"
        rows.append(
            [
                name,
                str(option.score),
                band_text(option.band),
                f"{option.confidence_label} ({percent(option.confidence)})",
                table_cell(option.variant_name or ""),
            ]
        )
    return md_table(["Option", "Score", "Band", "Confidence", "Variant"], rows)


def _reason(contribution) -> str:
    return (
        f"- **{score_points(contribution.weighted)}** *{inline(contribution.title)}.*"
        f" {inline(contribution.rationale)} (`{contribution.rule_id}`)"
    )


def _why(kb: KnowledgeBase, component: ComponentResult) -> list[str]:
    lines = ["#### Why", ""]
    if component.recommendation is None:
        return [*lines, "Every option is ruled out; see below.", ""]
    best = component.option(component.recommendation)
    reasons = sorted(best.contributions, key=contribution_order)[:MAX_REASONS]
    if reasons:
        lines += [
            f"{inline(best.name)} starts at {best.start} and ends at {best.score}."
            " The rules that moved it most:",
            "",
        ]
        lines += [_reason(c) for c in reasons]
    else:
        lines.append(
            f"{inline(best.name)} keeps its starting score of {best.start}; no rule moved it."
        )
    lines.append("")
    if component.runner_up is not None and component.runner_up in component.held_back:
        second = component.option(component.runner_up)
        lines += [
            f"{inline(second.name)} scores higher, {second.score}, but only"
            f" {score_points(second.evidence)} of its points come from rules about this"
            f" component, short of the baseline's head start of {kb.head_start.points}: a"
            " pattern is recommended only on evidence about the component, not on"
            " system-wide facts or the baseline's losses.",
            "",
        ]
    elif component.runner_up is not None:
        second = component.option(component.runner_up)
        against = sorted(
            (c for c in second.contributions if c.weighted < 0), key=contribution_order
        )[:MAX_HELD_BACK]
        if against:
            lines += [
                f"{inline(second.name)} comes second at {second.score}. What holds it back:",
                "",
            ]
            lines += [_reason(c) for c in against]
            lines.append("")
        elif second.score == second.start:
            lines += [
                f"{inline(second.name)} comes second at {second.score}, its starting score:"
                " no rule moves it either way.",
                "",
            ]
        else:
            lines += [
                f"{inline(second.name)} comes second at {second.score}. No rule counts"
                f" against it; it starts at {second.start} and gains less.",
                "",
            ]
    return lines


def _ruled_out(kb: KnowledgeBase, component: ComponentResult) -> list[str]:
    lines = ["#### Ruled out", ""]
    vetoed = [option for option in component.options if option.ruled_out]
    narrowed = [o for o in component.options if not o.ruled_out and o.variant_vetoes]
    if not vetoed and not narrowed:
        return [*lines, "No hard limit rules out any option.", ""]
    for option in vetoed:
        for veto in option.vetoes:
            lines.append(
                f"- **{inline(option.name)}** (`{veto.rule_id}`): “{inline(veto.limit)}”"
                f" {inline(veto.rationale)}"
            )
    for option in narrowed:
        names = {v.id: v.name for v in kb.option(option.option).variants}
        for veto in option.variant_vetoes:
            out = join(inline(lower_first(names[v])) for v in veto.variants)
            lines.append(
                f"- **{inline(option.name)}** as {out} only (`{veto.rule_id}`):"
                f" “{inline(veto.limit)}” It stands as"
                f" {inline(lower_first(option.variant_name or ''))}."
            )
    lines.append("")
    return lines


def _variant(kb: KnowledgeBase, component: ComponentResult) -> list[str]:
    lines = ["#### Recommended variant", ""]
    if component.recommendation is None:
        return [*lines, "None: no option is left.", ""]
    best = component.option(component.recommendation)
    variant = variant_of(kb, best)
    if variant is None:
        name = best.variant_name or best.name
        return [*lines, f"**{inline(name)}.**", ""]
    text = f"**{inline(variant.name)}.**"
    if variant.summary:
        text += f" {inline(variant.summary)}"
    lines.append(text)
    if variant.technologies:
        lines += ["", f"Technologies to evaluate: {join(inline(t) for t in variant.technologies)}."]
    lines.append("")
    return lines


def _risks(component: ComponentResult) -> list[str]:
    lines = ["#### Risks and mitigations", ""]
    if component.recommendation is None:
        return [*lines, "None to list: no option is left.", ""]
    best: OptionResult = component.option(component.recommendation)
    if not best.risks and not best.mitigations:
        return [*lines, f"The rules raise no particular risk for {inline(best.name)} here.", ""]
    if best.risks:
        lines += ["Risks:", ""]
        lines += [f"- {inline(risk)}" for risk in best.risks]
        lines.append("")
    if best.mitigations:
        lines += ["Mitigations:", ""]
        lines += [f"- {inline(item)}" for item in best.mitigations]
        lines.append("")
    return lines


def _analysis(kb: KnowledgeBase, component: ComponentResult) -> list[str]:
    lines = ["#### Trade-off points", ""]
    if component.tradeoff_points:
        lines += [f"- {md_tradeoff(kb, p)}" for p in component.tradeoff_points[:MAX_TRADEOFFS]]
    else:
        lines.append("No answer pulls the options in opposite directions.")
    lines += ["", "#### Tipping points", ""]
    if component.tipping_points:
        lines += [f"- {md_tipping(kb, t)}" for t in component.tipping_points[:MAX_TIPPING]]
    else:
        lines.append("No single change of one answer would change the recommendation.")
    lines += ["", "#### Open questions", ""]
    if component.open_questions:
        for question in component.open_questions[:MAX_OPEN]:
            options = join(inline(option_name(kb, oid)) for oid in question.options)
            lines.append(f"- *{inline(question.label)}*: could move {options}.")
        more = len(component.open_questions) - MAX_OPEN
        if more > 0:
            lines.append(f"- and {count(more, 'more')}.")
    else:
        lines.append("None: every question the rules read is answered.")
    lines.append("")
    return lines


def component_section(kb: KnowledgeBase, index: int, component: ComponentResult) -> list[str]:
    """One component's section: lead, scores, why, limits, variant, risks, how sure it
    is and analysis."""
    lines = [f"### {index}. {heading(component.name)}", ""]
    lead = f"*{capital(kind_text(component.kind))}.*"
    if component.recommendation is not None:
        best = component.option(component.recommendation)
        pick = inline(best.name)
        if best.variant_name:
            pick += f", as {inline(lower_first(best.variant_name))}"
        lead += f" **Recommendation: {pick}.**"
    lines += [f"{lead} {inline(lead_sentence(component))}", ""]
    lines += _scores_table(kb, component)
    lines.append("")
    lines += _why(kb, component)
    lines += _ruled_out(kb, component)
    lines += _variant(kb, component)
    lines += _risks(component)
    lines += certainty_section(kb, component)
    lines += _analysis(kb, component)
    return lines
