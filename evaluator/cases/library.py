"""Reading the case library: documented architecture decisions, each with its design.

A case file (``designs/cases/*.yaml``) holds two documents in one mapping: ``case``, what
a public source says a team decided and why, and ``design``, the decision's facts encoded
as an ordinary design file (format ``tradeoff-evaluator/1``). Answers the source does not
state are estimates and are listed in ``case.estimated``; only those are varied when the
judgement looks for a single plausible answer change that would flip the verdict.

Every mistake is a ``DesignError`` naming the file, line and key, like a design file's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaluator.engine.errors import DesignError, did_you_mean
from evaluator.engine.knowledge import OPTION_IDS, KnowledgeBase
from evaluator.engine.reading import read_design
from evaluator.engine.safeyaml import YamlDocument, load_yaml
from evaluator.engine.spec import DesignSpec

__all__ = ["CASES_DIR", "Case", "Source", "load_case", "load_cases"]

CASES_DIR = Path(__file__).resolve().parents[2] / "designs" / "cases"

_CASE_KEYS = (
    "system",
    "year",
    "source",
    "component",
    "decision",
    "rejected",
    "reason",
    "decisive",
    "estimated",
)
_OPTIONAL_CASE_KEYS = ("variant", "fashionable")
_SOURCE_KEYS = ("title", "publisher", "year")
_OPTIONAL_SOURCE_KEYS = ("author", "url")


@dataclass(frozen=True)
class Source:
    """Where the decision is documented."""

    title: str
    publisher: str
    year: int
    author: str = ""
    url: str = ""

    def cite(self) -> str:
        by = f"{self.author}, " if self.author else ""
        return f"{by}“{self.title}”, {self.publisher}, {self.year}"


@dataclass(frozen=True)
class Case:
    """One documented decision and the design that encodes its facts."""

    slug: str
    system: str
    year: int
    source: Source
    component: str
    decision: str
    variant: str | None
    rejected: tuple[str, ...]
    fashionable: str | None
    reason: str
    decisive: tuple[str, ...]
    estimated: tuple[str, ...]
    spec: DesignSpec
    dropped: tuple[str, ...] = ()  # answers an older catalogue could not read (lenient)


class _Checker:
    def __init__(self, document: YamlDocument, filename: str) -> None:
        self.document = document
        self.filename = filename

    def fail(self, path: tuple, message: str, hint: str | None = None) -> DesignError:
        position = self.document.position(path)
        line, column = position if position else (None, None)
        return DesignError(
            message, file=self.filename, line=line, column=column, path=path, hint=hint
        )

    def mapping(self, value: Any, path: tuple, required: tuple, optional: tuple = ()) -> Mapping:
        if not isinstance(value, Mapping):
            raise self.fail(path, "must be a mapping.")
        allowed = required + optional
        for key in value:
            if key not in allowed:
                raise self.fail((*path, key), f"unknown key {key!r}.", did_you_mean(key, allowed))
        for key in required:
            if value.get(key) is None:
                raise self.fail(path, f"needs {key!r}.")
        return value

    def text(self, value: Any, path: tuple) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, f"must be a non-empty text, got {value!r}.")
        return " ".join(value.split())

    def year(self, value: Any, path: tuple) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1950 <= value <= 2100:
            raise self.fail(path, f"must be a year such as 2018, got {value!r}.")
        return value

    def option(self, value: Any, path: tuple) -> str:
        if value not in OPTION_IDS:
            raise self.fail(path, f"{value!r} is not an option.", did_you_mean(value, OPTION_IDS))
        return value

    def texts(self, value: Any, path: tuple) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.fail(path, "must be a list.")
        return tuple(self.text(item, (*path, index)) for index, item in enumerate(value))


def _readable(data: Any, kb: KnowledgeBase, filename: str) -> tuple[Any, tuple[str, ...]]:
    """The design with every answer the catalogue cannot read removed, and what went.

    For judging a case against an older knowledge base, which cannot hear newer facts.
    """
    reading = read_design(data, kb, filename=filename)
    dropped: list[str] = []
    for error in reading.errors:
        path = error.path
        if len(path) == 2 and path[0] == "context":
            data["context"].pop(path[1], None)
            dropped.append(path[1])
        elif len(path) == 4 and path[0] == "components" and path[2] == "answers":
            data["components"][path[1]]["answers"].pop(path[3], None)
            dropped.append(path[3])
    return data, tuple(dropped)


def load_case(path: Path, kb: KnowledgeBase, *, lenient: bool = False) -> Case:
    """Read one case file, checking the case and its design against ``kb``.

    ``lenient`` drops the answers ``kb`` cannot read instead of refusing them.
    """
    filename = path.name
    document = load_yaml(path.read_bytes(), filename=filename)
    check = _Checker(document, filename)
    top = check.mapping(document.data, (), ("case", "design"))
    raw = check.mapping(top["case"], ("case",), _CASE_KEYS, _OPTIONAL_CASE_KEYS)
    here = ("case",)
    src = check.mapping(raw["source"], (*here, "source"), _SOURCE_KEYS, _OPTIONAL_SOURCE_KEYS)
    source = Source(
        title=check.text(src["title"], (*here, "source", "title")),
        publisher=check.text(src["publisher"], (*here, "source", "publisher")),
        year=check.year(src["year"], (*here, "source", "year")),
        author=check.text(src["author"], (*here, "source", "author")) if src.get("author") else "",
        url=check.text(src["url"], (*here, "source", "url")) if src.get("url") else "",
    )
    dropped: tuple[str, ...] = ()
    data = top["design"]
    if lenient:
        data, dropped = _readable(data, kb, filename)
    reading = read_design(
        data, kb, filename=filename, locate=lambda p: document.position(("design", *p))
    )
    spec = reading.raise_first()
    case = Case(
        slug=path.stem,
        system=check.text(raw["system"], (*here, "system")),
        year=check.year(raw["year"], (*here, "year")),
        source=source,
        component=check.text(raw["component"], (*here, "component")),
        decision=check.option(raw["decision"], (*here, "decision")),
        variant=check.text(raw["variant"], (*here, "variant")) if raw.get("variant") else None,
        rejected=tuple(
            check.option(value, (*here, "rejected", i)) for i, value in enumerate(raw["rejected"])
        ),
        fashionable=(
            check.option(raw["fashionable"], (*here, "fashionable"))
            if raw.get("fashionable")
            else None
        ),
        reason=check.text(raw["reason"], (*here, "reason")),
        decisive=check.texts(raw["decisive"], (*here, "decisive")),
        estimated=check.texts(raw["estimated"], (*here, "estimated")),
        spec=spec,
        dropped=dropped,
    )
    _check_consistency(case, kb, check, lenient)
    return case


def _check_consistency(case: Case, kb: KnowledgeBase, check: _Checker, lenient: bool) -> None:
    here = ("case",)
    names = [component.name for component in case.spec.components]
    if case.component not in names:
        raise check.fail((*here, "component"), f"no component {case.component!r} in the design.")
    if case.decision in case.rejected:
        raise check.fail((*here, "rejected"), "the decision cannot also be rejected.")
    if not case.rejected:
        raise check.fail((*here, "rejected"), "name at least one option the case rejects.")
    if case.fashionable is not None and case.fashionable not in case.rejected:
        raise check.fail((*here, "fashionable"), "the fashionable answer must be a rejected one.")
    if lenient:
        return
    variants = [variant.id for variant in kb.option(case.decision).variants]
    if case.variant is not None and case.variant not in variants:
        raise check.fail(
            (*here, "variant"),
            f"{case.decision} has no variant {case.variant!r}.",
            did_you_mean(case.variant, variants),
        )
    for index, rule_id in enumerate(case.decisive):
        if rule_id not in kb.rule_by_id:
            raise check.fail(
                (*here, "decisive", index),
                f"no rule {rule_id!r}.",
                did_you_mean(rule_id, list(kb.rule_by_id)),
            )
    answered = set(case.spec.context) | set(case.spec.component(case.component).answers)
    for index, qid in enumerate(case.estimated):
        if qid not in answered:
            raise check.fail(
                (*here, "estimated", index),
                f"{qid!r} is not answered in the context or by {case.component!r}.",
            )


def load_cases(kb: KnowledgeBase, directory: Path = CASES_DIR, *, lenient: bool = False):
    """Every case in ``directory`` (``*.yaml``), by file name."""
    return tuple(
        load_case(path, kb, lenient=lenient) for path in sorted(Path(directory).glob("*.yaml"))
    )
