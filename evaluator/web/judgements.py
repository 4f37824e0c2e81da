"""The case library judged with a knowledge base, through Django's cache.

The key is the knowledge base's digest (its built-in files and every pack applied) and
a digest of the case files, so an entry is never stale and any process (or machine) may
serve it. A miss judges every case, about a quarter of a second; the rules' citations of
cases need only the files read (``cited_by_rule``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache

from evaluator.cases import CASES_DIR, Summary, Verdict, judge, load_cases, summarise
from evaluator.engine import EvaluatorError, KnowledgeBase

# A judgement is immutable; the timeout only lets unused ones go.
TIMEOUT_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Judgement:
    verdicts: tuple[Verdict, ...]
    summary: Summary


def _case_files():
    return sorted(CASES_DIR.glob("*.yaml"))


def library_size() -> int:
    """How many case files the library holds (without reading them)."""
    return len(_case_files())


def _library_digest() -> str:
    digest = hashlib.sha256()
    for path in _case_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def judged(kb: KnowledgeBase) -> Judgement:
    """Every case judged with ``kb``. Raises ``EvaluatorError`` when a case file does not
    read under ``kb`` (a pack may drop a question a case answers)."""
    key = f"cases:{kb.digest}:{_library_digest()}"
    found = cache.get(key)
    if found is None:
        verdicts = tuple(judge(case, kb) for case in load_cases(kb, CASES_DIR))
        found = Judgement(verdicts, summarise(verdicts))
        cache.set(key, found, TIMEOUT_SECONDS)
    return found


@dataclass(frozen=True)
class Citation:
    """A case named where a rule is shown: enough to link it."""

    slug: str
    system: str
    year: int


def cited_by_rule(kb: KnowledgeBase) -> dict[str, list[Citation]]:
    """Rule id to the cases whose documented reason the rule says (``case.decisive``);
    empty when the library does not read under ``kb`` (the Cases page says why).

    Read from the case files alone, without judging them, and cached like ``judged``:
    the pages that show it (a rule's card, a score's drill-down) are visited often."""
    key = f"cases-cited:{kb.digest}:{_library_digest()}"
    found = cache.get(key)
    if found is None:
        try:
            library = load_cases(kb, CASES_DIR)
        except EvaluatorError:
            library = ()
        found = {}
        for case in library:
            for rule_id in case.decisive:
                found.setdefault(rule_id, []).append(Citation(case.slug, case.system, case.year))
        cache.set(key, found, TIMEOUT_SECONDS)
    return found
