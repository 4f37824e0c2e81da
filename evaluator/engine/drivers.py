"""The drivers of an uncertain recommendation: which uncertain input, pinned down, would
settle it most.

Each uncertain input's samples are cut into slices: a range into its thirds (the
distribution's lowest, middle and highest third, by the uniform draw each value was
made from), weights into their choices. In each slice: how often the component's top
option is recommended, and which option is recommended most. The **swing** is the change
in the top option's chance between the lowest and the highest third of a range, or
between the most and the least favourable choice; drivers are ranked by it. For a range,
the **threshold** is the number a rule compares the input with, inside the samples, that
best separates the samples where the top option wins from the rest (the split with the
largest between-group variance, with at least 2% of samples on either side). A range
that no rule compares with a number inside it cannot change anything: its swing is 0.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from .explain import format_percent, format_span, format_value
from .knowledge import OPTION_IDS, KnowledgeBase
from .results import Driver, DriverPart, Threshold
from .sampling import Draws
from .uncertain import Range, Uncertain
from .vector import categories

__all__ = ["drivers", "option_name", "winner"]

MIN_SPLIT_SHARE = 0.02
# Slices x outcome codes: the recommended option's index + 1 (0: every option ruled out).
_CODES = len(OPTION_IDS) + 1
# Options first and "nothing left" last, so that a tie goes to an option, the simpler first.
_ORDER = (*range(1, _CODES), 0)


def _round(value: float) -> float:
    return round(float(value), 4)


def winner(counts: Sequence[int]) -> tuple[str | None, float]:
    """The outcome most frequent in ``counts`` (by outcome code) and its share."""
    total = sum(counts)
    if not total:
        return None, 0.0
    # max keeps the first of equal counts, so _ORDER breaks ties.
    code = max(_ORDER, key=counts.__getitem__)
    return (OPTION_IDS[code - 1] if code else None), _round(counts[code] / total)


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


def _tidy(value: float) -> float:
    # Numbers as people read them: two decimals at most, whole numbers as such.
    value = round(float(value), 2)
    return int(value) if value.is_integer() else value


def drivers(
    kb: KnowledgeBase,
    inputs: Mapping[str, Uncertain],
    drawn: Draws,
    codes: np.ndarray,
    top: str | None,
    most: int,
) -> list[Driver]:
    """The ``most`` inputs whose pinning down would settle the recommendation most, by
    swing (then id); ``codes`` holds every sample's outcome code (the recommended
    option's index + 1, 0 when none is left). Every input's swing comes from its counts
    alone; the parts, a threshold and a sentence are worked out only for the drivers
    kept."""
    # Outcome codes fit a byte, and so do a range's third and a code together: counting
    # over bytes moves an eighth of the memory that whole numbers would.
    codes = codes.astype(np.uint8)
    top_code = OPTION_IDS.index(top) + 1 if top is not None else None
    counts = {qid: _counts(kb, qid, answer, drawn, codes) for qid, answer in inputs.items()}
    swings = {qid: _swing(kb, qid, answer, counts[qid], top_code) for qid, answer in inputs.items()}
    # Where every sample recommends the same, no threshold sets samples apart.
    divided = top_code is not None and not bool(np.all(codes == top_code))
    out = []
    for qid in sorted(inputs, key=lambda qid: (-swings[qid], qid))[:most]:
        answer = inputs[qid]
        item = _driver(kb, qid, answer, counts[qid], top, swings[qid])
        if isinstance(answer, Range) and divided:
            threshold = _threshold(kb, kb.by_id[qid], drawn.columns[qid], codes, top_code)
            item = replace(item, threshold=threshold)
        out.append(replace(item, sentence=_sentence(kb, item)))
    return out


def _counts(
    kb: KnowledgeBase, qid: str, answer: Uncertain, drawn: Draws, codes: np.ndarray
) -> list[list[int]]:
    """Per slice of ``qid``'s samples (a range's thirds, or its choices), the samples
    by outcome code, as Python numbers: a few dozen of them, read one at a time."""
    if isinstance(answer, Range):
        uniform = drawn.uniforms[qid]
        slices = (uniform >= 1 / 3).view(np.uint8) + (uniform >= 2 / 3).view(np.uint8)
        count = 3
    else:
        slices = drawn.columns[qid]
        count = len(categories(kb.by_id[qid]))
    found = np.bincount(slices * _CODES + codes, minlength=count * _CODES)
    return found.reshape(-1, _CODES).tolist()


def _chance(row: list[int], top_code: int | None) -> float:
    """The top option's chance among the samples of one slice (``row``, by code)."""
    return _round(row[top_code] / sum(row)) if top_code is not None else 0.0


