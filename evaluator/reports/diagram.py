"""A Mermaid flowchart of the components, their dependencies and their recommendations.

Node ids are ``c1``, ``c2``… by position, never derived from names, and every label goes
through ``escape.mermaid_label``; so no name can add a node, an edge, a ``click``
directive or a ``%%`` comment, or end the code fence.
"""

from __future__ import annotations

from evaluator.engine.knowledge import OPTION_IDS, KnowledgeBase
from evaluator.engine.results import Evaluation
from evaluator.engine.spec import DesignSpec

from .escape import mermaid_label
from .prose import option_name

__all__ = ["CLASS_STYLES", "mermaid_flowchart"]

# One class per recommendation; colours chosen to stay readable in light and dark themes.
CLASS_STYLES: dict[str, str] = {
    "baseline": "fill:#eceff3,stroke:#5b6472,color:#1f2430",
    "event_driven": "fill:#dbe8ff,stroke:#2f5bd3,color:#10224f",
    "serverless": "fill:#ffe8cc,stroke:#c46a00,color:#4a2800",
    "microservices": "fill:#d9f2e3,stroke:#1f8a4c,color:#0e3d22",
    "consensus": "fill:#eadcff,stroke:#6b3fc4,color:#2c1559",
    "blockchain": "fill:#fff3b8,stroke:#9a7b00,color:#3d3100",
    "none": "fill:#fde2e0,stroke:#c0392b,color:#5c130c,stroke-dasharray:4 3",
}


def mermaid_flowchart(spec: DesignSpec, evaluation: Evaluation, kb: KnowledgeBase) -> str:
    """The diagram's source (without the fence). Solid arrows wait; dotted ones message."""
    ids = {component.name: f"c{index}" for index, component in enumerate(spec.components, 1)}
    recommended = {result.name: result.recommendation for result in evaluation.components}
    lines = ["flowchart LR"]
    members: dict[str, list[str]] = {}
    for component in spec.components:
        node = ids[component.name]
        option = recommended.get(component.name)
        text = mermaid_label(component.name, option_name(kb, option))
        lines.append(f"    {node}[{text}]")
        members.setdefault(option if option in CLASS_STYLES else "none", []).append(node)
    for component in spec.components:
        for dep in component.depends_on:
            target = ids.get(dep.component)
            if target is None:
                continue
            arrow = "-->" if dep.style == "sync" else "-.->"
            lines.append(f"    {ids[component.name]} {arrow} {target}")
    for option in (*OPTION_IDS, "none"):
        if option in members:
            lines.append(f"    classDef {option} {CLASS_STYLES[option]}")
            lines.append(f"    class {','.join(members[option])} {option}")
    return "\n".join(lines)
