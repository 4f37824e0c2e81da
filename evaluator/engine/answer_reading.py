"""Reading a design's answers: each value's type and size, each question against the
catalogue, and ranges and weights (``uncertain.py``). A part of the design reader
(``reading._Reader``), which gives it ``problem``, ``mapping`` and what it reads against.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import uncertain, uncertain_reading
from .errors import Path, did_you_mean
from .spec import MAX_KEY_LENGTH, MAX_LIST_VALUE_LENGTH, MAX_TEXT_VALUE_LENGTH

if TYPE_CHECKING:  # pragma: no cover
    from .knowledge import KnowledgeBase

__all__ = ["AnswerReader"]

_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class AnswerReader:
    """The answers part of the design reader. Expects ``kb`` (checks answers when set),
    ``catalogue`` (tells ranges from weights in stored rows), an ``uncertain_answers``
    count, and ``problem`` and ``mapping`` from the reader."""

    kb: KnowledgeBase | None
    catalogue: KnowledgeBase | None
    uncertain_answers: int

    def value(self, value: Any, path: Path) -> tuple[bool, Any]:
        """(readable, value) for an answer: yes/no, a finite number, a short text or a
        list of short texts. Null is readable and means "not known"."""
        if value is None or isinstance(value, bool):
            return True, value
        if isinstance(value, int | float):
            if isinstance(value, float) and not math.isfinite(value):
                self.problem(path, "numbers must be finite (not .nan or .inf).")
                return False, None
            return True, value
        if isinstance(value, str):
            if len(value) > MAX_TEXT_VALUE_LENGTH:
                self.problem(
                    path, f"text values are limited to {MAX_TEXT_VALUE_LENGTH} characters."
                )
                return False, None
            return True, value
        if isinstance(value, list):
            if len(value) > MAX_LIST_VALUE_LENGTH:
                self.problem(path, f"lists are limited to {MAX_LIST_VALUE_LENGTH} items.")
                return False, None
            for index, item in enumerate(value):
                if not isinstance(item, str) or len(item) > MAX_TEXT_VALUE_LENGTH:
                    self.problem((*path, index), "list items must be short texts.")
                    return False, None
            return True, list(value)
        self.problem(path, "expected yes/no, a number, a text or a list of texts.")
        return False, None

    def facts(self, data: Any, path: Path, what: str, scope: str | None) -> dict[str, Any]:
        """The readable answers of one scope ("system" or "component"; None: values only,
        as for priorities); null ones left out."""
        out = {}
        for key, value in self.mapping(data, path, what).items():
            here = (*path, key)
            if not isinstance(key, str) or len(key) > MAX_KEY_LENGTH or not _KEY_RE.match(key):
                self.problem(
                    here,
                    f"'{str(key)[:MAX_KEY_LENGTH]}' is not a question id.",
                    "Ids are lower-case letters, digits and underscores, like 'peak_rps'.",
                )
                continue
            if isinstance(value, Mapping) and scope is not None:
                checked = self.uncertain(key, value, here, scope)
                if checked is not None:
                    out[key] = checked
                continue
            readable, checked = self.value(value, here)
            if not readable or checked is None:  # null and a missing key both mean "not known"
                continue
            if self.kb is None or scope is None or self.answer_fits(key, checked, here, scope):
                out[key] = checked
        return out

    def question(self, qid: str, path: Path, scope: str) -> Any:
        """The catalogue question ``qid`` answered in ``scope``, or None with a problem."""
        question = self.kb.by_id.get(qid)
        if question is None or question.derived or question.scope != scope:
            if question is not None and not question.derived:
                where = "context" if question.scope == "system" else "a component's answers"
                self.problem(
                    path, f"{qid!r} is a {question.scope}-wide question.", f"Move it to {where}."
                )
            elif question is not None:
                self.problem(path, f"{qid!r} is worked out from the design and cannot be answered.")
            else:
                allowed = [q.id for q in self.kb.questions_in_scope(scope)]
                self.problem(path, f"unknown question {qid!r}.", did_you_mean(qid, allowed))
            return None
        return question

    def uncertain(self, qid: str, data: Mapping, path: Path, scope: str) -> Any:
        """A range or weights (see ``uncertain.py``), or None with its problems."""
        question = None
        if self.kb is not None:
            question = self.question(qid, path, scope)
            if question is None:
                return None
        elif self.catalogue is not None:
            question = uncertain_reading.fitting_question(self.catalogue, qid, data)
        value, problems = uncertain_reading.read(data, question)
        for inner, message, hint in problems:
            self.problem((*path, *inner), message, hint)
        if value is None:
            return None
        self.uncertain_answers += 1
        if self.uncertain_answers > uncertain.MAX_UNCERTAIN_ANSWERS:
            if self.uncertain_answers == uncertain.MAX_UNCERTAIN_ANSWERS + 1:
                self.problem(path, *uncertain_reading.too_many())
            return None
        return value

    def answer_fits(self, qid: str, value: Any, path: Path, scope: str) -> bool:
        question = self.question(qid, path, scope)
        if question is None:
            return False
        problem = question.check(value)
        if problem is not None:
            self.problem(path, problem, question.hint(value))
            return False
        return True
