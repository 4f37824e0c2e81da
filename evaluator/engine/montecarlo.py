"""Scoring many sampled sets of answers of one component at once.

The rules whose conditions read a sampled answer run over arrays, through the twins the
condition compiler built beside each closure (``vector.py``); every other rule was
decided once, on the shared facts, by the scalar engine. Samples on which every rule
comes out the same are then scored once: each distinct outcome goes through the scalar
engine's own functions (``core.totals``, ``core.outcome``, ``core.variant_index``), and
the samples index into the outcomes. A sample is therefore scored by exactly the code
that scores a point answer, and a change to that code reaches both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .core import Plan, State, assess, outcome, plan_for, priorities_key, totals, variant_index
from .facts import DesignGraph, component_facts
from .knowledge import OPTION_IDS, KnowledgeBase
from .sampling import check_samples, draw, point_spec, uncertain_inputs
from .spec import DesignSpec
from .vector import TRUE, Samples, categories

__all__ = ["SampledComponent", "rescore", "sample_component", "sample_design"]

NONE = -1  # "no option" (every one ruled out) and "no variant", in integer arrays


@dataclass(frozen=True, eq=False)
class SampledComponent:
    """A component scored on ``size`` samples.

    ``columns`` holds the drawn answers (see ``sampling.draw``). Samples are grouped by
    the outcome of the rules: ``inverse[s]`` is sample ``s``'s outcome and ``counts[k]``
    the number of samples with outcome ``k``. Per outcome: ``results`` (every rule's
    outcome, as ``core.assess`` gives them), ``scores`` and ``vetoed`` (outcome x
    option), ``best`` (the option index recommended, ``-1`` when all are ruled out)
    and ``variants`` (outcome x option: the index of the variant, ``-1`` for none).
    """

    size: int
    columns: Mapping[str, np.ndarray]
    inverse: np.ndarray
    counts: np.ndarray
    results: tuple[tuple[bool | None, ...], ...]
    scores: np.ndarray
    vetoed: np.ndarray
    best: np.ndarray
    variants: np.ndarray

    def sample_best(self) -> np.ndarray:
        """The option index recommended in every sample (``-1``: all ruled out)."""
        return self.best[self.inverse]

    def sample_scores(self) -> np.ndarray:
        """Every sample's scores, samples x options."""
        return self.scores[self.inverse]

    def answers(self, kb: KnowledgeBase, index: int) -> dict[str, Any]:
        """Sample ``index``'s drawn answers as plain values (what a design file holds)."""
        out = {}
        for qid, column in self.columns.items():
            question = kb.by_id[qid]
            value = column[index].item()
            if question.type in ("bool", "choice"):
                value = categories(question)[value]
            elif question.integer:
                value = int(value)
            out[qid] = value
        return out


def _conditions(plan: Plan, sampled: set[str]) -> tuple[list[int], list[tuple[int, int]]]:
    """The rules, and the (option, variant) conditions, that read a sampled answer."""
    rules = sorted({i for qid in sampled for i in plan.by_question.get(qid, ())})
    variants = []
    for oi, oid in enumerate(OPTION_IDS):
        for vi, variant in enumerate(plan.kb.option(oid).variants):
            if variant.when is not None and variant.when.reads & sampled:
                variants.append((oi, vi))
    return rules, variants


def _holds(condition, samples: Samples) -> np.ndarray:
    result = condition.vector(samples)
    if isinstance(result, int):
        return np.full(samples.size, result == TRUE)
    return result == TRUE


