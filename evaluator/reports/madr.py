"""One MADR 4.0 decision record per component, one by one or all in a zip.

The records follow the MADR 4.0 template (https://adr.github.io/madr/): front matter with
status and date, then context and problem statement, decision drivers, considered
options, decision outcome with consequences and confirmation, and the pros and cons of
every option. The status is always "proposed": the evaluation proposes, the team decides.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from evaluator.engine.knowledge import OPTION_IDS, KnowledgeBase
from evaluator.engine.results import ComponentResult, Evaluation, OptionResult
from evaluator.engine.spec import DesignSpec

from .certainty import close_call, is_uncertain
from .escape import heading, inline, slug
from .meta import ReviewMeta
from .prose import (
    band_text,
    contribution_order,
    fact_text,
    join,
    kind_text,
    lower_first,
    md_tipping,
    option_name,
    percent,
    ranked_options,
    score_points,
    variant_of,
)

__all__ = ["DecisionRecord", "madr_records", "madr_zip", "render_madr"]

MAX_DRIVERS = 6
MAX_CONSEQUENCES = 4
MAX_TIPPING = 3
# The zip's entries carry this date (the earliest a zip can hold), so the same records
# always give the same bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class DecisionRecord:
    """One record: its file name (``0001-order-fulfilment.md``) and its markdown text."""

    filename: str
    component: str
    text: str


def _title(component: ComponentResult) -> str:
    name = heading(component.name)
    if component.recommendation is None:
        return f"No option left for {name}"
    best = component.option(component.recommendation)
    what = heading(lower_first(best.name))
    if best.variant_name:
        what += f" ({heading(lower_first(best.variant_name))})"
    return f"Use {what} for {name}"


def _context(spec: DesignSpec, kb: KnowledgeBase, component: ComponentResult) -> list[str]:
    part = spec.component(component.name)
    text = (
        f"*{inline(component.name)}* is {_article(kind_text(component.kind))}"
        f" {inline(kind_text(component.kind))} in *{inline(spec.name)}*."
    )
    sync = [d.component for d in part.depends_on if d.style == "sync"]
    async_ = [d.component for d in part.depends_on if d.style == "async"]
    if sync:
        text += f" It calls {join(f'*{inline(n)}*' for n in sync)} and waits for the answer."
    if async_:
        text += f" It sends messages to {join(f'*{inline(n)}*' for n in async_)}."
    callers = [
        other.name
        for other in spec.components
        if any(d.component == component.name for d in other.depends_on)
    ]
    if callers:
        verb = "depends" if len(callers) == 1 else "depend"
        text += f" {join(f'*{inline(n)}*' for n in callers)} {verb} on it."
    patterns = join(lower_first(option_name(kb, oid)) for oid in OPTION_IDS if oid != "baseline")
    question = (
        "Should it stay on the conventional baseline (a modular monolith on one relational"
        f" database with synchronous calls), or does one of the patterns fit better: {patterns}?"
    )
    return ["## Context and Problem Statement", "", text, "", question, ""]


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" or word.startswith("API") else "a"


def _drivers(spec: DesignSpec, kb: KnowledgeBase, component: ComponentResult) -> list[str]:
    lines = ["## Decision Drivers", ""]
    for attribute in kb.attributes:
        if spec.priorities.get(attribute.id) == "high":
            lines.append(f"* {inline(attribute.label)} is a high priority")
    # The answers that mattered: those read by the rules that moved the two best options
    # most, and by any veto.
    deciding: list[OptionResult] = []
    for oid in (component.recommendation, component.runner_up):
        if oid is not None:
            deciding.append(component.option(oid))
    facts = []
    seen: set[str] = set()
    for option in deciding:
        for contribution in sorted(option.contributions, key=contribution_order)[:3]:
            for fact in contribution.values:
                if fact.question not in seen:
                    seen.add(fact.question)
                    facts.append(fact)
    for option in component.options:
        for veto in option.vetoes:
            for fact in veto.values:
                if fact.question not in seen:
                    seen.add(fact.question)
                    facts.append(fact)
    for fact in facts[:MAX_DRIVERS]:
        lines.append(f"* {inline(fact_text(fact.label, fact.text))}")
    if len(lines) == 2:
        lines.append("* No priority is high and no answer stands out")
    lines.append("")
    return lines


def _option_title(option: OptionResult) -> str:
    if option.variant_name:
        return f"{inline(option.name)}: {inline(lower_first(option.variant_name))}"
    return inline(option.name)


def _considered(component: ComponentResult) -> list[str]:
    lines = ["## Considered Options", ""]
    for option in ranked_options(component):
        lines.append(f"* {_option_title(option)}")
    lines.append("")
    return lines


def _because(component: ComponentResult) -> str:
    best = component.option(component.recommendation)
    if component.runner_up is not None and component.runner_up in component.held_back:
        second = component.option(component.runner_up)
        text = (
            f"it is the best option with evidence about this component ({best.score},"
            f" {band_text(best.band)}); {inline(second.name)} scores {second.score} but"
            " too little of that comes from rules about the component"
        )
    else:
        text = f"it comes out best ({best.score}, {band_text(best.band)}"
        if component.runner_up is not None:
            second = component.option(component.runner_up)
            text += f", ahead of {inline(second.name)} at {second.score}"
        text += ")"
    good = [c for c in sorted(best.contributions, key=contribution_order) if c.weighted > 0][:2]
    if good:
        titles = join(f"“{inline(c.title)}”" for c in good)
        text += f"; the rules that count most for it are {titles}"
    return text + "."


def _outcome(kb: KnowledgeBase, component: ComponentResult) -> list[str]:
    lines = ["## Decision Outcome", ""]
    if component.recommendation is None:
        lines += [
            "No option is chosen: every one is ruled out by a hard limit. The requirements"
            " behind the vetoes need another look.",
            "",
        ]
        return lines
    best = component.option(component.recommendation)
    lines.append(f'Chosen option: "{_option_title(best)}", because {_because(component)}')
    notes = []
    if close_call(component):
        notes.append("This is a close call, so confirm it with a prototype before relying on it.")
    if is_uncertain(component):
        notes.append(component.uncertainty.sentence)
    if component.no_good_option:
        notes.append(
            "Even this option fits poorly; question the requirements that sink the others."
        )
    if component.confidence_label != "high":
        notes.append(
            f"Confidence is {component.confidence_label} ({percent(component.confidence)})"
            " because answers are missing."
        )
    if notes:
        lines += ["", " ".join(notes)]
    lines += ["", "### Consequences", ""]
    ordered = sorted(best.contributions, key=contribution_order)
    good = [c for c in ordered if c.weighted > 0][:MAX_CONSEQUENCES]
    bad = [c for c in ordered if c.weighted < 0][:MAX_CONSEQUENCES]
    for contribution in good:
        lines.append(f"* Good, because {inline(lower_first(contribution.rationale))}")
    for contribution in bad:
        lines.append(f"* Bad, because {inline(lower_first(contribution.rationale))}")
    for risk in best.risks:
        lines.append(f"* Bad, because {inline(lower_first(risk))}")
    if not (good or bad or best.risks):
        lines.append("* Neutral, because no rule moved its score either way")
    if best.mitigations:
        lines += ["", "Mitigations:", ""]
        lines += [f"* {inline(item)}" for item in best.mitigations]
    lines += ["", "### Confirmation", ""]
    if component.tipping_points:
        lines += [
            "The decision holds while these answers hold; measure or confirm them in a prototype:",
            "",
        ]
        lines += [f"* {md_tipping(kb, t)}" for t in component.tipping_points[:MAX_TIPPING]]
    else:
        lines.append("No single change of one answer would change this decision.")
    if component.open_questions:
        labels = join(f"*{inline(q.label)}*" for q in component.open_questions[:5])
        lines += ["", f"Answer the open questions too: {labels}."]
    lines += [
        "",
        "Run the review again after any change to the design; it must still recommend this option.",
        "",
    ]
    return lines


def _pros_and_cons(kb: KnowledgeBase, component: ComponentResult) -> list[str]:
    lines = ["## Pros and Cons of the Options", ""]
    for option in ranked_options(component):
        lines += [f"### {_option_title(option)}", ""]
        status = f"Score {option.score}, {band_text(option.band)}."
        variant = variant_of(kb, option)
        if variant is not None and variant.technologies:
            status += f" Technologies: {join(inline(t) for t in variant.technologies)}."
        lines += [status, ""]
        for veto in option.vetoes:
            lines.append(f"* Bad: ruled out. “{inline(veto.limit)}” (`{veto.rule_id}`)")
        for veto in option.variant_vetoes:
            lines.append(
                f"* Neutral: only some of its forms are ruled out, so it stands as"
                f" {inline(lower_first(option.variant_name or ''))}."
                f" “{inline(veto.limit)}” (`{veto.rule_id}`)"
            )
        ordered = sorted(option.contributions, key=contribution_order)
        ordered = [c for c in ordered if c.weighted > 0] + [c for c in ordered if c.weighted <= 0]
        for contribution in ordered:
            word = "Good" if contribution.weighted > 0 else "Bad"
            lines.append(
                f"* {word}: {inline(contribution.title)}"
                f" ({score_points(contribution.weighted)}, `{contribution.rule_id}`)"
            )
        if not option.vetoes and not ordered:
            lines.append(f"* Neutral: no rule moved it from its start of {option.start}")
        lines.append("")
    return lines


def _more(evaluation: Evaluation, meta: ReviewMeta) -> list[str]:
    if meta.saved:
        origin = f"revision {meta.revision}"
        if meta.revision_hash:
            origin += f" (`{meta.revision_hash[:12]}`)"
    else:
        origin = f"an unsaved file (content `sha256:{meta.content_hash[:16]}`)"
    return [
        "## More Information",
        "",
        f"Proposed by the trade-off evaluation of *{inline(evaluation.design_name)}*, {origin},"
        f" against knowledge base {inline(meta.knowledge_version)}. Scores run from 0 to 100;"
        " the rule ids point to the knowledge base, where each rule cites its source. The"
        " full design review explains every component.",
    ]


def render_madr(
    spec: DesignSpec,
    evaluation: Evaluation,
    kb: KnowledgeBase,
    component: ComponentResult,
    *,
    meta: ReviewMeta,
) -> str:
    """One component's decision record as markdown, ending in one newline."""
    front = ["---", "status: proposed"]
    if meta.date:
        front.append(f"date: {meta.date}")
    front += ["---", ""]
    lines = [*front, f"# {_title(component)}", ""]
    lines += _context(spec, kb, component)
    lines += _drivers(spec, kb, component)
    lines += _considered(component)
    lines += _outcome(kb, component)
    lines += _pros_and_cons(kb, component)
    lines += _more(evaluation, meta)
    return "\n".join(lines) + "\n"


def record_filename(index: int, name: str) -> str:
    """``0003-order-fulfilment.md``: numbered by position, so always unique and ASCII."""
    return f"{index:04d}-{slug(name, fallback='component')}.md"


def madr_records(
    spec: DesignSpec, evaluation: Evaluation, kb: KnowledgeBase, *, meta: ReviewMeta
) -> list[DecisionRecord]:
    """A record per component, in the design's order."""
    return [
        DecisionRecord(
            filename=record_filename(index, component.name),
            component=component.name,
            text=render_madr(spec, evaluation, kb, component, meta=meta),
        )
        for index, component in enumerate(evaluation.components, 1)
    ]


def madr_zip(records: list[DecisionRecord]) -> bytes:
    """The records as a zip whose bytes depend on nothing but the records."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for record in records:
            info = zipfile.ZipInfo(record.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever system writes it
            archive.writestr(info, record.text.encode("utf-8"))
    return buffer.getvalue()
