"""The fields a browser posts for an editor form: the inverse of ``editor.form.read_post``."""

from __future__ import annotations

from typing import Any

from evaluator.engine import KnowledgeBase
from evaluator.engine.knowledge import Question
from evaluator.web.editor.form import (
    EditorForm,
    answer_field,
    component_field,
    context_field,
    priority_field,
)


def editor_fields(form: EditorForm, kb: KnowledgeBase) -> list[tuple[str, str]]:
    pairs = [("name", form.name), ("summary", form.summary), ("base_version", form.base_version)]

    def answer(name: str, question: Question, raw: Any) -> None:
        if isinstance(raw, list):
            pairs.extend((name, value) for value in raw)
        elif question.type != "bool" or raw:
            pairs.append((name, raw))

    for question in kb.questions_in_scope("system"):
        answer(context_field(question.id), question, form.context.get(question.id, ""))
    for attribute in kb.attributes:
        pairs.append((priority_field(attribute.id), form.priorities.get(attribute.id, "")))
    for row in form.components:
        pairs.append(("component", str(row.key)))
        pairs.append((component_field(row.key, "name"), row.name))
        pairs.append((component_field(row.key, "kind"), row.kind))
        for dep in row.depends_on:
            pairs.append((component_field(row.key, "dep"), dep.target))
            pairs.append((component_field(row.key, "style"), dep.style))
        for question in kb.questions_in_scope("component"):
            answer(answer_field(row.key, question.id), question, row.answers.get(question.id, ""))
    return pairs
