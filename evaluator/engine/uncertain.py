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

``read`` checks the plain data of one uncertain answer; the design reader
(``reading.py``) calls it and reports its problems at their key paths.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import did_you_mean

__all__ = [
    "LOG_RATIO",
    "MAX_UNCERTAIN_ANSWERS",
    "RANGE_KEYS",
    "WEIGHT_TOLERANCE",
    "Range",
    "Uncertain",
    "Weights",
    "as_asked",
    "fitting_question",
    "is_uncertain",
    "point",
    "read",
    "too_many",
]

LOG_RATIO = 10
WEIGHT_TOLERANCE = 0.01
MAX_UNCERTAIN_ANSWERS = 1_000
RANGE_KEYS = ("low", "likely", "high")
# Yes/no weights may name their answers either way; they are kept as yes and no.
_BOOL_KEYS = {"yes": "yes", "true": "yes", "no": "no", "false": "no"}
_BOOL_VALUES = {"yes": True, "no": False}
# Weights summing to 1 within the tolerance are accepted: 0.33 + 0.33 + 0.33 is.
_SUM_SLACK = WEIGHT_TOLERANCE + 1e-9

Problem = tuple[tuple[str, ...], str, "str | None"]


def _is_number(value: Any) -> bool:
    # Finite, and small enough to become a float: samples are drawn as floats.
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) if isinstance(value, float) else abs(value) < 1e300


def _shown(value: float) -> str:
    if isinstance(value, int) and value.bit_length() > 64:
        return "a very long number"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


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
                value = math.exp(value)
            value = min(max(value, float(self.low)), float(self.high))
        return math.floor(value + 0.5) if integer else value

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


# --- Reading ---------------------------------------------------------------------------


def read(data: Mapping[Any, Any], question: Any = None) -> tuple[Uncertain | None, list[Problem]]:
    """The uncertain answer plain ``data`` describes, and every problem with it.

    With the ``question`` (a ``knowledge.Question``), a number question takes a range, a
    yes/no or choice question weights, and every value is checked against the question.
    Without it (a stored design read without the catalogue) the shape decides: keys among
    low, likely and high make a range, any others weights. Problems are (key path inside
    the answer, message, hint); the answer is None when there is any.
    """
    kind = question.type if question is not None else None
    if kind == "multi":
        return None, [
            (
                (),
                f"{question.id!r} takes a list of choices; it cannot be given as a range or"
                " as weights.",
                "Write the list of choices that apply.",
            )
        ]
    if not data:
        return None, [((), "an uncertain answer cannot be empty.", _example(question))]
    keys = [key for key in data if isinstance(key, str)]
    looks_like_range = set(keys) <= set(RANGE_KEYS) and len(keys) == len(data)
    if kind == "number" or (kind is None and looks_like_range):
        return _read_range(data, question)
    if kind in ("bool", "choice") and looks_like_range and not set(keys) & _choice_keys(question):
        return None, [
            (
                (),
                f"a range (low/high) only fits a number question; {question.id!r} is a"
                f" {'yes/no' if kind == 'bool' else 'choice'} question.",
                "Give weights instead, e.g. " + _example(question),
            )
        ]
    return _read_weights(data, question)


def _choice_keys(question: Any) -> set[str]:
    if question.type == "bool":
        return set(_BOOL_KEYS)
    return set(question.choice_values)


def _example(question: Any) -> str:
    if question is None or question.type == "number":
        return "Write a range as {low: 200, likely: 800, high: 5000} (likely may be left out)."
    if question.type == "bool":
        return "{yes: 0.7, no: 0.3}."
    first, second = (question.choices + question.choices)[:2]
    return f"{{{first.value}: 0.6, {second.value}: 0.4}}."


