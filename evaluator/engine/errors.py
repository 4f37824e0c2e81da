"""One small hierarchy of errors that say what is wrong and where.

Every refusal the engine makes carries the file, the line and column (1-based) where YAML
knows them, the path of keys that leads to the bad value, and where it can, a hint of what
to write instead. ``str(error)`` is the sentence shown to people.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """Render ``("components", 2, "answers", "peak_rps")`` as ``components[2].answers.peak_rps``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def did_you_mean(name: object, candidates: Iterable[str]) -> str | None:
    """A "did you mean ..." hint naming the closest candidate, or None when nothing is close."""
    if not isinstance(name, str):
        return None
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"Did you mean '{matches[0]}'?" if matches else None


class EvaluatorError(Exception):
    """Base of every error the engine raises on bad input."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        path: Path = (),
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.path = tuple(path)
        self.hint = hint

    @property
    def where(self) -> str:
        """The key path as text, empty for the document as a whole."""
        return format_path(self.path)

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(f"line {self.line}")
            if self.column is not None:
                parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = self.message
        if self.where:
            text = f"{self.where}: {text}"
        location = self.location()
        if location:
            text = f"{location}: {text}"
        if self.hint:
            text = f"{text} {self.hint}"
        return text

    def to_dict(self) -> dict:
        return {
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.where,
            "hint": self.hint,
        }


class DesignError(EvaluatorError):
    """A design file, dict or form does not describe a valid design."""


class KnowledgeError(EvaluatorError):
    """The knowledge base (questions, options, rules) is invalid."""
