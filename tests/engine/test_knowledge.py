"""Loading the knowledge base: every mistake is refused with file, line and a hint."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evaluator.engine.errors import DesignError, KnowledgeError
from evaluator.engine.knowledge import DERIVED_QUESTIONS, OPTION_IDS, load_knowledge
from evaluator.engine.spec import parse_design

from .conftest import FIXTURE_KB


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, target)
    return target


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text()
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1))


def line_of(root: Path, name: str, needle: str) -> int:
    """The line of the last occurrence: for a duplicate, the error points at the second."""
    found = [
        number
        for number, line in enumerate((root / name).read_text().splitlines(), start=1)
        if needle in line
    ]
    assert found, needle
    return found[-1]


def test_the_fixture_loads(kb):
    assert kb.version == "test-1"
    assert [o.id for o in kb.options] == list(OPTION_IDS)
    assert len(kb.rules) == 11
    assert kb.rule("serverless.job-over-limit").veto
    assert set(DERIVED_QUESTIONS) <= set(kb.by_id)
    assert kb.rules_by_question["traffic_pattern"]


# file | text to replace | replacement | line containing | message words | hint
BROKEN = [
    (
        "rules/serverless.yaml",
        "{gt: [job_duration_s, 900]}",
        "{gt: [job_duraton_s, 900]}",
        "job_duraton_s",
        "unknown question 'job_duraton_s'",
        "Did you mean 'job_duration_s'?",
    ),
    (
        "rules/serverless.yaml",
        "id: serverless.spiky-traffic",
        "id: baseline.spiky-traffic",
        "baseline.spiky-traffic",
        "must read 'serverless.<slug>'",
        None,
    ),
    (
        "rules/serverless.yaml",
        "points: 20",
        "points: 50",
        "points: 50",
        "from -40 to 40",
        None,
    ),
    (
        "rules/serverless.yaml",
        "points: 20",
        "points: 0",
        "points: 0",
        "not 0",
        None,
    ),
    (
        "rules/serverless.yaml",
        "points: 20",
        "points: 20\n    veto: No.",
        "id: serverless.spiky-traffic",
        "exactly one of 'points' or 'veto'",
        None,
    ),
    (
        "rules/serverless.yaml",
        "attributes: [cost]",
        "attributes: [costs]",
        "attributes: [costs]",
        "unknown quality attribute 'costs'",
        "Did you mean 'cost'?",
    ),
    (
        "rules/serverless.yaml",
        "rationale: Traffic is {traffic_pattern}.",
        "rationale: Traffic is {trafic_pattern}.",
        "{trafic_pattern}",
        "not a question or derived fact",
        "Did you mean 'traffic_pattern'?",
    ),
    (
        "rules/serverless.yaml",
        "    rationale: Traffic is {traffic_pattern}.",
        "    rationle: Traffic is {traffic_pattern}.",
        "rationle",
        "unknown key 'rationle'",
        "Did you mean 'rationale'?",
    ),
    (
        "rules/consensus.yaml",
        '    as_of: "2026-01"\n',
        "",
        "id: consensus.replicas-agree",
        "needs 'as_of'",
        None,
    ),
    (
        "rules/consensus.yaml",
        'as_of: "2026-01"',
        "as_of: last year",
        "as_of: last year",
        "as_of must be a date",
        None,
    ),
    (
        "rules/consensus.yaml",
        "    attributes: [consistency]\n",
        "",
        "id: consensus.replicas-agree",
        "needs 'attributes'",
        None,
    ),
    (
        "rules/consensus.yaml",
        "id: consensus.replicas-agree",
        "id: consensus.replicas-agree\n    title: Again\n    when: {known: replicas}\n"
        "    points: 1\n    attributes: [cost]\n    rationale: x\n    source: s\n"
        '    as_of: "2026"\n  - id: consensus.replicas-agree',
        "id: consensus.replicas-agree",
        "defined twice",
        None,
    ),
    (
        "options.yaml",
        "- {id: functions, name: Functions}",
        "- {id: functions, name: Functions, when: {known: replicas}}",
        "id: functions",
        "last variant is the default",
        None,
    ),
    (
        "options.yaml",
        "  - id: blockchain\n",
        "  - id: blokchain\n",
        "id: blokchain",
        "unknown option 'blokchain'",
        "Did you mean 'blockchain'?",
    ),
    (
        "options.yaml",
        "when: {gt: [job_duration_s, 900]}",
        "when: {gt: [job_duration_s, fifteen]}",
        "fifteen",
        "not a number",
        None,
    ),
    (
        "questions.yaml",
        'version: "test-1"',
        "version: 2026.11",
        "version:",
        "must be text",
        'Quote it, e.g. version: "2026.11".',
    ),
    (
        "questions.yaml",
        "  - id: personal_data\n",
        "  - id: replicas\n",
        "id: replicas",
        "defined twice",
        None,
    ),
    (
        "questions.yaml",
        "    group: team\n",
        "    group: teams\n",
        "group: teams",
        "unknown group 'teams'",
        "Did you mean 'team'?",
    ),
    (
        "questions.yaml",
        "    type: bool\n",
        "    type: boolean\n",
        "type: boolean",
        "type 'boolean' is not one of",
        "Did you mean 'bool'?",
    ),
    (
        "questions.yaml",
        "  - id: caller_waits\n",
        "  - id: kind\n",
        "id: kind",
        "derives from the design",
        None,
    ),
    (
        "questions.yaml",
        "      - {value: spiky, label: Spiky}",
        "      - {value: spiky, label: Spiky}\n      - {value: spiky, label: Again}",
        "label: Again",
        "defined twice",
        None,
    ),
    (
        "questions.yaml",
        "    unit: people\n",
        '    unit: people\n    source: "Fowler, Microservice Premium"\n',
        "id: team_size",
        "needs both ('as_of' is missing)",
        None,
    ),
    (
        "questions.yaml",
        "    unit: people\n",
        '    unit: people\n    source: "Fowler, Microservice Premium"\n    as_of: soon\n',
        "as_of: soon",
        "as_of must be a date",
        None,
    ),
    (
        "rules/blockchain.yaml",
        "when: {eq: [personal_data, true]}",
        "when: {eq: [personal_data, true]",
        "veto:",
        "YAML could not be read",
        None,
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "needle", "words", "hint"), BROKEN)
def test_a_broken_file_is_refused_with_its_line(copy, name, old, new, needle, words, hint):
    edit(copy, name, old, new)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(copy)
    error = caught.value
    assert words in error.message
    assert error.file.endswith(name)
    assert error.line == line_of(copy, name, needle)
    if hint is not None:
        assert error.hint == hint


def test_a_missing_option_is_named(copy):
    text = (copy / "options.yaml").read_text()
    start = text.index("  - id: blockchain")
    (copy / "options.yaml").write_text(text[:start])
    with pytest.raises(KnowledgeError, match="options missing: blockchain"):
        load_knowledge(copy)


def test_a_missing_catalogue_is_an_error(tmp_path):
    with pytest.raises(KnowledgeError, match="questions.yaml is missing"):
        load_knowledge(tmp_path)


def test_the_digest_follows_the_content(copy, kb):
    assert load_knowledge(copy).digest == kb.digest
    edit(copy, "rules/consensus.yaml", "points: 25", "points: 24")
    assert load_knowledge(copy).digest != kb.digest


# -- answers --------------------------------------------------------------------------

# question | value | accepted
ANSWERS = [
    ("caller_waits", True, True),
    ("caller_waits", 1, False),
    ("caller_waits", "yes", False),
    ("team_size", 5, True),
    ("team_size", 5.0, True),
    ("team_size", 5.5, False),
    ("team_size", 0, False),
    ("team_size", True, False),
    ("job_duration_s", 86400, True),
    ("job_duration_s", 86401, False),
    ("job_duration_s", float("nan"), False),
    ("job_duration_s", float("inf"), False),
    ("traffic_pattern", "spiky", True),
    ("traffic_pattern", "Spiky", False),
    ("regulation", [], True),
    ("regulation", ["gdpr", "hipaa"], True),
    ("regulation", ["gdpr", "gdpr"], False),
    ("regulation", "gdpr", False),
    ("regulation", ["sox"], False),
    ("kind", "api", False),
    ("nope", 1, False),
    ("traffic_pattern", None, True),
]


@pytest.mark.parametrize(("qid", "value", "accepted"), ANSWERS)
def test_check_answer(kb, qid, value, accepted):
    assert (kb.check_answer(qid, value) is None) is accepted


# question | text | value (or an exception type)
PARSED = [
    ("caller_waits", "yes", True),
    ("caller_waits", "False", False),
    ("caller_waits", "", None),
    ("caller_waits", "perhaps", DesignError),
    ("job_duration_s", "1,800", 1800),
    ("job_duration_s", "2.5", 2.5),
    ("job_duration_s", "lots", DesignError),
    ("job_duration_s", "nan", DesignError),
    ("team_size", "3.5", DesignError),
    ("traffic_pattern", "spiky", "spiky"),
    ("traffic_pattern", "spikey", DesignError),
    ("regulation", "gdpr, hipaa", ["gdpr", "hipaa"]),
    ("regulation", "gdpr,sox", DesignError),
    ("sync_callers", "1", DesignError),
]


@pytest.mark.parametrize(("qid", "text", "expected"), PARSED)
def test_parse_answer(kb, qid, text, expected):
    if isinstance(expected, type):
        with pytest.raises(expected):
            kb.parse_answer(qid, text)
    else:
        assert kb.parse_answer(qid, text) == expected


def test_parse_answer_suggests_a_choice(kb):
    with pytest.raises(DesignError) as caught:
        kb.parse_answer("traffic_pattern", "spikey")
    assert caught.value.hint == "Did you mean 'spiky'?"


DESIGN = """\
format: tradeoff-evaluator/1
name: Shop
context:
  team_size: 4
