"""Rules about some variants of an option, and the evidence a pattern needs to win.

Each test copies the fixture knowledge base and edits it, so the mechanism is seen in
isolation: a veto on one variant rules out that variant and leaves the option standing as
another; points for a variant count only while the option would be built as it; a pattern
that only gains on system-wide facts, or on the baseline's losses, is not recommended.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evaluator.engine import evaluate, load_knowledge
from evaluator.engine.errors import KnowledgeError

from .conftest import FIXTURE_KB, component, design

CONTAINER_LIMIT = """
  - id: serverless.containers-too-many-replicas
    title: More replicas than containers allow
    when: {gt: [replicas, 50]}
    veto: Containers stop at 50 replicas.
    variants: [containers]
    rationale: It needs {replicas}.
    source: test
    as_of: "2026-01"
  - id: serverless.containers-steady
    title: Steady load on containers
    when: {eq: [traffic_pattern, steady]}
    points: 10
    attributes: [cost]
    variants: [containers]
    rationale: Traffic is {traffic_pattern}.
    source: test
    as_of: "2026-01"
"""


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text()
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def variant_kb(tmp_path):
    """Functions vetoed over 900 s, containers over 50 replicas; containers are chosen
    when nobody waits for the answer."""
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    edit(
        root,
        "rules/serverless.yaml",
        "    veto: An invocation ends after 900 s.\n",
        "    veto: An invocation ends after 900 s.\n    variants: [functions]\n",
    )
    path = root / "rules" / "serverless.yaml"
    path.write_text(path.read_text() + CONTAINER_LIMIT)
    edit(
        root,
        "options.yaml",
        "when: {gt: [job_duration_s, 900]}",
        "when: {eq: [caller_waits, false]}",
    )
    return load_knowledge(root)


def serverless_for(kb, **answers):
    answers = {"traffic_pattern": "spiky", "replicas": 1, "job_duration_s": 100, **answers}
    spec = design(component(**answers), context={"team_size": 20})
    return evaluate(spec, kb).components[0]


def test_a_veto_on_one_variant_leaves_the_option_standing_as_another(variant_kb):
    result = serverless_for(variant_kb, caller_waits=True, job_duration_s=1800)
    serverless = result.option("serverless")
    assert not serverless.ruled_out
    assert serverless.variant == "containers"
    assert serverless.vetoes == ()
    (veto,) = serverless.variant_vetoes
    assert (veto.rule_id, veto.variants) == ("serverless.job-over-limit", ("functions",))
    assert result.recommendation == "serverless"
    assert "Build it as Serverless containers: a hard limit rules out Functions." in result.verdict


def test_a_vetoed_variant_gives_way_to_the_last_one_standing(variant_kb):
    # Nobody waits, so the conditions point to containers, but 60 replicas rule them out.
    serverless = serverless_for(variant_kb, caller_waits=False, replicas=60).option("serverless")
    assert not serverless.ruled_out
    assert serverless.variant == "functions"


def test_the_option_is_ruled_out_when_every_variant_is(variant_kb):
    result = serverless_for(variant_kb, caller_waits=False, replicas=60, job_duration_s=1800)
    serverless = result.option("serverless")
    assert serverless.ruled_out and serverless.band == "ruled_out"
    assert {v.rule_id for v in serverless.vetoes} == {
        "serverless.job-over-limit",
        "serverless.containers-too-many-replicas",
    }
    assert serverless.variant_vetoes == ()
    assert result.recommendation != "serverless"


def test_points_for_a_variant_count_only_while_it_is_chosen(variant_kb):
    on_containers = serverless_for(variant_kb, caller_waits=False, traffic_pattern="steady")
    on_functions = serverless_for(variant_kb, caller_waits=True, traffic_pattern="steady")
    containers = on_containers.option("serverless")
    functions = on_functions.option("serverless")
    assert containers.variant == "containers" and functions.variant == "functions"
    assert "serverless.containers-steady" in {c.rule_id for c in containers.contributions}
    assert "serverless.containers-steady" not in {c.rule_id for c in functions.contributions}
    assert containers.score == 60 and functions.score == 50


@pytest.mark.parametrize(
    ("variants", "message", "hint"),
    [
        ("[fuctions]", "unknown variant 'fuctions'", "Did you mean 'functions'?"),
        ("[functions, functions]", "listed twice", None),
        ("[containers, functions]", "names every variant", "Leave 'variants' out"),
    ],
)
def test_a_rule_naming_wrong_variants_is_refused(tmp_path, variants, message, hint):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    edit(
        root,
        "rules/serverless.yaml",
        "    veto: An invocation ends after 900 s.\n",
        f"    veto: An invocation ends after 900 s.\n    variants: {variants}\n",
    )
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    assert message in caught.value.message
    assert caught.value.line is not None
    if hint:
        assert hint in caught.value.hint


HEAD_START = """head_start:
  points: 10
  reason: Every pattern costs a new runtime to learn before it gives anything back.
