"""Evaluations of stored designs and revisions, with a small per-process cache.

The engine takes about a millisecond per component, but the home page evaluates every
design it lists and the drill-down pages evaluate the same design again and again. A
design's ``version`` changes with every save and the knowledge base has a version of its
own, so ``(design id, version, knowledge version)`` names one evaluation exactly and a
cached entry can never be stale. Revisions never change, so their id is enough.

Nothing here must be shared between processes: a miss only costs one evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass

from evaluator.engine import Evaluation, evaluate
from evaluator.engine.spec import DesignSpec

from . import services
from .lru import LruCache
from .models import Design, Revision

CACHE_SIZE = 256


@dataclass(frozen=True)
class Evaluated:
    spec: DesignSpec
    evaluation: Evaluation


_cache: LruCache[Evaluated] = LruCache(CACHE_SIZE)


def clear_cache() -> None:
    _cache.clear()


def _evaluated(spec: DesignSpec) -> Evaluated:
    return Evaluated(spec, evaluate(spec, services.knowledge()))


def for_design(design: Design) -> Evaluated:
    """The design's current spec and its evaluation."""
    key = ("design", design.pk, design.version, services.knowledge().version)
    return _cache.get(key, lambda: _evaluated(services.spec_from_design(design)))


def for_revision(revision: Revision) -> Evaluated:
    """The spec saved in ``revision`` and its evaluation.

    Raises ``ValueError`` or ``DesignError`` when the stored snapshot no longer reads as
    a design (see ``services.spec_from_snapshot``).
    """
    key = ("revision", revision.pk, services.knowledge().version)
    return _cache.get(key, lambda: _evaluated(services.spec_from_snapshot(revision)))
