"""The example designs load, are fully answered and recommend sensible options."""

from pathlib import Path

import pytest

from evaluator.engine import OPTION_IDS, default_knowledge, evaluate
from evaluator.engine.spec import DesignSpec, parse_design

DESIGNS = Path(__file__).resolve().parents[2] / "designs"
FILES = sorted(DESIGNS.glob("*.yaml"))

# The recommendations an expert would expect for the components that define each example.
EXPECTED = [
    ("hr-tool.yaml", "Employee records", "baseline"),
    ("hr-tool.yaml", "Leave requests", "baseline"),
    ("hr-tool.yaml", "Approval notifications", "baseline"),
    ("hr-tool.yaml", "Payroll export", "baseline"),
    ("hr-tool.yaml", "Contract archive", "baseline"),
    ("shop.yaml", "Checkout and payments", "baseline"),
    ("shop.yaml", "Order fulfilment", "event_driven"),
    ("shop.yaml", "Search", "microservices"),
    ("shop.yaml", "Receipt emails", "serverless"),
    ("photoshare.yaml", "Posts and feed API", "microservices"),
    ("photoshare.yaml", "Media processing", "serverless"),
    ("photoshare.yaml", "Activity stream", "event_driven"),
    ("photoshare.yaml", "Photo provenance register", "baseline"),
    ("trading.yaml", "Matching engine", "consensus"),
    ("trading.yaml", "Market data feed", "event_driven"),
    ("trading.yaml", "Pre-trade risk", "baseline"),
    ("supply-chain.yaml", "Provenance ledger", "blockchain"),
    ("supply-chain.yaml", "Shipment scan events", "event_driven"),
    ("iot-telemetry.yaml", "Device registry", "consensus"),
    ("iot-telemetry.yaml", "Telemetry processing", "event_driven"),
    ("iot-telemetry.yaml", "Cold storage archiver", "serverless"),
]


def load(path: Path) -> DesignSpec:
    return parse_design(path.read_bytes(), filename=path.name, knowledge=default_knowledge())


def test_there_are_at_least_six_examples():
    assert len(FILES) >= 6


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_example_is_fully_answered(path):
    kb = default_knowledge()
    spec = load(path)
    assert spec.summary
    assert 4 <= len(spec.components) <= 8
    system = {q.id for q in kb.questions if q.scope == "system"}
    component = {q.id for q in kb.questions if q.scope == "component"}
    assert {q for q, v in spec.context.items() if v is not None} == system
    assert set(spec.priorities) == {a.id for a in kb.attributes}
    for part in spec.components:
        answered = {q for q, v in part.answers.items() if v is not None}
        assert answered == component, (part.name, sorted(component - answered))


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_example_evaluates_with_full_confidence(path):
    evaluation = evaluate(load(path), default_knowledge())
    for result in evaluation.components:
        assert result.recommendation is not None, result.name
        assert result.confidence == 1.0, result.name


def test_examples_recommend_each_of_the_six_options_somewhere():
    recommended = set()
    for path in FILES:
        for result in evaluate(load(path), default_knowledge(), analyse=False).components:
            recommended.add(result.recommendation)
    assert recommended == set(OPTION_IDS)


@pytest.mark.parametrize(("file", "component", "option"), EXPECTED)
def test_expected_recommendation(file, component, option):
    evaluation = evaluate(load(DESIGNS / file), default_knowledge(), analyse=False)
    assert evaluation.component(component).recommendation == option


def test_supply_chain_ledger_is_a_public_permissioned_chain():
    result = evaluate(load(DESIGNS / "supply-chain.yaml"), default_knowledge(), analyse=False)
    ledger = result.component("Provenance ledger")
    assert ledger.option("blockchain").variant == "public_permissioned"
    assert ledger.option("consensus").ruled_out


def test_photo_provenance_needs_no_blockchain():
    # The platform itself is an always-online trusted third party (Wüst and Gervais step 3).
    result = evaluate(load(DESIGNS / "photoshare.yaml"), default_knowledge(), analyse=False)
    register = result.component("Photo provenance register")
    blockchain = register.option("blockchain")
    assert blockchain.ruled_out
    assert {v.rule_id for v in blockchain.vetoes} == {"blockchain.wg-trusted-third-party"}
    assert register.option("baseline").variant == "verifiable_log"


def test_hr_tool_keeps_the_baseline_everywhere_with_a_clear_margin():
    result = evaluate(load(DESIGNS / "hr-tool.yaml"), default_knowledge(), analyse=False)
    for component in result.components:
        assert component.recommendation == "baseline"
        assert not component.close_call, component.name