def _swing(
    kb: KnowledgeBase, qid: str, answer: Uncertain, counts: list[list[int]], top_code
) -> float:
    """How much the top option's chance changes between the slices of ``qid`` that
    hold samples: its lowest and highest third, or its choices."""
    chances = [_chance(row, top_code) for row in counts if sum(row)]
    if isinstance(answer, Range):
        if not any(answer.low <= t <= answer.high for t in _thresholds(kb).get(qid, ())):
            # No rule compares it with a number inside its range: it cannot change any
            # outcome, and what differs between its thirds is sampling noise.
            return 0.0
        chances = chances[:1] + chances[-1:]
    return _round(max(chances) - min(chances)) if chances else 0.0


def _driver(
    kb: KnowledgeBase,
    qid: str,
    answer: Uncertain,
    counts: list[list[int]],
    top: str | None,
    swing: float,
) -> Driver:
    """The driver ``qid`` without its threshold and sentence."""
    question = kb.by_id[qid]
    top_code = OPTION_IDS.index(top) + 1 if top is not None else None
    if isinstance(answer, Range):
        edges = [_tidy(answer.quantile(share, question.integer)) for share in (0, 1 / 3, 2 / 3, 1)]
        labels = [
            (format_span(question, edges[i], edges[i + 1]), None, edges[i], edges[i + 1])
            for i in range(3)
        ]
    else:
        labels = [
            (format_value(question, value), value, None, None) for value in categories(question)
        ]
    size = sum(map(sum, counts))
    parts = []
    for (text, value, low, high), row in zip(labels, counts, strict=True):
        inside = sum(row)
        if inside:
            name, share = winner(row)
            chance = _chance(row, top_code)
            parts.append(
                DriverPart(text, value, low, high, _round(inside / size), chance, name, share)
            )
    return Driver(
        question=qid,
        label=question.label,
        scope=question.scope,
        type=question.type,
        answer_text=format_value(question, answer),
        option=top,
        swing=swing,
        parts=tuple(parts),
        threshold=None,
        sentence="",
    )


def _threshold(kb, question, column, codes, top_code) -> Threshold | None:
    """The rule threshold inside the samples that best separates where the top wins."""
    if top_code is None:
        return None
    low, high = column.min(), column.max()
    candidates = np.array([t for t in _thresholds(kb).get(question.id, ()) if low <= t < high])
    if not candidates.size:
        return None
    # A sample is at or below candidate j exactly when fewer than j + 1 candidates are
    # below it: counting samples by that number and by outcome gives every split at once.
    # A question has a few thresholds, and a pass over the column per candidate is many
    # times faster than a binary search per sample (np.searchsorted).
    bucket = np.zeros(len(column), dtype=np.uint16)
    for candidate in candidates.tolist():
        bucket += column > candidate
    table = np.bincount(bucket * _CODES + codes, minlength=(len(candidates) + 1) * _CODES)
    under = np.cumsum(table.reshape(-1, _CODES), axis=0)  # row j: at or below candidate j
    below, won = under.sum(axis=1).tolist(), under[:, top_code].tolist()
    size, all_won = len(column), won[-1]
    best = None
    for j, value in enumerate(candidates.tolist()):
        share = below[j] / size
        if not MIN_SPLIT_SHARE <= share <= 1 - MIN_SPLIT_SHARE:
            continue
        gap = won[j] / below[j] - (all_won - won[j]) / (size - below[j])
        strength = share * (1 - share) * gap * gap
        if strength > 0 and (best is None or strength > best[0]):
            best = (strength, j, value)
    if best is None:
        return None
    _, j, value = best
    counts = [(under[-1] - under[j]).tolist(), under[j].tolist()]
    (above_name, above_share), (below_name, below_share) = map(winner, counts)
    value = _tidy(value)
    return Threshold(
        value, format_value(question, value), below_name, below_share, above_name, above_share
    )


def option_name(kb: KnowledgeBase, oid: str | None) -> str:
    return kb.option(oid).name if oid is not None else "no option (all ruled out)"


def _sentence(kb: KnowledgeBase, driver: Driver) -> str:
    label = f"\u201c{driver.label}\u201d"
    if driver.option is None:
        return f"Every option is ruled out whatever {label} is."
    name = option_name(kb, driver.option)
    threshold = driver.threshold
    if threshold is not None and threshold.below != threshold.above:
        return (
            f"{option_name(kb, threshold.below)} wins when {label} is at most {threshold.text}"
            f" ({format_percent(threshold.below_probability)} of those samples); above that,"
            f" {option_name(kb, threshold.above)} ({format_percent(threshold.above_probability)})."
        )
    if driver.swing < 0.02:
        return f"Pinning down {label} would hardly change {name}'s chance of being recommended."
    if driver.type == "number":
        low, high = driver.parts[0], driver.parts[-1]
        return (
            f"{name}'s chance of being recommended is {format_percent(low.probability)} when"
            f" {label} is {low.text} and {format_percent(high.probability)} when it is"
            f" {high.text}."
        )
    shown = "; ".join(
        f"{part.text}: {option_name(kb, part.winner)} ({format_percent(part.winner_probability)})"
        for part in driver.parts
    )
    return f"Who wins depends on {label}: {shown}."
