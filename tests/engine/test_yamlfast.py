"""The libyaml path reads what the Python reader reads, the same way, and refuses nothing
itself: whatever it declines, the Python reader refuses with its own words."""

import random
from pathlib import Path

import pytest
import yaml

from evaluator.engine import yamlfast
from evaluator.engine.errors import DesignError
from evaluator.engine.safeyaml import _read_guarded, load_yaml
from evaluator.engine.yamlfast import read_fast, scan_events

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "designs").rglob("*.yaml")) + sorted(
    (ROOT / "evaluator" / "knowledge").rglob("*.yaml")
)


def _both(text: str):
    fast = read_fast(text, 32)
    assert fast is not None, "the fast path declined ordinary text"
    slow = _read_guarded(text, "f.yaml", 32, DesignError)
    return fast, (slow.data, slow.positions)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_every_shipped_file_reads_the_same_on_both_paths(path):
    fast, slow = _both(path.read_text(encoding="utf-8"))
    assert repr(fast[0]) == repr(slow[0])
    assert fast[1] == slow[1]


def _nested(rng: random.Random, depth: int, spine: bool = False):
    """Random data nested up to ``depth``; along a spine, exactly that deep."""
    if depth <= 1 or (not spine and rng.random() < 0.45):
        return rng.choice(
            ["text", "é ü", 7, -3, 2.5, True, None, "2026-01-02", "<<", "yes", "", "a: b", "0x1f"]
        )
    children = [_nested(rng, depth - 1) for _ in range(rng.randint(0, 2))]
    if spine:
        children.insert(rng.randint(0, len(children)), _nested(rng, depth - 1, spine=True))
    if rng.random() < 0.5:
        return children
    return {f"k{i}": child for i, child in enumerate(children)}


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("flow", [False, True, None])
def test_generated_nested_documents_read_the_same(seed, flow):
    data = _nested(random.Random(seed), 32, spine=True)
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True, width=60)
    fast, slow = _both(text)
    assert repr(fast[0]) == repr(slow[0])
    assert fast[1] == slow[1]
    assert len(fast[1]) >= 31


def test_the_c_composer_uses_the_trimmed_resolvers():
    data, _ = read_fast("as_of: 2026-01-02\n<<: 1\nflag: yes\nn: 0x1f\n", 32)
    assert data == {"as_of": "2026-01-02", "<<": 1, "flag": True, "n": 31}


BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
    for i in range(8)
)
DEEP_FLOW = "[" * 100_000 + "]" * 100_000
DEEP_BLOCK = "- " * 100_000 + "x\n"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (BOMB, r"anchors \(&name\) are not allowed"),
        ("a: 1\nb: *x\n", r"aliases \(\*name\) are not allowed"),
        (DEEP_FLOW, "nested more than 32 levels deep"),
        (DEEP_BLOCK, "nested more than 32 levels deep"),
        ("a: 1\n---\nb: 2\n", "more than one YAML document"),
    ],
    ids=["alias bomb", "alias", "deep flow", "deep block", "two documents"],
)
def test_refusals_are_found_in_the_events_before_composing(monkeypatch, text, words):
    # libyaml's scanner itself stops past 1,000 open brackets; either way nothing is built.
    with pytest.raises((yamlfast._Declined, yaml.YAMLError)):
        scan_events(text, 32)
    composed = []
    monkeypatch.setattr(yamlfast, "_CLoader", lambda text: composed.append(text))
    with pytest.raises(DesignError, match=words):
        load_yaml(text)
    assert composed == []


def test_a_depth_within_the_limit_is_composed():
    text = "[" * 32 + "]" * 32
    scan_events(text, 32)
    with pytest.raises(yamlfast._Declined):
        scan_events("[" + text + "]", 32)


@pytest.mark.parametrize(
    ("text", "python_words", "libyaml_words"),
    [
        ("a: b: c\n", "mapping values are not allowed here", "not allowed in this context"),
        ("a: @x\n", "found character '@' that cannot start any token", "found character that"),
        ("a: -\n", "sequence entries are not allowed here", "block sequence entries"),
    ],
)
def test_a_syntax_error_is_worded_by_the_python_reader(text, python_words, libyaml_words):
    with pytest.raises(yaml.YAMLError, match=libyaml_words):
        yaml.load(text, Loader=yaml.CSafeLoader)
    with pytest.raises(DesignError, match=python_words):
        load_yaml(text)


def test_what_libyaml_refuses_but_python_reads_is_read():
    # libyaml refuses a %YAML 1.3 directive; PyYAML reads the document, and so do we.
    text = "%YAML 1.3\n---\na: 1\n"
    with pytest.raises(yaml.YAMLError):
        yaml.load(text, Loader=yaml.CSafeLoader)
    assert load_yaml(text).data == {"a": 1}


@pytest.mark.parametrize(
    "text",
    ["a:\tb\n", "{\ta: 1}\n", "a: |#\n", "a: 1\n\ufeffb: 2\n", "a: !x\n", "? !\n"],
    ids=["tab after colon", "tab in flow", "comment after header", "bom", "tag", "bare tag"],
)
def test_text_libyaml_reads_differently_goes_to_the_python_reader(text):
    assert read_fast(text, 32) is None
    fast = _outcome(lambda: load_yaml(text))
    assert fast == _outcome(lambda: _read_guarded(text, "<input>", 32, DesignError))


def _outcome(read):
    try:
        document = read()
    except DesignError as error:
        return str(error)
    return repr(document.data), document.positions
