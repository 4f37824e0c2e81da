"""Judging the knowledge base by the case library.

For each case: does the engine recommend what the team decided, for the reason the source
gives, and how firmly? The reason counts as given when one of the case's decisive rules
is a veto that holds, or is among the three largest contributions to its option's score.
Firmness is the margin to the runner-up and whether one plausible change of one estimated
answer would change the recommendation. Documented answers are never varied.

Plausible, for an estimate: a number halved or doubled, the neighbouring choices of an
ordered choice question, yes and no swapped, one choice of a list added or removed.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from evaluator.engine import evaluate
from evaluator.engine.explain import format_value
from evaluator.engine.knowledge import KnowledgeBase, Question
from evaluator.engine.outline import outline
from evaluator.engine.results import ComponentResult
from evaluator.engine.spec import DesignSpec

from .library import Case

__all__ = [
    "TOP",
    "Flip",
    "Summary",
    "Verdict",
    "in_place",
    "judge",
    "plausible_changes",
    "summarise",
]

TOP = 3  # the decisive reason must be among this many largest contributions


@dataclass(frozen=True)
class Flip:
    """One plausible change of one estimate that changes the recommendation."""

    question: str
    current: str
    new: str
    recommendation: str | None


@dataclass(frozen=True)
class Verdict:
    """What the engine says about one case, against what the team decided."""

    case: Case
    recommendation: str | None
    variant: str | None
    runner_up: str | None
    margin: float | None  # points between the recommendation's total and the runner-up's
    close_call: bool
    agrees: bool
    decisive: str | None  # the decisive rule found in place, if any
    flips: tuple[Flip, ...]
    changes_tried: int
    result: ComponentResult  # the engine's whole result for the case's component


def in_place(result: ComponentResult, rule_id: str) -> bool:
    """Whether rule ``rule_id`` is a veto that holds on its option, or among the ``TOP``
    largest contributions to its score: how the judgement finds a decisive reason."""
    option = result.option(rule_id.split(".", 1)[0])
    if any(veto.rule_id == rule_id for veto in option.vetoes):
        return True
    top = sorted(option.contributions, key=lambda c: (-abs(c.weighted), c.rule_id))[:TOP]
    return any(contribution.rule_id == rule_id for contribution in top)


def _subject(spec: DesignSpec, kb: KnowledgeBase, name: str) -> ComponentResult:
    return evaluate(spec, kb, analyse=False).component(name)


def _recommended(spec: DesignSpec, kb: KnowledgeBase, name: str) -> str | None:
    """The recommendation for component ``name``, in outline (no explanations written):
    all a plausible change needs, at a fraction of an evaluation's cost."""
    index = next(i for i, component in enumerate(spec.components) if component.name == name)
    return outline(spec, kb)[index].recommendation


def _number_changes(question: Question, value: float) -> list[float]:
    found = []
    for factor in (0.5, 2):
        new = value * factor
        if question.integer:
            new = math.floor(new) if factor < 1 else math.ceil(new)
        if question.min is not None:
            new = max(new, question.min)
        if question.max is not None:
            new = min(new, question.max)
        if new != value and new not in found:
            found.append(int(new) if float(new).is_integer() else new)
    return found


def _alternatives(question: Question, value: Any) -> list[Any]:
    if question.type == "bool":
        return [not value]
    if question.type == "number":
        return _number_changes(question, value)
    values = [choice.value for choice in question.choices]
    if question.type == "choice":
        index = values.index(value)
        return [values[i] for i in (index - 1, index + 1) if 0 <= i < len(values)]
    present = set(value)
    return [[v for v in values if v in (present ^ {toggled})] for toggled in values]


def plausible_changes(case: Case, kb: KnowledgeBase) -> Iterator[tuple[str, Any, DesignSpec]]:
    """(question, new value, changed design) for each plausible change of an estimate."""
    spec = case.spec
    subject = spec.component(case.component)
    for qid in case.estimated:
        question = kb.by_id.get(qid)
        if question is None:  # an older catalogue without it
            continue
        in_context = qid in spec.context
        current = spec.context.get(qid) if in_context else subject.answers.get(qid)
        if current is None:
            continue
        for new in _alternatives(question, current):
            if in_context:
                changed = replace(spec, context={**spec.context, qid: new})
            else:
                part = replace(subject, answers={**subject.answers, qid: new})
                components = tuple(part if c is subject else c for c in spec.components)
                changed = replace(spec, components=components)
            yield qid, new, changed


def judge(case: Case, kb: KnowledgeBase) -> Verdict:
    """Evaluate a case and try every plausible change of its estimates."""
    result = _subject(case.spec, kb, case.component)
    best = result.recommendation
    variant = result.option(best).variant if best else None
    # The engine's margin is on unbounded totals; an engine without one (an older
    # checkout, judged for comparison) gives the difference of the shown scores.
    margin = getattr(result, "margin", None)
    if margin is None and best and result.runner_up:
        margin = result.option(best).score - result.option(result.runner_up).score
    agrees = best == case.decision and (case.variant is None or variant == case.variant)
    decisive = next((rule for rule in case.decisive if in_place(result, rule)), None)
    flips = []
    tried = 0
    spec = case.spec
    for qid, new, changed in plausible_changes(case, kb):
        tried += 1
        outcome = _recommended(changed, kb, case.component)
        if outcome != best:
            question = kb.by_id[qid]
            current = spec.context.get(qid, spec.component(case.component).answers.get(qid))
            flips.append(
                Flip(qid, format_value(question, current), format_value(question, new), outcome)
            )
    return Verdict(
        case=case,
        recommendation=best,
        variant=variant,
        runner_up=result.runner_up,
        margin=margin,
        close_call=result.close_call,
        agrees=agrees,
        decisive=decisive,
        flips=tuple(flips),
        changes_tried=tried,
        result=result,
    )


@dataclass(frozen=True)
class Summary:
    """The figures of a judgement over the whole library."""

    cases: int
    agreeing: int
    with_reason: int
    close_calls: int
    median_margin_clear: float | None
    flipped: int


def summarise(verdicts: Sequence[Verdict]) -> Summary:
    """Counts over all cases; the median margin is over agreeing cases that are not close."""
    clear = [v.margin for v in verdicts if v.agrees and not v.close_call and v.margin is not None]
    return Summary(
        cases=len(verdicts),
        agreeing=sum(1 for v in verdicts if v.agrees),
        with_reason=sum(1 for v in verdicts if v.agrees and v.decisive),
        close_calls=sum(1 for v in verdicts if v.close_call),
        median_margin_clear=statistics.median(clear) if clear else None,
        flipped=sum(1 for v in verdicts if v.flips),
    )
