"""What-if sweeps: every option's score for one component as one number answer varies.

The drill-down draws a sweep as a chart and a table; computing it (the engine run at
every sampled value) is the engine's job, so the chart only has to draw numbers.

    sweep = run_sweep(spec, kb, "Report builder", "job_duration_s")
    sweep.values            # the sampled answers, lowest first
    sweep.options[0].scores # the baseline's score at each of them
    sweep.steps()           # runs of values over which no score changes

Values are sampled around the thresholds the rules compare the question with: just
either side of each one, so every step of the curve shows where it happens.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from evaluator.engine.analysis import what_if
from evaluator.engine.knowledge import KnowledgeBase, Question
from evaluator.engine.scoring import evaluate_component
from evaluator.engine.spec import DesignSpec
from evaluator.engine.uncertain import is_uncertain, point
from evaluator.engine.uncertain_reading import as_asked

__all__ = [
    "OptionSweep",
    "Step",
    "Sweep",
    "Threshold",
    "ThresholdRule",
    "question_thresholds",
    "run_sweep",
    "sample_values",
    "whatif_questions",
]

# Evenly spaced samples between the ends of the range, besides those around thresholds.
_STEPS = 24


@dataclass(frozen=True)
class ThresholdRule:
    """A rule that compares the question with a threshold: its id, option and title."""

    id: str
    option: str
    title: str


@dataclass(frozen=True)
class Threshold:
    """A number some rule compares the question with, and those rules (each once)."""

    value: float
    rules: tuple[ThresholdRule, ...]


@dataclass(frozen=True)
class OptionSweep:
    """One option across the sweep: its score at each value (the score before its veto
    where it is ruled out) and whether it is ruled out there."""

    option: str
    name: str
    scores: tuple[int, ...]
    ruled_out: tuple[bool, ...]

    def shown(self) -> tuple[int | None, ...]:
        """The scores with None where the option is ruled out (a gap in a curve)."""
        pairs = zip(self.scores, self.ruled_out, strict=True)
        return tuple(None if out else score for score, out in pairs)


@dataclass(frozen=True)
class Step:
    """A run of consecutive sampled values over which no option's score, veto or the
    recommendation changes. ``scores`` follow ``Sweep.options``; None is ruled out."""

    low: int | float
    high: int | float
    scores: tuple[int | None, ...]
    recommendation: str | None
    holds_current: bool


@dataclass(frozen=True)
class Sweep:
    """Every option's score for one component at each sampled value of one question."""

    component: str
    question: Question
    current: int | float | None
    values: tuple[int | float, ...]
    log: bool
    options: tuple[OptionSweep, ...]
    recommendations: tuple[str | None, ...]
    thresholds: tuple[Threshold, ...]

    def steps(self) -> tuple[Step, ...]:
        """The sweep as runs of values with the same scores, lowest first."""
        columns = [option.shown() for option in self.options]
        out: list[Step] = []
        for index, value in enumerate(self.values):
            scores = tuple(column[index] for column in columns)
            recommendation = self.recommendations[index]
            here = self.current is not None and value == self.current
            last = out[-1] if out else None
            if last and last.scores == scores and last.recommendation == recommendation:
                out[-1] = Step(last.low, value, scores, recommendation, last.holds_current or here)
            else:
                out.append(Step(value, value, scores, recommendation, here))
        if self.current is not None and not any(step.holds_current for step in out):
            # An answer between two samples lies in the run that spans it.
            out = [
                Step(s.low, s.high, s.scores, s.recommendation, s.low <= self.current <= s.high)
                for s in out
            ]
        return tuple(out)


def question_thresholds(kb: KnowledgeBase, qid: str) -> tuple[Threshold, ...]:
    """The numbers rules compare question ``qid`` with, lowest first, each with its rules."""
    found: dict[float, dict[str, ThresholdRule]] = {}
    for index in kb.rules_by_question.get(qid, ()):
        rule = kb.rules[index]
        for value in rule.condition.thresholds.get(qid, ()):
            rules = found.setdefault(float(value), {})
            rules.setdefault(rule.id, ThresholdRule(rule.id, rule.option, rule.title))
    return tuple(Threshold(value, tuple(found[value].values())) for value in sorted(found))


def whatif_questions(kb: KnowledgeBase, scope: str | None = None) -> list[Question]:
    """Number questions that at least one rule compares with a threshold (not derived).

    ``scope`` limits them to "component" or "system"; None keeps both.
    """
    return [
        question
        for question in kb.questions
        if question.type == "number"
        and not question.derived
        and (scope is None or question.scope == scope)
        and question_thresholds(kb, question.id)
    ]


