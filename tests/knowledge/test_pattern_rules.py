"""Event-driven, microservices, consensus and baseline rules at their boundaries."""

import pytest

from tests.knowledge.conftest import fired, run

EVENT_DRIVEN = [
    ({"consumers": 1}, "event_driven.fan-out", False),
    ({"consumers": 2}, "event_driven.fan-out", True),
    ({"consumers": 4}, "event_driven.many-consumers", False),
    ({"consumers": 5}, "event_driven.many-consumers", True),
    (
        {"reaction_time": "seconds", "caller_waits": False, "consumers": 1},
        "event_driven.near-real-time",
        True,
    ),
    (
        {"reaction_time": "minutes", "caller_waits": False, "consumers": 1},
        "event_driven.near-real-time",
        False,
    ),
    ({"write_rps": 999}, "event_driven.high-volume", False),
    ({"write_rps": 1000}, "event_driven.high-volume", True),
    ({"replay": True}, "event_driven.replay", True),
    ({"audit_trail": True}, "event_driven.audit-trail", True),
    ({"teams": 3, "consumers": 1}, "event_driven.decoupled-teams", True),
    ({"teams": 2, "consumers": 1}, "event_driven.decoupled-teams", False),
    ({"caller_waits": True}, "event_driven.caller-waits", True),
    ({"caller_waits": False}, "event_driven.caller-waits", False),
    ({"consistency": "read_your_writes"}, "event_driven.read-your-writes", True),
    ({"consistency": "strong"}, "event_driven.strong-consistency", True),
    ({"consistency": "eventual"}, "event_driven.strong-consistency", False),
    ({"teams": 1, "system_services": 3}, "event_driven.small-simple-system", True),
    ({"teams": 1, "system_services": 4}, "event_driven.small-simple-system", False),
    ({"teams": 2, "system_services": 3}, "event_driven.small-simple-system", False),
    ({"monitoring": "none"}, "event_driven.weak-monitoring", True),
    ({"monitoring": "basic"}, "event_driven.weak-monitoring", False),
    ({"ordering": "global", "write_rps": 1001}, "event_driven.global-ordering", True),
    ({"ordering": "global", "write_rps": 1000}, "event_driven.global-ordering", False),
    ({"ordering": "per_key", "write_rps": 5000}, "event_driven.global-ordering", False),
    ({"subscribers_per_event": 100}, "event_driven.wide-fan-out", True),
    ({"subscribers_per_event": 99}, "event_driven.wide-fan-out", False),
    (
        {"system_services": 10, "consumers": 2},
        "event_driven.many-systems-integrate",
        True,
    ),
    ({"system_services": 9, "consumers": 2}, "event_driven.many-systems-integrate", False),
    ({"existing_platforms": ["event_broker"]}, "event_driven.broker-in-production", True),
    ({"existing_platforms": []}, "event_driven.new-broker", True),
    ({"existing_platforms": ["event_broker"]}, "event_driven.new-broker", False),
    ({"existing_platforms": None}, "event_driven.new-broker", False),
    ({"steps_per_unit": 3, "handoff_mb_s": 10}, "event_driven.fine-grained-hops", True),
    ({"steps_per_unit": 2, "handoff_mb_s": 10}, "event_driven.fine-grained-hops", False),
    ({"sub_round_trip_budget": True}, "event_driven.sub-round-trip-budget", True),
    ({"delivery_pressure": "urgent"}, "event_driven.urgent-managed-pubsub", True),
    (
        {"delivery_pressure": "urgent", "hosting": "on_premises"},
        "event_driven.urgent-managed-pubsub",
        False,
    ),
    ({"cross_component_transaction": True}, "event_driven.cross-component-transaction", True),
    ({"personal_data": True, "replay": True}, "event_driven.replayed-personal-data", True),
    ({"consumers": 0}, "event_driven.no-consumers", True),
    ({"consumers": 0, "callers": ("async",)}, "event_driven.no-consumers", False),
]

