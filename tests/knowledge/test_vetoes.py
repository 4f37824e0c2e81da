"""Every veto in the knowledge base has a case here that triggers it."""

import pytest

from evaluator.engine import default_knowledge
from tests.knowledge.conftest import run

UNTRUSTING_WRITERS = {
    "multiple_writers": True,
    "trusted_third_party": False,
    "writers_known": True,
    "writers_trusted": False,
}

TRIGGERS = {
    "blockchain.wg-no-state": ("ledger", {"stores_state": False}),
    "blockchain.wg-single-writer": ("ledger", {"multiple_writers": False}),
    "blockchain.wg-trusted-third-party": (
        "ledger",
        {"multiple_writers": True, "trusted_third_party": True},
    ),
    "blockchain.wg-trusted-writers": (
        "ledger",
        {"multiple_writers": True, "trusted_third_party": False, "writers_trusted": True},
    ),
    "serverless.job-over-lambda-limit": ("worker", {"caller_waits": False, "job_duration_s": 901}),
    "serverless.memory-over-lambda-limit": ("worker", {"memory_mb": 10241}),
    "serverless.payload-over-lambda-sync-limit": ("api", {"payload_kb": 6145}),
    "consensus.byzantine-participants": ("ledger", UNTRUSTING_WRITERS),
}


def test_every_veto_has_a_trigger_case():
    vetoes = {rule.id for rule in default_knowledge().rules if rule.veto is not None}
    assert vetoes == set(TRIGGERS)


@pytest.mark.parametrize("rule_id", sorted(TRIGGERS))
def test_veto_rules_its_option_out(rule_id):
    kind, values = TRIGGERS[rule_id]
    option = rule_id.split(".")[0]
    outcome = run(kind, **values).option(option)
    assert outcome.ruled_out
    assert outcome.band == "ruled_out"
    assert rule_id in {v.rule_id for v in outcome.vetoes}


@pytest.mark.parametrize("rule_id", sorted(TRIGGERS))
def test_veto_quotes_its_limit_and_the_answers(rule_id):
    kind, values = TRIGGERS[rule_id]
    veto = next(
        v for v in run(kind, **values).option(rule_id.split(".")[0]).vetoes if v.rule_id == rule_id
    )
    assert veto.limit
    assert veto.values, "a veto shows the answers that triggered it"
    assert "{" not in veto.rationale


def test_vendor_limits_name_the_vendor():
    for rule in default_knowledge().rules:
        if rule.veto is not None and rule.option == "serverless":
            assert "AWS Lambda" in rule.veto
            assert "AWS Lambda" in rule.title
