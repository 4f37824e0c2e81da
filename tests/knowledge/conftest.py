"""Helpers for the knowledge-base tests: one fully answered component, varied per case.

The neutral component below is a small synchronous API in a mid-sized organisation; it
triggers few rules, so each table row can change one or two answers and watch a single
rule switch on or off.
"""

from __future__ import annotations

from typing import Any

import pytest

from evaluator.engine import default_knowledge, evaluate
from evaluator.engine.results import ComponentResult
from evaluator.engine.spec import ComponentSpec, Dependency, DesignSpec

NEUTRAL_CONTEXT: dict[str, Any] = {
    "team_size": 20,
    "teams": 3,
    "provisioning": "days",
    "monitoring": "basic",
    "deployment": "automated",
    "hosting": "public_cloud",
    "budget_sensitivity": "medium",
    "lock_in_tolerance": "medium",
    "regulation": [],
    "system_services": 8,
    "delivery_pressure": "normal",
    "existing_platforms": [],
}

NEUTRAL_ANSWERS: dict[str, Any] = {
    "traffic_pattern": "daily_cycle",
    "peak_rps": 50,
    "avg_rps": 10,
    "write_rps": 5,
    "job_duration_s": 0.2,
    "memory_mb": 256,
    "steps_per_unit": 1,
    "handoff_mb_s": 0.1,
    "payload_kb": 16,
    "latency_p99_ms": 500,
    "caller_waits": True,
    "state": "stateless",
    "sub_round_trip_budget": False,
    "single_authority": False,
    "consistency": "eventual",
    "cross_component_transaction": False,
    "data_volume_gb": 50,
    "data_growth_gb_month": 1,
    "consumers": 0,
    "subscribers_per_event": 1,
    "reaction_time": "minutes",
    "audit_trail": False,
    "replay": False,
    "ordering": "none",
    "replicas": 1,
    "leader_election": False,
    "coordination": False,
    "partition_preference": "consistency",
    "regions": "multi_zone",
    "stores_state": True,
    "multiple_writers": False,
    "trusted_third_party": True,
    "verifiable_operator": False,
    "writers_known": True,
    "writers_trusted": True,
    "public_verifiability": False,
    "tamper_evidence": False,
    "personal_data": False,
    "independent_scaling": False,
    "independent_deployment": False,
    "fault_isolation": False,
    "boundary_clarity": "emerging",
    "bounded_contexts": 1,
    "deployable_units": 1,
    "engineers_per_unit": 4,
    "shared_code": "some",
}

COMPANIONS = 3
"""Other components in the test design, so that component_count is 4 unless a case says so."""


@pytest.fixture(scope="session")
def kb():
    return default_knowledge()


def build(
    kind: str = "api",
    depends_on: tuple[tuple[str, str], ...] = (),
    callers: tuple[str, ...] = (),
    **values: Any,
) -> DesignSpec:
    """A design whose first component, "Subject", has the neutral answers plus ``values``.

    ``values`` may mix system-scope (context) and component-scope answers; a value of
    None removes the answer. ``callers`` are dependency styles of companions that call
    the subject ("sync" or "async").
    """
    kb = default_knowledge()
    context = dict(NEUTRAL_CONTEXT)
    answers = dict(NEUTRAL_ANSWERS)
    for qid, value in values.items():
        target = context if kb.by_id[qid].scope == "system" else answers
        if value is None:
            target.pop(qid, None)
        else:
            target[qid] = value
    companions = []
    for index in range(COMPANIONS):
        deps = ()
        if index < len(callers):
            deps = (Dependency("Subject", callers[index]),)
        companions.append(
            ComponentSpec(f"Companion {index + 1}", "api", deps, dict(NEUTRAL_ANSWERS))
        )
    subject = ComponentSpec(
        "Subject",
        kind,
        tuple(Dependency(target, style) for target, style in depends_on),
        answers,
    )
    return DesignSpec(name="Case", context=context, components=(subject, *companions))


def run(kind: str = "api", **values: Any) -> ComponentResult:
    """Evaluate the subject component of :func:`build` and return its result."""
    spec = build(kind, **values)
    return evaluate(spec, default_knowledge(), analyse=False).component("Subject")


def fired(result: ComponentResult, option: str) -> set[str]:
    """Ids of the rules of ``option`` that held and count: contributions for the variant
    the option would be built as, and vetoes on the option or on any of its variants."""
    outcome = result.option(option)
    vetoes = (*outcome.vetoes, *outcome.variant_vetoes)
    return {c.rule_id for c in outcome.contributions} | {v.rule_id for v in vetoes}
