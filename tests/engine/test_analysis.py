"""Tipping points, trade-off points, cross-component findings and what-if changes."""

from __future__ import annotations

import pytest

from evaluator.engine import evaluate, what_if
from evaluator.engine.explain import isolate

from .conftest import component, design

# baseline 50 +10 caller waits = 60 (team of 12 is not small); event-driven 50 -20 +10 = 40;
# serverless 50 +20 = 70 but ruled out by the 1,800 s job; consensus 40 (1 replica).
TIPPING = {
    "traffic_pattern": "spiky",
    "caller_waits": True,
    "latency_p99_ms": 150,
    "job_duration_s": 1800,
    "replicas": 1,
    "personal_data": False,
}


def tipping(kb, **answers):
    spec = design(component(**answers), context={"team_size": 12, "regulation": []})
    return evaluate(spec, kb).components[0]


def test_tipping_points_for_a_crafted_case(kb):
    result = tipping(kb, **TIPPING)
    assert result.recommendation == "baseline"
    found = [
        (t.question, t.new, t.recommendation, t.score, t.previous_score)
        for t in result.tipping_points
    ]
    assert found == [
        ("job_duration_s", 900, "serverless", 70, 60),
        ("caller_waits", False, "event_driven", 60, 50),
        ("replicas", 3, "consensus", 65, 60),
    ]
    first = result.tipping_points[0]
    assert first.sentence == (
        "If “Longest job” changed from 1,800 s to 900 s, Serverless would become the"
        " recommendation (70 vs 60)."
    )
    assert first.distance == 0.5
    assert first.scope == "component"


def test_a_smaller_threshold_crossing_wins_in_each_direction(kb):
    # replicas 9: nothing below 3 changes the answer until 2, the value just below.
    result = tipping(kb, **{**TIPPING, "replicas": 9, "job_duration_s": 60})
    assert result.recommendation == "serverless"  # 70 against consensus 65
    assert not [t for t in result.tipping_points if t.question == "replicas"]


def test_unanswered_questions_are_tried_both_ways(kb):
    answers = dict(TIPPING)
    del answers["caller_waits"]
    result = tipping(kb, **answers)
    # baseline 50, event-driven 60 (bursty), serverless vetoed: event-driven leads.
    assert result.recommendation == "event_driven"
    flips = [t for t in result.tipping_points if t.question == "caller_waits"]
    assert [(t.new, t.recommendation) for t in flips] == [(True, "baseline")]
    assert "were answered" in flips[0].sentence


def test_system_questions_are_tried_and_marked(kb):
    # baseline 50 +10 small team +10 caller waits = 70 ties serverless 50 +20 spiky = 70.
    answers = {"traffic_pattern": "spiky", "caller_waits": True, "latency_p99_ms": 150}
    spec = design(component(**answers), context={"team_size": 4})
    result = evaluate(spec, kb).components[0]
    assert result.recommendation == "baseline"
    (team,) = [t for t in result.tipping_points if t.question == "team_size"]
    assert (team.scope, team.new, team.recommendation) == ("system", 10, "serverless")
    assert team.sentence == (
        "If “Team size” changed from 4 people to 10 people, Serverless would become the"
        " recommendation (70 vs 60)."
    )


def test_tradeoff_points_name_winners_and_losers(kb):
    result = tipping(kb, **{**TIPPING, "latency_p99_ms": 50})
    (point,) = [t for t in result.tradeoff_points if t.question == "caller_waits"]
    assert dict(point.gains) == {"baseline": 10.0}
    assert dict(point.loses) == {"event_driven": -20.0, "serverless": -10.0}
    assert point.attributes_gain == ("performance",)
    assert point.rules == (
        "baseline.caller-waits",
        "event_driven.caller-waits",
        "serverless.tight-sync-latency",
    )
    assert point.sentence.startswith(
        "The answer yes to “Caller waits” favours Baseline (+10) but counts against"
    )


def findings(kb, *components, context=None):
    return evaluate(design(*components, context=context), kb).findings


def ids(found):
    return [(f.id, f.components) for f in found]


def test_even_replicas(kb):
    found = findings(kb, component("Store", replicas=4), component("Other", replicas=3))
    assert ids(found) == [("even-consensus-replicas", ("Store",))]
    assert "Use 3 or 5" in found[0].message


