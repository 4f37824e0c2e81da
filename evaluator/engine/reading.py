"""The one reader of a design given as plain data: a YAML file, the editor's form, the rows.

``read_design`` checks the structure (keys, types, lengths, unique names, dependencies that
point at real components) and, given a knowledge base, every answer against the question
catalogue, in one pass. It never stops at the first problem: each becomes a
``DesignError`` at its path (and line, where the source knows it), and the ``DesignSpec``
is built from what could be read, so that what is wrong counts as not known. Files and
saves refuse a design with any error (``Reading.raise_first``); the editor shows every
error beside its field and scores the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .answer_reading import AnswerReader
from .errors import DesignError, Path, did_you_mean
from .spec import (
    COMPONENT_KINDS,
    DEPENDENCY_STYLES,
    FORMAT,
    MAX_COMPONENTS,
    MAX_DEPENDENCIES,
    MAX_NAME_LENGTH,
    MAX_SUMMARY_LENGTH,
    ComponentSpec,
    Dependency,
    DesignSpec,
)

if TYPE_CHECKING:  # pragma: no cover
    from .knowledge import KnowledgeBase

TOP_LEVEL_KEYS = ("format", "name", "summary", "context", "priorities", "components")
COMPONENT_KEYS = ("name", "kind", "depends_on", "answers")
DEPENDENCY_KEYS = ("component", "style")
PRIORITY_LEVELS = ("high", "medium", "low")
UNTITLED = "Untitled"
DEFAULT_KIND = "api"

_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")

Locate = Callable[[Path], "tuple[int, int] | None"]


@dataclass(frozen=True)
class Reading:
    """What a design's data says: the spec of what could be read, and every problem."""

    spec: DesignSpec
    errors: tuple[DesignError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    def raise_first(self) -> DesignSpec:
        """The spec, or the first problem (in document order) raised."""
        if self.errors:
            raise self.errors[0]
        return self.spec


class _Reader(AnswerReader):
    """Collects located problems while the design is read."""

    def __init__(
        self,
        kb: KnowledgeBase | None,
        filename: str,
        locate: Locate | None,
        catalogue: KnowledgeBase | None = None,
    ) -> None:
        self.kb = kb
        self.catalogue = catalogue
        self.filename = filename
        self.locate = locate
        self.errors: list[DesignError] = []
        self.uncertain_answers = 0

    def problem(self, path: Path, message: str, hint: str | None = None) -> None:
        found = self.locate(path) if self.locate is not None else None
        line, column = found if found else (None, None)
        self.errors.append(
            DesignError(message, file=self.filename, line=line, column=column, path=path, hint=hint)
        )

    def mapping(self, value: Any, path: Path, what: str) -> Mapping[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.problem(path, f"{what} must be a mapping of keys to values.")
            return {}
        return value

    def known_keys(self, data: Mapping[str, Any], allowed: tuple[str, ...], path: Path) -> None:
        for key in data:
            if key not in allowed:
                self.problem(
                    (*path, key),
                    f"unknown key '{key}'.",
                    did_you_mean(key, allowed) or f"Allowed keys: {', '.join(allowed)}.",
                )

    def name(self, value: Any, path: Path, what: str) -> str | None:
        """The stripped name, or None (with a problem) when it cannot be one."""
        if not isinstance(value, str) or not value.strip():
            self.problem(path, f"{what} must be a non-empty text.")
            return None
        value = value.strip()
        if len(value) > MAX_NAME_LENGTH:
            self.problem(
                path,
                f"{what} is {len(value)} characters long; at most {MAX_NAME_LENGTH} are allowed.",
            )
            return None
        if _CONTROL_RE.search(value):
            self.problem(path, f"{what} must be one line without control characters.")
            return None
        return value

    def summary(self, value: Any) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problem(("summary",), "the summary must be text.")
            return ""
        if len(value) > MAX_SUMMARY_LENGTH:
            self.problem(
                ("summary",),
                f"the summary is {len(value):,} characters; at most {MAX_SUMMARY_LENGTH:,} "
                "are allowed.",
            )
            value = value[:MAX_SUMMARY_LENGTH]
        if "\x00" in value:
            self.problem(("summary",), "the summary contains a NUL character.")
            value = value.replace("\x00", "")
        return value

    def priorities(self, data: Any) -> dict[str, Any]:
        priorities = self.facts(data, ("priorities",), "priorities", scope=None)
        if self.kb is None:
            return priorities
        attributes = [a.id for a in self.kb.attributes]
        out = {}
        for key, level in priorities.items():
            here = ("priorities", key)
            if key not in self.kb.attribute_ids:
                self.problem(
                    here,
                    f"unknown quality attribute {key!r}.",
                    did_you_mean(key, attributes) or f"Attributes: {', '.join(attributes)}.",
                )
            elif level not in PRIORITY_LEVELS:
                self.problem(
                    here,
                    f"priority {level!r} is not high, medium or low.",
                    did_you_mean(level, list(PRIORITY_LEVELS)),
                )
            else:
                out[key] = level
        return out

    def component(
        self, raw: Any, index: int, seen: dict[str, int], raw_names: list[str]
    ) -> tuple | None:
        path: Path = ("components", index)
        if not isinstance(raw, Mapping):
            self.problem(path, "each component must be a mapping with a name and a kind.")
            return None
        self.known_keys(raw, COMPONENT_KEYS, path)
        name = self.name(raw.get("name"), (*path, "name"), "a component's name")
        if name is not None and name.casefold() in seen:
            first = seen[name.casefold()]
            self.problem(
                (*path, "name"),
                f"the component name '{name}' is used twice: component {first + 1} "
                f"('{raw_names[first]}') is already called that.",
                "Give every component its own name.",
            )
            name = None
        if name is None:
            # Scored under a stand-in, so the rest of what it says still counts.
            name = f"Component #{index + 1} (unnamed)"
        seen.setdefault(name.casefold(), index)
        raw_names.append(name)
        kind = raw.get("kind")
        if kind not in COMPONENT_KINDS:
            self.problem(
                (*path, "kind"),
                f"kind {kind!r} is not one of {', '.join(COMPONENT_KINDS)}.",
                did_you_mean(kind, COMPONENT_KINDS),
            )
            kind = DEFAULT_KIND
        answers = self.facts(raw.get("answers"), (*path, "answers"), "answers", "component")
        return name, kind, raw.get("depends_on"), answers

    def dependencies(self, raw: Any, path: Path, owner: str, names: set[str]) -> tuple:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.problem(path, "depends_on must be a list of {component, style} entries.")
            return ()
        if len(raw) > MAX_DEPENDENCIES:
            self.problem(
                path,
                f"'{owner}' lists {len(raw)} dependencies; at most {MAX_DEPENDENCIES} are allowed.",
                "Group the components it talks to, or split it.",
            )
            raw = raw[:MAX_DEPENDENCIES]
        deps: list[Dependency] = []
        for index, item in enumerate(raw):
            here = (*path, index)
            if isinstance(item, str):  # shorthand: a bare name is a synchronous call
                item = {"component": item}
            if not isinstance(item, Mapping):
                self.problem(here, "each dependency must name a component and a style.")
                continue
            self.known_keys(item, DEPENDENCY_KEYS, here)
            target = item.get("component")
            if not isinstance(target, str) or target not in names:
                self.problem(
                    (*here, "component"),
                    f"'{owner}' depends on {target!r}, which is not a component of this design.",
                    did_you_mean(target, names),
                )
            elif target == owner:
                self.problem((*here, "component"), f"'{owner}' cannot depend on itself.")
            elif any(dep.component == target for dep in deps):
                self.problem((*here, "component"), f"'{owner}' lists '{target}' twice.")
            elif (style := item.get("style", "sync")) not in DEPENDENCY_STYLES:
                self.problem(
                    (*here, "style"),
                    f"style {style!r} is not sync or async.",
                    "Use sync when the caller waits for the answer, async when it sends a message.",
                )
            else:
                deps.append(Dependency(target, style))
        return tuple(deps)

    def components(self, raw: Any) -> tuple[ComponentSpec, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.problem(("components",), "components must be a list.")
            return ()
        if len(raw) > MAX_COMPONENTS:
            self.problem(
                ("components",),
                f"the design has {len(raw):,} components; at most {MAX_COMPONENTS} are allowed.",
            )
            raw = raw[:MAX_COMPONENTS]
        seen: dict[str, int] = {}
        names_so_far: list[str] = []
        parsed = [self.component(item, index, seen, names_so_far) for index, item in enumerate(raw)]
        names = {entry[0] for entry in parsed if entry is not None}
        components = []
        for index, entry in enumerate(parsed):
            if entry is None:
                continue
            name, kind, raw_deps, answers = entry
            path = ("components", index, "depends_on")
            deps = self.dependencies(raw_deps, path, name, names)
            components.append(ComponentSpec(name, kind, deps, answers))
        return tuple(components)


def read_design(
    data: Any,
    kb: KnowledgeBase | None = None,
    *,
    filename: str = "<input>",
    locate: Locate | None = None,
    catalogue: KnowledgeBase | None = None,
) -> Reading:
    """Read a design given as plain data; with ``kb``, check its answers too.

    Every problem is collected (see the module's docstring); ``locate`` turns a key path
    into a (line, column) of the source, where there is one. Without ``kb``, a
    ``catalogue`` only tells which kind of uncertain answer a mapping is (stored rows).
    """
    reader = _Reader(kb, filename, locate, catalogue)
    if not isinstance(data, Mapping):
        reader.problem((), "a design must be a mapping with format, name and components.")
        return Reading(DesignSpec(UNTITLED), tuple(reader.errors))
    reader.known_keys(data, TOP_LEVEL_KEYS, ())
    if data.get("format") != FORMAT:
        reader.problem(
            ("format",),
            f"must be '{FORMAT}', not {data.get('format')!r}.",
            f"Start the file with 'format: {FORMAT}'.",
        )
    name = reader.name(data.get("name"), ("name",), "the design's name") or UNTITLED
    summary = reader.summary(data.get("summary"))
    context = reader.facts(data.get("context"), ("context",), "context", "system")
    priorities = reader.priorities(data.get("priorities"))
    components = reader.components(data.get("components"))
    spec = DesignSpec(name, summary, context, priorities, components)
    return Reading(spec, tuple(reader.errors))
