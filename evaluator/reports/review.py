"""The design review as GitHub-flavoured markdown.

The verdict comes first, then the evidence: a summary table, the context the team gave,
one section per component (``review_component.py``), the findings that only show across
components and the next steps (``review_steps.py``), a diagram, and an appendix of every
rule that fired with its source (``review_appendix.py``). Every outside string is escaped
by ``escape.py``; nothing here reads the clock or the database.
"""

from __future__ import annotations

from evaluator.engine.explain import format_value
from evaluator.engine.knowledge import OPTION_IDS, KnowledgeBase
from evaluator.engine.results import Evaluation
from evaluator.engine.spec import DesignSpec

from .certainty import certainty_cell, close_call, is_uncertain, toss_up
from .checks import attention
from .escape import heading, inline, paragraphs, table_cell
from .meta import ReviewMeta, packs_text
from .nextsteps import next_steps
from .prose import (
    band_text,
    capital,
    count,
    join,
    kind_text,
    lower_first,
    md_names,
    md_table,
    option_name,
    percent,
)
from .review_appendix import appendix_section, diagram_section
from .review_component import component_section
from .review_steps import findings_section, steps_section

__all__ = ["render_review"]

_PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}


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
        lines += component_section(kb, index, component)
    lines += findings_section(evaluation)
    lines += steps_section(kb, evaluation, next_steps(kb, evaluation))
    lines += diagram_section(spec, evaluation, kb)
    lines += appendix_section(evaluation)
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


# --- Head --------------------------------------------------------------------------------


def _verdict(kb: KnowledgeBase, evaluation: Evaluation) -> str:
    components = evaluation.components
    if not components:
        return "This design has no components yet, so there is nothing to recommend."
    by_option: dict[str | None, list[str]] = {}
    for component in components:
        by_option.setdefault(component.recommendation, []).append(component.name)
    sentences = [f"{capital(count(len(components), 'component'))} reviewed."]
    baseline = by_option.get("baseline", [])
    if baseline:
        if len(baseline) == len(components):
            sentences.append(
                "Every one of them is best served by the conventional baseline: a modular"
                " monolith on one relational database."
            )
        else:
            sentences.append(
                f"{capital(count(len(baseline), 'stays', 'stay'))} on the conventional"
                f" baseline ({md_names(baseline)})."
            )
    patterns = [
        f"{inline(lower_first(option_name(kb, oid)))} for {md_names(by_option[oid])}"
        for oid in OPTION_IDS
        if oid != "baseline" and oid in by_option
    ]
    if patterns:
        sentences.append(f"The review recommends {'; '.join(patterns)}.")
    if None in by_option:
        sentences.append(f"Every option is ruled out for {md_names(by_option[None])}.")
    close = [c.name for c in components if close_call(c)]
    if close:
        sentences.append(
            f"{capital(count(len(close), 'close call'))} ({md_names(close)})"
            f" {'needs' if len(close) == 1 else 'need'} a prototype before the team commits."
        )
    tossed = [c.name for c in components if toss_up(c)]
    if tossed:
        sentences.append(
            f"{capital(count(len(tossed), 'toss-up'))} ({md_names(tossed)}):"
            " with the ranges and weights given, no option wins 60% of the samples; pin"
            " down the answers that drive them first."
        )
    weak = [c.name for c in components if c.no_good_option and c.recommendation is not None]
    if weak:
        sentences.append(f"No option fits {md_names(weak)} well.")
    low = [c.name for c in components if c.confidence_label == "low"]
    if low:
        sentences.append(
            f"Confidence is low for {md_names(low)}: answer the open questions before relying"
            " on the scores."
        )
    elif all(c.confidence_label == "high" for c in components):
        sentences.append("Confidence is high throughout.")
    findings = evaluation.findings
    if findings:
        high = sum(1 for f in findings if f.severity == "high")
        extra = f", {high} of high severity" if high else ""
        sentences.append(
            f"{capital(count(len(findings), 'cross-component finding'))} need"
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
    # Only when packs apply, so reviews under the built-in knowledge read as they always have.
    if meta.packs:
        lines.append(f"- **Packs:** {inline(packs_text(meta.packs))}")
    for name, reason in meta.opted_out:
        lines.append(f"- **Opted out of pack {inline(name)}:** {inline(reason)}")
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
        if is_uncertain(component):
            close = certainty_cell(component)
        elif component.close_call and component.runner_up is not None:
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
    sampled = any(is_uncertain(component) for component in evaluation.components)
    last = "Close call or how sure" if sampled else "Close call"
    lines += md_table(
        ["Component", "Kind", "Recommendation", "Score", "Band", "Confidence", last], rows
    )
    explained = (
        "Scores run from 0 to 100: strong is 70 and over, possible 55 to 69, weak 40 to 54,"
        " poor under 40. A close call means the two best options are within 10 points."
        " Confidence falls with every unanswered question the rules need."
    )
    if sampled:
        explained += (
            " Where answers are ranges or weights, the scores are those of the most likely"
            " answers, and the last column says how sure the recommendation is instead:"
            " robust when the top option wins in 80% of the samples or more, leaning from"
            " 60%, a toss-up below."
        )
    lines += ["", explained, ""]
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
        lines += md_table(["Question", "Answer"], rows)
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
        lines += md_table(
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
