"""The uncertainty of a component, remembered by its content.

Sampling a component's uncertain answers is most of a rescoring's cost when a design has
ranges or weights, and a person editing a design changes one component at a time: the
others come back with the same facts, the same ranges and weights, and so the same
result. The result is a pure function of what the key holds (the knowledge base's digest,
the priorities, the component's name, which seeds its draws, its facts at their point,
the uncertain answers it reads, the sample count, the seed and the detail asked for), so
a result found here is the one ``uncertainty.measure`` would work out, in any worker.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

from .contributions import value_key
from .results import Uncertainty

__all__ = ["REMEMBERED", "content_key", "forget", "remembered"]

# A few designs of tens of components each: results are a few kilobytes apiece.
REMEMBERED = 512

_found: OrderedDict[tuple, Uncertainty] = OrderedDict()
_lock = threading.Lock()


def content_key(facts: Mapping[str, Any], inputs: Mapping[str, Any], *rest: Any) -> tuple:
    """What a component's uncertainty depends on, as one hashable key."""
    return (
        tuple(sorted((qid, value_key(value)) for qid, value in facts.items())),
        tuple(inputs.items()),
        *rest,
    )


def remembered(key: tuple, measure: Callable[[], Uncertainty]) -> Uncertainty:
    """``measure()``, or the result it gave for ``key`` before (the last
    ``REMEMBERED`` keys are kept)."""
    with _lock:
        found = _found.get(key)
        if found is not None:
            _found.move_to_end(key)
            return found
    found = measure()
    with _lock:
        _found[key] = found
        while len(_found) > REMEMBERED:
            _found.popitem(last=False)
    return found


def forget() -> None:
    """Drop every remembered result (for tests and benchmarks that time a cold start)."""
    with _lock:
        _found.clear()
