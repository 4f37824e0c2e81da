"""Cross-component findings: problems that only show when components are looked at together.

Each check is a generator over the design and the recommendations; ``findings`` runs them
all and sorts what they find by severity. Component names in the messages are isolated
(``explain.isolate``), so a right-to-left name cannot reorder the sentence around it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from evaluator.engine.explain import format_number, format_value, isolate, join_words
from evaluator.engine.facts import DesignGraph
from evaluator.engine.knowledge import KnowledgeBase
from evaluator.engine.results import ComponentResult, Finding
from evaluator.engine.spec import DesignSpec

__all__ = ["findings"]

# A serverless component called synchronously with a p99 target below this many
# milliseconds feels every cold start.
TIGHT_LATENCY_MS = 100
SMALL_TEAM = 10
_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def findings(
    kb: KnowledgeBase,
    spec: DesignSpec,
    components: tuple[ComponentResult, ...],
    graph: DesignGraph | None = None,
) -> tuple[Finding, ...]:
    """Problems that only show when components are looked at together."""
    graph = graph if graph is not None else DesignGraph.of(spec)
    recommended = {result.name: result.recommendation for result in components}
    answers = {component.name: component.answers for component in spec.components}
    out: list[Finding] = []
    out.extend(_even_replicas(spec, recommended))
    out.extend(_async_into_strong_consistency(spec, recommended, answers, kb))
    out.extend(_serverless_in_sync_chain(spec, recommended, graph))
    out.extend(_personal_data_on_blockchain(spec, recommended))
    out.extend(_microservices_for_small_team(spec, recommended))
    out.extend(_sync_cycles(spec))
    out.sort(key=lambda f: (_SEVERITY_ORDER[f.severity], f.id, f.components))
    return tuple(out)


def _even_replicas(spec: DesignSpec, recommended: Mapping[str, str | None]) -> Iterator[Finding]:
    for component in spec.components:
        replicas = component.answers.get("replicas")
        if isinstance(replicas, bool) or not isinstance(replicas, int | float):
            continue
        if replicas < 2 or not float(replicas).is_integer() or int(replicas) % 2:
            continue
        n = int(replicas)
        tolerated = (n - 1) // 2
        failures = "failure" if tolerated == 1 else "failures"
        yield Finding(
            id="even-consensus-replicas",
            severity="high" if recommended.get(component.name) == "consensus" else "medium",
            title="Even number of consensus replicas",
            message=(
                f"{isolate(component.name)} plans {n} replicas that must agree. A majority quorum of"
                f" n = 2f+1 nodes tolerates f failures, so {n} nodes tolerate {tolerated}"
                f" {failures}, no more than {n - 1} would, while every write waits for one more"
                f" node. Use {n - 1} or {n + 1}."
            ),
            components=(component.name,),
        )


def _async_into_strong_consistency(
    spec: DesignSpec,
    recommended: Mapping[str, str | None],
    answers: Mapping[str, Mapping[str, Any]],
    kb: KnowledgeBase,
) -> Iterator[Finding]:
    for component in spec.components:
        for dep in component.depends_on:
            asynchronous = dep.style == "async" or recommended.get(component.name) == "event_driven"
            consistency = answers.get(dep.component, {}).get("consistency")
            if not asynchronous or consistency not in ("strong", "read_your_writes"):
                continue
            how = (
                "sends it messages" if dep.style == "async" else "is recommended to be event-driven"
            )
            label = format_value(kb.by_id.get("consistency"), consistency)
            yield Finding(
                id="async-into-strong-consistency",
                severity="high",
                title="Asynchronous updates feed a component that needs strong consistency",
                message=(
                    f"{isolate(component.name)} {how}, so {isolate(dep.component)} sees its changes only"
                    f" after a delay, yet {isolate(dep.component)} asks for {label} consistency. Either make"
                    " that path synchronous, or let readers tolerate stale data and say how"
                    " they learn the write has landed."
                ),
                components=(component.name, dep.component),
            )


def _serverless_in_sync_chain(
    spec: DesignSpec, recommended: Mapping[str, str | None], graph: DesignGraph
) -> Iterator[Finding]:
    for component in spec.components:
        if recommended.get(component.name) != "serverless":
            continue
        callers = graph.sync_callers.get(component.name, 0)
        latency = component.answers.get("latency_p99_ms")
        if callers <= 0 or isinstance(latency, bool) or not isinstance(latency, int | float):
            continue
        if latency >= TIGHT_LATENCY_MS:
            continue
        who = "component waits" if callers == 1 else "components wait"
        yield Finding(
            id="serverless-in-sync-chain",
            severity="medium",
            title="Serverless function on a tight synchronous path",
            message=(
                f"{isolate(component.name)} is recommended as serverless, {callers} {who} for it,"
                f" and its p99 target is {format_number(latency)} ms. A cold start can take from"
                " under 100 ms to over a second, and the caller waits for every one of them."
                " Keep instances warm (provisioned concurrency) or move it off the"
                " synchronous path."
            ),
            components=(component.name,),
        )


def _personal_data_on_blockchain(
    spec: DesignSpec, recommended: Mapping[str, str | None]
) -> Iterator[Finding]:
    gdpr = "gdpr" in (spec.context.get("regulation") or ())
    for component in spec.components:
        if recommended.get(component.name) != "blockchain":
            continue
        if component.answers.get("personal_data") is not True:
            continue
        yield Finding(
            id="personal-data-on-blockchain",
            severity="high",
            title="Personal data on an immutable ledger",
            message=(
                f"{isolate(component.name)} holds personal data and is recommended as a blockchain."
                " The right to erasure (GDPR Art. 17) cannot be honoured on a ledger that"
                " never forgets"
                + (", and this design falls under the GDPR" if gdpr else "")
                + ". Keep personal data off-chain and record only salted hashes or"
                " references that can be made meaningless by deleting the data."
            ),
            components=(component.name,),
        )


def _microservices_for_small_team(
    spec: DesignSpec, recommended: Mapping[str, str | None]
) -> Iterator[Finding]:
    chosen = sorted(name for name, option in recommended.items() if option == "microservices")
    if not chosen:
        return
    teams = spec.context.get("teams")
    team_size = spec.context.get("team_size")
    too_many = isinstance(teams, int | float) and not isinstance(teams, bool) and teams > 0
    too_many = too_many and len(chosen) > 2 * teams
    small = (
        isinstance(team_size, int | float)
        and not isinstance(team_size, bool)
        and team_size < SMALL_TEAM
        and len(chosen) >= 3
    )
    if not (too_many or small):
        return
    people = []
    if isinstance(team_size, int | float) and not isinstance(team_size, bool):
        people.append(f"{format_number(team_size)} people")
    if isinstance(teams, int | float) and not isinstance(teams, bool):
        people.append(f"{format_number(teams)} team{'s' if teams != 1 else ''}")
    who = " in ".join(people) if people else "the team"
    yield Finding(
        id="microservices-for-small-team",
        severity="medium",
        title="More microservices than the team can carry",
        message=(
            f"{len(chosen)} components are recommended as microservices ({', '.join(isolate(name) for name in chosen)})"
            f" for {who}. Each service brings its own pipeline, monitoring and on-call; start"
            " with a modular monolith and split out only what must scale or deploy on its own."
        ),
        components=tuple(chosen),
    )


def _sync_cycles(spec: DesignSpec) -> Iterator[Finding]:
    edges: dict[str, list[str]] = {component.name: [] for component in spec.components}
    for component in spec.components:
        for dep in component.depends_on:
            if dep.style == "sync":
                edges[component.name].append(dep.component)
    for group in _strongly_connected(edges):
        if len(group) < 2:
            continue
        members = sorted(group)
        yield Finding(
            id="sync-dependency-cycle",
            severity="high",
            title="Synchronous calls in a circle",
            message=(
                f"{join_words(isolate(name) for name in members)} call each other synchronously in a cycle: one slow or"
                " failing component stalls all of them, and none can be deployed or tested"
                " alone. Break the cycle with an asynchronous message or merge them."
            ),
            components=tuple(members),
        )


def _strongly_connected(edges: Mapping[str, list[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative so a long chain cannot exhaust the stack."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[set[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                groups.append(group)
    return groups
