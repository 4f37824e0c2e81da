"""The small functions a compiled condition is made of.

Each builder returns a function over a facts mapping that answers True, False or None
(undetermined: a question it needs is unanswered). They are kept flat (no classes, no
per-call allocation) because the engine calls them hundreds of thousands of times in
analysis. ``conditions.py`` decides which to build; nothing here reads rule data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = [
    "Evaluate",
    "Facts",
    "Leaf",
    "all_leaves",
    "any_leaves",
    "between",
    "compare",
    "conjunction",
    "disjunction",
    "has",
    "known",
    "member",
    "negation",
    "unknown",
]

Facts = Mapping[str, Any]
"""Question id -> answer. A missing id and a ``None`` value both mean "not known"."""

Evaluate = Callable[[Facts], "bool | None"]

Leaf = tuple[str, Callable[[Any, Any], bool], Any]
"""A simple comparison: (question id, operator taking (value, answer), value)."""


def compare(op: Callable[[Any, Any], bool], qid: str, value: Any) -> Evaluate:
    def compare(facts: Facts) -> bool | None:
        answer = facts.get(qid)
        if answer is None:
            return None
        return op(answer, value)

    return compare


def member(qid: str, values: frozenset) -> Evaluate:
    def member(facts: Facts) -> bool | None:
        answer = facts.get(qid)
        if answer is None:
            return None
        return answer in values

    return member


def between(qid: str, low: float, high: float) -> Evaluate:
    def between(facts: Facts) -> bool | None:
        answer = facts.get(qid)
        if answer is None:
            return None
        return low <= answer <= high

    return between


def has(qid: str, value: str) -> Evaluate:
    def has(facts: Facts) -> bool | None:
        answer = facts.get(qid)
        if answer is None:
            return None
        return value in answer

    return has


def known(qid: str) -> Evaluate:
    def known(facts: Facts) -> bool | None:
        return facts.get(qid) is not None

    return known


def unknown(qid: str) -> Evaluate:
    def unknown(facts: Facts) -> bool | None:
        return facts.get(qid) is None

    return unknown


def negation(inner: Evaluate) -> Evaluate:
    def negate(facts: Facts) -> bool | None:
        result = inner(facts)
        if result is None:
            return None
        return not result

    return negate


def conjunction(fns: tuple[Evaluate, ...]) -> Evaluate:
    # Kleene conjunction: one False decides; otherwise any None leaves it open.
    def conjunction(facts: Facts) -> bool | None:
        open_ = False
        for fn in fns:
            result = fn(facts)
            if result is False:
                return False
            if result is None:
                open_ = True
        return None if open_ else True

    return conjunction


def disjunction(fns: tuple[Evaluate, ...]) -> Evaluate:
    # Kleene disjunction, the mirror image of conjunction.
    def disjunction(facts: Facts) -> bool | None:
        open_ = False
        for fn in fns:
            result = fn(facts)
            if result is True:
                return True
            if result is None:
                open_ = True
        return None if open_ else False

    return disjunction


def all_leaves(tests: tuple[Leaf, ...]) -> Evaluate:
    # conjunction over simple comparisons, without a function call per comparison: most
    # rules are a handful of these, and this is the engine's innermost loop.
    def conjunction(facts: Facts) -> bool | None:
        get = facts.get
        open_ = False
        for qid, op, value in tests:
            answer = get(qid)
            if answer is None:
                open_ = True
            elif not op(value, answer):
                return False
        return None if open_ else True

    return conjunction


def any_leaves(tests: tuple[Leaf, ...]) -> Evaluate:
    def disjunction(facts: Facts) -> bool | None:
        get = facts.get
        open_ = False
        for qid, op, value in tests:
            answer = get(qid)
            if answer is None:
                open_ = True
            elif op(value, answer):
                return True
        return None if open_ else False

    return disjunction
