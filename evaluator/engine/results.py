"""The immutable values an evaluation returns, and the small rules that rank them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from evaluator.engine.certainty import (
    Driver,
    DriverPart,
    PriorityFlip,
    ScoreSpread,
    Threshold,
    Uncertainty,
    certainty_verdict,
)
from evaluator.engine.knowledge.values import PackRef

# The uncertainty values are named here too: every value an evaluation returns is in results.
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
    "bounded_score",
    "confidence_label",
    "is_close_call",
    "pick",
    "to_score",
]

SCHEMA_VERSION = "1"
# Top two within this many points (of their unbounded totals) is a close call: about one
# strong rule, so one answer more or less could reverse the order. It is the point view of
# a question better put as a probability when answers are uncertain.
CLOSE_CALL_MARGIN = 10
GOOD_OPTION_SCORE = 55
# Score floors of the bands, best first; "ruled_out" is for vetoed options only.
BANDS: tuple[tuple[str, int], ...] = (("strong", 70), ("possible", 55), ("weak", 40), ("poor", 0))
# The shown score follows the total exactly between these two, where every band and
# threshold lies; beyond them it bends towards 0 and 100 without reaching them, so two
# totals far outside 0-100 keep their order instead of both being cut to the same end.
LINEAR_LOW, LINEAR_HIGH = 10, 90


def _round_half_up(p: int, q: int) -> int:
    """floor(p / q + 1/2) for q > 0, in integers (Python's round() sends 62.5 to 62)."""
    return (2 * p + q) // (2 * q)


def bounded_score(total: int, denominator: int) -> int:
    """The 0-100 score of an unbounded total ``total / denominator``, exactly.

    Between 10 and 90 the score is the total, rounded half up. Above 90 it is
    ``100 - 100 / (x - 80)`` and below 10 it is ``100 / (20 - x)``: both meet the straight
    part at the same value and slope, rise strictly with the total and never reach the
    ends, so nothing is cut off; only rounding to whole points can make very distant
    totals (beyond about 280 or -180) read 100 or 0. Integer arithmetic, so any
    implementation (scalar or vectorised) gets the same number.
    """
    d = denominator
    if total > LINEAR_HIGH * d:
        return _round_half_up(100 * total - 8100 * d, total - 80 * d)
    if total < LINEAR_LOW * d:
        return _round_half_up(100 * d, 20 * d - total)
    return _round_half_up(total, d)


def to_score(total: float) -> int:
    """The 0-100 score of an unbounded total given as a number (see ``bounded_score``)."""
    ratio = Fraction(total)
    return bounded_score(ratio.numerator, ratio.denominator)


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


def pick(
    totals: Sequence[int],
    vetoed: Sequence[bool],
    earned: Sequence[bool] | None = None,
) -> tuple[int | None, int | None]:
    """Indexes of the recommended option and the runner-up.

    ``totals`` are comparable unbounded totals (or scores), ``earned`` whether an option
    may be recommended at all (see ``core.Plan.earned``; all may when None). The
    recommendation is the highest total among the options that are not ruled out and
    have earned it, or among all not ruled out when none has. The runner-up is the
    highest of the rest not ruled out, earned or not, so it may stand above the
    recommendation. Options are indexed simplest first: on equal totals the simpler wins.
    """
    # One pass: the top two standing options and the top one that has earned it.
    top = runner = top_earned = None
    for index, total in enumerate(totals):
        if vetoed[index]:
            continue
        if top is None or total > totals[top]:
            top, runner = index, top
        elif runner is None or total > totals[runner]:
            runner = index
        if (earned is None or earned[index]) and (top_earned is None or total > totals[top_earned]):
            top_earned = index
    best = top if top_earned is None else top_earned
    return best, (top if top != best else runner)


def is_close_call(best_total: int, second_total: int, denominator: int) -> bool:
    """Whether the top two are within ``CLOSE_CALL_MARGIN`` points of each other.

    Measured on the unbounded totals (``total / denominator`` points), so two options near
    the top of the scale are not called close merely because their scores bunch there.
    A runner-up above the recommendation (held back for want of evidence) is a close call.
    """
    return best_total - second_total <= CLOSE_CALL_MARGIN * denominator


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
    variants: tuple[str, ...] = ()  # the variants it is about; () for the whole option


@dataclass(frozen=True)
class Veto:
    """A rule that held and rules the option out, or some of its variants: a hard limit."""

    rule_id: str
    title: str
    limit: str
    rationale: str
    values: tuple[Fact, ...]
    source: str
    as_of: str
    variants: tuple[str, ...] = ()  # the variants it rules out; () for the whole option


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
    raw: float = 0.0  # the unbounded total the score is drawn from
    evidence: float = 0.0  # weighted points for it from rules about this component
    earned: bool = True  # enough evidence to be recommended over the baseline
    variant_vetoes: tuple[Veto, ...] = ()  # limits that rule out other variants only


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
    uncertainty: Uncertainty | None = None
    margin: float | None = None  # recommendation's total minus the runner-up's
    held_back: tuple[str, ...] = ()  # options above the recommendation without evidence

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
    # Provenance beyond the version: the exact knowledge (built-in files and packs) and
    # the organisation's packs that were applied, so a result can be traced and re-run.
    knowledge_digest: str = ""
    packs: tuple[PackRef, ...] = ()

    def component(self, name: str) -> ComponentResult:
        for result in self.components:
            if result.name == name:
                return result
        raise KeyError(name)