MICROSERVICES = [
    ({"provisioning": "weeks"}, "microservices.prereq-provisioning", True),
    ({"provisioning": "days"}, "microservices.prereq-provisioning", False),
    ({"monitoring": "none"}, "microservices.prereq-monitoring", True),
    ({"monitoring": "basic"}, "microservices.prereq-monitoring", False),
    ({"deployment": "manual"}, "microservices.prereq-deployment", True),
    ({"deployment": "automated"}, "microservices.prereq-deployment", False),
    (
        {"independent_deployment": True, "teams": 3},
        "microservices.independent-deployment-many-teams",
        True,
    ),
    (
        {"independent_deployment": True, "teams": 2},
        "microservices.independent-deployment-many-teams",
        False,
    ),
    ({"independent_scaling": True}, "microservices.independent-scaling", True),
    ({"fault_isolation": True}, "microservices.fault-isolation", True),
    (
        {"boundary_clarity": "clear", "bounded_contexts": 2},
        "microservices.clear-boundaries",
        True,
    ),
    (
        {"boundary_clarity": "clear", "bounded_contexts": 1},
        "microservices.clear-boundaries",
        False,
    ),
    ({"engineers_per_unit": 0.99}, "microservices.fewer-engineers-than-units", True),
    ({"engineers_per_unit": 1}, "microservices.fewer-engineers-than-units", False),
    (
        {"bounded_contexts": 1, "deployable_units": 2},
        "microservices.one-domain-many-units",
        True,
    ),
    (
        {"bounded_contexts": 2, "deployable_units": 2},
        "microservices.one-domain-many-units",
        False,
    ),
    ({"deployable_units": 1}, "microservices.one-domain-many-units", False),
    ({}, "microservices.no-independence-needed", True),
    ({"fault_isolation": True}, "microservices.no-independence-needed", False),
    ({"steps_per_unit": 3, "handoff_mb_s": 10}, "microservices.fine-grained-hops", True),
    ({"sub_round_trip_budget": True}, "microservices.sub-round-trip-budget", True),
    ({"existing_platforms": []}, "microservices.new-platform", True),
    (
        {"existing_platforms": ["service_platform"]},
        "microservices.platform-in-production",
        True,
    ),
    ({"delivery_pressure": "urgent"}, "microservices.urgent-without-platform", True),
    (
        {"delivery_pressure": "urgent", "existing_platforms": ["service_platform"]},
        "microservices.urgent-without-platform",
        False,
    ),
    ({"boundary_clarity": "unclear"}, "microservices.unclear-boundaries", True),
    ({"boundary_clarity": "emerging"}, "microservices.unclear-boundaries", False),
    ({"teams": 1, "team_size": 10}, "microservices.one-small-team", True),
    ({"teams": 1, "team_size": 11}, "microservices.one-small-team", False),
    ({"teams": 2, "team_size": 20}, "microservices.small-organisation", True),
    ({"teams": 3, "team_size": 20}, "microservices.small-organisation", False),
    ({"cross_component_transaction": True}, "microservices.cross-component-transaction", True),
    (
        {"latency_p99_ms": 99, "depends_on": (("Companion 1", "sync"), ("Companion 2", "sync"))},
        "microservices.tight-latency-many-hops",
        True,
    ),
    (
        {"latency_p99_ms": 99, "depends_on": (("Companion 1", "sync"),)},
        "microservices.tight-latency-many-hops",
        False,
    ),
    ({"shared_code": "much"}, "microservices.much-shared-code", True),
    ({"shared_code": "some"}, "microservices.much-shared-code", False),
    ({"kind": "batch_job"}, "microservices.no-request-interface", True),
]

