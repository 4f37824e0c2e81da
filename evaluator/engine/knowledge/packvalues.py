"""The values a pack is read into (``docs/packs.md``); ``packreader`` fills them in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from evaluator.engine.errors import KnowledgeError
from evaluator.engine.safeyaml import YamlDocument

from .values import PackRef, Question, Rule, Variant

__all__ = ["AddedTechnologies", "NewVariant", "Pack", "PackSource", "RuleChange"]


@dataclass(frozen=True)
class PackSource:
    """Where a pack's knowledge comes from."""

    title: str
    url: str
    date: str


@dataclass(frozen=True)
class NewVariant:
    """A variant a pack adds to an option, tried just before the variant ``before``."""

    option: str
    variant: Variant
    before: str


@dataclass(frozen=True)
class AddedTechnologies:
    """Technologies a pack adds to a built-in variant's list."""

    option: str
    variant: str
    technologies: tuple[str, ...]


@dataclass(frozen=True)
class RuleChange:
    """New points for a built-in rule, or the rule switched off, and why."""

    rule: str
    points: int | None
    off: bool
    reason: str


@dataclass(frozen=True, eq=False)
class Pack:
    """One pack, read and checked against the built-in knowledge base ``base_digest``."""

    name: str
    version: str
    title: str
    description: str
    sources: tuple[PackSource, ...]
    dated: str
    sha256: str
    filename: str
    questions: tuple[Question, ...]
    rules: tuple[Rule, ...]
    variants: tuple[NewVariant, ...]
    technologies: tuple[AddedTechnologies, ...]
    changes: tuple[RuleChange, ...]
    base_digest: str
    document: YamlDocument
    # Where each thing the pack defines or changes stands, keyed ("rule", id) etc.
    paths: Mapping[tuple[str, str], tuple]

    @property
    def ref(self) -> PackRef:
        return PackRef(self.name, self.version, self.sha256)

    def fail(self, key: tuple[str, str], message: str, hint: str | None = None) -> KnowledgeError:
        """A located error about the thing ``key`` names (see ``paths``)."""
        path = self.paths.get(key, ())
        position = self.document.position(path)
        line, column = position if position else (None, None)
        return KnowledgeError(
            message, file=self.filename, line=line, column=column, path=path, hint=hint
        )