def run_sweep(spec: DesignSpec, kb: KnowledgeBase, component: str, question_id: str) -> Sweep:
    """Evaluate ``component`` at values of number question ``question_id`` around the
    thresholds the rules compare it with, within the question's bounds.

    Raises KeyError for an unknown component or question, ValueError for a question that
    is not a number a person answers.
    """
    question = kb.by_id[question_id]
    item = spec.component(component)  # KeyError for a name not in the design
    if question.type != "number" or question.derived:
        raise ValueError(f"{question_id!r} is not a number question that can be answered.")
    answers = spec.context if question.scope == "system" else item.answers
    current = answers.get(question_id)
    if is_uncertain(current):
        # A range is scored at its point; the sweep marks that value.
        current = as_asked(question, current)
        current = point(question, current) if current is not None else None
    thresholds = question_thresholds(kb, question_id)
    samples, log = sample_values(question, (t.value for t in thresholds), current)
    values = tuple(_typed(question, value) for value in samples)

    results = [
        evaluate_component(
            what_if(spec, {question_id: value}, kb, component), component, kb, analyse=False
        )
        for value in values
    ]
    first = results[0].options if results else ()
    options = tuple(
        OptionSweep(
            option=option.option,
            name=option.name,
            scores=tuple(result.option(option.option).score for result in results),
            ruled_out=tuple(result.option(option.option).ruled_out for result in results),
        )
        for option in first
    )
    return Sweep(
        component=component,
        question=question,
        current=current,
        values=values,
        log=log,
        options=options,
        recommendations=tuple(result.recommendation for result in results),
        thresholds=thresholds,
    )


def sample_values(
    question: Question, thresholds: Iterable[float], current: float | None = None
) -> tuple[list[float], bool]:
    """Values to evaluate a question at, and whether a log axis suits them.

    The range runs from well below the lowest threshold to well above the highest (a
    factor of ten on a log range, otherwise a margin), within the question's bounds.
    Next to the thresholds it holds the value just either side of each, so the curve
    shows every step where it happens; in between it fills in evenly (on the log scale
    when one is used).
    """
    points = sorted(
        {float(t) for t in thresholds} | ({float(current)} if current is not None else set())
    )
    low, high, log = _sample_range(question, points)
    values: set[float] = {low, high}
    for i in range(_STEPS + 1):
        if log:
            values.add(math.exp(math.log(low) + (math.log(high) - math.log(low)) * i / _STEPS))
        else:
            values.add(low + (high - low) * i / _STEPS)
    for t in points:
        step = (
            1.0
            if question.integer or float(t).is_integer() and abs(t) >= 10
            else abs(t) / 100 or 0.01
        )
        if log:
            step = max(step, abs(t) / 1000)
        values.update((t - step, t, t + step))
    cleaned = {float(round(value)) if question.integer else _nice(value) for value in values}
    return sorted(value for value in cleaned if low <= value <= high), log


def _sample_range(question: Question, points: list[float]) -> tuple[float, float, bool]:
    """The lowest and highest value to sample, and whether a log axis suits them."""
    lo_bound = question.min if question.min is not None else -math.inf
    hi_bound = question.max if question.max is not None else math.inf
    if not points:
        points = [lo_bound if math.isfinite(lo_bound) else 0.0]
    smallest, largest = points[0], points[-1]
    positive = [p for p in points if p > 0]
    wide = bool(positive) and (largest / min(positive) >= 30 if largest > 0 else False)
    if wide:
        low = min(positive) / 10
        high = largest * 10
    else:
        span = max(largest - smallest, abs(largest) * 0.5, 2.0)
        low = smallest - span * 0.25
        high = largest + span * 0.25
    low = max(low, lo_bound)
    high = min(high, hi_bound)
    if question.integer:
        low, high = math.floor(low), math.ceil(high)
    log = wide and _is_log(max(low, 1e-9), high) and low > 0
    if wide and not log and low <= 0:
        # Zero is allowed, but a log axis cannot show it: start just above it instead.
        low = min(positive) / 10
        log = _is_log(low, high)
    return low, high, log


def _is_log(low: float, high: float) -> bool:
    return low > 0 and high / low >= 100


def _nice(value: float) -> float:
    if value == 0:
        return 0.0
    digits = max(0, 3 - int(math.floor(math.log10(abs(value)))))
    return round(value, digits)


def _typed(question: Question, value: float) -> int | float:
    return int(value) if question.integer or float(value).is_integer() else value
