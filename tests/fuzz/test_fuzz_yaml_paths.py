"""libyaml's path and the Python reader agree on every text: same data and positions, or
the same refusal (the fast path hands anything doubtful to the Python reader)."""

from hypothesis import example, given
from hypothesis import strategies as st

from evaluator.engine.errors import DesignError
from evaluator.engine.safeyaml import DEFAULT_MAX_BYTES, _checked_text, _read_guarded, load_yaml
from evaluator.engine.yamlfast import read_fast

from .conftest import FUZZ
from .strategies import dump, plain_data

PIECES = st.sampled_from(
    [
        "a", "b", "key", "é", "1", "0x1f", "1_000", "1e3", ".inf", ".nan", "~", "null",
        "yes", "No", "on", "2026-01-02", "<<", "=", ":", ": ", ":\t", " ", "  ", "\t", "\n",
        "\r\n", "\r", "- ", "-", "? ", ",", "[", "]", "{", "}", "#", " #", "'", '"', "\\",
        "\\t", "\\x41", "\\ud800", "|", ">", "|-", ">+", "&a ", "*a", "!!str ", "!!int ",
        "!!map ", "!!seq ", "!x ", "!<tag:yaml.org,2002:str> ", "%YAML 1.1\n", "%YAML 1.3\n",
        "%TAG ! tag:yaml.org,2002:\n", "---", "--- ", "...", "\ufeff", "\x85", "\u2028",
        "\u00a0", "\x07", "@", "`", "%", "\n  ", "\n    ", "\n  - ", "|2", "|-\n  x",
        "''", "'it''s'", '"a\\"b"', "!", "!!", "! ", "&", "*", "{a: [b, {c: d}]}",
        "é" * 600, "x" * 1030, "1.5", "-1", "0o17", "+.5", "'\n  '", "\n\n",
    ]
)  # fmt: skip


def _outcome(read):
    try:
        document = read()
    except DesignError as error:
        return ("refused", str(error), error.line, error.column)
    return ("read", repr(document.data), document.positions)


def _checked(text: str) -> str:
    return _checked_text(text, "f.yaml", DEFAULT_MAX_BYTES, DesignError)


def _agree(text: str) -> None:
    fast = _outcome(lambda: load_yaml(text, filename="f.yaml"))
    slow = _outcome(lambda: _read_guarded(_checked(text), "f.yaml", 32, DesignError))
    assert fast == slow


@FUZZ
@given(st.lists(PIECES, max_size=30).map("".join))
@example("a:\tb\n")
@example("{\ta: 1}\n")
@example("a: 1\n\ufeffb: 2\n")
@example("a: x\u2028y\n")
@example('a: "\\ud800"\n')
@example("%YAML 1.3\n---\na: 1\n")
@example("a: |\n \tx\n")
@example("a: |#\n")
def test_yaml_shaped_text(text):
    _agree(text)


@FUZZ
@given(plain_data)
def test_plain_data(data):
    text = dump(data).decode("utf-8")
    _agree(text)


def test_the_fast_path_is_taken_for_ordinary_text():
    # Without this the tests above would pass with a fast path that always declined.
    assert read_fast("a: [1, x]\nb: {c: yes}\n", 32) == (
        {"a": [1, "x"], "b": {"c": True}},
        {("a",): (1, 1), ("a", 0): (1, 5), ("a", 1): (1, 8), ("b",): (2, 1), ("b", "c"): (2, 5)},
    )