CONSENSUS = [
    ({"leader_election": True}, "consensus.leader-election", True),
    ({"coordination": True}, "consensus.shared-coordination", True),
    (
        {"kind": "data_store", "consistency": "strong", "replicas": 3},
        "consensus.replicated-state-machine",
        True,
    ),
    (
        {"consistency": "strong", "replicas": 3, "state": "stateful"},
        "consensus.replicated-state-machine",
        True,
    ),
    # A stateless API is not where replicas agree: its store is.
    ({"consistency": "strong", "replicas": 3}, "consensus.replicated-state-machine", False),
    (
        {"kind": "data_store", "consistency": "strong", "replicas": 2},
        "consensus.replicated-state-machine",
        False,
    ),
    ({}, "consensus.stateless-compute", True),
    ({"kind": "data_store"}, "consensus.stateless-compute", False),
    ({"state": "stateful"}, "consensus.stateless-compute", False),
    ({"stores_state": False}, "consensus.no-data-of-its-own", True),
    ({"sub_round_trip_budget": True}, "consensus.sub-round-trip-budget", True),
    (
        {"kind": "data_store", "data_volume_gb": 10000},
        "consensus.data-beyond-one-database",
        True,
    ),
    (
        {"kind": "data_store", "data_volume_gb": 9999},
        "consensus.data-beyond-one-database",
        False,
    ),
    ({"existing_platforms": []}, "consensus.new-cluster", True),
    ({"existing_platforms": ["coordination_service"]}, "consensus.new-cluster", False),
    (
        {"kind": "coordination", "existing_platforms": ["coordination_service"]},
        "consensus.coordination-service-in-production",
        True,
    ),
    (
        {"kind": "data_store", "existing_platforms": ["distributed_database"]},
        "consensus.database-in-production",
        True,
    ),
    ({"replicas": 1}, "consensus.single-node", True),
    ({"replicas": 2}, "consensus.two-nodes", True),
    ({"replicas": 3}, "consensus.odd-quorum-size", True),
    ({"replicas": 5}, "consensus.odd-quorum-size", True),
    ({"replicas": 4}, "consensus.odd-quorum-size", False),
    ({"replicas": 4}, "consensus.even-member-count", True),
    ({"replicas": 5}, "consensus.even-member-count", False),
    ({"replicas": 7}, "consensus.too-many-voters", False),
    ({"replicas": 8}, "consensus.too-many-voters", True),
    (
        {"regions": "multi_region_active", "latency_p99_ms": 199},
        "consensus.multi-region-tight-latency",
        True,
    ),
    (
        {"regions": "multi_region_active", "latency_p99_ms": 200},
        "consensus.multi-region-tight-latency",
        False,
    ),
    (
        {"regions": "multi_region_passive", "latency_p99_ms": 10},
        "consensus.multi-region-tight-latency",
        False,
    ),
    (
        {"kind": "coordination", "write_rps": 30000},
        "consensus.write-rate-beyond-one-leader",
        False,
    ),
    (
        {"kind": "coordination", "write_rps": 30001},
        "consensus.write-rate-beyond-one-leader",
        True,
    ),
    # A database shards into many groups; one leader does not cap it.
    ({"kind": "data_store", "write_rps": 30001}, "consensus.write-rate-beyond-one-leader", False),
    (
        {"partition_preference": "availability", "leader_election": True},
        "consensus.availability-preferred",
        True,
    ),
    # Availability first without a leader to elect: the leaderless variant, which wants it.
    ({"partition_preference": "availability"}, "consensus.availability-preferred", False),
    ({"partition_preference": "consistency"}, "consensus.availability-preferred", False),
    ({"consistency": "eventual"}, "consensus.nothing-to-agree-on", True),
    ({"consistency": "eventual", "leader_election": True}, "consensus.nothing-to-agree-on", False),
    (
        {"multiple_writers": True, "trusted_third_party": False, "writers_trusted": False},
        "consensus.byzantine-participants",
        True,
    ),
    (
        {"multiple_writers": True, "trusted_third_party": True, "writers_trusted": False},
        "consensus.byzantine-participants",
        False,
    ),
]

BASELINE = [
    ({"cross_component_transaction": True}, "baseline.cross-component-transaction", True),
    ({"consistency": "strong"}, "baseline.acid-consistency", True),
    ({"consistency": "eventual"}, "baseline.acid-consistency", False),
    ({"system_services": 3, "team_size": 15}, "baseline.small-system", True),
    ({"system_services": 4, "team_size": 15}, "baseline.small-system", False),
    ({"steps_per_unit": 3, "handoff_mb_s": 10}, "baseline.in-process-handoff", True),
    ({"steps_per_unit": 3, "handoff_mb_s": 9}, "baseline.in-process-handoff", False),
    ({"sub_round_trip_budget": True}, "baseline.sub-round-trip-budget", True),
    ({"single_authority": True}, "baseline.single-authority-in-memory", True),
    ({"data_volume_gb": 10000}, "baseline.data-beyond-one-database", True),
    ({"data_growth_gb_month": 500}, "baseline.data-beyond-one-database", True),
    ({"data_volume_gb": 9999}, "baseline.data-beyond-one-database", False),
    ({"subscribers_per_event": 1000}, "baseline.wide-fan-out", True),
    ({"subscribers_per_event": 999}, "baseline.wide-fan-out", False),
    (
        {"multiple_writers": True, "trusted_third_party": False, "verifiable_operator": True},
        "baseline.verifiable-operator",
        True,
    ),
    ({"teams": 1, "team_size": 10}, "baseline.one-small-team", True),
    ({"teams": 2, "team_size": 10}, "baseline.one-small-team", False),
    (
        {"latency_p99_ms": 99, "depends_on": (("Companion 1", "sync"),)},
        "baseline.tight-latency-between-parts",
        True,
    ),
    ({"latency_p99_ms": 99}, "baseline.tight-latency-between-parts", False),
    ({"independent_scaling": True}, "baseline.independent-scaling", True),
    ({"fault_isolation": True}, "baseline.fault-isolation", True),
    ({"teams": 4, "independent_deployment": True}, "baseline.many-teams-one-deployable", True),
    ({"teams": 3, "independent_deployment": True}, "baseline.many-teams-one-deployable", False),
    ({"write_rps": 20000}, "baseline.write-rate-beyond-one-primary", False),
    ({"write_rps": 20001}, "baseline.write-rate-beyond-one-primary", True),
    ({"regions": "multi_region_active"}, "baseline.active-active-regions", True),
    ({"consumers": 3}, "baseline.many-consumers", True),
    ({"monitoring": "none"}, "baseline.low-operations-maturity", True),
    (
        {"multiple_writers": True, "trusted_third_party": False, "writers_trusted": False},
        "baseline.no-trusted-operator",
        True,
    ),
    (
        {
            "multiple_writers": True,
            "trusted_third_party": False,
            "writers_trusted": False,
            "verifiable_operator": True,
        },
        "baseline.no-trusted-operator",
        False,
    ),
    ({"kind": "worker", "caller_waits": False}, "baseline.background-worker", True),
]


