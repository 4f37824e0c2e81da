"""What would change the answer, where answers pull both ways, and what only shows across
components: tipping points (``tipping.py``), trade-off points (``tradeoffs.py``) and
cross-component findings (``findings.py``), gathered here with ``what_if``, which answers
"what if this answer were different".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from evaluator.engine.findings import findings
from evaluator.engine.knowledge import KnowledgeBase
from evaluator.engine.spec import DesignSpec
from evaluator.engine.tipping import tipping_points
from evaluator.engine.tradeoffs import tradeoff_points

__all__ = ["findings", "tipping_points", "tradeoff_points", "what_if"]


def what_if(
    spec: DesignSpec,
    changes: Mapping[str, Any],
    kb: KnowledgeBase,
    component: str | None = None,
) -> DesignSpec:
    """A copy of ``spec`` with answers changed: system-wide ids go to the context, the rest
    to the named component's answers (or every component's, when none is named).

    Values should already be typed (see ``KnowledgeBase.parse_answer``); ``None`` removes
    an answer. Raises KeyError for an unknown question or component.
    """
    context = dict(spec.context)
    per_component: dict[str, Any] = {}
    for qid, value in changes.items():
        question = kb.by_id[qid]
        if question.scope == "system":
            if value is None:
                context.pop(qid, None)
            else:
                context[qid] = value
        else:
            per_component[qid] = value
    if component is not None:
        spec.component(component)  # raises KeyError for a name not in the design
    components = []
    for item in spec.components:
        if per_component and (component is None or item.name == component):
            answers = dict(item.answers)
            for qid, value in per_component.items():
                if value is None:
                    answers.pop(qid, None)
                else:
                    answers[qid] = value
            item = dataclasses.replace(item, answers=answers)
        components.append(item)
    return dataclasses.replace(spec, context=context, components=tuple(components))
