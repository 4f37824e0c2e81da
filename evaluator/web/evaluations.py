"""Evaluations of designs and revisions, through Django's cache, keyed by content.

The key is a hash of the design's canonical text, the knowledge base's digest (its
built-in files and every pack applied, so an activation gives new keys) and
whether the analysis was asked for, so an entry can never be stale and any process (or
machine) that holds one holds the right one: a cache shared between servers only adds
hits. A miss costs one evaluation.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache

from evaluator.engine import Evaluation, KnowledgeBase, evaluate
from evaluator.engine.spec import DesignSpec, canonical_json

from . import services
from .models import Design, Revision

# An evaluation is immutable; the timeout only lets unused ones go.
TIMEOUT_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Evaluated:
    spec: DesignSpec
    evaluation: Evaluation


def cache_key(spec: DesignSpec, kb: KnowledgeBase, *, analyse: bool = True) -> str:
    digest = hashlib.sha256(canonical_json(spec).encode()).hexdigest()
    return f"evaluation:{kb.digest}:{int(analyse)}:{digest}"


def for_spec(
    spec: DesignSpec, kb: KnowledgeBase | None = None, *, analyse: bool = True
) -> Evaluation:
    """``engine.evaluate(spec, kb, analyse=analyse)``, from the cache when it is there.

    ``kb`` defaults to ``services.knowledge()``; pass the design's own knowledge base
    (``services.knowledge(design)``) to score it as its opt-outs say.
    """
    kb = kb if kb is not None else services.knowledge()
    key = cache_key(spec, kb, analyse=analyse)
    found = cache.get(key)
    if found is None:
        found = evaluate(spec, kb, analyse=analyse)
        cache.set(key, found, TIMEOUT_SECONDS)
    return found


def for_design(design: Design) -> Evaluated:
    """The design's current spec and its evaluation."""
    spec = services.spec_from_design(design)
    return Evaluated(spec, for_spec(spec, services.knowledge(design)))


def for_revision(revision: Revision) -> Evaluated:
    """The spec saved in ``revision`` and its evaluation.

    Raises ``ValueError`` or ``DesignError`` when the stored snapshot no longer reads as
    a design (see ``services.spec_from_snapshot``).
    """
    spec = services.spec_from_snapshot(revision)
    return Evaluated(spec, for_spec(spec, services.knowledge(revision.design)))
