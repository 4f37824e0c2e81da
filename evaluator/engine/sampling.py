"""Drawing samples of a design's uncertain answers, and the point design the scalar
engine scores in their place.

Draws are reproducible and independent of each other: every uncertain answer has its
own random stream, seeded by the run's seed and the question's id (and, for a
component's own answers, the component's name). Adding or changing one uncertain
answer therefore leaves every other answer's samples as they were, and a system-wide
answer (in the context) takes the same values in every component's samples.
"""

from __future__ import annotations

import dataclasses
import functools
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import uncertain, uncertain_reading
from .knowledge import KnowledgeBase
from .spec import ComponentSpec, DesignSpec
from .vector import categories

__all__ = [
    "DEFAULT_SAMPLES",
    "DEFAULT_SEED",
    "Draws",
    "MAX_SAMPLES",
    "check_samples",
    "draw",
    "has_uncertain_answers",
    "point_spec",
    "uncertain_inputs",
]

DEFAULT_SAMPLES = 2_000
MAX_SAMPLES = 100_000
DEFAULT_SEED = 20_261_111


def check_samples(samples: Any, seed: Any) -> None:
    """Raise ValueError unless ``samples`` is a whole number from 1 to ``MAX_SAMPLES`` and
    ``seed`` a whole number from 0."""
    if isinstance(samples, bool) or not isinstance(samples, int):
        raise ValueError(f"the number of samples must be a whole number, not {samples!r}.")
    if not 1 <= samples <= MAX_SAMPLES:
        raise ValueError(
            f"the number of samples must be from 1 to {MAX_SAMPLES:,}, not {samples:,}."
        )
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"the seed must be a whole number from 0, not {seed!r}.")


def has_uncertain_answers(spec: DesignSpec) -> bool:
    """Whether any answer of ``spec`` (system-wide or a component's) is a range or weights."""
    answers = [spec.context, *(component.answers for component in spec.components)]
    return any(uncertain.is_uncertain(value) for facts in answers for value in facts.values())


def _points(facts: Mapping[str, Any], kb: KnowledgeBase) -> dict[str, Any] | None:
    """``facts`` with every uncertain answer replaced by its point, or None if it has none."""
    if not any(uncertain.is_uncertain(value) for value in facts.values()):
        return None
    out = {}
    for qid, value in facts.items():
        if uncertain.is_uncertain(value):
            question = kb.by_id.get(qid)
            value = uncertain_reading.as_asked(question, value)
            value = uncertain.point(question, value) if value is not None else None
        out[qid] = value
    return out


def point_spec(spec: DesignSpec, kb: KnowledgeBase) -> DesignSpec:
    """``spec`` with every uncertain answer replaced by its point (see ``uncertain.py``):
    the design the scalar engine scores. ``spec`` itself when it has no uncertain answer."""
    context = _points(spec.context, kb)
    components = []
    changed = context is not None
    for component in spec.components:
        answers = _points(component.answers, kb)
        if answers is not None:
            component = dataclasses.replace(component, answers=answers)
            changed = True
        components.append(component)
    if not changed:
        return spec
    return dataclasses.replace(
        spec,
        context=context if context is not None else spec.context,
        components=tuple(components),
    )


def uncertain_inputs(
    spec: DesignSpec, component: ComponentSpec, kb: KnowledgeBase
) -> dict[str, uncertain.Uncertain]:
    """The uncertain answers ``component``'s rules can read: its own and the context's,
    each read against its question, in id order. Questions no rule reads are left out."""
    found = {}
    read = _read(kb)
    for facts in (spec.context, component.answers):
        for qid, value in facts.items():
            if uncertain.is_uncertain(value) and qid in read:
                value = uncertain_reading.as_asked(kb.by_id.get(qid), value)
                if value is not None:
                    found[qid] = value
    return dict(sorted(found.items()))


@functools.lru_cache(maxsize=8)
def _read(kb: KnowledgeBase) -> frozenset[str]:
    """Every question a rule or a variant's condition reads."""
    read = set(kb.rules_by_question)
    for option in kb.options:
        for variant in option.variants:
            if variant.when is not None:
                read |= variant.when.reads
    return frozenset(read)


def _stream(seed: int, qid: str, component: str | None) -> np.random.Generator:
    words = [seed, zlib.crc32(qid.encode())]
    if component is not None:
        words.append(zlib.crc32(component.encode()) + 1)
    return np.random.default_rng(np.random.SeedSequence(words))


@dataclass(frozen=True)
class Draws:
    """Samples of a component's uncertain answers: ``columns`` as the evaluator reads
    them (floats for numbers, codes into ``vector.categories`` for yes/no and choices)
    and the ``uniforms`` in [0, 1) they were made from. A range's value never falls as
    its uniform rises, so ``uniform < 1/3`` picks out the samples in the range's lowest
    third."""

    columns: dict[str, np.ndarray]
    uniforms: dict[str, np.ndarray]


def draw(
    inputs: Mapping[str, uncertain.Uncertain],
    kb: KnowledgeBase,
    component: str,
    size: int,
    seed: int,
    shared: dict | None = None,
) -> Draws:
    """``size`` samples of each uncertain input. A system-wide answer takes the same
    values in every component; ``shared`` (a dict the caller keeps for one design)
    saves drawing them again."""
    shared = {} if shared is None else shared
    columns, uniforms = {}, {}
    for qid, value in inputs.items():
        question = kb.by_id[qid]
        key = (qid, value, size, seed) if question.scope == "system" else None
        found = shared.get(key) if key is not None else None
        if found is None:
            owner = None if question.scope == "system" else component
            uniform = _stream(seed, qid, owner).random(size)
            found = (_values(value, question, uniform), uniform)
            if key is not None:
                shared[key] = found
        columns[qid], uniforms[qid] = found
    return Draws(columns, uniforms)


def _values(value: uncertain.Uncertain, question: Any, uniform: np.ndarray) -> np.ndarray:
    if isinstance(value, uncertain.Range):
        return value.draw(uniform, question.integer)
    cumulative = np.cumsum(value.probabilities(categories(question)))
    codes = np.searchsorted(cumulative, uniform, side="right")
    # Rounding can leave the last sum a hair under 1: never draw past the last choice
    # that has any weight.
    last = int(np.flatnonzero(np.diff(np.concatenate(([0.0], cumulative))) > 0)[-1])
    return np.minimum(codes, last).astype(np.int16)
