"""The knowledge base as one immutable value: lookups, and checking answers against it."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from evaluator.engine.errors import DesignError, did_you_mean

from .values import DERIVED_QUESTIONS, PRIORITY_WEIGHTS, Attribute, Group, Option, Question, Rule

__all__ = ["KnowledgeBase"]

Fail = Callable[[tuple, str, "str | None"], DesignError]


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    """Questions, options and compiled rules; immutable and shared by every evaluation."""

    version: str
    attributes: tuple[Attribute, ...]
    groups: tuple[Group, ...]
    questions: tuple[Question, ...]
    options: tuple[Option, ...]
    rules: tuple[Rule, ...]
    digest: str = ""
    path: str = ""
    # Indexes built once so that evaluation never searches.
    by_id: Mapping[str, Question] = field(init=False, repr=False)
    option_by_id: Mapping[str, Option] = field(init=False, repr=False)
    rule_by_id: Mapping[str, Rule] = field(init=False, repr=False)
    rules_by_option: Mapping[str, tuple[int, ...]] = field(init=False, repr=False)
    rules_by_question: Mapping[str, tuple[int, ...]] = field(init=False, repr=False)
    attribute_ids: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_id = {q.id: q for q in self.questions}
        by_id.update(DERIVED_QUESTIONS)
        by_option: dict[str, list[int]] = {option.id: [] for option in self.options}
        by_question: dict[str, list[int]] = {}
        for index, rule in enumerate(self.rules):
            by_option.setdefault(rule.option, []).append(index)
            for qid in sorted(rule.reads):
                by_question.setdefault(qid, []).append(index)
        set_ = object.__setattr__
        set_(self, "by_id", MappingProxyType(by_id))
        set_(self, "option_by_id", MappingProxyType({o.id: o for o in self.options}))
        set_(self, "rule_by_id", MappingProxyType({r.id: r for r in self.rules}))
        set_(
            self,
            "rules_by_option",
            MappingProxyType({k: tuple(v) for k, v in by_option.items()}),
        )
        set_(
            self,
            "rules_by_question",
            MappingProxyType({k: tuple(v) for k, v in by_question.items()}),
        )
        set_(self, "attribute_ids", frozenset(a.id for a in self.attributes))

    # -- lookups ----------------------------------------------------------------------

    def question(self, qid: str) -> Question:
        """The catalogue question or derived fact with this id (KeyError if none)."""
        return self.by_id[qid]

    def option(self, option_id: str) -> Option:
        return self.option_by_id[option_id]

    def rule(self, rule_id: str) -> Rule:
        return self.rule_by_id[rule_id]

    def questions_in_scope(self, scope: str) -> tuple[Question, ...]:
        """Catalogue questions (not derived facts) of one scope, in catalogue order."""
        return tuple(q for q in self.questions if q.scope == scope)

    def attribute_label(self, attribute_id: str) -> str:
        for attribute in self.attributes:
            if attribute.id == attribute_id:
                return attribute.label
        return attribute_id

    # -- answers ----------------------------------------------------------------------

    def check_answer(self, question_id: str, value: Any) -> str | None:
        """Why ``value`` is not a valid answer to the question, or None when it is fine.

        ``None`` (not known) is always fine. Unknown and derived ids are refused.
        """
        question = self.by_id.get(question_id)
        if question is None or question.derived:
            return f"unknown question {question_id!r}."
        if value is None:
            return None
        return question.check(value)

    def parse_answer(self, question_id: str, text: str | None) -> Any:
        """Turn form or command-line text into a typed answer, or raise ``DesignError``.

        Empty text means "not known" and gives None. Yes/no accepts true/false, yes/no,
        on/off and 1/0; numbers may use ``,`` or ``_`` between digits; a multi answer is
        a comma-separated list.
        """
        question = self.by_id.get(question_id)
        if question is None or question.derived:
            raise DesignError(
                f"unknown question {question_id!r}.",
                path=(question_id,),
                hint=did_you_mean(question_id, [q.id for q in self.questions]),
            )
        if text is None:
            return None
        text = str(text).strip()
        if not text:
            return None
        value: Any
        if question.type == "bool":
            lowered = text.lower()
            if lowered in ("true", "yes", "on", "1"):
                value = True
            elif lowered in ("false", "no", "off", "0"):
                value = False
            else:
                value = text
        elif question.type == "number":
            value = _parse_number(text)
        elif question.type == "multi":
            value = [part.strip() for part in text.split(",") if part.strip()]
        else:
            value = text
        problem = question.check(value)
        if problem is not None:
            raise DesignError(problem, path=(question_id,), hint=question.hint(value))
        return value

    def validate_design(
        self,
        spec: Any,
        *,
        filename: str = "<input>",
        locate: Callable[[tuple], tuple[int, int] | None] | None = None,
    ) -> None:
        """Check every context value, priority and answer of ``spec`` against the catalogue.

        Raises ``DesignError`` at the first problem, with the line and column ``locate``
        finds for its path and a "did you mean" for a misspelt id.
        """

        def fail(path: tuple, message: str, hint: str | None) -> DesignError:
            position = locate(path) if locate is not None else None
            line, column = position if position else (None, None)
            return DesignError(
                message, file=filename, line=line, column=column, path=path, hint=hint
            )

        self._check_facts(spec.context, ("context",), "system", fail)
        self._check_priorities(spec.priorities, fail)
        for index, component in enumerate(spec.components):
            path = ("components", index, "answers")
            self._check_facts(component.answers, path, "component", fail)

    def _check_facts(self, values: Mapping[str, Any], path: tuple, scope: str, fail: Fail) -> None:
        for qid, value in values.items():
            here = (*path, qid)
            question = self.by_id.get(qid)
            if question is None or question.derived or question.scope != scope:
                raise self._misplaced(qid, question, here, scope, fail)
            if value is None:
                continue
            problem = question.check(value)
            if problem is not None:
                raise fail(here, problem, question.hint(value))

    def _misplaced(
        self, qid: str, question: Question | None, here: tuple, scope: str, fail: Fail
    ) -> DesignError:
        """The error for an answer to a question that is unknown, derived or of the other scope."""
        if question is not None and not question.derived:
            where = "context" if question.scope == "system" else "a component's answers"
            return fail(
                here, f"{qid!r} is a {question.scope}-wide question.", f"Move it to {where}."
            )
        if question is not None:
            return fail(
                here, f"{qid!r} is worked out from the design and cannot be answered.", None
            )
        allowed = [q.id for q in self.questions if q.scope == scope]
        return fail(here, f"unknown question {qid!r}.", did_you_mean(qid, allowed))

    def _check_priorities(self, priorities: Mapping[str, Any], fail: Fail) -> None:
        attribute_ids = [a.id for a in self.attributes]
        for key, level in priorities.items():
            here = ("priorities", key)
            if key not in self.attribute_ids:
                raise fail(
                    here,
                    f"unknown quality attribute {key!r}.",
                    did_you_mean(key, attribute_ids) or f"Attributes: {', '.join(attribute_ids)}.",
                )
            if level is not None and level not in PRIORITY_WEIGHTS:
                raise fail(
                    here,
                    f"priority {level!r} is not high, medium or low.",
                    did_you_mean(level, list(PRIORITY_WEIGHTS)),
                )


def _parse_number(text: str) -> Any:
    cleaned = text.replace("_", "").replace(",", "")
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        value = float(cleaned)
    except ValueError:
        return text
    return value if math.isfinite(value) else text
