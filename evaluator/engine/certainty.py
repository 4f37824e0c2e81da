"""What an evaluation says about how sure each recommendation is, over samples of its
uncertain answers (see ``uncertainty.py``): the values, and the verdict's thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "Driver",
    "DriverPart",
    "PriorityFlip",
    "ScoreSpread",
    "Threshold",
    "Uncertainty",
    "VERDICTS",
    "certainty_verdict",
]

# How often the most frequent outcome must win over the samples for each verdict.
ROBUST_SHARE = 0.8
LEANING_SHARE = 0.6
VERDICTS = ("robust", "leaning", "toss-up")


def certainty_verdict(share: float) -> str:
    """robust (the top outcome in 80% of samples or more), leaning (60% or more), toss-up."""
    if share >= ROBUST_SHARE:
        return "robust"
    if share >= LEANING_SHARE:
        return "leaning"
    return "toss-up"


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
