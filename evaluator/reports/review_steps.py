"""The review's findings across components and its next steps.

Next steps follow the usual order of an architecture evaluation: research the patterns
that win somewhere, prototype the uncertain components, measure or confirm the answers
that decide the outcome, and document the decisions.
"""

from __future__ import annotations

from evaluator.engine.knowledge import KnowledgeBase
from evaluator.engine.results import Evaluation

from .escape import inline
from .nextsteps import NextSteps
from .prose import count, join, lower_first, md_names, md_tradeoff, option_name, percent

__all__ = ["MAX_WHERE", "findings_section", "steps_section"]

# Components named in one line before "and N more".
MAX_WHERE = 6
_SEVERITY_TEXT = {"high": "High", "medium": "Medium", "low": "Low"}


def findings_section(evaluation: Evaluation) -> list[str]:
    """The findings that only show across components, most severe first."""
    lines = ["## Cross-component findings", ""]
    if not evaluation.findings:
        return [*lines, "None: looked at together, the components raise no further concern.", ""]
    for finding in evaluation.findings:
        lines.append(
            f"- **{_SEVERITY_TEXT.get(finding.severity, finding.severity)}: {inline(finding.title)}.**"
            f" {inline(finding.message)} (`{finding.id}`; {md_names(finding.components)})"
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
    elif "toss_up" in reasons:
        why = "a toss-up over the uncertain answers"
        what = (
            f"Pin down the answers that drive it (see *How sure is this?*), or build"
            f" {join(options)} side by side."
        )
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


def steps_section(kb: KnowledgeBase, evaluation: Evaluation, steps: NextSteps) -> list[str]:
    """The next steps, in the usual order: research, prototype, evaluate, document."""
    lines = [
        "## Next steps",
        "",
        "In the usual order: research, prototype, evaluate the trade-offs, document the findings.",
        "",
    ]
    lines += _research(kb, steps)
    lines += _prototypes(kb, evaluation, steps)
    lines += _evaluate(kb, steps)
    lines += _document(steps)
    return lines


def _research(kb: KnowledgeBase, steps: NextSteps) -> list[str]:
    lines = ["### 1. Research", ""]
    if steps.research:
        for item in steps.research:
            text = f"- **{inline(option_name(kb, item.option))}**, for {md_names(item.components)}."
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
                else md_names(answer.components[:MAX_WHERE])
                + (
                    f" and {len(answer.components) - MAX_WHERE} more"
                    if len(answer.components) > MAX_WHERE
                    else ""
                )
            )
            lines.append(f"- *{inline(answer.label)}* ({where}).")
    return lines


def _prototypes(kb: KnowledgeBase, evaluation: Evaluation, steps: NextSteps) -> list[str]:
    lines = ["", "### 2. Prototype first", ""]
    if steps.prototypes:
        lines += [_prototype_line(kb, evaluation, p) for p in steps.prototypes]
        if steps.more_prototypes:
            lines += [
                "",
                f"And {count(steps.more_prototypes, 'more component')}; see the summary.",
            ]
    else:
        lines.append(
            "Nothing needs a prototype: every component stays on the conventional baseline"
            " with confidence."
        )
    return lines


def _evaluate(kb: KnowledgeBase, steps: NextSteps) -> list[str]:
    lines = ["", "### 3. Evaluate the trade-offs", ""]
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
    return lines


def _document(steps: NextSteps) -> list[str]:
    lines = ["### 4. Document the findings", ""]
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
