"""Serverless rules at their boundaries: AWS Lambda and API Gateway limits, load shape."""

import pytest

from tests.knowledge.conftest import fired, run

CASES = [
    # (answers, rule, fires)
    ({"job_duration_s": 900, "caller_waits": False}, "serverless.job-over-lambda-limit", False),
    ({"job_duration_s": 901, "caller_waits": False}, "serverless.job-over-lambda-limit", True),
    ({"memory_mb": 10240}, "serverless.memory-over-lambda-limit", False),
    ({"memory_mb": 10241}, "serverless.memory-over-lambda-limit", True),
    ({"payload_kb": 6144}, "serverless.payload-over-lambda-sync-limit", False),
    ({"payload_kb": 6145}, "serverless.payload-over-lambda-sync-limit", True),
    (
        {"payload_kb": 6145, "caller_waits": False},
        "serverless.payload-over-lambda-sync-limit",
        False,
    ),
    (
        {"payload_kb": 1024, "caller_waits": False},
        "serverless.payload-over-lambda-async-limit",
        False,
    ),
    (
        {"payload_kb": 1025, "caller_waits": False},
        "serverless.payload-over-lambda-async-limit",
        True,
    ),
    ({"job_duration_s": 29}, "serverless.api-gateway-timeout", False),
    ({"job_duration_s": 30}, "serverless.api-gateway-timeout", True),
    ({"job_duration_s": 30, "caller_waits": False}, "serverless.api-gateway-timeout", False),
    ({"peak_rps": 1000, "job_duration_s": 2}, "serverless.concurrency-quota", False),
    ({"peak_rps": 1001, "job_duration_s": 2}, "serverless.concurrency-quota", True),
    ({"peak_rps": 10001, "job_duration_s": 0.05}, "serverless.concurrency-quota", True),
    (
        {"latency_p99_ms": 299, "traffic_pattern": "spiky"},
        "serverless.cold-starts-spiky-tight-p99",
        True,
    ),
    (
        {"latency_p99_ms": 300, "traffic_pattern": "spiky"},
        "serverless.cold-starts-spiky-tight-p99",
        False,
    ),
    (
        {"latency_p99_ms": 100, "traffic_pattern": "steady"},
        "serverless.cold-starts-spiky-tight-p99",
        False,
    ),
    ({"latency_p99_ms": 49}, "serverless.cold-starts-very-tight-p99", True),
    ({"latency_p99_ms": 50}, "serverless.cold-starts-very-tight-p99", False),
    ({"traffic_pattern": "spiky"}, "serverless.spiky-or-idle-load", True),
    ({"traffic_pattern": "mostly_idle"}, "serverless.spiky-or-idle-load", True),
    ({"traffic_pattern": "steady"}, "serverless.spiky-or-idle-load", False),
    ({"traffic_pattern": "steady", "avg_rps": 300}, "serverless.sustained-high-load", True),
    ({"traffic_pattern": "steady", "avg_rps": 299}, "serverless.sustained-high-load", False),
    ({"traffic_pattern": "spiky", "avg_rps": 3000}, "serverless.sustained-high-load", False),
    ({"traffic_pattern": "spiky", "avg_rps": 5}, "serverless.idle-most-of-the-time", True),
    ({"traffic_pattern": "spiky", "avg_rps": 6}, "serverless.idle-most-of-the-time", False),
    ({"state": "stateful"}, "serverless.stateful", True),
    ({"state": "session"}, "serverless.stateful", False),
    ({"state": "long_lived_connections"}, "serverless.long-lived-connections", True),
    ({"hosting": "on_premises"}, "serverless.on-premises", True),
    ({"hosting": "hybrid"}, "serverless.on-premises", False),
    ({"lock_in_tolerance": "low"}, "serverless.low-lock-in-tolerance", True),
    ({"lock_in_tolerance": "medium"}, "serverless.low-lock-in-tolerance", False),
    ({"caller_waits": False, "kind": "worker"}, "serverless.event-triggered", True),
    ({"caller_waits": True, "kind": "worker"}, "serverless.event-triggered", False),
    ({"caller_waits": False, "callers": ("async",)}, "serverless.event-triggered", True),
    ({"caller_waits": False, "kind": "data_store"}, "serverless.event-triggered", False),
    ({"kind": "batch_job", "job_duration_s": 900}, "serverless.parallel-batch", True),
    ({"kind": "data_store"}, "serverless.not-compute", True),
    ({"kind": "coordination"}, "serverless.not-compute", True),
    ({"ordering": "global"}, "serverless.global-ordering", True),
    ({"traffic_pattern": "daily_cycle", "avg_rps": 20}, "serverless.low-average-load", True),
    ({"traffic_pattern": "daily_cycle", "avg_rps": 21}, "serverless.low-average-load", False),
    ({"traffic_pattern": "steady", "avg_rps": 5}, "serverless.low-average-load", False),
    ({"steps_per_unit": 3, "handoff_mb_s": 10}, "serverless.fine-grained-orchestration", True),
    ({"steps_per_unit": 2, "handoff_mb_s": 500}, "serverless.fine-grained-orchestration", False),
    ({"stores_state": False}, "serverless.stateless-by-design", True),
    ({"stores_state": False, "state": "session"}, "serverless.stateless-by-design", False),
    ({"state": "session"}, "serverless.session-state", True),
    ({"state": "stateful_connections"}, "serverless.stateful", True),
    ({"state": "stateful_connections"}, "serverless.long-lived-connections", True),
    ({"single_authority": True}, "serverless.single-authority", True),
    ({"sub_round_trip_budget": True}, "serverless.sub-round-trip-budget", True),
    ({"monitoring": "none"}, "serverless.low-ops-maturity-public-cloud", True),
    ({"deployment": "manual"}, "serverless.low-ops-maturity-public-cloud", True),
    (
        {"monitoring": "none", "hosting": "hybrid"},
        "serverless.low-ops-maturity-public-cloud",
        False,
    ),
    ({"monitoring": "basic"}, "serverless.low-ops-maturity-public-cloud", False),
    ({"delivery_pressure": "urgent"}, "serverless.urgent-on-public-cloud", True),
    ({"delivery_pressure": "normal"}, "serverless.urgent-on-public-cloud", False),
    ({"existing_platforms": ["functions"]}, "serverless.functions-in-production", True),
    ({"existing_platforms": []}, "serverless.new-runtime", True),
    ({"existing_platforms": ["functions"]}, "serverless.new-runtime", False),
    ({"memory_mb": 122880}, "serverless.memory-over-fargate-limit", False),
    ({"memory_mb": 122881}, "serverless.memory-over-fargate-limit", True),
    ({"job_duration_s": 3600}, "serverless.request-over-cloud-run-timeout", False),
    ({"job_duration_s": 3601}, "serverless.request-over-cloud-run-timeout", True),
    (
        {"job_duration_s": 3601, "caller_waits": False},
        "serverless.request-over-cloud-run-timeout",
        False,
    ),
]