def _distinct_rows(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(first sample of each distinct row, each sample's row number, rows' counts)."""
    size, width = matrix.shape
    if width == 0:
        return np.zeros(1, dtype=np.intp), np.zeros(size, dtype=np.intp), np.array([size])
    packed = np.packbits(matrix, axis=1)
    words = -(-packed.shape[1] // 8)
    padded = np.zeros((size, words * 8), dtype=np.uint8)
    padded[:, : packed.shape[1]] = packed
    keys = padded.view(np.uint64)
    if words == 1:
        _, first, inverse, counts = np.unique(
            keys[:, 0], return_index=True, return_inverse=True, return_counts=True
        )
    else:
        _, first, inverse, counts = np.unique(
            keys, axis=0, return_index=True, return_inverse=True, return_counts=True
        )
    return first, inverse.reshape(size), counts


def sample_component(
    plan: Plan, state: State, columns: Mapping[str, np.ndarray], size: int
) -> SampledComponent:
    """Score ``size`` samples of a component whose point answers gave ``state``.

    ``columns`` are the drawn answers of its uncertain questions (``sampling.draw``); the
    other answers are ``state.facts``.
    """
    samples = Samples(size, state.facts, columns)
    rules, variant_keys = _conditions(plan, set(columns))
    kb = plan.kb
    options = [kb.option(oid) for oid in OPTION_IDS]
    conditions = [kb.rules[i].condition for i in rules]
    conditions += [options[oi].variants[vi].when for oi, vi in variant_keys]
    matrix = np.empty((size, len(conditions)), dtype=bool)
    for column, condition in enumerate(conditions):
        matrix[:, column] = _holds(condition, samples)
    first, inverse, counts = _distinct_rows(matrix)
    # Variant conditions by identity: each is decided once on the shared facts, and
    # per outcome where it reads a sampled answer.
    shared = {
        id(variant.when): variant.when.evaluate(state.facts) is True
        for option in options
        for variant in option.variants
        if variant.when is not None
    }
    sampled_whens = [id(options[oi].variants[vi].when) for oi, vi in variant_keys]
    results, scores, vetoed, best, chosen = [], [], [], [], []
    for row in matrix[first]:
        outcomes = list(state.results)
        for position, index in enumerate(rules):
            outcomes[index] = bool(row[position])
        held = dict(shared)
        held.update(zip(sampled_whens, (bool(v) for v in row[len(rules) :]), strict=True))
        sums, vetoes = totals(plan, outcomes)
        row_scores, row_vetoed, row_best, _ = outcome(plan, sums, vetoes)
        results.append(tuple(outcomes))
        scores.append(row_scores)
        vetoed.append(row_vetoed)
        best.append(NONE if row_best is None else row_best)
        chosen.append([_variant(option, held) for option in options])
    return SampledComponent(
        size=size,
        columns=dict(columns),
        inverse=inverse,
        counts=counts,
        results=tuple(results),
        scores=np.array(scores, dtype=np.int64),
        vetoed=np.array(vetoed, dtype=bool),
        best=np.array(best, dtype=np.intp),
        variants=np.array(chosen, dtype=np.intp),
    )


def _variant(option, held: Mapping[int, bool]) -> int:
    index = variant_index(option.variants, lambda when: held[id(when)])
    return NONE if index is None else index


def rescore(plan: Plan, sampled: SampledComponent) -> np.ndarray:
    """The option recommended for each outcome of ``sampled`` under another ``plan``
    (other priorities): rule outcomes do not depend on priorities, only the points do."""
    best = []
    for results in sampled.results:
        sums, vetoes = totals(plan, results)
        found = outcome(plan, sums, vetoes)[2]
        best.append(NONE if found is None else found)
    return np.array(best, dtype=np.intp)


def sample_design(
    spec: DesignSpec, kb: KnowledgeBase, *, samples: int, seed: int
) -> dict[str, SampledComponent]:
    """Every component of ``spec`` scored on ``samples`` draws of its uncertain answers,
    by name: the rows behind each component's ``uncertainty``. A component without
    uncertain answers has no columns and one outcome that every sample shares."""
    check_samples(samples, seed)
    points = point_spec(spec, kb)
    plan = plan_for(kb, priorities_key(spec.priorities))
    graph = DesignGraph.of(points)
    out = {}
    for given, component in zip(spec.components, points.components, strict=True):
        state = assess(plan, component_facts(points, component, graph))
        inputs = uncertain_inputs(spec, given, kb)
        columns = draw(inputs, kb, given.name, samples, seed)
        out[given.name] = sample_component(plan, state, columns, samples)
    return out
