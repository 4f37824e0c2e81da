import pytest

from evaluator.engine.errors import DesignError
from evaluator.engine.spec import (
    FORMAT,
    ComponentSpec,
    Dependency,
    DesignSpec,
    canonical_json,
    design_from_dict,
    dump_design,
    parse_design,
)

GOOD = """\
format: tradeoff-evaluator/1
name: PhotoShare
summary: |
  Photos and a feed.
  Two lines.
context: {team_size: 18, teams: 3, regulation: [gdpr]}
priorities: {performance: high, cost: medium}
components:
  - name: Feed API
    kind: api
    depends_on:
      - {component: Media store, style: sync}
      - Notifier
    answers: {traffic_pattern: spiky, peak_rps: 5000, caller_waits: yes, replicas: null}
  - name: Media store
    kind: data_store
  - name: Notifier
    kind: worker
"""


def test_it_reads_a_design():
    spec = parse_design(GOOD, filename="photo.yaml")
    assert spec.name == "PhotoShare"
    assert spec.context == {"team_size": 18, "teams": 3, "regulation": ["gdpr"]}
    feed = spec.component("Feed API")
    assert feed.depends_on == (Dependency("Media store", "sync"), Dependency("Notifier", "sync"))
    # null means "not known", the same as leaving the key out
    assert feed.answers == {"traffic_pattern": "spiky", "peak_rps": 5000, "caller_waits": True}


def test_dump_then_parse_gives_the_same_design():
    spec = parse_design(GOOD)
    text = dump_design(spec)
    assert parse_design(text) == spec
    assert dump_design(parse_design(text)) == text
    assert "summary: |" in text


def test_canonical_json_ignores_key_order():
    a = DesignSpec("X", context={"a": 1, "b": 2}, components=(ComponentSpec("C", "api"),))
    b = DesignSpec("X", context={"b": 2, "a": 1}, components=(ComponentSpec("C", "api"),))
    assert canonical_json(a) == canonical_json(b)
    assert canonical_json(a).startswith('{"components":')


def _broken(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


REFUSED = [
    (
        "unknown top key",
        _broken("summary:", "sumary:"),
        "unknown key 'sumary'",
        "Did you mean 'summary'",
        3,
    ),
    (
        "wrong format",
        _broken(FORMAT, "tradeoff-evaluator/9"),
        "must be 'tradeoff-evaluator/1'",
        None,
        1,
    ),
    (
        "missing dependency",
        _broken("{component: Media store", "{component: Media stor"),
        "not a component",
        "Did you mean 'Media store'",
        12,
    ),
    ("self dependency", _broken("- Notifier", "- Feed API"), "cannot depend on itself", None, 13),
    ("duplicate name", _broken("name: Notifier", "name: feed api"), "used twice", None, 17),
    (
        "unknown kind",
        _broken("kind: worker", "kind: wroker"),
        "kind 'wroker'",
        "Did you mean 'worker'",
        18,
    ),
    ("bad style", _broken("style: sync", "style: later"), "not sync or async", None, 12),
    ("long name", _broken("name: PhotoShare", "name: " + "x" * 121), "at most 120", None, 2),
    ("nan", _broken("peak_rps: 5000", "peak_rps: .nan"), "finite", None, 14),
    (
        "bad answer id",
        _broken("traffic_pattern:", "Traffic-Pattern:"),
        "not a question id",
        None,
        14,
    ),
    (
        "components not a list",
        _broken("components:\n", "components: 3\nx:\n"),
        "unknown key 'x'",
        None,
        9,
    ),
    ("newline in name", _broken("name: Notifier", 'name: "Noti\\nfier"'), "one line", None, 17),
]


@pytest.mark.parametrize(
    ("name", "source", "words", "hint", "line"), REFUSED, ids=[r[0] for r in REFUSED]
)
def test_it_refuses_bad_designs_with_line_and_hint(name, source, words, hint, line):
    with pytest.raises(DesignError) as caught:
        parse_design(source, filename="photo.yaml")
    error = caught.value
    assert words in str(error)
    if hint:
        assert hint in str(error)
    assert error.line == line
    assert str(error).startswith("photo.yaml, line ")


def test_too_many_components_are_refused():
    data = {
        "format": FORMAT,
        "name": "Big",
        "components": [{"name": f"c{i}", "kind": "api"} for i in range(501)],
    }
    with pytest.raises(DesignError, match="at most 500"):
        design_from_dict(data)


def test_a_list_is_not_a_design():
    with pytest.raises(DesignError, match="must be a mapping"):
        parse_design("- a\n- b\n")
