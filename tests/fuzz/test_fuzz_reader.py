"""Whatever bytes arrive, the design reader gives a design or its own error, nothing else."""

from hypothesis import example, given
from hypothesis import strategies as st

from evaluator.engine.errors import EvaluatorError
from evaluator.engine.spec import DesignSpec, dump_design, parse_design

from .conftest import FUZZ
from .strategies import KB, design_dicts, dump, plain_data

YAML_TOKENS = st.sampled_from(
    [
        "format: tradeoff-evaluator/1\n",
        "name: X\n",
        "components:\n",
        "  - name: A\n",
        "    kind: api\n",
        "    answers: {peak_rps: 5}\n",
        "&a ",
        "*a",
        "!!python/object ",
        "!!binary ",
        "---\n",
        "...\n",
        "[",
        "]",
        "{",
        "}",
        ": ",
        "- ",
        "\t",
        "#",
        "'",
        '"',
        "\x00",
        "\xff",
        "<<: ",
        "? ",
        "| \n",
        "> \n",
        "%YAML 1.1\n",
        "!tag ",
        ".nan",
        "1e999",
    ]
)


def _read(data: bytes) -> None:
    try:
        spec = parse_design(data, filename="fuzz.yaml", knowledge=KB)
    except EvaluatorError as error:
        # The project's own error, with a message a person can read.
        assert str(error)
        assert error.file == "fuzz.yaml"
        return
    assert isinstance(spec, DesignSpec)
    # Anything accepted must survive a round trip unchanged.
    assert parse_design(dump_design(spec), knowledge=KB) == spec


@FUZZ
@given(st.binary(max_size=2048))
@example(b"a: &x [*x]")
@example(b"\xef\xbb\xbf")
@example(b"- " * 200)
@example(b"n: " + b"9" * 5000)  # more digits than Python will turn into an int
@example(b"format: tradeoff-evaluator/1\nname: X\ncontext: {team_size: 0x" + b"f" * 4000 + b"}")
def test_any_bytes(data):
    _read(data)


@FUZZ
@given(st.lists(YAML_TOKENS, max_size=40).map("".join))
def test_yaml_shaped_text(text):
    _read(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(plain_data)
def test_any_plain_data(data):
    _read(dump(data))


@FUZZ
@given(design_dicts())
def test_design_shaped_data(design):
    _read(dump(design))