priorities:
  cost: high
components:
  - name: Worker
    kind: worker
    answers:
      traffic_pattern: spiky
      job_duration_s: 60
"""

# replacement in DESIGN | line | message words | hint
BAD_DESIGNS = [
    ("team_size: 4", 4, "below the minimum", None),
    ("team_size: 4", 4, "expected a number", None),
    ("cost: high", 6, "not high, medium or low", None),
    ("cost: high", 6, "unknown quality attribute", "Did you mean 'cost'?"),
    ("traffic_pattern: spiky", 11, "not one of", "Did you mean 'spiky'?"),
    ("job_duration_s: 60", 12, "unknown question", "Did you mean 'job_duration_s'?"),
    ("job_duration_s: 60", 12, "system-wide question", None),
    ("team_size: 4", 4, "component-wide question", None),
    ("job_duration_s: 60", 12, "worked out from the design", None),
    ("traffic_pattern: spiky", 11, "expected yes or no", None),
]
REPLACEMENTS = [
    "team_size: 0",
    "team_size: four",
    "cost: urgent",
    "costs: high",
    "traffic_pattern: spikey",
    "job_duraton_s: 60",
    "regulation: [gdpr]",
    "caller_waits: true",
    "sync_callers: 2",
    "personal_data: 1",
]


@pytest.mark.parametrize(("case", "replacement"), list(zip(BAD_DESIGNS, REPLACEMENTS, strict=True)))
def test_validate_design_names_line_and_hint(kb, case, replacement):
    old, line, words, hint = case
    text = DESIGN.replace(old, replacement)
    with pytest.raises(DesignError) as caught:
        parse_design(text, filename="shop.yaml", knowledge=kb)
    error = caught.value
    assert words in error.message
    assert (error.file, error.line) == ("shop.yaml", line)
    if hint is not None:
        assert error.hint == hint


def test_a_valid_design_passes(kb):
    spec = parse_design(DESIGN, filename="shop.yaml", knowledge=kb)
    assert spec.components[0].answers["job_duration_s"] == 60
