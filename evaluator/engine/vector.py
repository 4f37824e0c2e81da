"""The small functions a compiled condition is made of, over arrays of sampled answers.

``conditions.py`` builds, for every node of a condition, the plain closure of
``closures.py`` and the twin built here, from the same checked arguments and the same
operator of its whitelist. A twin takes :class:`Samples` and answers in Kleene's
three-valued logic coded as small integers, ``FALSE`` < ``OPEN`` < ``TRUE``: "all" is then
the minimum of its parts, "any" the maximum and "not" ``TRUE - x``. An answer that is the
same in every sample (a point answer, an unanswered question) is decided once by the plain
closure and comes back as a Python ``int``; only a sampled question gives an array, one
code per sample. Sampled answers are always known, so a leaf on one is never open.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from evaluator.engine.closures import Evaluate

__all__ = [
    "FALSE",
    "OPEN",
    "TRUE",
    "Samples",
    "VectorEvaluate",
    "between",
    "categories",
    "compare",
    "conjunction",
    "constant",
    "disjunction",
    "encode",
    "member",
    "negation",
    "presence",
]

FALSE, OPEN, TRUE = 0, 1, 2
_KLEENE = {False: FALSE, None: OPEN, True: TRUE}


@dataclass(frozen=True)
class Samples:
    """``size`` sets of answers: ``facts`` holds what every sample shares, ``columns``
    one array per sampled question (numbers as floats, yes/no and choices as codes into
    :func:`categories`)."""

    size: int
    facts: Mapping[str, Any]
    columns: Mapping[str, np.ndarray]


VectorEvaluate = Callable[[Samples], Any]


def categories(question: Any) -> tuple:
    """The values a yes/no or choice question's codes stand for, code 0 first."""
    if question.type == "bool":
        return (False, True)
    return tuple(choice.value for choice in question.choices)


def encode(question: Any, value: Any) -> Any:
    """A checked literal as it compares with a column of ``question``'s samples."""
    if question.type in ("bool", "choice"):
        return categories(question).index(value)
    return value


def _codes(result: np.ndarray) -> np.ndarray:
    return np.multiply(result, TRUE, dtype=np.int8)


def constant(scalar: Evaluate) -> VectorEvaluate:
    """A condition no sampled answer can change: decided once, on the shared facts."""

    def vector(samples: Samples) -> int:
        return _KLEENE[scalar(samples.facts)]

    return vector


def compare(op: Callable[[Any, Any], Any], qid: str, literal: Any, scalar: Evaluate):
    def vector(samples: Samples):
        column = samples.columns.get(qid)
        if column is None:
            return _KLEENE[scalar(samples.facts)]
        return _codes(op(column, literal))

    return vector


def member(qid: str, literals: Sequence[Any], size: int | None, scalar: Evaluate):
    """Membership: ``size`` is the number of categories of a yes/no or choice question
    (looked up in a table), None for a number question."""
    if size is not None:
        table = np.zeros(size, dtype=np.int8)
        table[list(literals)] = TRUE
    else:
        values = np.array(sorted(literals), dtype=np.float64)

    def vector(samples: Samples):
        column = samples.columns.get(qid)
        if column is None:
            return _KLEENE[scalar(samples.facts)]
        if size is not None:
            return table[column]
        return _codes(np.isin(column, values))

    return vector


def between(qid: str, low: float, high: float, scalar: Evaluate):
    def vector(samples: Samples):
        column = samples.columns.get(qid)
        if column is None:
            return _KLEENE[scalar(samples.facts)]
        return _codes(np.logical_and(column >= low, column <= high))

    return vector


def presence(qid: str, known: bool, scalar: Evaluate):
    """known/unknown: a sampled answer is always known."""
    answer = TRUE if known else FALSE

    def vector(samples: Samples):
        if qid in samples.columns:
            return answer
        return _KLEENE[scalar(samples.facts)]

    return vector


def negation(inner: VectorEvaluate) -> VectorEvaluate:
    def vector(samples: Samples):
        return TRUE - inner(samples)

    return vector


def conjunction(parts: tuple[VectorEvaluate, ...]) -> VectorEvaluate:
    # The minimum of the parts; a part that is FALSE in every sample decides at once.
    def vector(samples: Samples):
        fixed = TRUE
        arrays = []
        for part in parts:
            result = part(samples)
            if isinstance(result, int):
                if result == FALSE:
                    return FALSE
                fixed = min(fixed, result)
            else:
                arrays.append(result)
        return _fold(np.minimum, arrays, fixed, TRUE)

    return vector


def disjunction(parts: tuple[VectorEvaluate, ...]) -> VectorEvaluate:
    # The maximum of the parts, the mirror image of conjunction.
    def vector(samples: Samples):
        fixed = FALSE
        arrays = []
        for part in parts:
            result = part(samples)
            if isinstance(result, int):
                if result == TRUE:
                    return TRUE
                fixed = max(fixed, result)
            else:
                arrays.append(result)
        return _fold(np.maximum, arrays, fixed, FALSE)

    return vector


def _fold(ufunc: np.ufunc, arrays: list[np.ndarray], fixed: int, neutral: int):
    if not arrays:
        return fixed
    out = arrays[0]
    for array in arrays[1:]:
        out = ufunc(out, array)
    if fixed != neutral:
        out = ufunc(out, np.int8(fixed))
    return out
