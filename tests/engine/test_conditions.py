"""The condition language: each operator, Kleene logic, and compile-time validation."""

from __future__ import annotations

import pytest

from evaluator.engine.conditions import OPERATORS, compile_condition
from evaluator.engine.errors import KnowledgeError
from evaluator.engine.knowledge import Choice, Question
from evaluator.engine.safeyaml import load_yaml

QUESTIONS = {
    "peak_rps": Question("peak_rps", "Peak", "number", "component", "g", unit="requests/s"),
    "replicas": Question("replicas", "Replicas", "number", "component", "g", integer=True),
    "caller_waits": Question("caller_waits", "Waits", "bool", "component", "g"),
    "traffic_pattern": Question(
        "traffic_pattern",
        "Traffic",
        "choice",
        "component",
        "g",
        choices=(Choice("steady", "Steady"), Choice("spiky", "Spiky"), Choice("idle", "Idle")),
    ),
    "regulation": Question(
        "regulation",
        "Regulation",
        "multi",
        "system",
        "g",
        choices=(Choice("gdpr", "GDPR"), Choice("hipaa", "HIPAA")),
    ),
}


def run(node, facts):
    return compile_condition(node, QUESTIONS).evaluate(facts)


# node | facts | expected
OPERATOR_TABLE = [
    ({"eq": ["traffic_pattern", "spiky"]}, {"traffic_pattern": "spiky"}, True),
    ({"eq": ["traffic_pattern", "spiky"]}, {"traffic_pattern": "steady"}, False),
    ({"eq": ["traffic_pattern", "spiky"]}, {}, None),
    ({"eq": ["caller_waits", True]}, {"caller_waits": True}, True),
    ({"eq": ["caller_waits", True]}, {"caller_waits": False}, False),
    ({"eq": ["caller_waits", False]}, {"caller_waits": None}, None),
    ({"ne": ["traffic_pattern", "spiky"]}, {"traffic_pattern": "steady"}, True),
    ({"ne": ["traffic_pattern", "spiky"]}, {"traffic_pattern": "spiky"}, False),
    ({"ne": ["traffic_pattern", "spiky"]}, {}, None),
    ({"lt": ["peak_rps", 100]}, {"peak_rps": 99.5}, True),
    ({"lt": ["peak_rps", 100]}, {"peak_rps": 100}, False),
    ({"lt": ["peak_rps", 100]}, {}, None),
    ({"lte": ["peak_rps", 100]}, {"peak_rps": 100}, True),
    ({"lte": ["peak_rps", 100]}, {"peak_rps": 101}, False),
    ({"lte": ["peak_rps", 100]}, {}, None),
    ({"gt": ["peak_rps", 100]}, {"peak_rps": 101}, True),
    ({"gt": ["peak_rps", 100]}, {"peak_rps": 100}, False),
    ({"gt": ["peak_rps", 100]}, {}, None),
    ({"gte": ["peak_rps", 100]}, {"peak_rps": 100}, True),
    ({"gte": ["peak_rps", 100]}, {"peak_rps": 99}, False),
    ({"gte": ["peak_rps", 100]}, {}, None),
    ({"in": ["traffic_pattern", ["spiky", "idle"]]}, {"traffic_pattern": "idle"}, True),
    ({"in": ["traffic_pattern", ["spiky", "idle"]]}, {"traffic_pattern": "steady"}, False),
    ({"in": ["traffic_pattern", ["spiky", "idle"]]}, {}, None),
    ({"between": ["peak_rps", 10, 20]}, {"peak_rps": 10}, True),
    ({"between": ["peak_rps", 10, 20]}, {"peak_rps": 20}, True),
    ({"between": ["peak_rps", 10, 20]}, {"peak_rps": 20.5}, False),
    ({"between": ["peak_rps", 10, 20]}, {}, None),
    ({"has": ["regulation", "gdpr"]}, {"regulation": ["hipaa", "gdpr"]}, True),
    ({"has": ["regulation", "gdpr"]}, {"regulation": []}, False),
    ({"has": ["regulation", "gdpr"]}, {}, None),
    ({"known": "peak_rps"}, {"peak_rps": 0}, True),
    ({"known": "peak_rps"}, {"peak_rps": None}, False),
    ({"unknown": "peak_rps"}, {}, True),
    ({"unknown": "peak_rps"}, {"peak_rps": 5}, False),
    ({"known": "regulation"}, {"regulation": []}, True),
]


@pytest.mark.parametrize(("node", "facts", "expected"), OPERATOR_TABLE)
def test_operator_table(node, facts, expected):
    assert run(node, facts) is expected


def test_every_operator_is_compiled_by_the_tables_here():
    # all, any and not have their own tables below; the others are in OPERATOR_TABLE.
    covered = {op for node, _, _ in OPERATOR_TABLE for op in node} | {"all", "any", "not"}
    assert covered == set(OPERATORS)


T = {"eq": ["caller_waits", True]}
F = {"eq": ["traffic_pattern", "spiky"]}  # false for the facts below
U = {"gt": ["peak_rps", 1]}  # undetermined: peak_rps is never answered below
FACTS = {"caller_waits": True, "traffic_pattern": "steady"}
VALUES = {"T": (T, True), "F": (F, False), "U": (U, None)}

