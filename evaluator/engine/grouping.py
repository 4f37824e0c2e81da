"""Grouping alike values and rows, so that the work per sample is done once per group.

A component's samples mostly fall into a few thousand outcomes: the same rules hold and
the same variants apply. Everything here answers "which of these are alike?" with sorts
and tables over whole arrays, the way ``np.unique`` does, only faster for the shapes the
evaluator of uncertain answers meets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

__all__ = ["distinct_columns", "distinct_rows", "distinct_values", "per_value"]

# Bits in one row key: a row of more varying columns is grouped word by word instead.
_KEY_BITS = 64

Groups = tuple[np.ndarray, np.ndarray, np.ndarray]


def distinct_values(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct values, each element's index among them), like ``np.unique``; whole
    numbers in a narrow span are marked off in a table instead of sorted, which is much
    faster."""
    flat = values.reshape(-1)
    if flat.size and flat.dtype.kind in "iu":
        low = int(flat.min())
        span = int(flat.max()) - low + 1
        if span <= max(8 * flat.size, 1 << 18):
            offsets = flat - low
            present = np.zeros(span, dtype=bool)
            present[offsets] = True
            distinct = np.flatnonzero(present) + low
            # Each value's rank among the distinct ones, read off a table: no search.
            rank = np.cumsum(present, dtype=np.intp) - 1
            return distinct, rank[offsets].reshape(values.shape)
    distinct, inverse = np.unique(flat, return_inverse=True)
    return distinct, inverse.reshape(values.shape)


def per_value(fn: Callable[[Any], Any], values: np.ndarray) -> np.ndarray:
    """``fn`` of each element, called once per distinct element."""
    distinct, inverse = distinct_values(values)
    return np.array([fn(value) for value in distinct.tolist()])[inverse]


def distinct_rows(matrix: np.ndarray) -> Groups:
    """(the first row index of each distinct row, each row's distinct number, counts).

    Groups are numbered in the order of their rows' keys, and each group's first row is
    its first in ``matrix``."""
    size, width = matrix.shape
    if width == 0 or size == 0:
        return _one_group(size)
    if matrix.dtype == bool:
        # Rows of bits packed into whole words: one word compares as fast as a number.
        packed = np.packbits(matrix, axis=1)
        words = -(-packed.shape[1] // 8)
        keys = np.zeros((size, words * 8), dtype=np.uint8)
        keys[:, : packed.shape[1]] = packed
        keys = keys.view(np.uint64)
    else:
        keys = matrix
    if keys.shape[1] == 1:
        return _groups(keys[:, 0], np.argsort(keys[:, 0]))
    # Equal rows fall side by side in the rows sorted by their words, the first word first.
    return _groups(keys, np.lexsort(keys.T[::-1]))


def distinct_columns(columns: Sequence[np.ndarray], size: int) -> Groups:
    """``distinct_rows`` of the (size x columns) matrix of these boolean columns, without
    building it. A column that holds for every row or for none sets no row apart, so only
    the others are read; up to 64 of them make one whole number per row, which sorts far
    faster than rows of several words (measured on a component's 10,000 samples: 1.3 ms,
    against 4.3 ms to stack the matrix and sort it by words)."""
    varying = [c for c in columns if 0 < np.count_nonzero(c) < size]
    if not varying:
        return _one_group(size)
    if len(varying) > _KEY_BITS:
        return distinct_rows(np.stack(varying, axis=1))
    key = np.zeros(size, dtype=np.uint64)
    for bit, column in enumerate(varying):
        key |= column.astype(np.uint64) << np.uint64(bit)
    return _groups(key, np.argsort(key))


def _one_group(size: int) -> Groups:
    return (
        np.zeros(min(size, 1), dtype=np.intp),
        np.zeros(size, dtype=np.intp),
        np.array([size] if size else [], dtype=np.intp),
    )


def _groups(keys: np.ndarray, order: np.ndarray) -> Groups:
    """The groups of equal ``keys`` (one per row, or rows of words) from an ``order`` that
    sorts them. The sort need not be stable: each group's first row is the least index
    among its rows."""
    ordered = keys[order]
    size = len(ordered)
    starts = np.empty(size, dtype=bool)
    starts[0] = True
    if ordered.ndim == 1:
        np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    else:
        np.any(ordered[1:] != ordered[:-1], axis=1, out=starts[1:])
    inverse = np.empty(size, dtype=np.intp)
    inverse[order] = np.cumsum(starts) - 1
    at = np.flatnonzero(starts)
    counts = np.diff(np.append(at, size))
    return np.minimum.reduceat(order, at), inverse, counts
