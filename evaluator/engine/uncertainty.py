"""How sure is a component's recommendation? Probabilities over samples of its uncertain
answers, the inputs worth pinning down first, and whether a priority could tip it.

- The recommendation's chance is the share of samples in which an option is recommended;
  the verdict is **robust** when the most frequent outcome wins at least 80% of samples,
  **leaning** from 60%, a **toss-up** below.
- A driver is an uncertain input ranked by its **swing**: how much the chance of the
  top option changes between the input's lowest and highest third of samples (for a
  number), or between its most and least favourable choice. An input that no rule
  reads at a value inside its range has a swing of 0. For a number, the threshold a
  rule compares it with that best separates the samples where the top option wins
  from the rest is named ("serverless wins when peak load is at most 1,900").
- A priority flip moves one quality attribute one level (unset counts as medium) and
  re-scores the same samples: rule outcomes do not depend on priorities, so no sample is
  drawn again.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np

from . import sampling
from .core import Plan, State, outcome, plan_for, priorities_key, totals, variant_index
from .explain import format_percent, format_span, format_value
from .knowledge import OPTION_IDS, KnowledgeBase
from .montecarlo import NONE, SampledComponent, rescore, sample_component
from .results import (
    Driver,
    DriverPart,
    PriorityFlip,
    ScoreSpread,
    Threshold,
    Uncertainty,
    certainty_verdict,
)
from .spec import ComponentSpec, DesignSpec
from .vector import categories

__all__ = ["MAX_DRIVERS", "measure"]

MAX_DRIVERS = 12
# A split leaving less than this share of samples on one side is noise, not a threshold.
MIN_SPLIT_SHARE = 0.02
_MOVES = {"high": ("medium",), "medium": ("high", "low"), "low": ("medium",)}
_PERCENTILES = (0, 10, 25, 50, 75, 90, 100)


def measure(
    plan: Plan,
    spec: DesignSpec,
    component: ComponentSpec,
    state: State,
    samples: int,
    seed: int,
) -> Uncertainty:
    """The uncertainty of one component of ``spec`` (its answers as given, ranges and
    weights included), whose point answers gave ``state`` under ``plan``."""
    kb = plan.kb
    inputs = sampling.uncertain_inputs(spec, component, kb)
    if not inputs:
        return _certain(plan, spec, state, seed)
    columns = sampling.draw(inputs, kb, component.name, samples, seed)
    sampled = sample_component(plan, state, columns, samples)
    weights = sampled.counts / samples
    recommended = _shares(sampled.best, weights)
    top = _top(recommended)
    nothing = float(weights[sampled.best == NONE].sum())
    top_probability = recommended[top] if top is not None else nothing
    scores = sampled.sample_scores()
    spreads = {}
    for oi, oid in enumerate(OPTION_IDS):
        values = np.percentile(scores[:, oi], _PERCENTILES, method="inverted_cdf")
        spreads[oid] = ScoreSpread(*(int(v) for v in values))
    best = sampled.sample_best()
    drivers = [_driver(kb, qid, inputs[qid], sampled, best, top) for qid in inputs]
    drivers.sort(key=lambda d: (-d.swing, d.question))
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
        drivers=tuple(drivers[:MAX_DRIVERS]),
        top=top,
        top_probability=_round(top_probability),
        nothing_left=_round(nothing),
        variants=_variants(kb, sampled, weights),
        inputs=tuple(inputs),
        priority_flips=_flips(
            plan, spec, top, lambda other: _shares(rescore(other, sampled), weights)
        ),
        sentence=_sentence(kb, recommended, top, top_probability, verdict, state, samples),
    )


def _certain(plan: Plan, spec: DesignSpec, state: State, seed: int) -> Uncertainty:
    """One sample: the point answers are all there is."""
    kb = plan.kb
    top = OPTION_IDS[state.best] if state.best is not None else None
    recommended = {oid: float(oid == top) for oid in OPTION_IDS}
    variants = {}
    for oid in OPTION_IDS:
        chosen = _point_variant(kb.option(oid), state.facts)
        variants[oid] = {chosen: 1.0} if chosen is not None else {}

    def shares(other: Plan) -> dict[str, float]:
        found = outcome(other, *totals(other, state.results))[2]
        return {oid: float(oi == found) for oi, oid in enumerate(OPTION_IDS)}

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
        priority_flips=_flips(plan, spec, top, shares),
        sentence="Every answer it depends on is a single value, so there is nothing to"
        " sample: the recommendation stands as scored.",
    )


def _point_variant(option, facts: Mapping[str, Any]) -> str | None:
    index = variant_index(option.variants, lambda when: when.evaluate(facts) is True)
    return option.variants[index].id if index is not None else None


# --- Probabilities ---------------------------------------------------------------------


def _round(value: float) -> float:
    return round(float(value), 4)


def _rounded(shares: Mapping[str, float]) -> dict[str, float]:
    return {oid: _round(value) for oid, value in shares.items()}


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


def _winner(best: np.ndarray) -> tuple[str | None, float]:
    """The option recommended most often among ``best`` (simpler first on a tie)."""
    if best.size == 0:
        return None, 0.0
    counts = np.bincount(best + 1, minlength=len(OPTION_IDS) + 1)
    # Options before "nothing left", so that a tie goes to an option.
    order = [*range(1, len(OPTION_IDS) + 1), 0]
    index = max(order, key=lambda i: (counts[i], -order.index(i)))
    name = OPTION_IDS[index - 1] if index else None
    return name, _round(counts[index] / best.size)


# --- Drivers ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _thresholds(kb: KnowledgeBase) -> Mapping[str, tuple[float, ...]]:
    """Every number each question is compared with, by rules and by variants."""
    found: dict[str, set[float]] = {}
    conditions = [rule.condition for rule in kb.rules]
    conditions += [v.when for o in kb.options for v in o.variants if v.when is not None]
    for condition in conditions:
        for qid, values in condition.thresholds.items():
            found.setdefault(qid, set()).update(values)
    return {qid: tuple(sorted(values)) for qid, values in found.items()}


def _part(text, value, low, high, mask, best, top) -> DriverPart:
    chosen = best[mask]
    share = chosen.size / best.size
    probability = float(np.mean(chosen == OPTION_IDS.index(top))) if top and chosen.size else 0.0
    winner, winner_probability = _winner(chosen)
    return DriverPart(
        text, value, low, high, _round(share), _round(probability), winner, winner_probability
    )


def _driver(kb, qid, answer, sampled: SampledComponent, best, top) -> Driver:
    question = kb.by_id[qid]
    column = sampled.columns[qid]
    parts: list[DriverPart] = []
    threshold = None
    if question.type == "number":
        order = np.argsort(column, kind="stable")
        cuts = [0, len(order) // 3, len(order) - len(order) // 3, len(order)]
        for index in range(3):
            mask = np.zeros(len(order), dtype=bool)
            mask[order[cuts[index] : cuts[index + 1]]] = True
            if not mask.any():
                continue
            low, high = float(column[mask].min()), float(column[mask].max())
            text = format_span(question, low, high)
            parts.append(_part(text, None, low, high, mask, best, top))
        ends = [parts[0], parts[-1]] if parts else []
        threshold = _threshold(kb, question, column, best, top)
    else:
        for code, value in enumerate(categories(question)):
            mask = column == code
            if mask.any():
                parts.append(
                    _part(format_value(question, value), value, None, None, mask, best, top)
                )
        ends = parts
    probabilities = [part.probability for part in ends]
    swing = _round(max(probabilities) - min(probabilities)) if probabilities else 0.0
    driver = Driver(
        question=qid,
        label=question.label,
        scope=question.scope,
        type=question.type,
        answer_text=format_value(question, answer),
        option=top,
        swing=swing,
        parts=tuple(parts),
        threshold=threshold,
        sentence="",
    )
    return _with_sentence(kb, driver)


def _threshold(kb, question, column, best, top) -> Threshold | None:
    if top is None:
        return None
    wins = best == OPTION_IDS.index(top)
    found = None
    for value in _thresholds(kb).get(question.id, ()):
        below = column <= value
        share = float(below.mean())
        if not MIN_SPLIT_SHARE <= share <= 1 - MIN_SPLIT_SHARE:
            continue
        gap = float(wins[below].mean() - wins[~below].mean())
        # The split that explains most of who wins: between-group variance.
        strength = share * (1 - share) * gap * gap
        if strength > 0 and (found is None or strength > found[0]):
            found = (strength, value, below)
    if found is None:
        return None
    _, value, below = found
    below_winner, below_p = _winner(best[below])
    above_winner, above_p = _winner(best[~below])
    return Threshold(
        value, format_value(question, value), below_winner, below_p, above_winner, above_p
    )


def _name(kb: KnowledgeBase, oid: str | None) -> str:
    return kb.option(oid).name if oid is not None else "no option (all ruled out)"


def _with_sentence(kb: KnowledgeBase, driver: Driver) -> Driver:
    label = (
        driver.label[0].lower() + driver.label[1:] if driver.label[1:2].islower() else driver.label
    )
    if driver.option is None:
        return replace(driver, sentence=f"Every option is ruled out whatever the {label}.")
    name = _name(kb, driver.option)
    threshold = driver.threshold
    if threshold is not None and threshold.below != threshold.above:
        sentence = (
            f"{_name(kb, threshold.below)} wins when {label} is at most {threshold.text}"
            f" ({format_percent(threshold.below_probability)} of those samples); above it,"
            f" {_name(kb, threshold.above)} ({format_percent(threshold.above_probability)})."
        )
    elif driver.swing < 0.02:
        sentence = f"Pinning down {label} would hardly change {name}'s chance of being recommended."
    elif driver.type == "number":
        low, high = driver.parts[0], driver.parts[-1]
        sentence = (
            f"{name}'s chance of being recommended is {format_percent(low.probability)} when"
            f" {label} is {low.text} and {format_percent(high.probability)} when it is"
            f" {high.text}."
        )
    else:
        shown = "; ".join(
            f"{part.text}: {_name(kb, part.winner)} ({format_percent(part.winner_probability)})"
            for part in driver.parts
        )
        sentence = f"Who wins depends on {label}: {shown}."
    return replace(driver, sentence=sentence)


# --- Priorities and the verdict -------------------------------------------------------


def _flips(plan: Plan, spec: DesignSpec, top: str | None, shares) -> tuple[PriorityFlip, ...]:
    kb = plan.kb
    flips = []
    for attribute in kb.attributes:
        current = spec.priorities.get(attribute.id) or "medium"
        for level in _MOVES[current]:
            moved = {**spec.priorities, attribute.id: level}
            found = shares(plan_for(kb, priorities_key(moved)))
            new_top = _top(found)
            if new_top == top:
                continue
            probability = found[new_top] if new_top is not None else 1 - sum(found.values())
            verb = "Raising" if level == "high" or current == "low" else "Lowering"
            flips.append(
                PriorityFlip(
                    attribute=attribute.id,
                    label=attribute.label,
                    current=current,
                    moved_to=level,
                    recommendation=new_top,
                    probability=_round(probability),
                    sentence=f"{verb} {attribute.label.lower()} from {current} to {level} makes"
                    f" {_name(kb, new_top)} the recommendation"
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
    shown = ", ".join(f"{_name(kb, oid)} {format_percent(recommended[oid])}" for oid in ranked[:3])
    word = {"robust": "Robust", "leaning": "Leaning", "toss-up": "A toss-up"}[verdict]
    text = f"{word}: across {samples:,} samples of the uncertain answers, {shown}."
    point = OPTION_IDS[state.best] if state.best is not None else None
    if point != top:
        text += (
            f" The most likely answers alone recommend {_name(kb, point)}, but {_name(kb, top)}"
            " wins more often."
        )
    return text
