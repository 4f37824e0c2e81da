import pytest

from evaluator.engine.errors import DesignError, KnowledgeError
from evaluator.engine.safeyaml import load_yaml

REFUSED = [
    # name, bytes, words the message must carry, line
    ("alias", b"a: &x [1, 2]\nb: *x\n", "anchors", 1),
    ("bare alias", b"a: 1\nb: *x\n", "aliases", 2),
    ("python tag", b"a: !!python/object/apply:os.system [ls]\n", "!!python/object/apply", 1),
    ("binary tag", b"x: 1\na: !!binary aGVsbG8=\n", "!!binary", 2),
    ("set tag", b"a: !!set {x: null}\n", "!!set", 1),
    ("custom tag", b"a: !local x\n", "!local", 1),
    ("several documents", b"a: 1\n---\nb: 2\n", "more than one YAML document", 2),
    ("duplicate key", b"a: 1\nb: 2\na: 3\n", "appears twice", 3),
    ("deep nesting", b"a: " + b"[" * 40 + b"]" * 40 + b"\n", "nested more than", 1),
    ("not utf-8", b"name: caf\xe9\n", "not UTF-8", 1),
    ("nul byte", b"a: 1\nb: x\x00y\n", "NUL", 2),
    ("number key", b"1: one\n", "keys must be text", 1),
    ("broken syntax", b"a: [1, 2\nb: 3\n", "could not be read", 2),
    ("empty", b"", "empty", None),
    # An explicit tag on a value of another kind: refused, not a crash of the constructor.
    ("empty int tag", b"a: 1\nb: !!int\n", "tagged !!int but is not a whole number", 2),
    ("float tag on text", b"a: !!float abc\n", "tagged !!float but is not a number", 1),
    ("bool tag on a word", b"a: !!bool maybe\n", "tagged !!bool but is not yes or no", 1),
]


@pytest.mark.parametrize(("name", "source", "words", "line"), REFUSED, ids=[r[0] for r in REFUSED])
def test_it_refuses_with_a_located_message(name, source, words, line):
    with pytest.raises(DesignError) as caught:
        load_yaml(source, filename="bad.yaml")
    error = caught.value
    assert words in str(error)
    assert error.file == "bad.yaml"
    assert error.line == line


def test_it_refuses_oversize_input_before_parsing():
    with pytest.raises(DesignError, match="at most 1,000 bytes"):
        load_yaml(b"a: " + b"x" * 2000, max_bytes=1000)


def test_alias_bomb_is_refused_not_expanded():
    bomb = b'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + b"".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n".encode()
        for i in range(8)
    )
    with pytest.raises(DesignError, match="anchors"):
        load_yaml(bomb)


def test_dates_stay_text_and_yes_is_true():
    document = load_yaml(b"as_of: 2026-01-02\nflag: yes\n")
    assert document.data == {"as_of": "2026-01-02", "flag": True}


def test_merge_key_is_just_a_key():
    assert load_yaml(b"<<: 1\n").data == {"<<": 1}


def test_positions_point_at_keys_and_items():
    document = load_yaml(b"a:\n  b: [x, y]\nc: 1\n")
    assert document.position(("a", "b", 1)) == (2, 10)
    assert document.position(("c",)) == (3, 1)
    # An unknown deeper path falls back to its nearest recorded ancestor.
    assert document.position(("a", "b", 1, "zzz")) == (2, 10)


def test_the_error_class_can_be_chosen():
    with pytest.raises(KnowledgeError):
        load_yaml(b"a: &x 1\n", error=KnowledgeError)


def test_a_byte_order_mark_is_accepted():
    assert load_yaml("\ufeffa: 1\n".encode()).data == {"a": 1}


def test_a_control_character_is_refused_with_its_place():
    with pytest.raises(DesignError) as caught:
        load_yaml(b"a: 1\nb: x\x07y\n", filename="bell.yaml")
    assert "U+0007" in str(caught.value)
    assert (caught.value.line, caught.value.column) == (2, 5)
