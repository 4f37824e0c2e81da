"""The review as JSON: the full evaluation wrapped with the review's metadata.

The shape is documented in ``docs/review-json.md`` and versioned by ``REVIEW_SCHEMA``;
the evaluation inside keeps its own ``schema_version`` (``docs/evaluation-json.md``).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from evaluator.engine import evaluation_to_dict
from evaluator.engine.knowledge import KnowledgeBase
from evaluator.engine.results import Evaluation
from evaluator.engine.spec import DesignSpec

from .checks import attention
from .meta import ReviewMeta
from .nextsteps import next_steps

__all__ = ["REVIEW_SCHEMA", "render_json", "review_to_dict"]

REVIEW_SCHEMA = "tradeoff-evaluator/review/1"


def _steps(kb: KnowledgeBase, evaluation: Evaluation) -> dict[str, Any]:
    steps = next_steps(kb, evaluation)
    return {
        "research": [dataclasses.asdict(item) for item in steps.research],
        "open_answers": [dataclasses.asdict(item) for item in steps.open_answers],
        "prototypes": [dataclasses.asdict(item) for item in steps.prototypes],
        "more_prototypes": steps.more_prototypes,
        "measurements": [dataclasses.asdict(item) for item in steps.measurements],
        "tradeoffs": [
            {"component": name, "question": point.question} for name, point in steps.tradeoffs
        ],
        "findings": [finding.id for finding in steps.findings],
    }


def review_to_dict(
    spec: DesignSpec, evaluation: Evaluation, kb: KnowledgeBase, *, meta: ReviewMeta
) -> dict[str, Any]:
    """Plain data, keys in a fixed order; ``json.dumps`` of it is stable byte for byte."""
    return {
        "schema": REVIEW_SCHEMA,
        "review": {
            "design": evaluation.design_name,
            "source": meta.source or None,
            "revision": meta.revision,
            "revision_hash": meta.revision_hash,
            "content_hash": meta.content_hash,
            "date": meta.date,
            "knowledge_version": meta.knowledge_version,
            "knowledge_digest": meta.knowledge_digest or None,
            "packs": [
                {"name": p.name, "version": p.version, "sha256": p.sha256} for p in meta.packs
            ],
            "opted_out": [{"pack": name, "reason": reason} for name, reason in meta.opted_out],
        },
        "attention": [dataclasses.asdict(item) for item in attention(kb, evaluation)],
        "next_steps": _steps(kb, evaluation),
        "design": spec.to_dict(),
        "evaluation": evaluation_to_dict(evaluation),
    }


def render_json(
    spec: DesignSpec, evaluation: Evaluation, kb: KnowledgeBase, *, meta: ReviewMeta
) -> str:
    """The review as indented UTF-8 JSON text ending in one newline."""
    data = review_to_dict(spec, evaluation, kb, meta=meta)
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
