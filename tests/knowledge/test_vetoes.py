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
    "blockchain.wg-verifiable-operator": (
        "ledger",
        {"multiple_writers": True, "trusted_third_party": False, "verifiable_operator": True},
    ),
    "blockchain.wg-trusted-writers": (
        "ledger",
        {"multiple_writers": True, "trusted_third_party": False, "writers_trusted": True},
    ),
    "serverless.memory-over-fargate-limit": ("worker", {"memory_mb": 122881}),
    "serverless.request-over-cloud-run-timeout": ("api", {"job_duration_s": 3601}),
    "serverless.batch-job-for-a-waiting-caller": ("batch_job", {"job_duration_s": 3601}),
    "serverless.job-over-lambda-limit": ("worker", {"caller_waits": False, "job_duration_s": 901}),
    "serverless.memory-over-lambda-limit": ("worker", {"memory_mb": 10241}),
    "serverless.payload-over-lambda-sync-limit": ("api", {"payload_kb": 6145}),
    "consensus.byzantine-participants": ("ledger", UNTRUSTING_WRITERS),
}


def test_every_veto_has_a_trigger_case():
    vetoes = {rule.id for rule in default_knowledge().rules if rule.veto is not None}
    assert vetoes == set(TRIGGERS)


def vetoes_of(outcome):
    return {v.rule_id: v for v in (*outcome.vetoes, *outcome.variant_vetoes)}


@pytest.mark.parametrize("rule_id", sorted(TRIGGERS))
def test_veto_rules_out_its_option_or_its_variants(rule_id):
    kind, values = TRIGGERS[rule_id]
    option = rule_id.split(".")[0]
    outcome = run(kind, **values).option(option)
    veto = vetoes_of(outcome)[rule_id]
    rule = default_knowledge().rule(rule_id)
    assert veto.variants == rule.variants
    if rule.variants:
        # A limit of some variants rules those out, not the option: unless nothing is left,
        # another variant stands and is the one recommended.
        assert outcome.ruled_out or outcome.variant not in rule.variants
    else:
        assert outcome.ruled_out
        assert outcome.band == "ruled_out"
        assert rule_id in {v.rule_id for v in outcome.vetoes}


@pytest.mark.parametrize("rule_id", sorted(TRIGGERS))
def test_veto_quotes_its_limit_and_the_answers(rule_id):
    kind, values = TRIGGERS[rule_id]
    veto = vetoes_of(run(kind, **values).option(rule_id.split(".")[0]))[rule_id]
    assert veto.limit
    assert veto.values, "a veto shows the answers that triggered it"
    assert "{" not in veto.rationale


def test_vendor_limits_name_the_vendor_and_rule_out_only_its_variant():
    vendors = ("AWS Lambda", "AWS Fargate", "Google Cloud Run")
    for rule in default_knowledge().rules:
        if rule.veto is not None and rule.option == "serverless":
            assert rule.variants, rule.id
            named = [v for v in vendors if v in rule.veto]
            if named:
                assert any(v in rule.title for v in named), rule.id
