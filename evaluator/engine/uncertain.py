"""Uncertain answers: a number as a range, a choice or yes/no as weights.

In a design file::

    peak_rps: {low: 200, likely: 800, high: 5000}   # likely may be left out
    traffic_pattern: {spiky: 0.6, steady: 0.4}
    caller_waits: {yes: 0.7, no: 0.3}

A :class:`Range` is a triangular distribution from ``low`` to ``high`` with its peak at
``likely`` (the middle when left out). When ``low > 0`` and ``high >= 10 * low`` it is
triangular in log space instead (between ``ln low`` and ``ln high``, peak at ``ln likely``
or half way, which is the geometric middle ``sqrt(low * high)``), so a range over
several orders of magnitude spreads evenly over them. A whole-number question's samples
are rounded half up. :class:`Weights` draws each listed choice with its weight (weights
are normalised to sum to exactly 1; a choice not listed is never drawn).

The scalar engine scores the **point** of an uncertain answer: the range's peak (``likely``,
or the middle as above, rounded half up for a whole-number question), or the choice with
the largest weight (on a tie the first in the catalogue's order; yes before no).

``uncertain_reading.read`` checks the plain data of one uncertain answer; the design
reader (``reading.py``) calls it and reports its problems at their key paths.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "LOG_RATIO",
    "MAX_UNCERTAIN_ANSWERS",
    "RANGE_KEYS",
    "WEIGHT_TOLERANCE",
    "Range",
    "Uncertain",
    "Weights",
    "is_uncertain",
    "point",
]

LOG_RATIO = 10
WEIGHT_TOLERANCE = 0.01
MAX_UNCERTAIN_ANSWERS = 1_000
RANGE_KEYS = ("low", "likely", "high")
_BOOL_VALUES = {"yes": True, "no": False}


def _plain(value: float) -> str:
    # As a form field shows a number: 1000, 2.5 (no thousands separators).
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if isinstance(value, int) else repr(value)


def round_half_up(value: Any) -> Any:
    """Whole numbers the way the scores round: half up (floor of x + 1/2)."""
    return np.floor(np.asarray(value, dtype=np.float64) + 0.5)


@dataclass(frozen=True, slots=True)
class Range:
    """A number known to lie between ``low`` and ``high``, most likely near ``likely``."""

    low: int | float
    high: int | float
    likely: int | float | None = None

    @property
    def log_scale(self) -> bool:
        """True when the range is triangular in log space (``low > 0``, ``high >= 10 low``)."""
        return self.low > 0 and self.high >= LOG_RATIO * self.low

    def _corners(self) -> tuple[float, float, float]:
        low, high = float(self.low), float(self.high)
        if self.log_scale:
            low, high = math.log(low), math.log(high)
            peak = math.log(self.likely) if self.likely is not None else (low + high) / 2
        else:
            peak = float(self.likely) if self.likely is not None else (low + high) / 2
        return low, peak, high

    def point(self, integer: bool = False) -> int | float:
        """The peak of the distribution: what the scalar engine scores."""
        if self.likely is not None:
            return self.likely
        if self.log_scale:
            value = math.sqrt(float(self.low) * float(self.high))
        else:
            value = (self.low + self.high) / 2
        value = min(max(value, self.low), self.high)
        if integer:
            return int(round_half_up(value))
        return int(value) if float(value).is_integer() else value

    def quantile(self, share: float, integer: bool = False) -> int | float:
        """The value with ``share`` of the distribution below it: ``draw`` of one uniform,
        worked out in plain floats (a driver's edges want four of them, and numpy's cost
        per call is many times the sum)."""
        a, c, b = self._corners()
        if b == a:
            value = float(self.low)
        else:
            if share < (c - a) / (b - a):
                value = a + math.sqrt(share * (b - a) * (c - a))
            else:
                value = b - math.sqrt((1.0 - share) * (b - a) * (b - c))
            if self.log_scale:
                # numpy's exp, as in ``draw``: the C library's differs from it in the last
                # bit for about one value in twenty.
                value = float(np.exp(value))
            value = min(max(value, float(self.low)), float(self.high))
        return int(round_half_up(value)) if integer else value

    def draw(self, uniform: np.ndarray, integer: bool = False) -> np.ndarray:
        """Samples from uniforms in [0, 1), by the inverse of the distribution function
        (``quantile`` of each, as arrays)."""
        a, c, b = self._corners()
        if b == a:
            values = np.full(uniform.shape, float(self.low))
        else:
            split = (c - a) / (b - a)
            rising = a + np.sqrt(uniform * (b - a) * (c - a))
            falling = b - np.sqrt((1.0 - uniform) * (b - a) * (b - c))
            values = np.where(uniform < split, rising, falling)
            if self.log_scale:
                values = np.exp(values)
            values = np.clip(values, float(self.low), float(self.high))
        return round_half_up(values) if integer else values

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"low": self.low}
        if self.likely is not None:
            out["likely"] = self.likely
        out["high"] = self.high
        return out

    def to_text(self) -> str:
        """As a form field or ``--what-if`` takes it: ``200..5000`` or ``200..800..5000``."""
        parts = [self.low] + ([self.likely] if self.likely is not None else []) + [self.high]
        return "..".join(_plain(part) for part in parts)


@dataclass(frozen=True, slots=True)
class Weights:
    """A choice (or yes/no) given as weights: ``((choice, weight), ...)``; yes/no as
    ``"yes"``/``"no"``. Read against a question, the choices come in catalogue order."""

    weights: tuple[tuple[str, int | float], ...]

    def point(self, question: Any = None) -> Any:
        """The choice with the largest weight (the first on a tie): what the scalar
        engine scores. For a yes/no question, True or False."""
        best = max(self.weights, key=lambda item: item[1])[0]
        if question is not None and question.type == "bool":
            return _BOOL_VALUES[best]
        return best

    def probabilities(self, values: tuple) -> np.ndarray:
        """The weight of each of ``values`` (a question's categories), summing to 1."""
        given = dict(self.weights)
        keys = ["yes" if v is True else "no" if v is False else v for v in values]
        found = np.array([float(given.get(key, 0.0)) for key in keys])
        return found / found.sum()

    def to_dict(self) -> dict[str, Any]:
        return dict(self.weights)

    def to_text(self) -> str:
        """As a form field or ``--what-if`` takes it: ``spiky=0.6, steady=0.4``."""
        return ", ".join(f"{key}={_plain(weight)}" for key, weight in self.weights)


Uncertain = Range | Weights


def is_uncertain(value: Any) -> bool:
    return isinstance(value, Range | Weights)


def point(question: Any, value: Any) -> Any:
    """``value`` itself, or the point the scalar engine scores for an uncertain answer."""
    if isinstance(value, Range):
        return value.point(bool(question is not None and question.integer))
    if isinstance(value, Weights):
        return value.point(question)
    return value
