"""An Evaluation as plain JSON-ready data with a stable shape (docs/evaluation-json.md)."""

from __future__ import annotations

import dataclasses
from typing import Any

from evaluator.engine.results import Evaluation, TradeoffPoint

__all__ = ["evaluation_to_dict"]


def _plain(value: Any) -> Any:
    if isinstance(value, TradeoffPoint):
        data = _fields(value)
        data["gains"] = [{"option": oid, "points": delta} for oid, delta in value.gains]
        data["loses"] = [{"option": oid, "points": delta} for oid, delta in value.loses]
        return data
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _fields(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


def _fields(value: Any) -> dict[str, Any]:
    # Field order is the declaration order, which keeps the JSON key order stable.
    return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}


def evaluation_to_dict(evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation as dicts, lists, strings, numbers, booleans and None.

    Keys come in a fixed order, starting with ``schema_version`` and
    ``knowledge_version``; ``json.dumps`` of the result is byte-for-byte stable.
    """
    return _fields(evaluation)
