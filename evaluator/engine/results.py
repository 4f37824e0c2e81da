"""The immutable values an evaluation returns, and the small rules that rank them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "BANDS",
    "CLOSE_CALL_MARGIN",
    "ComponentResult",
    "Contribution",
    "Evaluation",
    "Fact",
    "Finding",
    "GOOD_OPTION_SCORE",
    "OpenQuestion",
    "OpenRule",
    "OptionResult",
    "PriorityFlip",
    "SCHEMA_VERSION",
    "ScoreSpread",
    "TippingPoint",
    "TradeoffPoint",
    "Driver",
    "DriverPart",
    "Threshold",
    "Uncertainty",
    "Veto",
    "band_for",
    "certainty_verdict",
    "confidence_label",
    "pick",
    "pick_rows",
    "to_score",
]

SCHEMA_VERSION = "1"
CLOSE_CALL_MARGIN = 10
# How often the most frequent outcome must win over the samples for each verdict.
ROBUST_SHARE = 0.8
LEANING_SHARE = 0.6
VERDICTS = ("robust", "leaning", "toss-up")
GOOD_OPTION_SCORE = 55
# Score floors of the bands, best first; "ruled_out" is for vetoed options only.
BANDS: tuple[tuple[str, int], ...] = (("strong", 70), ("possible", 55), ("weak", 40), ("poor", 0))


def to_score(total: float) -> int:
    """Clamp to 0-100 and round half up (Python's round() would send 62.5 to 62)."""
    if total <= 0:
        return 0
    if total >= 100:
        return 100
    return math.floor(total + 0.5)


def band_for(score: int, ruled_out: bool = False) -> str:
    """The band of a score: strong, possible, weak, poor, or ruled_out when vetoed."""
    if ruled_out:
        return "ruled_out"
    for band, floor in BANDS:
        if score >= floor:
            return band
    return "poor"


def confidence_label(confidence: float) -> str:
    """high (0.8 and over), medium (0.5 and over) or low."""
    if confidence >= 0.8:
        return "high"
    if confidence >= 0.5:
        return "medium"
    return "low"


def certainty_verdict(share: float) -> str:
    """robust (the top outcome in 80% of samples or more), leaning (60% or more), toss-up."""
    if share >= ROBUST_SHARE:
        return "robust"
    if share >= LEANING_SHARE:
        return "leaning"
    return "toss-up"


def pick(scores: Sequence[int], vetoed: Sequence[bool]) -> tuple[int | None, int | None]:
    """Indexes of the best and second-best options that are not ruled out.

    Options are indexed simplest first, so on equal scores the simpler one wins.
    """
    best = second = None
    for index, score in enumerate(scores):
        if vetoed[index]:
            continue
        if best is None or score > scores[best]:
            best, second = index, best
        elif second is None or score > scores[second]:
            second = index
    return best, second


def pick_rows(scores: np.ndarray, vetoed: np.ndarray) -> np.ndarray:
    """``pick``'s best option for every row of (rows x options) arrays, ``-1`` where every
    option is ruled out: ``pick`` over arrays, for the vectorised evaluator.

    Kept beside ``pick`` and held equal to it, tie for tie, by
    ``tests/engine/test_sampled_properties.py``: a change to one must be made to both.
    """
    out = np.iinfo(np.int64).min  # below any score
    standing = np.where(vetoed, out, scores)
    # argmax takes the first of equal maxima: the simpler option, as pick does.
    best = np.argmax(standing, axis=1)
    best[standing.max(axis=1) == out] = -1
    return best


@dataclass(frozen=True)
class Fact:
    """One answer a rule read: the question, its raw value and how it reads in a sentence."""

    question: str
    label: str
    value: Any
    text: str


@dataclass(frozen=True)
class Contribution:
    """A rule that held and moved an option's score."""

    rule_id: str
    title: str
    points: int
    weighted: float
    attributes: tuple[str, ...]
    rationale: str
    values: tuple[Fact, ...]
    source: str
    as_of: str


@dataclass(frozen=True)
class Veto:
    """A rule that held and rules the option out: a hard limit, quoted."""

    rule_id: str
    title: str
    limit: str
    rationale: str
    values: tuple[Fact, ...]
    source: str
    as_of: str


@dataclass(frozen=True)
class OpenRule:
    """A rule that could not be decided because answers it needs are missing."""

    rule_id: str
    title: str
    points: int | None
    veto: str | None
    weight: float
    missing: tuple[str, ...]


@dataclass(frozen=True)
class OptionResult:
    """How well one option fits one component, and why."""

    option: str
    name: str
    start: int
    score: int
    band: str
    ruled_out: bool
    confidence: float
    confidence_label: str
    variant: str | None
    variant_name: str | None
    contributions: tuple[Contribution, ...]
    vetoes: tuple[Veto, ...]
    open_rules: tuple[OpenRule, ...]
    risks: tuple[str, ...]
    mitigations: tuple[str, ...]


@dataclass(frozen=True)
class OpenQuestion:
    """An unanswered question that undecided rules are waiting for."""

    question: str
    label: str
    scope: str
    weight: float
    options: tuple[str, ...]
    rules: tuple[str, ...]


@dataclass(frozen=True)
class TippingPoint:
    """A single-answer change that would change the component's recommendation."""

    question: str
    label: str
    scope: str
    current: Any
    new: Any
    current_text: str
    new_text: str
    distance: float
    recommendation: str | None
    score: int | None
    previous: str | None
    previous_score: int | None
    sentence: str


@dataclass(frozen=True)
class TradeoffPoint:
    """An answer whose rules push options, or quality attributes, in opposite directions."""

    question: str
    label: str
    scope: str
    value: Any
    value_text: str
    gains: tuple[tuple[str, float], ...]
    loses: tuple[tuple[str, float], ...]
    attributes_gain: tuple[str, ...]
    attributes_lose: tuple[str, ...]
    rules: tuple[str, ...]
    weight: float
    sentence: str


@dataclass(frozen=True)
class ScoreSpread:
    """An option's score over the samples: the lowest, percentiles and the highest."""

    min: int
    p10: int
    p25: int
    p50: int
    p75: int
    p90: int
    max: int


@dataclass(frozen=True)
class DriverPart:
    """One slice of an uncertain input's samples: a third of a range (lowest values
    first), or one choice; and how the recommendation fares in it."""

    text: str
    value: Any  # the choice or yes/no value; None for a third of a range
    low: float | None
    high: float | None
    share: float  # of all samples
    probability: float  # that the driver's option is recommended, within the slice
    winner: str | None  # the option recommended most often within the slice
    winner_probability: float


@dataclass(frozen=True)
class Threshold:
    """The value of a number that best splits the samples by who wins."""

    value: float
    text: str
    below: str | None  # the option recommended most often at or below it
    below_probability: float
    above: str | None
    above_probability: float


@dataclass(frozen=True)
class Driver:
    """An uncertain input, and how much pinning it down would settle the recommendation."""

    question: str
    label: str
    scope: str
    type: str
    answer_text: str
    option: str | None  # whose chance of being recommended is measured
    swing: float
    parts: tuple[DriverPart, ...]
    threshold: Threshold | None
    sentence: str


@dataclass(frozen=True)
class PriorityFlip:
    """Moving one priority one level, and the recommendation that would follow."""

    attribute: str
    label: str
    current: str
    moved_to: str
    recommendation: str | None
    probability: float
    sentence: str


@dataclass(frozen=True)
class Uncertainty:
    """How sure a component's recommendation is, over samples of its uncertain answers.

    With only point answers there is one sample: probabilities are 0 or 1 and agree
    with the recommendation. ``recommended``, ``ruled_out`` and ``scores`` have every
    option; ``nothing_left`` is the chance that every option is ruled out.
    """

    samples: int
    seed: int
    recommended: dict[str, float]
    ruled_out: dict[str, float]
    scores: dict[str, ScoreSpread]
    verdict: str  # robust | leaning | toss-up
    drivers: tuple[Driver, ...]
    top: str | None
    top_probability: float
    nothing_left: float
    variants: dict[str, dict[str, float]]
    inputs: tuple[str, ...]
    priority_flips: tuple[PriorityFlip, ...]
    sentence: str


@dataclass(frozen=True)
class ComponentResult:
    """Every option scored for one component, the recommendation and its analysis."""

    name: str
    kind: str
    options: tuple[OptionResult, ...]
    recommendation: str | None
    recommendation_name: str | None
    runner_up: str | None
    close_call: bool
    no_good_option: bool
    confidence: float
    confidence_label: str
    verdict: str
    open_questions: tuple[OpenQuestion, ...]
    tipping_points: tuple[TippingPoint, ...]
    tradeoff_points: tuple[TradeoffPoint, ...]
    uncertainty: Uncertainty | None = None

    def option(self, option_id: str) -> OptionResult:
        for result in self.options:
            if result.option == option_id:
                return result
        raise KeyError(option_id)

    @property
    def scores(self) -> dict[str, int]:
        return {result.option: result.score for result in self.options}


@dataclass(frozen=True)
class Finding:
    """Something that only shows when components are looked at together."""

    id: str
    severity: str  # high | medium | low
    title: str
    message: str
    components: tuple[str, ...]


@dataclass(frozen=True)
class Evaluation:
    """The result of evaluating a design against one version of the knowledge base."""

    schema_version: str
    knowledge_version: str
    design_name: str
    components: tuple[ComponentResult, ...]
    findings: tuple[Finding, ...]

    def component(self, name: str) -> ComponentResult:
        for result in self.components:
            if result.name == name:
                return result
        raise KeyError(name)
