"""Loading the knowledge base from its directory, and the project's own, once per process."""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from evaluator.engine.errors import KnowledgeError

from .base import KnowledgeBase
from .options import read_options
from .questions import read_questions
from .reader import Reader, display_path
from .rules import read_rules
from .values import DERIVED_QUESTIONS, Question, Rule

__all__ = ["DEFAULT_PATH", "default_knowledge", "load_knowledge"]

# evaluator/knowledge, next to the engine package.
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "knowledge"


def load_knowledge(path: str | os.PathLike[str] | None = None) -> KnowledgeBase:
    """Load, validate and compile the knowledge base in the directory ``path``.

    The directory holds ``questions.yaml``, ``options.yaml`` and ``rules/*.yaml``; it
    defaults to ``evaluator/knowledge``. Raises :class:`KnowledgeError` on any problem.
    """
    root = Path(path) if path is not None else DEFAULT_PATH
    digest = hashlib.sha256()

    def read(file: Path) -> Reader:
        reader = Reader(file)
        digest.update(file.name.encode() + b"\0" + reader.raw + b"\0")
        return reader

    questions_file = root / "questions.yaml"
    if not questions_file.is_file():
        raise KnowledgeError("questions.yaml is missing.", file=display_path(questions_file))
    version, attributes, groups, questions = read_questions(read(questions_file))
    catalogue: dict[str, Question] = {q.id: q for q in questions}
    catalogue.update(DERIVED_QUESTIONS)

    options_file = root / "options.yaml"
    if not options_file.is_file():
        raise KnowledgeError("options.yaml is missing.", file=display_path(options_file))
    options, head_start = read_options(read(options_file), catalogue)
    by_option = {option.id: option for option in options}

    rules: list[Rule] = []
    seen: dict[str, str] = {}
    attribute_ids = [a.id for a in attributes]
    for file in sorted((root / "rules").glob("*.yaml")):
        rules.extend(read_rules(read(file), catalogue, attribute_ids, seen, by_option))

    return KnowledgeBase(
        version=version,
        attributes=attributes,
        groups=groups,
        questions=questions,
        options=options,
        rules=tuple(rules),
        head_start=head_start,
        digest=digest.hexdigest(),
        path=str(root),
    )


@functools.lru_cache(maxsize=1)
def default_knowledge() -> KnowledgeBase:
    """The project's knowledge base, loaded and compiled once per process."""
    return load_knowledge()
