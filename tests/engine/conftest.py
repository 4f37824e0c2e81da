"""Shared fixtures for the engine tests: a small knowledge base and a design builder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from evaluator.engine.knowledge import KnowledgeBase, load_knowledge
from evaluator.engine.spec import ComponentSpec, Dependency, DesignSpec

FIXTURE_KB = Path(__file__).parent / "fixtures" / "kb"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(FIXTURE_KB)


def component(
    name: str = "Worker",
    kind: str = "worker",
    depends_on: tuple[tuple[str, str], ...] = (),
    **answers: Any,
) -> ComponentSpec:
    return ComponentSpec(
        name=name,
        kind=kind,
        depends_on=tuple(Dependency(target, style) for target, style in depends_on),
        answers=answers,
    )


def design(
    *components: ComponentSpec,
    context: dict[str, Any] | None = None,
    priorities: dict[str, str] | None = None,
) -> DesignSpec:
    return DesignSpec(
        name="Test design",
        context=context or {},
        priorities=priorities or {},
        components=components or (component(),),
    )
