"""Evaluations of stored designs and revisions, with a small per-process cache.

The engine takes about a millisecond per component, but the home page evaluates every
design it lists and the drill-down pages evaluate the same design again and again. A
design's ``version`` changes with every save and the knowledge base has a version of its
own, so ``(design id, version, knowledge version)`` names one evaluation exactly and a
cached entry can never be stale. Revisions never change, so their id is enough.

Nothing here must be shared between processes: a miss only costs one evaluation.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from evaluator.engine import Evaluation, evaluate
from evaluator.engine.spec import DesignSpec

from . import services
from .models import Design, Revision

CACHE_SIZE = 256


@dataclass(frozen=True)
class Evaluated:
    spec: DesignSpec
    evaluation: Evaluation


class _Cache:
    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[tuple, Evaluated] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple, make: Callable[[], Evaluated]) -> Evaluated:
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
                return found
        # Evaluate outside the lock; two threads may both compute the same entry, which
        # wastes a millisecond but never blocks one request behind another.
        made = make()
        with self.lock:
            self.items[key] = made
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return made

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


_cache = _Cache(CACHE_SIZE)


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
