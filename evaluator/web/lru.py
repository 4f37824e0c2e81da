"""A small thread-safe, per-process cache, least recently used dropped first.

Used for work that is only a cost to repeat (evaluations, parsed answers, rendered rows):
nothing in it must be shared between processes, and a miss only costs time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class LruCache(Generic[V]):
    """At most ``size`` entries and, when ``max_weight`` is given, at most that much in
    all of what ``put`` was told each entry weighs (the newest entry is always kept)."""

    def __init__(self, size: int, max_weight: int | None = None) -> None:
        self.size = size
        self.max_weight = max_weight
        self.items: OrderedDict[Hashable, V] = OrderedDict()
        self.weights: dict[Hashable, int] = {}
        self.weight = 0
        self.lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The cached value for ``key``, made (outside the lock) and kept when missing."""
        found = self.find(key)
        if found is not None:
            return found
        # Two threads may both make the same entry; that wastes a little time but never
        # holds one request behind another.
        made = make()
        self.put(key, made)
        return made

    def find(self, key: Hashable) -> V | None:
        """The cached value for ``key``, or None."""
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def put(self, key: Hashable, value: V, weight: int = 1) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            self.weight += weight - self.weights.get(key, 0)
            self.weights[key] = weight
            while len(self.items) > 1 and (
                len(self.items) > self.size
                or (self.max_weight is not None and self.weight > self.max_weight)
            ):
                old, _ = self.items.popitem(last=False)
                self.weight -= self.weights.pop(old)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.weights.clear()
            self.weight = 0
