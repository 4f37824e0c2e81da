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
]


@pytest.mark.parametrize(("values", "rule", "fires"), CASES)
def test_rule_fires_at_its_boundary(values, rule, fires):
    values = dict(values)
    kind = values.pop("kind", "api")
    assert (rule in fired(run(kind, **values), "serverless")) is fires


def test_a_lambda_limit_rules_serverless_out():
    result = run("worker", caller_waits=False, job_duration_s=901)
    outcome = result.option("serverless")
    assert outcome.ruled_out
    assert "AWS Lambda" in outcome.vetoes[0].limit
    assert result.recommendation != "serverless"


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
    ],
)
def test_variant(values, variant):
    assert run(**values).option("serverless").variant == variant
