"""Organisation packs: every refusal located with a hint, and what applying them does."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluator.engine import evaluate
from evaluator.engine.errors import KnowledgeError
from evaluator.engine.knowledge import apply_packs, default_knowledge, read_pack, with_packs
from evaluator.engine.knowledge.packreader import MAX_PACK_BYTES, MAX_PACK_ITEMS

from .conftest import component, design

EXAMPLE = Path(__file__).resolve().parents[2] / "designs" / "packs" / "acme-azure.yaml"

HEADER = """\
format: tradeoff-evaluator-pack/1
name: test-pack
version: "1"
title: A test pack
description: Only for the tests.
dated: "2026-02"
sources:
  - {title: Somewhere, url: "https://example.org/a", date: "2026-01"}
"""
OWN_RULE = """\
rules:
  - option: serverless
    id: serverless.test-own-rule
    title: A rule of the pack's own
    when: {gt: [job_duration_s, 60]}
    points: -3
    attributes: [performance]
    rationale: The job runs {job_duration_s}.
    source: Somewhere
    as_of: "2026-01"
"""


@pytest.fixture(scope="module")
def kb():
    return default_knowledge()


@pytest.fixture(scope="module")
def example(kb):
    return read_pack(EXAMPLE.read_bytes(), kb, filename="acme-azure.yaml")


def pack_text(body: str, header: str = HEADER) -> str:
    return header + body


def refused(kb, text: str, filename: str = "pack.yaml") -> KnowledgeError:
    with pytest.raises(KnowledgeError) as caught:
        read_pack(text, kb, filename=filename)
    return caught.value


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# Each row: the pack's body (after a valid header), the text on the line the error must
# point at, and words the message or hint must contain.
REFUSALS = [
    (
        OWN_RULE.replace("{gt: [job_duration_s, 60]}", "{greater: [job_duration_s, 60]}"),
        "greater:",
        "unknown operator",
    ),
    (
        OWN_RULE.replace("{gt: [job_duration_s, 60]}", "{gt: [job_duraton_s, 60]}"),
        "job_duraton_s",
        "Did you mean 'job_duration_s'?",
    ),
    (
        OWN_RULE.replace("serverless.test-own-rule", "serverless.job-over-lambda-limit"),
        "id: serverless.job-over-lambda-limit",
        "defined twice",
    ),
    (
        "questions:\n  - {id: peak_rps, label: Peak, type: number, group: workload}\n",
        "id: peak_rps",
        "already a built-in question",
    ),
    (
        "variants:\n  - {option: serverless, id: functions, name: F, when: {known: kind}}\n",
        "id: functions",
        "already has a variant 'functions'",
    ),
    (
        "variants:\n  - {option: serverless, id: extra, name: Extra}\n",
        "option: serverless",
        "needs a 'when'",
    ),
    (
        "variants:\n  - {option: serverless, id: extra, name: E, when: {known: kind},"
        " before: contaners}\n",
        "option: serverless",
        "Did you mean 'containers'?",
    ),
    (
        "changes:\n  - {rule: serverless.job-over-lamda-limit, off: true, reason: x}\n",
        "rule: serverless.job-over-lamda-limit",
        "Did you mean 'serverless.job-over-lambda-limit'?",
    ),
    (
        "changes:\n  - {rule: serverless.job-over-lambda-limit, points: 5}\n",
        "rule: serverless.job-over-lambda-limit",
        "is a veto",
    ),
    (
        "changes:\n  - rule: event_driven.new-broker\n    off: true\n",
        "rule: event_driven.new-broker",
        "needs a 'reason'",
    ),
    (
        "changes:\n  - {rule: event_driven.new-broker, points: -5}\n",
        "rule: event_driven.new-broker",
        "already has -5 points",
    ),
    (
        "changes:\n  - {rule: event_driven.new-broker, points: 50}\n",
        "rule: event_driven.new-broker",
        "from -40 to 40",
    ),
    (
        "changes:\n  - {rule: event_driven.new-broker, points: -2}\n"
        "  - {rule: event_driven.new-broker, points: -3}\n",
        "points: -3",
        "defined twice",
    ),
    (
        OWN_RULE + "changes:\n  - {rule: serverless.test-own-rule, points: 2}\n",
        "rule: serverless.test-own-rule",
        "changes are for built-in rules",
    ),
    (
        "technologies:\n  - {option: event_driven, variant: event_log, add: [apache kafka]}\n",
        "option: event_driven",
        "already listed",
    ),
    (
        "technologies:\n  - {option: event_driven, variant: evnt_log, add: [X]}\n",
        "option: event_driven",
        "Did you mean 'event_log'?",
    ),
    (
        OWN_RULE.replace("  - option: serverless\n    id:", "  - id:"),
        "id: serverless.test-own-rule",
        "needs 'option'",
    ),
    ("questoins: []\n", "questoins", "Did you mean 'questions'?"),
    ("", "name:", "adds or changes nothing"),
]


@pytest.mark.parametrize(("body", "at", "words"), REFUSALS)
def test_it_refuses_a_mistake_at_its_line_with_a_hint(kb, body, at, words):
    text = pack_text(body)
    error = refused(kb, text)
    assert words in str(error)
    assert error.file == "pack.yaml"
    assert error.line == line_of(text, at)
    assert error.column is not None


HEADER_REFUSALS = [
    ("format: tradeoff-evaluator-pack/1", "format: tradeoff-evaluator-pack/2", "format must be"),
    ("name: test-pack", "name: Test Pack", "not a valid name"),
    ('version: "1"', "version: 1", "Quote it"),
    ('url: "https://example.org/a"', 'url: "javascript:alert(1)"', "not a web address"),
    ('dated: "2026-02"', "dated: 2026-02-30x", "as_of must be a date"),
]


@pytest.mark.parametrize(("old", "new", "words"), HEADER_REFUSALS)
def test_it_refuses_a_bad_header(kb, old, new, words):
    text = pack_text("changes:\n  - {rule: event_driven.new-broker, points: -2}\n").replace(
        old, new
    )
    error = refused(kb, text)
    assert words in str(error)
    assert error.line == line_of(text, new.split(":")[0] + ":")


def test_a_pack_rule_cannot_read_another_packs_question(kb):
    # A pack reads built-in questions and its own only: no pack can depend on another,
    # so no cycle between packs can form.
    other = pack_text(
        "questions:\n  - {id: other_flag, label: Other, type: bool, group: trust}\n"
    ).replace("test-pack", "other-pack")
    read_pack(other, kb)
    text = pack_text(OWN_RULE.replace("{gt: [job_duration_s, 60]}", "{eq: [other_flag, true]}"))
    error = refused(kb, text)
    assert "other_flag" in error.message
    assert error.line == line_of(text, "other_flag")


def test_a_pack_cannot_change_another_packs_rule(kb):
    text = pack_text("changes:\n  - {rule: serverless.test-own-rule, points: 2}\n")
    error = refused(kb, text)
    assert "no built-in rule" in error.message
    assert "never another pack's" in str(error)


def test_it_refuses_more_items_than_the_cap(kb):
    items = "".join(
        "  - {rule: event_driven.new-broker, points: -2}\n" for _ in range(MAX_PACK_ITEMS + 1)
    )
    text = pack_text("changes:\n" + items)
    error = refused(kb, text)
    assert f"at most {MAX_PACK_ITEMS}" in error.message
    assert error.line == line_of(text, "changes:") + MAX_PACK_ITEMS + 1


def test_it_refuses_an_oversize_file(kb):
    text = pack_text("# " + "x" * MAX_PACK_BYTES + "\n")
    error = refused(kb, text)
    assert f"{MAX_PACK_BYTES:,} bytes" in error.message


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("changes:\n  - &c {rule: event_driven.new-broker, points: -2}\n  - *c\n", 2, "anchors"),
        ("changes: !!python/object/apply:os.system [echo hi]\n", 1, "tag"),
        ("changes: !!set {a, b}\n", 1, "tag"),
        ("changes: []\nchanges: []\n", 2, "appears twice"),
    ],
)
def test_it_refuses_yaml_tricks(kb, body, line, words):
    error = refused(kb, pack_text(body))
    assert words in error.message
    assert error.line == HEADER.count("\n") + line


def test_an_alias_bomb_is_refused_before_it_expands(kb):
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
        for i in range(8)
    )
    error = refused(kb, bomb)
    assert "anchors" in error.message
    assert error.line == 1


# --- Putting packs together --------------------------------------------------------------


def test_no_packs_give_the_same_knowledge_base(kb):
    assert apply_packs(kb, []) is kb


def test_the_merged_knowledge_base_records_the_packs_and_covers_their_content(kb, example):
    merged = apply_packs(kb, [example])
    assert merged is not kb
    assert merged.version == kb.version
    assert merged.digest != kb.digest
    (ref,) = merged.packs
    assert (ref.name, ref.version) == ("acme-azure", "2026.1")
    assert len(ref.sha256) == 64
    changed = read_pack(EXAMPLE.read_text().replace("at most 10", "at most ten"), kb)
    assert apply_packs(kb, [changed]).digest not in (merged.digest, kb.digest)
    again = read_pack(EXAMPLE.read_bytes(), kb)
    assert apply_packs(kb, [again]).digest == merged.digest


def test_the_order_packs_are_given_in_does_not_matter(kb, example):
    other = read_pack(pack_text(OWN_RULE), kb)
    one, two = apply_packs(kb, [example, other]), apply_packs(kb, [other, example])
    assert one.digest == two.digest
    assert [p.name for p in one.packs] == ["acme-azure", "test-pack"]
    assert [r.id for r in one.rules] == [r.id for r in two.rules]


def test_two_packs_adding_the_same_rule_clash(kb, example):
    text = pack_text(
        OWN_RULE.replace("serverless.test-own-rule", "serverless.job-over-azure-consumption-limit")
    )
    other = read_pack(text, kb, filename="other.yaml")
    with pytest.raises(KnowledgeError) as caught:
        apply_packs(kb, [example, other])
    assert "already added by pack 'acme-azure'" in caught.value.message
    assert caught.value.file == "other.yaml"
    assert caught.value.line == line_of(text, "id: serverless.job-over-azure")


def test_two_packs_changing_the_same_rule_clash(kb, example):
    text = pack_text("changes:\n  - {rule: event_driven.new-broker, points: -1}\n")
    other = read_pack(text, kb, filename="other.yaml")
    with pytest.raises(KnowledgeError) as caught:
        apply_packs(kb, [example, other])
    assert "already changed by pack 'acme-azure'" in caught.value.message
    assert caught.value.line == line_of(text, "rule: event_driven.new-broker")


def test_two_versions_of_one_pack_clash(kb):
    one = read_pack(pack_text(OWN_RULE), kb)
    two = read_pack(pack_text(OWN_RULE).replace('version: "1"', 'version: "2"'), kb)
    with pytest.raises(KnowledgeError) as caught:
        apply_packs(kb, [one, two])
    assert "given twice" in caught.value.message


def test_a_pack_is_read_against_the_built_in_knowledge_only(kb, example):
    merged = apply_packs(kb, [example])
    with pytest.raises(ValueError):
        read_pack(pack_text(OWN_RULE), merged)


def test_with_packs_reads_and_applies(kb):
    merged, packs = with_packs(kb, [(EXAMPLE.read_bytes(), "acme-azure.yaml")])
    assert [p.name for p in packs] == ["acme-azure"]
    assert merged.packs == (packs[0].ref,)


# --- What a pack does to an evaluation ------------------------------------------------------


def option(kb, spec, oid, name="Worker"):
    return evaluate(spec, kb, analyse=False).component(name).option(oid)


def rule_ids(result):
    return {c.rule_id for c in result.contributions} | {
        v.rule_id for v in (*result.vetoes, *result.variant_vetoes)
    }


def test_a_switched_off_rule_no_longer_fires(kb, example):
    spec = design(component(job_duration_s=700))
    assert "serverless.job-over-lambda-limit" not in rule_ids(option(kb, spec, "serverless"))
    long = design(component(job_duration_s=1200))
    assert "serverless.job-over-lambda-limit" in rule_ids(option(kb, long, "serverless"))
    merged = apply_packs(kb, [example])
    assert "serverless.job-over-lambda-limit" not in rule_ids(option(merged, long, "serverless"))
    # The pack's own limit holds at 700 s, where AWS Lambda's does not.
    assert "serverless.job-over-azure-consumption-limit" in rule_ids(
        option(merged, spec, "serverless")
    )


def test_changed_points_change_the_score(kb):
    change = read_pack(pack_text("changes:\n  - {rule: event_driven.new-broker, points: -2}\n"), kb)
    spec = design(component(kind="worker"), context={"existing_platforms": []})
    before = option(kb, spec, "event_driven")
    after = option(apply_packs(kb, [change]), spec, "event_driven")
    assert {c.rule_id: c.points for c in before.contributions}["event_driven.new-broker"] == -5
    assert {c.rule_id: c.points for c in after.contributions}["event_driven.new-broker"] == -2
    # Both its attributes have the default (medium) priority: a weight of 1.
    assert after.raw == before.raw + 3


def test_a_new_veto_rules_an_option_out(kb, example):
    spec = design(component(card_data=True))
    with pytest.raises(KeyError):
        kb.question("card_data")
    merged = apply_packs(kb, [example])
    blockchain = option(merged, spec, "blockchain")
    assert blockchain.ruled_out
    assert [v.rule_id for v in blockchain.vetoes] == ["blockchain.card-data-on-ledger"]
    assert not option(merged, design(component(card_data=False)), "blockchain").ruled_out


def test_a_new_variant_appears(kb, example):
    spec = design(component(job_duration_s=1200, steps_per_unit=4))
    assert option(kb, spec, "serverless").variant != "durable_functions"
    merged = apply_packs(kb, [example])
    assert option(merged, spec, "serverless").variant == "durable_functions"
    event_log = merged.option("event_driven").variants[1]
    assert "Acme platform Kafka (self-service topics)" in event_log.technologies
    assert "Acme platform Kafka (self-service topics)" not in (
        kb.option("event_driven").variants[1].technologies
    )
