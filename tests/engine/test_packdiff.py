"""The diff between two versions of a pack, on its own: no database, no Django."""

from pathlib import Path

import pytest

from evaluator.engine import default_knowledge
from evaluator.engine.knowledge import read_pack
from evaluator.engine.knowledge.packdiff import diff_packs

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "designs" / "packs" / "acme-azure.yaml"
).read_text()


def pack(text):
    return read_pack(text, default_knowledge(), filename="acme.yaml")


def edited(*pairs):
    text = EXAMPLE
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def first():
    return pack(EXAMPLE)


def kinds(diff):
    return {kind.kind: kind for kind in diff.kinds}


def test_a_pack_against_itself_differs_in_nothing(first):
    diff = diff_packs(first, pack(EXAMPLE))
    assert diff.empty
    assert (diff.before, diff.after) == ("2026.1", "2026.1")


def test_a_rule_whose_points_and_condition_change_names_both_fields(first):
    second = pack(
        edited(
            ('version: "2026.1"', 'version: "2026.2"'),
            ("    points: 4\n", "    points: 5\n"),
            (
                "    id: event_driven.platform-kafka\n    title: Kafka is run by the platform team\n"
                "    # Points on a variant count only while the option would be built as it, so the\n"
                "    # condition only has to hold for every component: its kind is always known.\n"
                "    when: {known: kind}",
                "    id: event_driven.platform-kafka\n    title: Kafka is run by the platform team\n"
                "    when: {gte: [consumers, 2]}",
            ),
        )
    )
    diff = diff_packs(first, second)
    (change,) = kinds(diff)["rules"].changed
    assert change.key == "event_driven.platform-kafka"
    by_field = {f.field: (f.before, f.after) for f in change.fields}
    assert set(by_field) == {"condition", "points"}
    assert by_field["points"] == ("4", "5")
    assert by_field["condition"][0] == first.rules[1].condition.text
    assert "consumers" in by_field["condition"][1]
    assert (diff.before, diff.after) == ("2026.1", "2026.2")


@pytest.mark.parametrize(
    ("edit", "kind", "field", "before", "after"),
    [
        (("    points: -2\n", "    points: -3\n"), "changes", "points", "-2", "-3"),
        (
            ("label: Handles payment card data", "label: Handles card data"),
            "questions",
            "label",
            "Handles payment card data",
            "Handles card data",
        ),
        (
            ("before: containers", "before: functions"),
            "variants",
            "before",
            "containers",
            "functions",
        ),
        (
            ('add: ["Acme platform Kafka (self-service topics)"]', 'add: ["Acme Kafka"]'),
            "technologies",
            "technologies",
            "Acme platform Kafka (self-service topics)",
            "Acme Kafka",
        ),
        (
            ("name: Azure Durable Functions", "name: Durable Functions"),
            "variants",
            "name",
            "Azure Durable Functions",
            "Durable Functions",
        ),
    ],
)
def test_each_kind_of_entry_reports_the_field_that_changed(first, edit, kind, field, before, after):
    diff = diff_packs(first, pack(edited(edit)))
    changed = kinds(diff)[kind].changed
    assert len(changed) == 1
    assert [(f.field, f.before, f.after) for f in changed[0].fields] == [(field, before, after)]
    assert all(k.empty for k in diff.kinds if k.kind != kind)


def test_added_and_removed_entries_are_named_by_their_keys(first):
    # The microservices rule is the file's last entry: cut it off.
    start = EXAMPLE.index("  - option: microservices\n")
    second = pack(
        edited(
            (
                "  - rule: event_driven.new-broker\n    points: -2\n",
                "  - rule: event_driven.new-broker\n    off: true\n",
            ),
        ).replace(EXAMPLE[start:], "")
    )
    diff = diff_packs(first, second)
    rules = kinds(diff)["rules"]
    assert rules.removed == ("microservices.card-data-spread",)
    assert rules.added == ()
    reverse = kinds(diff_packs(second, first))["rules"]
    assert reverse.added == ("microservices.card-data-spread",)
    (change,) = kinds(diff)["changes"].changed
    assert {(f.field, f.before, f.after) for f in change.fields} == {
        ("points", "-2", ""),
        ("off", "no", "yes"),
    }


def test_header_fields_that_change_are_listed(first):
    diff = diff_packs(first, pack(edited(('dated: "2026-02"', 'dated: "2026-03"'))))
    assert [(f.field, f.before, f.after) for f in diff.header] == [("dated", "2026-02", "2026-03")]
    assert not diff.empty
