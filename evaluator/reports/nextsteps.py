"""What a team should do after reading the review, worked out from the evaluation.

It follows the four steps a design study takes: research the patterns that came out on
top, prototype where the evaluation is least sure, evaluate the trade-offs by measuring
the answers a recommendation hinges on, and document the findings.

- **Research**: the patterns recommended (or level with the winner), with the knowledge
  base's considerations and the sources of the rules that decided; and the unanswered
  questions that carry the most weight.
- **Prototype**: components with no good option first, then close calls and toss-ups
  (uncertain answers under which no option wins 60% of the samples), low confidence,
  outcomes decided by a hard limit, and finally confident picks of a pattern the team has
  to adopt. The conventional baseline, picked with confidence, needs no prototype.
- **Measure**: tipping points on numbers: the threshold at which the recommendation would
  change is the thing to measure. Choice and yes/no tipping points of the prototyped
  components become things to confirm; their trade-off points, things to weigh.
"""

from __future__ import annotations

from dataclasses import dataclass

from evaluator.engine.knowledge import OPTION_IDS, KnowledgeBase
from evaluator.engine.results import ComponentResult, Evaluation, Finding, TradeoffPoint

from .certainty import close_call, toss_up
from .checks import deciding_vetoes
from .prose import contribution_order, tipping_rules_out_current, variant_of

__all__ = ["Measurement", "NextSteps", "OpenAnswer", "Prototype", "Research", "next_steps"]

MAX_PROTOTYPES = 8
MAX_MEASUREMENTS = 8
MAX_MEASUREMENTS_EACH = 2
MAX_CONFIRMATIONS = 6
MAX_TRADEOFFS = 6
MAX_OPEN_ANSWERS = 8
MAX_SOURCES = 3

# Why a component is prototyped, most urgent first.
REASONS: tuple[str, ...] = (
    "no_good_option",
    "close_call",
    "toss_up",
    "low_confidence",
    "ruled_out",
    "new_pattern",
)


@dataclass(frozen=True)
class Research:
    option: str
    components: tuple[str, ...]
    considerations: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class OpenAnswer:
    question: str
    label: str
    scope: str
    components: tuple[str, ...]
    options: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class Prototype:
    component: str
    reasons: tuple[str, ...]
    options: tuple[str, ...]  # the recommendation first, then what it must beat
    variant: str | None
    technologies: tuple[str, ...]
    confidence: float


@dataclass(frozen=True)
class Measurement:
    kind: str  # "measure" (a number with a threshold) or "confirm" (a choice or yes/no)
    value_type: str  # "number", "bool" or "choice"
    component: str
    question: str
    label: str
    current_text: str
    new_text: str
    current_option: str | None
    new_option: str | None
    score: int | None
    rules_out_current: bool


@dataclass(frozen=True)
class NextSteps:
    research: tuple[Research, ...]
    open_answers: tuple[OpenAnswer, ...]
    prototypes: tuple[Prototype, ...]
    more_prototypes: int
    measurements: tuple[Measurement, ...]
    tradeoffs: tuple[tuple[str, TradeoffPoint], ...]
    findings: tuple[Finding, ...]


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _reasons(component: ComponentResult) -> tuple[str, ...]:
    reasons = []
    if component.no_good_option or component.recommendation is None:
        reasons.append("no_good_option")
    if close_call(component):
        reasons.append("close_call")
    if toss_up(component):
        reasons.append("toss_up")
    if component.confidence_label == "low":
        reasons.append("low_confidence")
    if deciding_vetoes(component):
        reasons.append("ruled_out")
    if not reasons and component.recommendation not in (None, "baseline"):
        reasons.append("new_pattern")
    return tuple(reasons)


def _contenders(component: ComponentResult) -> list[str]:
    """The two options recommended most often over the samples."""
    shares = component.uncertainty.recommended
    ranked = sorted((oid for oid in OPTION_IDS if shares[oid] > 0), key=lambda o: -shares[o])
    return ranked[:2]


def _prototypes(kb: KnowledgeBase, evaluation: Evaluation) -> list[Prototype]:
    ranked = []
    for index, component in enumerate(evaluation.components):
        reasons = _reasons(component)
        if not reasons:
            continue
        options = [oid for oid in (component.recommendation,) if oid is not None]
        if component.runner_up is not None and (
            close_call(component) or "no_good_option" in reasons
        ):
            options.append(component.runner_up)
        for oid in _contenders(component) if "toss_up" in reasons else ():
            if oid not in options:
                options.append(oid)
        variant = None
        technologies: tuple[str, ...] = ()
        if component.recommendation is not None:
            found = variant_of(kb, component.option(component.recommendation))
            if found is not None:
                variant, technologies = found.name, found.technologies
        urgency = min(REASONS.index(reason) for reason in reasons)
        ranked.append(
            (
                (urgency, component.confidence, index),
                Prototype(
                    component=component.name,
                    reasons=reasons,
                    options=tuple(options),
                    variant=variant,
                    technologies=technologies,
                    confidence=component.confidence,
                ),
            )
        )
    ranked.sort(key=lambda item: item[0])
    return [prototype for _, prototype in ranked]


