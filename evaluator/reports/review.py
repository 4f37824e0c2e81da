"""The design review as GitHub-flavoured markdown.

The verdict comes first, then the evidence: a summary table, the context the team gave,
one section per component, the findings that only show across components, next steps, a
diagram, and an appendix of every rule that fired with its source. Every outside string
is escaped by ``escape.py``; nothing here reads the clock or the database.
"""

from __future__ import annotations

from collections.abc import Iterable

from evaluator.engine.explain import format_value
from evaluator.engine.knowledge import OPTION_IDS, KnowledgeBase
from evaluator.engine.results import ComponentResult, Evaluation, OptionResult
from evaluator.engine.spec import DesignSpec

from .checks import attention
from .diagram import mermaid_flowchart
from .escape import heading, inline, paragraphs, table_cell
from .meta import ReviewMeta
from .nextsteps import NextSteps, next_steps
from .prose import (
    band_text,
    contribution_order,
    join,
    kind_text,
    lower_first,
    md_tipping,
    md_tradeoff,
    option_name,
    percent,
    ranked_options,
    score_points,
    variant_of,
)

__all__ = ["render_review"]

MAX_REASONS = 4
MAX_HELD_BACK = 2
MAX_TRADEOFFS = 3
MAX_TIPPING = 3
MAX_OPEN = 5
MAX_WHERE = 6

_NUMBER_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)
_PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}
_SEVERITY_TEXT = {"high": "High", "medium": "Medium", "low": "Low"}
_COLOUR_NAMES = {
    "baseline": "grey",
    "event_driven": "blue",
    "serverless": "orange",
    "microservices": "green",
    "consensus": "purple",
    "blockchain": "yellow",
    "none": "red, dashed",
}


def _count(n: int, noun: str, plural: str | None = None) -> str:
    word = _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"
    return f"{word} {noun if n == 1 else (plural or noun + 's')}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    header = list(header)
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(" --- " for _ in header) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(row) + " |")
    return lines


def _names(names: Iterable[str]) -> str:
    # In italics: names such as "Checkout and payments" would blur into the list otherwise.
    return join(f"*{inline(name)}*" for name in names)


# --- Head --------------------------------------------------------------------------------


def _verdict(kb: KnowledgeBase, evaluation: Evaluation) -> str:
    components = evaluation.components
    if not components:
        return "This design has no components yet, so there is nothing to recommend."
    by_option: dict[str | None, list[str]] = {}
    for component in components:
        by_option.setdefault(component.recommendation, []).append(component.name)
    sentences = [f"{_capital(_count(len(components), 'component'))} reviewed."]
    baseline = by_option.get("baseline", [])
    if baseline:
        if len(baseline) == len(components):
            sentences.append(
                "Every one of them is best served by the conventional baseline: a modular"
                " monolith on one relational database."
            )
        else:
            sentences.append(
                f"{_capital(_count(len(baseline), 'stays', 'stay'))} on the conventional"
                f" baseline ({_names(baseline)})."
            )
    patterns = [
        f"{inline(lower_first(option_name(kb, oid)))} for {_names(by_option[oid])}"
        for oid in OPTION_IDS
        if oid != "baseline" and oid in by_option
    ]
    if patterns:
        sentences.append(f"The review recommends {'; '.join(patterns)}.")
    if None in by_option:
        sentences.append(f"Every option is ruled out for {_names(by_option[None])}.")
    close = [c.name for c in components if c.close_call]
    if close:
        sentences.append(
            f"{_capital(_count(len(close), 'close call'))} ({_names(close)})"
            f" {'needs' if len(close) == 1 else 'need'} a prototype before the team commits."
        )
    weak = [c.name for c in components if c.no_good_option and c.recommendation is not None]
    if weak:
        sentences.append(f"No option fits {_names(weak)} well.")
    low = [c.name for c in components if c.confidence_label == "low"]
    if low:
        sentences.append(
            f"Confidence is low for {_names(low)}: answer the open questions before relying"
            " on the scores."
        )
    elif all(c.confidence_label == "high" for c in components):
        sentences.append("Confidence is high throughout.")
    findings = evaluation.findings
    if findings:
        high = sum(1 for f in findings if f.severity == "high")
        extra = f", {high} of high severity" if high else ""
        sentences.append(
            f"{_capital(_count(len(findings), 'cross-component finding'))} need"
            f"{'s' if len(findings) == 1 else ''} attention{extra}."
        )
    return " ".join(sentences)


