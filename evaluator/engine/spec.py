"""The design as plain data: what a YAML file, a form or the database describes.

The types (``DesignSpec``, ``ComponentSpec``, ``Dependency``), their canonical dict, YAML
and JSON. Reading plain data into them, with every check, is ``reading.read_design``;
``design_from_dict`` and ``parse_design`` are its strict forms for files and stored rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from .errors import Path
from .safeyaml import load_yaml
from .uncertain import is_uncertain

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
_KIND_LABELS = {"api": "API", "ui": "UI"}


def kind_label(kind: str) -> str:
    """How a component kind reads: 'API', 'UI', 'stream processor', 'batch job'."""
    return _KIND_LABELS.get(kind, kind.replace("_", " "))


MAX_NAME_LENGTH = 120
MAX_SUMMARY_LENGTH = 4000
MAX_COMPONENTS = 500
MAX_DEPENDENCIES = 50  # per component
MAX_KEY_LENGTH = 64
MAX_TEXT_VALUE_LENGTH = 200
MAX_LIST_VALUE_LENGTH = 50


Locate = Callable[[Path], "tuple[int, int] | None"]


@dataclass(frozen=True)
class Dependency:
    """This component calls (``sync``: waits for the answer) or messages (``async``) another."""

    component: str
    style: str = "sync"


@dataclass(frozen=True)
class ComponentSpec:
    """One named part of the system. ``answers`` maps question ids to values (a value may
    be uncertain: ``uncertain.Range`` or ``uncertain.Weights``); treat as read-only."""

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


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return list(value)
    if is_uncertain(value):
        return value.to_dict()
    return value


def _without_nulls(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _plain(value) for key, value in mapping.items() if value is not None}


def design_from_dict(
    data: Any,
    *,
    filename: str = "<input>",
    locate: Locate | None = None,
    catalogue: KnowledgeBase | None = None,
) -> DesignSpec:
    """Check the structure of a design given as plain data and build its ``DesignSpec``.

    Raises the first ``DesignError``; ``reading.read_design`` gives them all (and says
    what ``catalogue`` is for).
    """
    from .reading import read_design  # reading builds on the types above

    reading = read_design(data, filename=filename, locate=locate, catalogue=catalogue)
    return reading.raise_first()


def parse_design(
    source: bytes | str, *, filename: str = "<input>", knowledge: KnowledgeBase | None = None
) -> DesignSpec:
    """Read a design file: guarded YAML, then structure and (given a knowledge base) answers."""
    from .reading import read_design

    document = load_yaml(source, filename=filename)
    reading = read_design(document.data, knowledge, filename=filename, locate=document.position)
    return reading.raise_first()


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
