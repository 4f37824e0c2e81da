"""Blockchain: the Wüst and Gervais (2018) flow, step by step, and the conflicts."""

import pytest

from tests.knowledge.conftest import fired, run

# The path to "multiple writers who do not trust each other, no trusted third party".
CONSORTIUM = {
    "stores_state": True,
    "multiple_writers": True,
    "trusted_third_party": False,
    "writers_known": True,
    "writers_trusted": False,
    "public_verifiability": False,
    "tamper_evidence": True,
    "caller_waits": False,
    "latency_p99_ms": 5000,
}

WG_VETOES = {
    "blockchain.wg-no-state",
    "blockchain.wg-single-writer",
    "blockchain.wg-trusted-third-party",
    "blockchain.wg-verifiable-operator",
    "blockchain.wg-trusted-writers",
}

# The seven outcomes of the flow: (answers, veto or None, variant or None).
FLOW = [
    ("1 no state", {"stores_state": False}, "blockchain.wg-no-state", None),
    ("2 single writer", {"multiple_writers": False}, "blockchain.wg-single-writer", None),
    (
        "3 trusted third party",
        {"trusted_third_party": True},
        "blockchain.wg-trusted-third-party",
        None,
    ),
    (
        "3b an operator anyone can check",
        {"verifiable_operator": True, "writers_known": False},
        "blockchain.wg-verifiable-operator",
        None,
    ),
    (
        "4 unknown writers",
        {"writers_known": False, "writers_trusted": None, "write_rps": 1},
        None,
        "permissionless",
    ),
    ("5 trusted writers", {"writers_trusted": True}, "blockchain.wg-trusted-writers", None),
    ("6 public verifiability", {"public_verifiability": True}, None, "public_permissioned"),
    ("6 no public verifiability", {"public_verifiability": False}, None, "private_permissioned"),
]


@pytest.mark.parametrize(("step", "changes", "veto", "variant"), FLOW, ids=[f[0] for f in FLOW])
def test_wuest_gervais_flow(step, changes, veto, variant):
    outcome = run("ledger", **{**CONSORTIUM, **changes}).option("blockchain")
    vetoes = {v.rule_id for v in outcome.vetoes}
    if veto is None:
        assert not outcome.ruled_out, step
        assert outcome.variant == variant
    else:
        assert outcome.ruled_out, step
        # Exactly one step of the flow decides; earlier answers short-circuit later ones.
        assert vetoes & WG_VETOES == {veto}


def test_the_flow_asks_in_the_papers_order():
    # No state decides even if every later answer would also say "no blockchain".
    outcome = run(
        "ledger",
        stores_state=False,
        multiple_writers=False,
        trusted_third_party=True,
        writers_trusted=True,
    ).option("blockchain")
    assert {v.rule_id for v in outcome.vetoes} & WG_VETOES == {"blockchain.wg-no-state"}


@pytest.mark.parametrize(
    "changes",
    [
        {"multiple_writers": False},
        {"trusted_third_party": True},
        {"writers_trusted": True},
    ],
)
def test_tamper_evidence_without_distrust_means_a_verifiable_log(changes):
    result = run("ledger", **{**CONSORTIUM, **changes})
    assert result.option("blockchain").variant == "verifiable_log"
    assert result.option("baseline").variant == "verifiable_log"
    assert "baseline.tamper-evident-log-suffices" in fired(result, "baseline")


def test_untrusted_but_auditable_operator_means_a_verifiable_log_not_a_chain():
    # Certificate Transparency: anyone writes, nobody trusts the operator, but anyone can
    # detect its misbehaviour.
    result = run(
        "ledger",
        **{
            **CONSORTIUM,
            "writers_known": False,
            "verifiable_operator": True,
            "public_verifiability": True,
        },
    )
    assert result.recommendation == "baseline"
    assert result.option("baseline").variant == "verifiable_log"
    assert "baseline.verifiable-operator" in fired(result, "baseline")
    assert "baseline.no-trusted-operator" not in fired(result, "baseline")
    assert not result.option("consensus").ruled_out  # one operator runs its replicas
    blockchain = result.option("blockchain")
    assert {v.rule_id for v in blockchain.vetoes} == {"blockchain.wg-verifiable-operator"}


def test_consortium_ledger_is_recommended_blockchain():
    result = run("ledger", **{**CONSORTIUM, "public_verifiability": True, "audit_trail": True})
    assert result.recommendation == "blockchain"
    assert result.option("consensus").ruled_out  # crash-tolerant consensus cannot handle lies


CASES = [
    ({"write_rps": 15, "writers_known": False}, "blockchain.write-rate-public-chain", False),
    ({"write_rps": 16, "writers_known": False}, "blockchain.write-rate-public-chain", True),
    ({"write_rps": 3500}, "blockchain.write-rate-beyond-fabric", False),
    ({"write_rps": 3501}, "blockchain.write-rate-beyond-fabric", True),
    ({"write_rps": 499}, "blockchain.write-rate-high", False),
    ({"write_rps": 500}, "blockchain.write-rate-high", True),
    (
        {"writers_known": False, "latency_p99_ms": 899999},
        "blockchain.finality-public-chain",
        True,
    ),
    (
        {"writers_known": False, "latency_p99_ms": 900000},
        "blockchain.finality-public-chain",
        False,
    ),
    ({"caller_waits": True, "latency_p99_ms": 999}, "blockchain.latency-permissioned", True),
    ({"caller_waits": True, "latency_p99_ms": 1000}, "blockchain.latency-permissioned", False),
    ({"personal_data": True}, "blockchain.personal-data", True),
    ({"personal_data": True, "regulation": ["gdpr"]}, "blockchain.gdpr-erasure", True),
    ({"personal_data": True, "regulation": []}, "blockchain.gdpr-erasure", False),
    ({"writers_known": False, "budget_sensitivity": "high"}, "blockchain.fees", True),
    ({"writers_known": False, "budget_sensitivity": "low"}, "blockchain.fees", False),
    ({"team_size": 5}, "blockchain.small-team", True),
    ({"team_size": 6}, "blockchain.small-team", False),
    (
        {"tamper_evidence": False, "public_verifiability": False},
        "blockchain.no-integrity-need",
        True,
    ),
    ({"existing_platforms": ["ledger_network"]}, "blockchain.network-in-production", True),
    ({"existing_platforms": []}, "blockchain.new-network", True),
    ({"existing_platforms": ["ledger_network"]}, "blockchain.new-network", False),
    ({"delivery_pressure": "urgent"}, "blockchain.urgent", True),
]


@pytest.mark.parametrize(("values", "rule", "fires"), CASES)
def test_rule_fires_at_its_boundary(values, rule, fires):
    assert (rule in fired(run("ledger", **{**CONSORTIUM, **values}), "blockchain")) is fires


def test_unanswered_flow_question_is_open_not_no():
    outcome = run("ledger", **{**CONSORTIUM, "trusted_third_party": None}).option("blockchain")
    assert not outcome.ruled_out
    assert "blockchain.wg-trusted-third-party" in {r.rule_id for r in outcome.open_rules}