def _check(option, values, rule, fires):
    values = dict(values)
    kind = values.pop("kind", "api")
    assert (rule in fired(run(kind, **values), option)) is fires


@pytest.mark.parametrize(("values", "rule", "fires"), EVENT_DRIVEN)
def test_event_driven_rule(values, rule, fires):
    _check("event_driven", values, rule, fires)


@pytest.mark.parametrize(("values", "rule", "fires"), MICROSERVICES)
def test_microservices_rule(values, rule, fires):
    _check("microservices", values, rule, fires)


@pytest.mark.parametrize(("values", "rule", "fires"), CONSENSUS)
def test_consensus_rule(values, rule, fires):
    _check("consensus", values, rule, fires)


@pytest.mark.parametrize(("values", "rule", "fires"), BASELINE)
def test_baseline_rule(values, rule, fires):
    _check("baseline", values, rule, fires)


def test_missing_prerequisites_weigh_against_microservices_whatever_else_fits():
    fits = {
        "independent_deployment": True,
        "independent_scaling": True,
        "fault_isolation": True,
        "boundary_clarity": "clear",
        "shared_code": "little",
        "teams": 6,
        "team_size": 50,
    }
    ready = run(**fits, provisioning="minutes", deployment="continuous", monitoring="full")
    unready = run(**fits, provisioning="weeks", deployment="manual", monitoring="none")
    gap = ready.option("microservices").score - unready.option("microservices").score
    assert gap >= 50
    assert unready.recommendation != "microservices"


def test_one_small_team_keeps_the_baseline():
    result = run(teams=1, team_size=5, consistency="strong", cross_component_transaction=True)
    assert result.recommendation == "baseline"


def test_leader_election_among_three_is_recommended_consensus():
    result = run(
        "coordination",
        leader_election=True,
        coordination=True,
        replicas=3,
        consistency="strong",
        latency_p99_ms=50,
    )
    assert result.recommendation == "consensus"
    assert result.option("consensus").variant == "coordination_service"


def test_consensus_data_store_variant_is_a_replicated_database():
    result = run("data_store", consistency="strong", replicas=5)
    assert result.option("consensus").variant == "replicated_database"


def test_fan_out_stream_is_recommended_event_driven():
    result = run(
        "stream_processor",
        caller_waits=False,
        consumers=5,
        reaction_time="seconds",
        write_rps=5000,
        peak_rps=5000,
        avg_rps=2000,
        replay=True,
        ordering="per_key",
        partition_preference="availability",
    )
    assert result.recommendation == "event_driven"
    assert result.option("event_driven").variant == "event_log"


@pytest.mark.parametrize(
    ("values", "variant"),
    [
        ({"replay": True, "audit_trail": True}, "event_sourcing"),
        ({"replay": True}, "event_log"),
        ({"write_rps": 5000}, "event_log"),
        ({}, "managed_pubsub"),
        ({"lock_in_tolerance": "low"}, "message_queue"),
        ({"hosting": "on_premises"}, "message_queue"),
    ],
)
def test_event_driven_variant(values, variant):
    assert run(**values).option("event_driven").variant == variant


@pytest.mark.parametrize(
    ("values", "variant"),
    [
        ({"boundary_clarity": "unclear"}, "modular_monolith"),
        ({"deployment": "manual"}, "modular_monolith"),
        ({"boundary_clarity": "clear"}, "gateway_services"),
    ],
)
def test_microservices_variant(values, variant):
    assert run(**values).option("microservices").variant == variant
