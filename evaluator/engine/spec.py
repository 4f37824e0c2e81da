"""The design as plain data: what a YAML file, a form or the database describes.

``design_from_dict`` checks the structure (keys, types, lengths, unique names, dependencies
that point at real components). Whether each answer fits the question catalogue is the
knowledge base's business: ``parse_design(..., knowledge=kb)`` asks it too.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from .errors import DesignError, Path, did_you_mean
from .safeyaml import load_yaml

if TYPE_CHECKING:  # pragma: no cover
    from .knowledge import KnowledgeBase

FORMAT = "tradeoff-evaluator/1"

COMPONENT_KINDS: tuple[str, ...] = (
    "api",
    "ui",
    "worker",
    "stream_processor",
    "batch_job",
    "scheduler",
    "data_store",
    "ledger",
    "integration",
    "coordination",
)
DEPENDENCY_STYLES: tuple[str, ...] = ("sync", "async")

MAX_NAME_LENGTH = 120
MAX_SUMMARY_LENGTH = 4000
MAX_COMPONENTS = 500
MAX_KEY_LENGTH = 64
MAX_TEXT_VALUE_LENGTH = 200
MAX_LIST_VALUE_LENGTH = 50

TOP_LEVEL_KEYS = ("format", "name", "summary", "context", "priorities", "components")
COMPONENT_KEYS = ("name", "kind", "depends_on", "answers")
DEPENDENCY_KEYS = ("component", "style")

_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")

Locate = Callable[[Path], "tuple[int, int] | None"]


@dataclass(frozen=True)
class Dependency:
    """This component calls (``sync``: waits for the answer) or messages (``async``) another."""

    component: str
    style: str = "sync"


@dataclass(frozen=True)
class ComponentSpec:
    """One named part of the system. ``answers`` maps question ids to values; treat as read-only."""

    name: str
    kind: str
    depends_on: tuple[Dependency, ...] = ()
    answers: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "kind": self.kind}
        if self.depends_on:
            out["depends_on"] = [
                {"component": dep.component, "style": dep.style} for dep in self.depends_on
            ]
        out["answers"] = _without_nulls(self.answers)
        return out


@dataclass(frozen=True)
class DesignSpec:
    """A system under review: context and priorities for the whole, answers per component."""

    name: str
    summary: str = ""
    context: Mapping[str, Any] = field(default_factory=dict)
    priorities: Mapping[str, str] = field(default_factory=dict)
    components: tuple[ComponentSpec, ...] = ()

    def component(self, name: str) -> ComponentSpec:
        for component in self.components:
            if component.name == name:
                return component
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """The canonical file shape: fixed key order, unknown (null) values left out."""
        return {
            "format": FORMAT,
            "name": self.name,
            "summary": self.summary,
            "context": _without_nulls(self.context),
            "priorities": _without_nulls(self.priorities),
            "components": [component.to_dict() for component in self.components],
        }


def _without_nulls(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: list(value) if isinstance(value, list | tuple) else value
        for key, value in mapping.items()
        if value is not None
    }


class _Checker:
    """Raises ``DesignError`` at a path, turning the path into a line when it can."""

    def __init__(self, filename: str, locate: Locate | None) -> None:
        self.filename = filename
        self.locate = locate

    def fail(self, path: Path, message: str, hint: str | None = None) -> DesignError:
        line = column = None
        if self.locate is not None:
            found = self.locate(path)
            if found:
                line, column = found
        return DesignError(
            message, file=self.filename, line=line, column=column, path=path, hint=hint
        )

    def mapping(self, value: Any, path: Path, what: str) -> Mapping[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise self.fail(path, f"{what} must be a mapping of keys to values.")
        return value

    def known_keys(self, data: Mapping[str, Any], allowed: tuple[str, ...], path: Path) -> None:
        for key in data:
            if key not in allowed:
                raise self.fail(
                    (*path, key),
                    f"unknown key '{key}'.",
                    did_you_mean(key, allowed) or f"Allowed keys: {', '.join(allowed)}.",
                )

    def name(self, value: Any, path: Path, what: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, f"{what} must be a non-empty text.")
        value = value.strip()
        if len(value) > MAX_NAME_LENGTH:
            raise self.fail(
                path,
                f"{what} is {len(value)} characters long; at most {MAX_NAME_LENGTH} are allowed.",
            )
        if _CONTROL_RE.search(value):
            raise self.fail(path, f"{what} must be one line without control characters.")
        return value

    def value(self, value: Any, path: Path) -> Any:
        """An answer or context value: yes/no, a finite number, a short text or a list of texts."""
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int | float):
            if isinstance(value, float) and not math.isfinite(value):
                raise self.fail(path, "numbers must be finite (not .nan or .inf).")
            return value
        if isinstance(value, str):
            if len(value) > MAX_TEXT_VALUE_LENGTH:
                raise self.fail(
                    path, f"text values are limited to {MAX_TEXT_VALUE_LENGTH} characters."
                )
            return value
        if isinstance(value, list):
            if len(value) > MAX_LIST_VALUE_LENGTH:
                raise self.fail(path, f"lists are limited to {MAX_LIST_VALUE_LENGTH} items.")
            for index, item in enumerate(value):
                if not isinstance(item, str) or len(item) > MAX_TEXT_VALUE_LENGTH:
                    raise self.fail((*path, index), "list items must be short texts.")
            return list(value)
        raise self.fail(path, "expected yes/no, a number, a text or a list of texts.")

    def facts(self, data: Any, path: Path, what: str) -> dict[str, Any]:
        mapping = self.mapping(data, path, what)
        out = {}
        for key, value in mapping.items():
            if len(key) > MAX_KEY_LENGTH or not _KEY_RE.match(key):
                raise self.fail(
                    (*path, key),
                    f"'{key[:MAX_KEY_LENGTH]}' is not a question id.",
                    "Ids are lower-case letters, digits and underscores, like 'peak_rps'.",
                )
            checked = self.value(value, (*path, key))
            if checked is not None:  # null and a missing key both mean "not known"
                out[key] = checked
        return out


def design_from_dict(
    data: Any, *, filename: str = "<input>", locate: Locate | None = None
) -> DesignSpec:
    """Check the structure of a design given as plain data and build its ``DesignSpec``."""
    check = _Checker(filename, locate)
    if not isinstance(data, Mapping):
        raise check.fail((), "a design must be a mapping with format, name and components.")
    top = data
    check.known_keys(top, TOP_LEVEL_KEYS, ())
    if top.get("format") != FORMAT:
        raise check.fail(
            ("format",),
            f"must be '{FORMAT}', not {top.get('format')!r}.",
            f"Start the file with 'format: {FORMAT}'.",
        )
    name = check.name(top.get("name"), ("name",), "the design's name")
    summary = top.get("summary") or ""
    if not isinstance(summary, str):
        raise check.fail(("summary",), "the summary must be text.")
    if len(summary) > MAX_SUMMARY_LENGTH:
        raise check.fail(
            ("summary",),
            f"the summary is {len(summary):,} characters; at most {MAX_SUMMARY_LENGTH:,} are allowed.",
        )
    if "\x00" in summary:
        raise check.fail(("summary",), "the summary contains a NUL character.")
    context = check.facts(top.get("context"), ("context",), "context")
    priorities = check.facts(top.get("priorities"), ("priorities",), "priorities")

    raw_components = top.get("components")
    if raw_components is None:
        raw_components = []
    if not isinstance(raw_components, list):
        raise check.fail(("components",), "components must be a list.")
    if len(raw_components) > MAX_COMPONENTS:
        raise check.fail(
            ("components",),
            f"the design has {len(raw_components):,} components; at most {MAX_COMPONENTS} are allowed.",
        )

    seen: dict[str, int] = {}
    parsed: list[tuple[str, str, Any, dict[str, Any]]] = []
    for index, raw in enumerate(raw_components):
        path: Path = ("components", index)
        if not isinstance(raw, Mapping):
            raise check.fail(path, "each component must be a mapping with a name and a kind.")
        check.known_keys(raw, COMPONENT_KEYS, path)
        cname = check.name(raw.get("name"), (*path, "name"), "a component's name")
        folded = cname.casefold()
        if folded in seen:
            raise check.fail(
                (*path, "name"),
                f"the component name '{cname}' is used twice (first at components[{seen[folded]}]).",
                "Give every component its own name.",
            )
        seen[folded] = index
        kind = raw.get("kind")
        if kind not in COMPONENT_KINDS:
            raise check.fail(
                (*path, "kind"),
                f"kind {kind!r} is not one of {', '.join(COMPONENT_KINDS)}.",
                did_you_mean(kind, COMPONENT_KINDS),
            )
        answers = check.facts(raw.get("answers"), (*path, "answers"), "answers")
        parsed.append((cname, kind, raw.get("depends_on"), answers))

    names = {entry[0] for entry in parsed}
    components = []
    for index, (cname, kind, raw_deps, answers) in enumerate(parsed):
        path = ("components", index, "depends_on")
        deps = _dependencies(check, raw_deps, path, cname, names)
        components.append(ComponentSpec(cname, kind, deps, answers))
    return DesignSpec(name, summary, context, priorities, tuple(components))


def _dependencies(
    check: _Checker, raw: Any, path: Path, owner: str, names: set[str]
) -> tuple[Dependency, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise check.fail(path, "depends_on must be a list of {component, style} entries.")
    deps: list[Dependency] = []
    for index, item in enumerate(raw):
        item_path = (*path, index)
        if isinstance(item, str):  # shorthand: a bare name is a synchronous call
            item = {"component": item}
        if not isinstance(item, Mapping):
            raise check.fail(item_path, "each dependency must name a component and a style.")
        check.known_keys(item, DEPENDENCY_KEYS, item_path)
        target = item.get("component")
        if not isinstance(target, str) or target not in names:
            raise check.fail(
                (*item_path, "component"),
                f"'{owner}' depends on {target!r}, which is not a component of this design.",
                did_you_mean(target, names),
            )
        if target == owner:
            raise check.fail((*item_path, "component"), f"'{owner}' cannot depend on itself.")
        if any(dep.component == target for dep in deps):
            raise check.fail((*item_path, "component"), f"'{owner}' lists '{target}' twice.")
        style = item.get("style", "sync")
        if style not in DEPENDENCY_STYLES:
            raise check.fail(
                (*item_path, "style"),
                f"style {style!r} is not sync or async.",
                "Use sync when the caller waits for the answer, async when it sends a message.",
            )
        deps.append(Dependency(target, style))
    return tuple(deps)


def parse_design(
    source: bytes | str, *, filename: str = "<input>", knowledge: KnowledgeBase | None = None
) -> DesignSpec:
    """Read a design file: guarded YAML, then structure, then (given a knowledge base) answers."""
    document = load_yaml(source, filename=filename)
    spec = design_from_dict(document.data, filename=filename, locate=document.position)
    if knowledge is not None:
        knowledge.validate_design(spec, filename=filename, locate=document.position)
    return spec


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Multi-line summaries read better as literal blocks.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_design(spec: DesignSpec) -> str:
    """The design as a YAML file that ``parse_design`` reads back to an equal spec."""
    return yaml.dump(
        spec.to_dict(),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


def canonical_json(spec: DesignSpec) -> str:
    """One exact text per design content: sorted keys, no spaces. Revisions hash this."""
    return json.dumps(
        spec.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
