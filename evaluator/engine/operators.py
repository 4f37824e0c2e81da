"""The condition language's vocabulary: its operators, what each compares with, and how
a value is written back in a condition's text.

These tables are the whitelist ``conditions.py`` compiles from: nothing read from a
knowledge file is ever turned into a name or looked up anywhere else.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import Any

__all__ = ["EQUALITY", "MIRRORED", "OPERATORS", "ORDERING", "SYMBOLS", "is_number", "written"]

# Comparison operators on a number question and a number.
ORDERING: dict[str, Callable[[Any, Any], bool]] = {
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
}
EQUALITY: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
}
# The same comparisons with their arguments swapped, (value, answer), so that membership
# can share the shape: operator.contains(values, answer).
MIRRORED: dict[str, Callable[[Any, Any], bool]] = {
    "lt": operator.gt,
    "lte": operator.ge,
    "gt": operator.lt,
    "gte": operator.le,
    "eq": operator.eq,
    "ne": operator.ne,
}
SYMBOLS = {
    "lt": "<",
    "lte": "<=",
    "gt": ">",
    "gte": ">=",
    "eq": "==",
    "ne": "!=",
}

OPERATORS: tuple[str, ...] = (
    "all",
    "any",
    "not",
    "eq",
    "ne",
    "lt",
    "lte",
    "gt",
    "gte",
    "in",
    "between",
    "has",
    "known",
    "unknown",
)


def is_number(value: Any) -> bool:
    """A finite number, as a comparison's limit must be."""
    # bool is a subclass of int, but `true` is never a number in this language.
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def written(value: Any) -> str:
    """A literal as a condition's text shows it (YAML's true and false)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)