def _metadata(evaluation: Evaluation, meta: ReviewMeta) -> list[str]:
    lines = [f"- **Design:** {inline(evaluation.design_name)}"]
    if meta.source:
        lines.append(f"- **Source:** {inline(meta.source)}")
    if meta.saved:
        short = f" (`{meta.revision_hash[:12]}`)" if meta.revision_hash else ""
        lines.append(f"- **Revision:** {meta.revision}{short}")
    else:
        lines.append("- **Revision:** none, an unsaved file")
    lines.append(f"- **Content hash:** `sha256:{meta.content_hash[:16]}`")
    lines.append(f"- **Date:** {meta.date or 'not given'}")
    digest = f" (`{meta.knowledge_digest[:12]}`)" if meta.knowledge_digest else ""
    lines.append(f"- **Knowledge base:** {inline(meta.knowledge_version)}{digest}")
    return lines


# --- Summary -----------------------------------------------------------------------------


def _summary(kb: KnowledgeBase, evaluation: Evaluation) -> list[str]:
    lines = ["## Summary", ""]
    if not evaluation.components:
        return [*lines, "No components to summarise.", ""]
    rows = []
    for component in evaluation.components:
        if component.recommendation is None:
            pick, score, band = "none left", "", "ruled out"
        else:
            best = component.option(component.recommendation)
            pick, score, band = best.name, str(best.score), band_text(best.band)
        close = "no"
        if component.close_call and component.runner_up is not None:
            second = component.option(component.runner_up)
            close = f"yes, {second.name} {second.score}"
        rows.append(
            [
                table_cell(component.name),
                table_cell(kind_text(component.kind)),
                table_cell(pick),
                score,
                band,
                f"{component.confidence_label} ({percent(component.confidence)})",
                table_cell(close),
            ]
        )
    lines += _table(
        ["Component", "Kind", "Recommendation", "Score", "Band", "Confidence", "Close call"],
        rows,
    )
    lines += [
        "",
        "Scores run from 0 to 100: strong is 70 and over, possible 55 to 69, weak 40 to 54,"
        " poor under 40. A close call means the two best options are within 10 points."
        " Confidence falls with every unanswered question the rules need.",
        "",
    ]
    flagged = attention(kb, evaluation)
    if flagged:
        lines += ["**Needs attention:**", ""]
        lines += [f"- {inline(item.message)}" for item in flagged]
        lines.append("")
    return lines


# --- Context -----------------------------------------------------------------------------


def _context(spec: DesignSpec, kb: KnowledgeBase) -> list[str]:
    lines = ["## Context and priorities", "", "As the team gave them.", ""]
    lines += ["### The system", ""]
    summary = paragraphs(spec.summary or "")
    lines += [summary or "*No summary was given.*", ""]

    lines += ["### Context", ""]
    questions = kb.questions_in_scope("system")
    rows = []
    missing = []
    for question in questions:
        value = spec.context.get(question.id)
        if value is None:
            missing.append(question.label)
            continue
        rows.append([table_cell(question.label), table_cell(format_value(question, value))])
    if rows:
        lines += _table(["Question", "Answer"], rows)
        lines.append("")
    if missing:
        lines += [f"Not answered: {join(inline(label) for label in missing)}.", ""]

    lines += ["### Priorities", ""]
    ranked = sorted(
        (
            (_PRIORITY_ORDER.get(level, 1), index, attribute.label, level)
            for index, attribute in enumerate(kb.attributes)
            if (level := spec.priorities.get(attribute.id)) is not None
        ),
    )
    if ranked:
        lines += _table(
            ["Quality attribute", "Priority"],
            [[table_cell(label), table_cell(level)] for _, _, label, level in ranked],
        )
        lines.append("")
    unranked = [a.label for a in kb.attributes if spec.priorities.get(a.id) is None]
    if unranked:
        lines += [
            f"Not ranked, so counted as medium: {join(inline(label) for label in unranked)}.",
            "",
        ]
    return lines


