"""Reading an uncertain answer from plain data (a design file, a stored row, a form):
which kind it is, against its question when there is one, and every problem with it as a
(key path inside the answer, message, hint). The values themselves are ``uncertain.py``'s.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .errors import did_you_mean
from .uncertain import (
    MAX_UNCERTAIN_ANSWERS,
    RANGE_KEYS,
    WEIGHT_TOLERANCE,
    Range,
    Uncertain,
    Weights,
)

__all__ = ["Problem", "as_asked", "fitting_question", "read", "too_many"]

# (key path inside the answer, message, hint)
Problem = tuple[tuple[str, ...], str, "str | None"]

# Yes/no weights may name their answers either way; they are kept as yes and no.
_BOOL_KEYS = {"yes": "yes", "true": "yes", "no": "no", "false": "no"}
# Weights summing to 1 within the tolerance are accepted: 0.33 + 0.33 + 0.33 is.
_SUM_SLACK = WEIGHT_TOLERANCE + 1e-9


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