def test_async_into_strong_consistency(kb):
    found = findings(
        kb,
        component("Producer", depends_on=(("Ledger", "async"), ("Cache", "async"))),
        component("Ledger", consistency="strong"),
        component("Cache", consistency="eventual"),
    )
    assert ids(found) == [("async-into-strong-consistency", ("Producer", "Ledger"))]


def test_serverless_in_a_tight_sync_chain(kb):
    # serverless wins (70) for a spiky, non-waiting component; the API calls it synchronously.
    thumbnails = component("Thumbs", traffic_pattern="spiky", caller_waits=False, latency_p99_ms=80)
    api = component("API", depends_on=(("Thumbs", "sync"),))
    found = findings(kb, thumbnails, api, context={"team_size": 20})
    assert ("serverless-in-sync-chain", ("Thumbs",)) in ids(found)
    relaxed = component("Thumbs", traffic_pattern="spiky", caller_waits=False, latency_p99_ms=500)
    assert "serverless-in-sync-chain" not in [f.id for f in findings(kb, relaxed, api)]


def test_sync_cycle(kb):
    found = findings(
        kb,
        component("A", depends_on=(("B", "sync"),)),
        component("B", depends_on=(("C", "sync"),)),
        component("C", depends_on=(("A", "sync"), ("D", "async"))),
        component("D", depends_on=(("A", "async"),)),
    )
    assert ids(found) == [("sync-dependency-cycle", ("A", "B", "C"))]


def test_microservices_for_a_small_team(tmp_path):
    from .test_scoring import FIXTURE_KB, load_knowledge, shutil

    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    with (root / "rules" / "microservices.yaml").open("a") as handle:
        handle.write(
            "  - id: microservices.independent\n    title: Independent\n"
            "    when: {eq: [personal_data, false]}\n    points: 40\n"
            "    attributes: [operability]\n    rationale: x\n"
            '    source: test\n    as_of: "2026"\n'
        )
    kb = load_knowledge(root)
    parts = [component(name, personal_data=False) for name in ("C", "A", "B")]
    found = findings(kb, *parts, context={"team_size": 6, "teams": 1})
    assert ids(found) == [("microservices-for-small-team", ("A", "B", "C"))]
    assert findings(kb, *parts, context={"team_size": 30, "teams": 2}) == ()


def test_personal_data_on_blockchain(tmp_path):
    from .test_scoring import FIXTURE_KB, load_knowledge, shutil

    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    # Make blockchain win without the personal-data veto so the finding can show.
    path = root / "rules" / "blockchain.yaml"
    path.write_text(
        "option: blockchain\nrules:\n  - id: blockchain.shared\n    title: Shared\n"
        "    when: {known: personal_data}\n    points: 40\n    attributes: [consistency]\n"
        '    rationale: x\n    source: test\n    as_of: "2026"\n'
    )
    kb = load_knowledge(root)
    found = findings(
        kb, component("Ledger", "ledger", personal_data=True), context={"regulation": ["gdpr"]}
    )
    assert ids(found) == [("personal-data-on-blockchain", ("Ledger",))]
    assert "GDPR" in found[0].message


def test_what_if_changes_one_component_or_the_context(kb):
    spec = design(component("A", caller_waits=True), component("B", caller_waits=True))
    changed = what_if(spec, {"caller_waits": False, "team_size": 3}, kb, component="B")
    assert changed.context["team_size"] == 3
    assert changed.component("A").answers["caller_waits"] is True
    assert changed.component("B").answers["caller_waits"] is False
    removed = what_if(spec, {"caller_waits": None}, kb)
    assert all("caller_waits" not in c.answers for c in removed.components)
    with pytest.raises(KeyError):
        what_if(spec, {"caller_waits": True}, kb, component="Nope")


def test_names_in_finding_messages_are_isolated(kb):
    # A right-to-left override in a name would reverse the rest of the message.
    store, reader = "Store \u202eerots", "\u05de\u05dc\u05d0\u05d9"
    found = findings(
        kb,
        component(store, replicas=4, depends_on=((reader, "async"), (reader, "sync"))),
        component(reader, consistency="strong", depends_on=((store, "sync"),)),
    )
    assert {f.id for f in found} == {
        "even-consensus-replicas",
        "async-into-strong-consistency",
        "sync-dependency-cycle",
    }
    for finding in found:
        message = finding.message
        for name in finding.components:
            assert isolate(name) in message, (finding.id, message)
            message = message.replace(isolate(name), "")
        assert "\u202e" not in message and "\u05de" not in message, (finding.id, message)
