"""The knowledge base as one immutable value: lookups, and checking answers against it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from evaluator.engine import uncertain_reading
from evaluator.engine.errors import DesignError, did_you_mean

from .values import (
    DERIVED_QUESTIONS,
    Attribute,
    Group,
    HeadStart,
    Option,
    PackRef,
    Question,
    Rule,
)

__all__ = ["KnowledgeBase"]


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    """Questions, options and compiled rules; immutable and shared by every evaluation."""

    version: str
    attributes: tuple[Attribute, ...]
    groups: tuple[Group, ...]
    questions: tuple[Question, ...]
    options: tuple[Option, ...]
    rules: tuple[Rule, ...]
    head_start: HeadStart = HeadStart(0)
    # SHA-256 over the built-in files and, when packs apply, each pack's content.
    digest: str = ""
    path: str = ""
    # The organisation's packs applied on top of the built-in knowledge, in order.
    packs: tuple[PackRef, ...] = ()
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

        The text is read as ``Question.from_text`` reads it (a range or weights become an
        ``uncertain`` value), then checked.
        """
        question = self.by_id.get(question_id)
        if question is None or question.derived:
            raise DesignError(
                f"unknown question {question_id!r}.",
                path=(question_id,),
                hint=did_you_mean(question_id, [q.id for q in self.questions]),
            )
        value = question.from_text(text)
        if value is None:
            return None
        if isinstance(value, dict):
            found, problems = uncertain_reading.read(value, question)
            if problems:
                inner, message, hint = problems[0]
                raise DesignError(message, path=(question_id, *inner), hint=hint)
            return found
        problem = question.check(value)
        if problem is not None:
            raise DesignError(problem, path=(question_id,), hint=question.hint(value))
        return value