@pytest.mark.parametrize(("values", "rule", "fires"), CASES)
def test_rule_fires_at_its_boundary(values, rule, fires):
    values = dict(values)
    kind = values.pop("kind", "api")
    assert (rule in fired(run(kind, **values), "serverless")) is fires


def test_a_lambda_limit_rules_out_functions_and_leaves_containers():
    outcome = run("worker", caller_waits=False, job_duration_s=901).option("serverless")
    assert not outcome.ruled_out
    assert outcome.variant == "containers"
    (veto,) = outcome.variant_vetoes
    assert veto.variants == ("functions",)
    assert "AWS Lambda" in veto.limit


def test_a_long_batch_job_stands_as_a_serverless_batch_job():
    result = run(
        "batch_job",
        caller_waits=False,
        job_duration_s=7200,
        traffic_pattern="mostly_idle",
        avg_rps=0.01,
        peak_rps=1,
        latency_p99_ms=86_400_000,
        stores_state=False,
    )
    serverless = result.option("serverless")
    assert not serverless.ruled_out
    assert serverless.variant == "batch_jobs"
    assert {v.rule_id for v in serverless.variant_vetoes} == {"serverless.job-over-lambda-limit"}
    assert result.recommendation == "serverless"
    assert "Build it as Serverless batch jobs" in result.verdict
    assert "Functions as a service" in result.verdict


def test_a_waiting_caller_beyond_every_variants_limit_rules_serverless_out():
    result = run("api", job_duration_s=7200)
    serverless = result.option("serverless")
    assert serverless.ruled_out
    assert {v.rule_id for v in serverless.vetoes} == {
        "serverless.job-over-lambda-limit",
        "serverless.request-over-cloud-run-timeout",
        "serverless.batch-job-for-a-waiting-caller",
    }


def test_spiky_event_work_is_recommended_serverless():
    result = run(
        "worker",
        caller_waits=False,
        traffic_pattern="spiky",
        avg_rps=2,
        peak_rps=200,
        job_duration_s=20,
        latency_p99_ms=60000,
        independent_scaling=True,
        consistency="eventual",
    )
    assert result.recommendation == "serverless"


@pytest.mark.parametrize(
    ("values", "variant"),
    [
        ({}, "functions"),
        ({"lock_in_tolerance": "low"}, "containers"),
        ({"hosting": "on_premises"}, "containers"),
        ({"job_duration_s": 600, "caller_waits": False}, "containers"),
        ({"job_duration_s": 600, "caller_waits": False, "kind": "batch_job"}, "batch_jobs"),
        ({"job_duration_s": 600, "caller_waits": False, "kind": "scheduler"}, "batch_jobs"),
        ({"job_duration_s": 200, "caller_waits": False, "kind": "batch_job"}, "functions"),
    ],
)
def test_variant(values, variant):
    values = dict(values)
    kind = values.pop("kind", "api")
    assert run(kind, **values).option("serverless").variant == variant
