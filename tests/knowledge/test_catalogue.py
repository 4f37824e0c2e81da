"""The catalogue holds the documented question ids, and every rule is traceable."""

import re

import pytest

from evaluator.engine import OPTION_IDS, default_knowledge

# docs/architecture.md, "Question ids": id -> (scope, type, choices)
DOCUMENTED = {
    "team_size": ("system", "number", None),
    "teams": ("system", "number", None),
    "system_services": ("system", "number", None),
    "delivery_pressure": ("system", "choice", {"relaxed", "normal", "urgent"}),
    "existing_platforms": (
        "system",
        "multi",
        {
            "service_platform",
            "functions",
            "event_broker",
            "coordination_service",
            "distributed_database",
            "ledger_network",
        },
    ),
    "provisioning": ("system", "choice", {"weeks", "days", "minutes"}),
    "monitoring": ("system", "choice", {"none", "basic", "full"}),
    "deployment": ("system", "choice", {"manual", "automated", "continuous"}),
    "hosting": ("system", "choice", {"public_cloud", "hybrid", "on_premises"}),
    "budget_sensitivity": ("system", "choice", {"low", "medium", "high"}),
    "lock_in_tolerance": ("system", "choice", {"low", "medium", "high"}),
    "regulation": ("system", "multi", {"gdpr", "pci_dss", "hipaa", "financial", "public_sector"}),
    "traffic_pattern": ("component", "choice", {"steady", "daily_cycle", "spiky", "mostly_idle"}),
    "peak_rps": ("component", "number", None),
    "avg_rps": ("component", "number", None),
    "write_rps": ("component", "number", None),
    "job_duration_s": ("component", "number", None),
    "memory_mb": ("component", "number", None),
    "payload_kb": ("component", "number", None),
    "latency_p99_ms": ("component", "number", None),
    "caller_waits": ("component", "bool", None),
    "steps_per_unit": ("component", "number", None),
    "handoff_mb_s": ("component", "number", None),
    "sub_round_trip_budget": ("component", "bool", None),
    "single_authority": ("component", "bool", None),
    "data_volume_gb": ("component", "number", None),
    "data_growth_gb_month": ("component", "number", None),
    "subscribers_per_event": ("component", "number", None),
    "verifiable_operator": ("component", "bool", None),
    "bounded_contexts": ("component", "number", None),
    "deployable_units": ("component", "number", None),
    "engineers_per_unit": ("component", "number", None),
    "state": (
        "component",
        "choice",
        {"stateless", "session", "stateful", "long_lived_connections", "stateful_connections"},
    ),
    "consistency": ("component", "choice", {"eventual", "read_your_writes", "strong"}),
    "cross_component_transaction": ("component", "bool", None),
    "consumers": ("component", "number", None),
    "audit_trail": ("component", "bool", None),
    "replay": ("component", "bool", None),
    "ordering": ("component", "choice", {"none", "per_key", "global"}),
    "personal_data": ("component", "bool", None),
    "replicas": ("component", "number", None),
    "leader_election": ("component", "bool", None),
    "coordination": ("component", "bool", None),
    "partition_preference": ("component", "choice", {"consistency", "availability"}),
    "regions": (
        "component",
        "choice",
        {"one_zone", "multi_zone", "multi_region_passive", "multi_region_active"},
    ),
    "stores_state": ("component", "bool", None),
    "multiple_writers": ("component", "bool", None),
    "trusted_third_party": ("component", "bool", None),
    "writers_known": ("component", "bool", None),
    "writers_trusted": ("component", "bool", None),
    "public_verifiability": ("component", "bool", None),
    "tamper_evidence": ("component", "bool", None),
    "independent_scaling": ("component", "bool", None),
    "independent_deployment": ("component", "bool", None),
    "fault_isolation": ("component", "bool", None),
    "boundary_clarity": ("component", "choice", {"unclear", "emerging", "clear"}),
    "shared_code": ("component", "choice", {"little", "some", "much"}),
}

ATTRIBUTES = {
    "performance",
    "scalability",
    "availability",
    "consistency",
    "cost",
    "integrity",
    "operability",
    "time_to_market",
    "security",
    "evolvability",
}


@pytest.fixture(scope="module")
def kb():
    return default_knowledge()


@pytest.mark.parametrize("qid", sorted(DOCUMENTED))
def test_documented_question_is_in_the_catalogue(kb, qid):
    scope, kind, choices = DOCUMENTED[qid]
    question = kb.by_id[qid]
    assert (question.scope, question.type) == (scope, kind)
    if choices is not None:
        assert set(question.choice_values) == choices
    assert question.help and len(question.help) > 60, "help tells a non-expert what to answer"


def test_every_question_has_a_source_and_a_date(kb):
    for question in kb.questions:
        assert question.source, question.id
        assert re.match(r"^\d{4}(-\d{2})?", question.as_of), question.id


def test_number_questions_have_units_and_bounds(kb):
    for question in kb.questions:
        if question.type == "number":
            assert question.unit, question.id
            assert question.min is not None and question.max is not None, question.id


def test_the_ten_quality_attributes(kb):
    assert {a.id for a in kb.attributes} == ATTRIBUTES


def test_rule_counts(kb):
    counts = {oid: 0 for oid in OPTION_IDS}
    for rule in kb.rules:
        counts[rule.option] += 1
    assert counts["baseline"] >= 6
    for oid in OPTION_IDS:
        if oid != "baseline":
            assert counts[oid] >= 12, oid


def test_baseline_starts_above_every_pattern(kb):
    baseline = kb.option("baseline").start
    for option in kb.options:
        if option.id != "baseline":
            assert option.start < baseline


def test_every_rule_has_a_source_and_a_date(kb):
    for rule in kb.rules:
        assert rule.source.strip(), rule.id
        assert re.fullmatch(r"\d{4}-\d{2}", rule.as_of), rule.id


def test_every_option_ends_with_a_default_variant_with_technologies(kb):
    for option in kb.options:
        assert option.variants[-1].when is None
        for variant in option.variants:
            assert variant.technologies, (option.id, variant.id)


def test_blockchain_offers_a_verifiable_log_instead(kb):
    variants = {v.id for v in kb.option("blockchain").variants}
    assert {
        "verifiable_log",
        "permissionless",
        "public_permissioned",
        "private_permissioned",
    } <= variants


def test_system_size_comes_from_the_context_not_from_the_file(kb):
    # A design may describe three parts of an estate of hundreds of services: how many
    # components the file has says nothing about the size of the system.
    assert not [rule.id for rule in kb.rules if "component_count" in rule.reads]


def test_the_head_start_is_documented_and_every_pattern_starts_below_by_it(kb):
    head_start = kb.head_start
    assert head_start.points > 0 and len(head_start.reason) > 200
    baseline = kb.option("baseline").start
    for option in kb.options[1:]:
        assert baseline - option.start == head_start.points, option.id


def test_variant_rules_name_real_variants_of_their_option(kb):
    scoped = [rule for rule in kb.rules if rule.variants]
    assert len(scoped) >= 10
    for rule in scoped:
        variants = [v.id for v in kb.option(rule.option).variants]
        assert set(rule.variants) < set(variants), rule.id


def test_leaderless_replication_has_a_home_as_a_variant(kb):
    variants = {v.id: v for v in kb.option("consensus").variants}
    leaderless = variants["leaderless_quorum"]
    assert "Cassandra" in " ".join(leaderless.technologies)
    assert leaderless.when.reads == {"partition_preference"}