"""
SYSTEM_ONLY = """
  - id: microservices.big-organisation
    title: A big organisation
    when: {gte: [team_size, 50]}
    points: 30
    attributes: [operability]
    rationale: "{team_size}."
    source: test
    as_of: "2026-01"
"""
ABOUT_THE_COMPONENT = """
  - id: microservices.many-replicas
    title: Many replicas
    when: {gte: [replicas, 2]}
    points: 10
    attributes: [operability]
    rationale: "{replicas}."
    source: test
    as_of: "2026-01"
"""


@pytest.fixture
def head_start_root(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    options = root / "options.yaml"
    text = HEAD_START + options.read_text().replace("start: 40", "start: 50").replace(
        "start: 30", "start: 50"
    )
    options.write_text(
        text.replace("name: Baseline\n    start: 50", "name: Baseline\n    start: 60")
    )
    rules = root / "rules" / "microservices.yaml"
    rules.write_text(rules.read_text() + SYSTEM_ONLY)
    return root


def test_the_head_start_is_documented_with_its_reason(head_start_root):
    kb = load_knowledge(head_start_root)
    assert kb.head_start.points == 10
    assert kb.head_start.reason.startswith("Every pattern costs")


def test_a_head_start_that_does_not_match_the_starts_is_refused(head_start_root):
    edit(
        head_start_root,
        "options.yaml",
        "name: Blockchain\n    start: 50",
        "name: Blockchain\n    start: 45",
    )
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(head_start_root)
    assert "blockchain starts at 45" in caught.value.message
    assert "it should start at 50" in caught.value.message


def test_a_pattern_that_gains_only_on_system_facts_is_held_back(head_start_root):
    kb = load_knowledge(head_start_root)
    spec = design(
        component(traffic_pattern="steady", caller_waits=False, replicas=1),
        context={"team_size": 100},
    )
    result = evaluate(spec, kb).components[0]
    micro = result.option("microservices")
    # Baseline 60 + 15 steady = 75; microservices 50 + 30 on the team size alone = 80.
    assert (micro.score, micro.evidence, micro.earned) == (80, 0.0, False)
    assert result.recommendation == "baseline"
    assert result.runner_up == "microservices"
    assert result.held_back == ("microservices",)
    assert result.close_call and result.margin == -5.0
    assert "too little evidence" in result.verdict


def test_evidence_about_the_component_lets_the_pattern_win(head_start_root):
    rules = head_start_root / "rules" / "microservices.yaml"
    rules.write_text(rules.read_text() + ABOUT_THE_COMPONENT)
    kb = load_knowledge(head_start_root)
    spec = design(
        component(traffic_pattern="steady", caller_waits=False, replicas=3),
        context={"team_size": 100},
    )
    result = evaluate(spec, kb).components[0]
    micro = result.option("microservices")
    assert (micro.evidence, micro.earned) == (10.0, True)
    assert result.recommendation == "microservices"
    assert result.held_back == ()