def _research(kb: KnowledgeBase, evaluation: Evaluation) -> tuple[Research, ...]:
    chosen: dict[str, list[ComponentResult]] = {}
    for component in evaluation.components:
        contenders = [component.recommendation]
        if close_call(component):
            contenders.append(component.runner_up)
        if toss_up(component):
            contenders += _contenders(component)
        for oid in contenders:
            if oid is not None and oid != "baseline":
                chosen.setdefault(oid, []).append(component)
    out = []
    for oid in OPTION_IDS:
        if oid not in chosen:
            continue
        sources: list[str] = []
        for component in chosen[oid]:
            option = component.option(oid)
            for contribution in sorted(option.contributions, key=contribution_order)[:3]:
                if contribution.source and contribution.source not in sources:
                    sources.append(contribution.source)
        try:
            considerations = kb.option(oid).considerations[:2]
        except KeyError:
            considerations = ()
        out.append(
            Research(
                option=oid,
                components=tuple(component.name for component in chosen[oid]),
                considerations=tuple(considerations),
                sources=tuple(sources[:MAX_SOURCES]),
            )
        )
    return tuple(out)


def _open_answers(evaluation: Evaluation) -> tuple[OpenAnswer, ...]:
    merged: dict[str, dict] = {}
    for component in evaluation.components:
        for question in component.open_questions:
            entry = merged.setdefault(
                question.question,
                {
                    "label": question.label,
                    "scope": question.scope,
                    "components": [],
                    "options": set(),
                    "weight": 0.0,
                },
            )
            entry["components"].append(component.name)
            entry["options"].update(question.options)
            entry["weight"] += question.weight
    order = {oid: index for index, oid in enumerate(OPTION_IDS)}
    answers = [
        OpenAnswer(
            question=qid,
            label=entry["label"],
            scope=entry["scope"],
            components=tuple(entry["components"]),
            options=tuple(sorted(entry["options"], key=lambda oid: order.get(oid, len(order)))),
            weight=round(entry["weight"], 2),
        )
        for qid, entry in merged.items()
    ]
    answers.sort(key=lambda answer: (-answer.weight, answer.question))
    return tuple(answers[:MAX_OPEN_ANSWERS])


def _measurement(kind: str, component: ComponentResult, tipping) -> Measurement:
    if _is_number(tipping.new):
        value_type = "number"
    elif isinstance(tipping.new, bool):
        value_type = "bool"
    else:
        value_type = "choice"
    return Measurement(
        kind=kind,
        value_type=value_type,
        component=component.name,
        question=tipping.question,
        label=tipping.label,
        current_text=tipping.current_text,
        new_text=tipping.new_text,
        current_option=tipping.previous,
        new_option=tipping.recommendation,
        score=tipping.score,
        rules_out_current=tipping_rules_out_current(tipping),
    )


def _measurements(evaluation: Evaluation, prototyped: list[str]) -> tuple[Measurement, ...]:
    numbers = []
    for index, component in enumerate(evaluation.components):
        seen: set[str] = set()
        for tipping in component.tipping_points:
            if tipping.question in seen or not _is_number(tipping.new):
                continue
            if len(seen) == MAX_MEASUREMENTS_EACH:
                break
            seen.add(tipping.question)
            numbers.append(((tipping.distance, index), _measurement("measure", component, tipping)))
    numbers.sort(key=lambda item: item[0])
    out = [measurement for _, measurement in numbers[:MAX_MEASUREMENTS]]
    confirms = []
    for name in prototyped:
        component = evaluation.component(name)
        for tipping in component.tipping_points:
            if not _is_number(tipping.new):
                confirms.append(_measurement("confirm", component, tipping))
                break
        if len(confirms) == MAX_CONFIRMATIONS:
            break
    return tuple(out + confirms)


def next_steps(kb: KnowledgeBase, evaluation: Evaluation) -> NextSteps:
    """The research, prototypes, measurements and findings that follow from ``evaluation``."""
    prototypes = _prototypes(kb, evaluation)
    shown = prototypes[:MAX_PROTOTYPES]
    names = [prototype.component for prototype in shown]
    tradeoffs = []
    for name in names:
        component = evaluation.component(name)
        if component.tradeoff_points:
            tradeoffs.append((name, component.tradeoff_points[0]))
    return NextSteps(
        research=_research(kb, evaluation),
        open_answers=_open_answers(evaluation),
        prototypes=tuple(shown),
        more_prototypes=len(prototypes) - len(shown),
        measurements=_measurements(evaluation, names),
        tradeoffs=tuple(tradeoffs[:MAX_TRADEOFFS]),
        findings=evaluation.findings,
    )
