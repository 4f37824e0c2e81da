"""How sure is a component's recommendation? Probabilities over samples of its uncertain
answers, the inputs worth pinning down first, and whether a priority could tip it.

- The recommendation's chance is the share of samples in which an option is recommended;
  the verdict is **robust** when the most frequent outcome wins at least 80% of samples,
  **leaning** from 60%, a **toss-up** below.
- A driver is an uncertain input ranked by its **swing** (see ``drivers.py``): how much
  the chance of the top option changes between the lowest and highest third of a range,
  or between the most and least favourable choice, with the threshold that matters
  ("Serverless wins when “Peak request rate” is at most 1,900 requests/s").
- A priority flip moves one quality attribute one level (unset counts as medium) and
  re-scores the same samples: rule outcomes do not depend on priorities, so no sample is
  drawn again.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np

from . import sampling
from .assessment import State, recommended_under
from .core import Plan, plan_for, priorities_key
from .drivers import drivers as ranked_drivers
from .drivers import option_name
from .explain import format_percent
from .knowledge import OPTION_IDS, KnowledgeBase
from .montecarlo import NONE, SampledComponent, rescore, sample_component, variant_of
from .remembered import content_key, remembered
from .results import (
    PriorityFlip,
    ScoreSpread,
    Uncertainty,
    certainty_verdict,
)
from .spec import ComponentSpec, DesignSpec

__all__ = ["MAX_DRIVERS", "measure"]

MAX_DRIVERS = 12
_MOVES = {"high": ("medium",), "medium": ("high", "low"), "low": ("medium",)}
_PERCENTILES = (0, 10, 25, 50, 75, 90, 100)


def measure(
    plan: Plan,
    spec: DesignSpec,
    component: ComponentSpec,
    state: State,
    samples: int,
    seed: int,
    shared: dict | None = None,
    detail: bool = True,
) -> Uncertainty:
    """The uncertainty of one component of ``spec`` (its answers as given, ranges and
    weights included), whose point answers gave ``state`` under ``plan``. ``shared``
    keeps the draws of system-wide answers for the other components of one design.
    ``detail=False`` leaves the drivers and the priority flips out (empty)."""
    kb = plan.kb
    inputs = sampling.uncertain_inputs(spec, component, kb)
    if not inputs:
        return _certain(plan, spec, state, seed, detail)
    # Editing one component leaves the others' samples as they were (remembered.py).
    key = content_key(
        state.facts,
        inputs,
        kb.digest,
        priorities_key(spec.priorities),
        component.name,
        samples,
        seed,
        detail,
    )
    return remembered(
        key, lambda: _sampled(plan, spec, component, state, inputs, samples, seed, shared, detail)
    )


def _sampled(
    plan: Plan,
    spec: DesignSpec,
    component: ComponentSpec,
    state: State,
    inputs: dict,
    samples: int,
    seed: int,
    shared: dict | None,
    detail: bool,
) -> Uncertainty:
    kb = plan.kb
    drawn = sampling.draw(inputs, kb, component.name, samples, seed, shared)
    sampled = sample_component(plan, state, drawn.columns, samples)
    weights = sampled.counts / samples
    recommended = _shares(sampled.best, weights)
    top = _top(recommended)
    nothing = float(weights[sampled.best == NONE].sum())
    top_probability = recommended[top] if top is not None else nothing
    spreads = {
        oid: ScoreSpread(*_percentiles(sampled.scores[:, oi], sampled.counts))
        for oi, oid in enumerate(OPTION_IDS)
    }
    drivers = []
    if detail:
        codes = sampled.sample_best() + 1
        drivers = ranked_drivers(kb, inputs, drawn, codes, top, MAX_DRIVERS)
    verdict = certainty_verdict(top_probability)
    return Uncertainty(
        samples=samples,
        seed=seed,
        recommended=_rounded(recommended),
        ruled_out={
            oid: _round(float(weights @ sampled.vetoed[:, oi])) for oi, oid in enumerate(OPTION_IDS)
        },
        scores=spreads,
        verdict=verdict,
        drivers=tuple(drivers),
        top=top,
        top_probability=_round(top_probability),
        nothing_left=_round(nothing),
        variants=_variants(kb, sampled, weights),
        inputs=tuple(inputs),
        priority_flips=_flips(plan, spec, top, _sampled_tops(plan, sampled, weights))
        if detail
        else (),
        sentence=_sentence(kb, recommended, top, top_probability, verdict, state, samples),
    )


def _certain(plan: Plan, spec: DesignSpec, state: State, seed: int, detail: bool) -> Uncertainty:
    """One sample: the point answers are all there is."""
    kb = plan.kb
    top = OPTION_IDS[state.best] if state.best is not None else None
    recommended = {oid: float(oid == top) for oid in OPTION_IDS}
    variants = {
        oid: {kb.option(oid).variants[variant_of(plan, state, oi)].id: 1.0}
        for oi, oid in enumerate(OPTION_IDS)
    }

    def tops(plans: list[Plan]) -> list[tuple[str | None, float]]:
        found = recommended_under(plan, plans, state)
        return [(OPTION_IDS[best] if best is not None else None, 1.0) for best in found]

    return Uncertainty(
        samples=1,
        seed=seed,
        recommended=recommended,
        ruled_out={oid: float(state.vetoed[oi]) for oi, oid in enumerate(OPTION_IDS)},
        scores={
            oid: ScoreSpread(*([state.scores[oi]] * len(_PERCENTILES)))
            for oi, oid in enumerate(OPTION_IDS)
        },
        verdict=certainty_verdict(1.0),
        drivers=(),
        top=top,
        top_probability=1.0,
        nothing_left=float(top is None),
        variants=variants,
        inputs=(),
        priority_flips=_flips(plan, spec, top, tops) if detail else (),
        sentence="Every answer it depends on is a single value, so there is nothing to"
        " sample: the recommendation stands as scored.",
    )


# --- Probabilities ---------------------------------------------------------------------


def _round(value: float) -> float:
    return round(float(value), 4)


def _rounded(shares: Mapping[str, float]) -> dict[str, float]:
    return {oid: _round(value) for oid, value in shares.items()}


def _percentiles(scores: np.ndarray, counts: np.ndarray) -> list[int]:
    """The 0th, 10th, 25th, 50th, 75th, 90th and 100th percentile of the samples' scores,
    from each outcome's score and count: the smallest score whose share of samples at or
    below it reaches the percentile (numpy's "inverted_cdf")."""
    # Scores are whole numbers in a narrow span: samples counted per score, no sort.
    low = int(scores.min())
    cumulative = np.cumsum(np.bincount(scores - low, weights=counts))
    total = int(counts.sum())
    # Every share needed is below the total, so each lands on a score that has samples.
    needed = [max(percent * total / 100, 1) - 1e-9 for percent in _PERCENTILES]
    return (np.searchsorted(cumulative, needed) + low).tolist()


def _sampled_tops(plan: Plan, sampled: SampledComponent, weights: np.ndarray):
    """Each plan's most frequent recommendation and its chance (for none: the chance
    that every option is ruled out), all plans scored at once."""

    def tops(plans: list[Plan]) -> list[tuple[str | None, float]]:
        found = []
        for row in rescore(plan, plans, sampled):
            shares = _shares(row, weights)
            top = _top(shares)
            found.append((top, shares[top] if top is not None else 1 - sum(shares.values())))
        return found

    return tops


def _shares(best: np.ndarray, weights: np.ndarray) -> dict[str, float]:
    """Each option's chance of being recommended, from each outcome's best and weight."""
    totals_ = np.bincount(best + 1, weights=weights, minlength=len(OPTION_IDS) + 1)
    return {oid: float(totals_[oi + 1]) for oi, oid in enumerate(OPTION_IDS)}


def _top(shares: Mapping[str, float]) -> str | None:
    # The most frequent; on equal chances the simpler option, as with equal scores.
    top = max(OPTION_IDS, key=lambda oid: (shares[oid], -OPTION_IDS.index(oid)))
    return top if shares[top] > 0 else None


def _variants(kb: KnowledgeBase, sampled: SampledComponent, weights: np.ndarray) -> dict:
    out = {}
    for oi, oid in enumerate(OPTION_IDS):
        option = kb.option(oid)
        found = np.bincount(
            sampled.variants[:, oi] + 1, weights=weights, minlength=len(option.variants) + 1
        )
        out[oid] = {
            variant.id: _round(found[vi + 1])
            for vi, variant in enumerate(option.variants)
            if found[vi + 1] > 0
        }
    return out


# --- Priorities and the verdict -------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _moves(kb: KnowledgeBase, key: tuple[tuple[str, str], ...]) -> tuple[tuple, ...]:
    """(attribute, current level, moved level, plan) for every one-level move of the
    priorities ``key`` (see ``core.priorities_key``)."""
    priorities = dict(key)
    found = []
    for attribute in kb.attributes:
        current = priorities.get(attribute.id) or "medium"
        for level in _MOVES[current]:
            moved = {**priorities, attribute.id: level}
            found.append((attribute.id, current, level, plan_for(kb, priorities_key(moved))))
    return tuple(found)


def _flips(plan: Plan, spec: DesignSpec, top: str | None, tops) -> tuple[PriorityFlip, ...]:
    """The one-level moves of a priority that change the top option. ``tops`` gives, for
    a list of plans, each one's top option and its chance."""
    kb = plan.kb
    moves = _moves(kb, priorities_key(spec.priorities))
    flips = []
    for (attribute, current, level, _), (new_top, probability) in zip(
        moves, tops([move[3] for move in moves]), strict=True
    ):
        if new_top == top:
            continue
        verb = "Raising" if level == "high" or current == "low" else "Lowering"
        label = next(a.label for a in kb.attributes if a.id == attribute)
        flips.append(
            PriorityFlip(
                attribute=attribute,
                label=label,
                current=current,
                moved_to=level,
                recommendation=new_top,
                probability=_round(probability),
                sentence=f"{verb} {label.lower()} from {current} to {level} makes"
                f" {option_name(kb, new_top)} the recommendation"
                + (f" ({format_percent(probability)} of samples)." if probability < 1 else "."),
            )
        )
    return tuple(flips)


def _sentence(kb, recommended, top, top_probability, verdict, state: State, samples: int) -> str:
    if top is None:
        return f"Every option is ruled out in {format_percent(top_probability)} of {samples:,} samples."
    ranked = sorted(
        (oid for oid in OPTION_IDS if recommended[oid] > 0),
        key=lambda oid: (-recommended[oid], OPTION_IDS.index(oid)),
    )
    shown = ", ".join(
        f"{option_name(kb, oid)} {format_percent(recommended[oid])}" for oid in ranked[:3]
    )
    word = {"robust": "Robust", "leaning": "Leaning", "toss-up": "A toss-up"}[verdict]
    text = f"{word}: across {samples:,} samples of the uncertain answers, {shown}."
    point = OPTION_IDS[state.best] if state.best is not None else None
    if point != top:
        text += (
            f" The most likely answers alone recommend {option_name(kb, point)}, but {option_name(kb, top)}"
            " wins more often."
        )
    return text
