"""Reading one knowledge file: guarded YAML, and every mistake a located KnowledgeError."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from evaluator.engine.errors import KnowledgeError, did_you_mean
from evaluator.engine.safeyaml import YamlDocument, load_yaml

__all__ = ["AS_OF_RE", "ID_RE", "MAX_KNOWLEDGE_BYTES", "Reader", "display_path"]

MAX_KNOWLEDGE_BYTES = 2 * 1024 * 1024
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
AS_OF_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


class Reader:
    """Reads one knowledge file and turns every mistake into a located KnowledgeError."""

    def __init__(self, path: Path) -> None:
        filename = display_path(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise KnowledgeError(f"cannot read the file: {exc.strerror}.", file=filename) from None
        self._read(raw, filename, MAX_KNOWLEDGE_BYTES)

    @classmethod
    def of_bytes(cls, raw: bytes, filename: str, max_bytes: int) -> Reader:
        """A reader of text that is not a file on disk (an upload, a stored pack)."""
        reader = cls.__new__(cls)
        reader._read(raw, filename, max_bytes)
        return reader

    def _read(self, raw: bytes, filename: str, max_bytes: int) -> None:
        self.filename = filename
        self.raw = raw
        self.document: YamlDocument = load_yaml(
            raw, filename=filename, max_bytes=max_bytes, error=KnowledgeError
        )

    def fail(self, path: tuple, message: str, hint: str | None = None) -> KnowledgeError:
        position = self.document.position(path)
        line, column = position if position else (None, None)
        return KnowledgeError(
            message, file=self.filename, line=line, column=column, path=path, hint=hint
        )

    def mapping(
        self,
        value: Any,
        path: tuple,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
        what: str = "this entry",
    ) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(path, f"{what} must be a mapping.")
        allowed = required + optional
        for key in value:
            if key not in allowed:
                raise self.fail(
                    (*path, key),
                    f"unknown key {key!r}.",
                    did_you_mean(key, allowed) or f"Allowed keys: {', '.join(allowed)}.",
                )
        for key in required:
            if value.get(key) is None:
                raise self.fail(path, f"{what} needs {key!r}.")
        return value

    def items(self, value: Any, path: tuple, what: str, *, empty: bool = False) -> list:
        if value is None and empty:
            return []
        if not isinstance(value, list) or (not value and not empty):
            raise self.fail(path, f"{what} must be a {'' if empty else 'non-empty '}list.")
        return value

    def text(self, value: Any, path: tuple, what: str, *, optional: bool = False) -> str:
        if value is None and optional:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, f"{what} must be a non-empty text, got {value!r}.")
        return value.strip()

    def texts(self, value: Any, path: tuple, what: str) -> tuple[str, ...]:
        items = self.items(value, path, what, empty=True)
        return tuple(
            self.text(item, (*path, index), f"each of {what}") for index, item in enumerate(items)
        )

    def identifier(self, value: Any, path: tuple, what: str, pattern: re.Pattern = ID_RE) -> str:
        if not isinstance(value, str) or not pattern.match(value):
            raise self.fail(
                path,
                f"{what} {value!r} is not a valid id.",
                "Ids are lower-case letters, digits and underscores, like 'peak_rps'.",
            )
        return value

    def unique(self, seen: dict[str, tuple], value: str, path: tuple, what: str) -> None:
        if value in seen:
            first = self.document.position(seen[value])
            where = f" (first at line {first[0]})" if first else ""
            raise self.fail(path, f"{what} {value!r} is defined twice{where}.")
        seen[value] = path

    def as_of(self, value: Any, path: tuple) -> str:
        """The date a fact or limit was checked: "2026", "2026-01" or "2026-01-15"."""
        if not isinstance(value, str) or not AS_OF_RE.match(value):
            raise self.fail(
                path,
                f'as_of must be a date such as "2026-01", got {value!r}.',
                'Quote it: as_of: "2026-01".',
            )
        return value

    def number(self, value: Any, path: tuple, what: str) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise self.fail(path, f"{what} must be a finite number, got {value!r}.")
        return value


def display_path(path: Path) -> str:
    """The path as people will look for it: relative to the working directory if inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative
