"""The immutable values an evaluation returns, and the small rules that rank them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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
    "SCHEMA_VERSION",
    "TippingPoint",
    "TradeoffPoint",
    "Veto",
    "band_for",
    "confidence_label",
    "pick",
    "to_score",
]

SCHEMA_VERSION = "1"
CLOSE_CALL_MARGIN = 10
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