# Kleene's strong three-valued logic, written out in full.
ALL_TABLE = {
    ("T", "T"): True,
    ("T", "F"): False,
    ("T", "U"): None,
    ("F", "T"): False,
    ("F", "F"): False,
    ("F", "U"): False,
    ("U", "T"): None,
    ("U", "F"): False,
    ("U", "U"): None,
}
ANY_TABLE = {
    ("T", "T"): True,
    ("T", "F"): True,
    ("T", "U"): True,
    ("F", "T"): True,
    ("F", "F"): False,
    ("F", "U"): None,
    ("U", "T"): True,
    ("U", "F"): None,
    ("U", "U"): None,
}


@pytest.mark.parametrize(("pair", "expected"), ALL_TABLE.items())
def test_all_is_kleene_conjunction(pair, expected):
    node = {"all": [VALUES[pair[0]][0], VALUES[pair[1]][0]]}
    assert run(node, FACTS) is expected


@pytest.mark.parametrize(("pair", "expected"), ANY_TABLE.items())
def test_any_is_kleene_disjunction(pair, expected):
    node = {"any": [VALUES[pair[0]][0], VALUES[pair[1]][0]]}
    assert run(node, FACTS) is expected


@pytest.mark.parametrize(("name", "expected"), [("T", False), ("F", True), ("U", None)])
def test_not_keeps_undetermined(name, expected):
    assert run({"not": VALUES[name][0]}, FACTS) is expected


def test_single_child_all_and_three_children():
    assert run({"all": [T]}, FACTS) is True
    assert run({"all": [T, T, U]}, FACTS) is None
    assert run({"any": [F, F, U]}, FACTS) is None
    assert run({"any": [F, U, T]}, FACTS) is True


def test_reads_and_thresholds_are_collected():
    condition = compile_condition(
        {
            "any": [
                {"gt": ["peak_rps", 900]},
                {"between": ["peak_rps", 10, 20]},
                {"eq": ["replicas", 4]},
                {"not": {"eq": ["caller_waits", False]}},
            ]
        },
        QUESTIONS,
    )
    assert condition.reads == {"peak_rps", "replicas", "caller_waits"}
    assert condition.thresholds == {"peak_rps": (10, 20, 900), "replicas": (4,)}
    assert "peak_rps > 900" in condition.text


def located(text: str):
    document = load_yaml(text, filename="rules/x.yaml")
    return document.data["when"], document.position


# YAML text | words the message must contain | the exact hint (None: not checked)
ERROR_TABLE = [
    ("when: {gt: [peek_rps, 10]}\n", "unknown question 'peek_rps'", "Did you mean 'peak_rps'?"),
    ("when: {eq: [traffic_pattern, spikey]}\n", "not a choice", "Did you mean 'spiky'?"),
    ("when: {gt: [traffic_pattern, 10]}\n", "compares numbers", None),
    ("when: {eq: [peak_rps, many]}\n", "not a number", None),
    ("when: {eq: [peak_rps, true]}\n", "not a number", None),
    ("when: {eq: [caller_waits, 1]}\n", "yes/no question", None),
    ("when: {has: [traffic_pattern, spiky]}\n", "multi-answer", None),
    ("when: {eq: [regulation, gdpr]}\n", "several answers", None),
    ("when: {has: [regulation, gpdr]}\n", "not a choice", "Did you mean 'gdpr'?"),
    ("when: {gtt: [peak_rps, 10]}\n", "unknown operator 'gtt'", "Did you mean 'gt'?"),
    ("when: {gt: [peak_rps]}\n", "takes a list of 2 items", None),
    ("when: {between: [peak_rps, 30, 20]}\n", "low <= high", None),
    ("when: {all: []}\n", "non-empty list", None),
    ("when: {gt: [peak_rps, 1], lt: [peak_rps, 9]}\n", "exactly one operator", None),
    ("when: {known: [peak_rps]}\n", "one question id", None),
    ("when: {in: [traffic_pattern, spiky]}\n", "non-empty list", None),
    ("when: {gt: [peak_rps, .nan]}\n", "not a number", None),
]


@pytest.mark.parametrize(("text", "words", "hint"), ERROR_TABLE)
def test_compile_errors_name_file_line_and_hint(text, words, hint):
    node, locate = located(text)
    with pytest.raises(KnowledgeError) as caught:
        compile_condition(node, QUESTIONS, filename="rules/x.yaml", path=("when",), locate=locate)
    error = caught.value
    assert words in error.message
    assert error.file == "rules/x.yaml"
    assert error.line == 1
    if hint is not None:
        assert error.hint == hint
    assert str(error).startswith("rules/x.yaml, line 1")


def test_error_points_at_the_nested_line():
    text = "when:\n  all:\n    - {eq: [caller_waits, true]}\n    - {gt: [peek_rps, 10]}\n"
    node, locate = located(text)
    with pytest.raises(KnowledgeError) as caught:
        compile_condition(node, QUESTIONS, filename="f.yaml", path=("when",), locate=locate)
    assert caught.value.line == 4
    assert caught.value.path == ("when", "all", 1, "gt", 0)
