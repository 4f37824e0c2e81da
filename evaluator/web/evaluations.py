"""Evaluations of designs and revisions, through Django's cache, keyed by content.

The key is a hash of the design's canonical text, the knowledge base's version and
whether the analysis was asked for, so an entry can never be stale and any process (or
machine) that holds one holds the right one: a cache shared between servers only adds
hits. A miss costs one evaluation.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache

from evaluator.engine import Evaluation, evaluate
from evaluator.engine.spec import DesignSpec, canonical_json

from . import services
from .models import Design, Revision

# An evaluation is immutable; the timeout only lets unused ones go.
TIMEOUT_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Evaluated:
    spec: DesignSpec
    evaluation: Evaluation


def for_spec(spec: DesignSpec, *, analyse: bool = True) -> Evaluation:
    """``engine.evaluate(spec, kb, analyse=analyse)``, from the cache when it is there."""
    kb = services.knowledge()
    digest = hashlib.sha256(canonical_json(spec).encode()).hexdigest()
    key = f"evaluation:{kb.version}:{int(analyse)}:{digest}"
    found = cache.get(key)
    if found is None:
        found = evaluate(spec, kb, analyse=analyse)
        cache.set(key, found, TIMEOUT_SECONDS)
    return found


def for_design(design: Design) -> Evaluated:
    """The design's current spec and its evaluation."""
    spec = services.spec_from_design(design)
    return Evaluated(spec, for_spec(spec))


def for_revision(revision: Revision) -> Evaluated:
    """The spec saved in ``revision`` and its evaluation.

    Raises ``ValueError`` or ``DesignError`` when the stored snapshot no longer reads as
    a design (see ``services.spec_from_snapshot``).
    """
    spec = services.spec_from_snapshot(revision)
    return Evaluated(spec, for_spec(spec))
