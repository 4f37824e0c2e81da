"""Facts the engine works out from the design itself rather than asking for them.

Each derived fact is declared as a question in ``knowledge.DERIVED_QUESTIONS`` (so rules
can read and quote it) and computed here by one function from a whitelist table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from evaluator.engine.spec import ComponentSpec, DesignSpec

__all__ = ["DERIVED_FACTS", "DesignGraph", "component_facts", "derived_facts"]


@dataclass(frozen=True)
class DesignGraph:
    """Who depends on whom, counted once per design."""

    component_count: int
    sync_callers: Mapping[str, int]
    async_callers: Mapping[str, int]

    @classmethod
    def of(cls, spec: DesignSpec) -> DesignGraph:
        sync: dict[str, int] = {}
        async_: dict[str, int] = {}
        for component in spec.components:
            for dep in component.depends_on:
                counts = sync if dep.style == "sync" else async_
                counts[dep.component] = counts.get(dep.component, 0) + 1
        return cls(len(spec.components), sync, async_)


def _dependencies(component: ComponentSpec, style: str) -> int:
    return sum(1 for dep in component.depends_on if dep.style == style)


DERIVED_FACTS: Mapping[str, Callable[[ComponentSpec, DesignGraph], Any]] = MappingProxyType(
    {
        "kind": lambda component, graph: component.kind,
        "component_count": lambda component, graph: graph.component_count,
        "sync_callers": lambda component, graph: graph.sync_callers.get(component.name, 0),
        "async_callers": lambda component, graph: graph.async_callers.get(component.name, 0),
        "sync_dependencies": lambda component, graph: _dependencies(component, "sync"),
        "async_dependencies": lambda component, graph: _dependencies(component, "async"),
    }
)


def derived_facts(component: ComponentSpec, graph: DesignGraph) -> dict[str, Any]:
    """The derived facts of one component."""
    return {qid: compute(component, graph) for qid, compute in DERIVED_FACTS.items()}


def component_facts(
    spec: DesignSpec, component: ComponentSpec, graph: DesignGraph | None = None
) -> dict[str, Any]:
    """Everything rules may read for ``component``: context, answers, derived facts.

    Unknown values are left out, so a missing key and ``None`` mean the same.
    """
    graph = graph if graph is not None else DesignGraph.of(spec)
    facts = {key: value for key, value in spec.context.items() if value is not None}
    facts.update((key, value) for key, value in component.answers.items() if value is not None)
    facts.update(derived_facts(component, graph))
    return facts
