"""Evaluations to draw: the shop from the shared fixtures, and every example design.

The nightly batch needs more memory than any serverless platform gives (AWS Lambda's
10 GB, AWS Fargate's 120 GB), so serverless is ruled out whatever its variant.
"""

from pathlib import Path

import pytest

from evaluator.engine import default_knowledge, evaluate
from evaluator.engine.spec import parse_design

DESIGNS = sorted((Path(__file__).resolve().parents[2] / "designs").glob("*.yaml"))

BATCH_YAML = """\
format: tradeoff-evaluator/1
name: Nightly batch
components:
  - name: Report builder
    kind: batch_job
    answers:
      job_duration_s: 3600
      memory_mb: 200000
      latency_p99_ms: 200
      caller_waits: false
"""


@pytest.fixture(scope="session")
def kb():
    return default_knowledge()


@pytest.fixture
def batch_spec(kb):
    return parse_design(BATCH_YAML, filename="batch.yaml", knowledge=kb)


@pytest.fixture
def batch_evaluation(batch_spec, kb):
    return evaluate(batch_spec, kb)


@pytest.fixture(params=[path.stem for path in DESIGNS])
def example(request, kb):
    path = next(p for p in DESIGNS if p.stem == request.param)
    spec = parse_design(path.read_bytes(), filename=str(path), knowledge=kb)
    return spec, evaluate(spec, kb)