# --- One component -----------------------------------------------------------------------


def _scores_table(kb: KnowledgeBase, component: ComponentResult) -> list[str]:
    rows = []
    for option in ranked_options(component):
        name = inline(option.name)
        if option.option == component.recommendation:
            name = f"**{name}** (recommended)"
        rows.append(
            [
                name,
                str(option.score),
                band_text(option.band),
                f"{option.confidence_label} ({percent(option.confidence)})",
                table_cell(option.variant_name or ""),
            ]
        )
    return _table(["Option", "Score", "Band", "Confidence", "Variant"], rows)


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
    if component.runner_up is not None:
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


def _ruled_out(component: ComponentResult) -> list[str]:
    lines = ["#### Ruled out", ""]
    vetoed = [option for option in component.options if option.ruled_out]
    if not vetoed:
        return [*lines, "No hard limit rules out any option.", ""]
    for option in vetoed:
        for veto in option.vetoes:
            lines.append(
                f"- **{inline(option.name)}** (`{veto.rule_id}`): “{inline(veto.limit)}”"
                f" {inline(veto.rationale)}"
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
            lines.append(f"- and {_count(more, 'more')}.")
    else:
        lines.append("None: every question the rules read is answered.")
    lines.append("")
    return lines


def _component(kb: KnowledgeBase, index: int, component: ComponentResult) -> list[str]:
    lines = [f"### {index}. {heading(component.name)}", ""]
    lead = f"*{_capital(kind_text(component.kind))}.*"
    if component.recommendation is not None:
        best = component.option(component.recommendation)
        pick = inline(best.name)
        if best.variant_name:
            pick += f", as {inline(lower_first(best.variant_name))}"
        lead += f" **Recommendation: {pick}.**"
    lines += [f"{lead} {inline(component.verdict)}", ""]
    lines += _scores_table(kb, component)
    lines.append("")
    lines += _why(kb, component)
    lines += _ruled_out(component)
    lines += _variant(kb, component)
    lines += _risks(component)
    lines += _analysis(kb, component)
    return lines


# --- Across components -------------------------------------------------------------------


def _findings(evaluation: Evaluation) -> list[str]:
    lines = ["## Cross-component findings", ""]
    if not evaluation.findings:
        return [*lines, "None: looked at together, the components raise no further concern.", ""]
    for finding in evaluation.findings:
        lines.append(
            f"- **{_SEVERITY_TEXT.get(finding.severity, finding.severity)}: {inline(finding.title)}.**"
            f" {inline(finding.message)} (`{finding.id}`; {_names(finding.components)})"
        )
    lines.append("")
    return lines


def _prototype_line(kb: KnowledgeBase, evaluation: Evaluation, prototype) -> str:
    component = evaluation.component(prototype.component)
    name = f"**{inline(prototype.component)}**"
    options = [inline(option_name(kb, oid)) for oid in prototype.options]
    reasons = prototype.reasons
    if "no_good_option" in reasons:
        why = "no option fits well"
        what = (
            f"Try {join(options, 'and')} side by side and question the requirements that sink them."
        )
    elif "close_call" in reasons:
        why = "a close call"
        what = f"Build the same thin slice with {join(options)} and compare them on the measurements below."
    elif "low_confidence" in reasons:
        why = f"confidence is low ({percent(component.confidence)})"
        what = (
            "Answer its open questions, then spike " + (options[0] if options else "the pick") + "."
        )
    elif "ruled_out" in reasons:
        why = "a hard limit decided it"
        what = f"Check that the limit really applies before building on {options[0] if options else 'the pick'}."
    else:
        why = "a pattern the team has to adopt"
        what = f"Spike {options[0]} to learn its operational cost early."
    tech = ""
    if prototype.variant:
        tech = f" Start from {inline(lower_first(prototype.variant))}"
        if prototype.technologies:
            tech += f" ({join((inline(t) for t in prototype.technologies[:3]), 'or')})"
        tech += "."
    return f"1. {name}: {why}. {what}{tech}"


def _measure_line(kb: KnowledgeBase, measurement) -> str:
    label = f"*{inline(measurement.label)}*"
    new = inline(option_name(kb, measurement.new_option))
    if measurement.new_option is None:
        outcome = "every option would be ruled out"
    elif measurement.rules_out_current:
        old = inline(option_name(kb, measurement.current_option))
        outcome = f"{old} would be ruled out and {new} would take over"
    else:
        outcome = f"{new} would take over"
    quote = measurement.value_type == "choice"
    now = _quoted(measurement.current_text, quote)
    then = _quoted(measurement.new_text, quote)
    lead = f"- **{inline(measurement.component)}**, {label}: now {now};"
    if measurement.kind == "measure":
        return f"{lead} at {then}, {outcome}."
    return f"{lead} if it were {then}, {outcome}."


def _quoted(text: str, quote: bool) -> str:
    return f"“{inline(text)}”" if quote else inline(text)


def _next_steps(kb: KnowledgeBase, evaluation: Evaluation, steps: NextSteps) -> list[str]:
    lines = [
        "## Next steps",
        "",
        "In the usual order: research, prototype, evaluate the trade-offs, document the findings.",
        "",
        "### 1. Research",
        "",
    ]
    if steps.research:
        for item in steps.research:
            text = f"- **{inline(option_name(kb, item.option))}**, for {_names(item.components)}."
            if item.considerations:
                text += " Consider: " + " ".join(inline(c) for c in item.considerations)
            if item.sources:
                text += f" Read: {'; '.join(inline(s) for s in item.sources)}."
            lines.append(text)
    else:
        lines.append(
            "- No pattern beats the conventional baseline anywhere; nothing new to research."
        )
    if steps.open_answers:
        lines += ["", "Answer first, as they carry the most weight:", ""]
        for answer in steps.open_answers:
            where = (
                "the whole system"
                if answer.scope == "system"
                else _names(answer.components[:MAX_WHERE])
                + (
                    f" and {len(answer.components) - MAX_WHERE} more"
                    if len(answer.components) > MAX_WHERE
                    else ""
                )
            )
            lines.append(f"- *{inline(answer.label)}* ({where}).")
    lines += ["", "### 2. Prototype first", ""]
    if steps.prototypes:
        lines += [_prototype_line(kb, evaluation, p) for p in steps.prototypes]
        if steps.more_prototypes:
            lines += [
                "",
                f"And {_count(steps.more_prototypes, 'more component')}; see the summary.",
            ]
    else:
        lines.append(
            "Nothing needs a prototype: every component stays on the conventional baseline"
            " with confidence."
        )
    lines += ["", "### 3. Evaluate the trade-offs", ""]
    measures = [m for m in steps.measurements if m.kind == "measure"]
    confirms = [m for m in steps.measurements if m.kind == "confirm"]
    if measures:
        lines += ["Measure, because the recommendation changes at these values:", ""]
        lines += [_measure_line(kb, m) for m in measures]
        lines.append("")
    if confirms:
        lines += ["Confirm these answers, each of which alone would change the outcome:", ""]
        lines += [_measure_line(kb, m) for m in confirms]
        lines.append("")
    if steps.tradeoffs:
        lines += ["Weigh:", ""]
        lines += [f"- **{inline(name)}**: {md_tradeoff(kb, p)}" for name, p in steps.tradeoffs]
        lines.append("")
    if not (measures or confirms or steps.tradeoffs):
        lines += [
            "No single answer is close to changing a recommendation; the results are stable.",
            "",
        ]
    lines += ["### 4. Document the findings", ""]
    lines.append(
        "- Record each decision as a MADR record"
        " (`python manage.py review DESIGN --format madr -o decisions/`) and keep it next to"
        " the code."
    )
    high = [f for f in steps.findings if f.severity == "high"]
    if high:
        lines.append(
            f"- Resolve the high-severity findings first: {join(inline(f.title) for f in high)}."
        )
    lines.append(
        "- Update the design with what the prototypes and measurements showed, run this"
        " review again and commit it with the design file."
    )
    lines.append("")
    return lines


def _diagram(spec: DesignSpec, evaluation: Evaluation, kb: KnowledgeBase) -> list[str]:
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


def _appendix(kb: KnowledgeBase, evaluation: Evaluation) -> list[str]:
    fired: dict[str, dict] = {}
    for component in evaluation.components:
        for option in component.options:
            for contribution in option.contributions:
                entry = fired.setdefault(
                    contribution.rule_id,
                    {
                        "title": contribution.title,
                        "effect": f"{score_points(contribution.points)} for {option.name}",
                        "source": contribution.source,
                        "as_of": contribution.as_of,
                        "where": [],
                    },
                )
                if component.name not in entry["where"]:
                    entry["where"].append(component.name)
            for veto in option.vetoes:
                entry = fired.setdefault(
                    veto.rule_id,
                    {
                        "title": veto.title,
                        "effect": f"rules out {option.name}",
                        "source": veto.source,
                        "as_of": veto.as_of,
                        "where": [],
                    },
                )
                if component.name not in entry["where"]:
                    entry["where"].append(component.name)
    lines = ["## Appendix: rules that fired", ""]
    if not fired:
        return [*lines, "No rule fired.", ""]
    lines += [
        f"{_capital(_count(len(fired), 'rule'))} of knowledge base"
        f" {inline(evaluation.knowledge_version)} fired. Points are before weighting by the"
        " priorities.",
        "",
    ]
    rows = []
    for rule_id in sorted(fired):
        entry = fired[rule_id]
        where = entry["where"]
        shown = ", ".join(where[:MAX_WHERE])
        if len(where) > MAX_WHERE:
            shown += f" and {len(where) - MAX_WHERE} more"
        rows.append(
            [
                f"`{rule_id}`",
                table_cell(entry["title"]),
                table_cell(entry["effect"]),
                table_cell(shown),
                table_cell(entry["source"]),
                table_cell(entry["as_of"]),
            ]
        )
    lines += _table(["Rule", "Title", "Effect", "Components", "Source", "As of"], rows)
    lines.append("")
    return lines


def render_review(
    spec: DesignSpec, evaluation: Evaluation, kb: KnowledgeBase, *, meta: ReviewMeta
) -> str:
    """The whole review as markdown text ending in one newline.

    Pure and deterministic: the same arguments always give the same text.
    """
    lines = [f"# Design review: {heading(evaluation.design_name)}", ""]
    lines += [_verdict(kb, evaluation), ""]
    lines += _metadata(evaluation, meta)
    lines.append("")
    lines += _summary(kb, evaluation)
    lines += _context(spec, kb)
    lines += ["## Components", ""]
    if not evaluation.components:
        lines += ["This design has no components yet.", ""]
    for index, component in enumerate(evaluation.components, 1):
        lines += _component(kb, index, component)
    lines += _findings(evaluation)
    lines += _next_steps(kb, evaluation, next_steps(kb, evaluation))
    lines += _diagram(spec, evaluation, kb)
    lines += _appendix(kb, evaluation)
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