def _read_range(data: Mapping[Any, Any], question: Any) -> tuple[Range | None, list[Problem]]:
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in RANGE_KEYS:
            problems.append(
                (
                    (str(key),),
                    f"unknown key {str(key)!r} in a range.",
                    did_you_mean(key, RANGE_KEYS)
                    or "A range has low and high, and optionally likely.",
                )
            )
            continue
        if not _is_number(value):
            problems.append(((key,), f"{key} must be a finite number, got {value!r}.", None))
            continue
        problem = question.check(value) if question is not None else None
        if problem is not None:
            problems.append(((key,), f"{key}: {problem}", question.hint(value)))
            continue
        values[key] = value
    for key in ("low", "high"):
        if key not in data:
            problems.append(
                ((), f"a range needs both low and high; {key} is missing.", _example(None))
            )
    if problems:
        return None, problems
    low, high, likely = values["low"], values["high"], values.get("likely")
    order = "Write low <= likely <= high, e.g. {low: 200, likely: 800, high: 5000}."
    if low > high:
        return None, [
            (
                ("low",),
                f"the range's low ({_shown(low)}) is above its high ({_shown(high)}).",
                order,
            )
        ]
    if likely is not None and not low <= likely <= high:
        return None, [
            (
                ("likely",),
                f"likely ({_shown(likely)}) is outside the range {_shown(low)} to {_shown(high)}.",
                order,
            )
        ]
    return Range(low, high, likely), []


def _read_weights(data: Mapping[Any, Any], question: Any) -> tuple[Weights | None, list[Problem]]:
    problems: list[Problem] = []
    found: dict[str, Any] = {}
    where: dict[str, str] = {}
    allowed = None
    if question is not None:
        allowed = _BOOL_KEYS if question.type == "bool" else {c: c for c in question.choice_values}
    for key, weight in data.items():
        if isinstance(key, bool):  # from data built in Python: True and False are yes and no
            key = "yes" if key else "no"
        here = (str(key),)
        if not isinstance(key, str):
            problems.append((here, f"{key!r} is not a choice.", _example(question)))
            continue
        name = key
        if allowed is not None:
            if key not in allowed:
                options = sorted(allowed) if question.type == "bool" else _choice_list(question)
                problems.append(
                    (
                        here,
                        f"{key!r} is not a choice of {question.id!r} (choices:"
                        f" {', '.join(options)}).",
                        did_you_mean(key, options),
                    )
                )
                continue
            name = allowed[key]
            if name in found:
                problems.append(
                    (here, f"{where[name]!r} and {key!r} name the same answer; give it once.", None)
                )
                continue
        if not _is_number(weight) or not 0 <= weight <= 1:
            problems.append(
                (here, f"the weight of {key!r} must be a number from 0 to 1, got {weight!r}.", None)
            )
            continue
        found[name] = weight
        where[name] = key
    if problems:
        return None, problems
    total = math.fsum(float(weight) for weight in found.values())
    if abs(total - 1) > _SUM_SLACK:
        return None, [
            (
                (),
                f"the weights add up to {total:g}; they must add up to 1 (within"
                f" {WEIGHT_TOLERANCE}).",
                "Adjust them so that they sum to 1, e.g. " + _example(question),
            )
        ]
    if question is not None:
        order = ["yes", "no"] if question.type == "bool" else _choice_list(question)
        found = {key: found[key] for key in order if key in found}
    return Weights(tuple(found.items())), []


def _choice_list(question: Any) -> list[str]:
    return [choice.value for choice in question.choices]


def too_many() -> tuple[str, str]:
    """The message and hint for a design with more than ``MAX_UNCERTAIN_ANSWERS``."""
    limit = f"{MAX_UNCERTAIN_ANSWERS:,}"
    return (
        f"the design gives more than {limit} uncertain answers (ranges or weights).",
        f"Give single values where you can: at most {limit} answers of one design may be"
        " ranges or weights.",
    )


def fitting_question(catalogue: Any, qid: str, data: Mapping[Any, Any]) -> Any:
    """The catalogue's question ``qid`` when ``data`` reads as an answer to it, else None.

    Stored rows are read without checking them against the catalogue, but in its terms
    where they fit: ``{low: 0.5, high: 0.5}`` is then weights for a question whose
    choices are low and high, not a range."""
    question = catalogue.by_id.get(qid)
    if question is None or question.derived or read(data, question)[1]:
        return None
    return question


def as_asked(question: Any, value: Uncertain) -> Uncertain | None:
    """``value`` read against its question: a stored design is read without the
    catalogue, where a mapping such as ``{low: 0.5, high: 0.5}`` could be either kind.
    None when it does not fit the question (it then counts as not known)."""
    if question is None or question.derived:
        return None
    if isinstance(value, Range) and question.type == "number":
        return value
    found, problems = read(value.to_dict(), question)
    return None if problems else found
