"""Whatever fields are posted to the editor, its reader gives a form with messages or a
valid design, and its operations a form: never an exception."""

from django.http import QueryDict
from hypothesis import example, given
from hypothesis import strategies as st

from evaluator.engine.reading import read_design
from evaluator.engine.spec import canonical_json, design_from_dict
from evaluator.web.editor import form as editor
from evaluator.web.editor.operations import apply
from tests.editor_fields import editor_fields

from .conftest import FUZZ
from .strategies import HOSTILE, KB

KEYS = st.sampled_from(["1", "2", "3", "0", "007", "-1", "999999", "x", "1e3", ""])
QUESTIONS = st.sampled_from(sorted(KB.by_id) + ["nope", ""])
ATTRIBUTES = st.sampled_from([a.id for a in KB.attributes] + ["speed"])

names = st.one_of(
    st.sampled_from(["name", "summary", "base_version", "component", "open", "action"]),
    st.builds(
        lambda k, part: f"c{k}.{part}", KEYS, st.sampled_from(["name", "kind", "dep", "style"])
    ),
    st.builds(lambda k, q: f"c{k}.a.{q}", KEYS, QUESTIONS),
    st.builds(lambda q: f"context.{q}", QUESTIONS),
    st.builds(lambda a: f"priority.{a}", ATTRIBUTES),
    st.text(max_size=20),
)
values = st.one_of(
    KEYS,
    st.sampled_from(
        [
            "NaN",
            "inf",
            "-inf",
            "1e999",
            "-5",
            "0",
            "12.5",
            "1,000",
            "yes",
            "no",
            "_none",
            "api",
            "sync",
            "async",
            "high",
            "spiky",
            "9" * 5000,
            "\x00",
            " ",
            "\u202e",
        ]
    ),  # fmt: skip
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
)
ACTIONS = st.one_of(
    st.sampled_from(["add", "save", "check", ""]),
    st.builds(
        lambda op, k: f"{op}:{k}",
        st.sampled_from(["up", "down", "duplicate", "remove", "dep-add", "dep-remove", "open"]),
        st.one_of(KEYS, st.builds(lambda k, i: f"{k}:{i}", KEYS, st.integers(-2, 5))),
    ),
    st.text(max_size=20),
)


def _posted(fields):
    data = QueryDict(mutable=True)
    for name, value in fields:
        data.appendlist(name, value)
    return data


@FUZZ
@given(st.lists(st.tuples(names, values), max_size=60), ACTIONS)
@example([("component", "1"), ("c1.name", "A"), ("c1.a.peak_rps", "9" * 5000)], "add")
@example([("component", "1"), ("component", "1"), ("c1.dep", "1")], "dep-remove:1:0")
def test_any_posted_fields(fields, action):
    form = editor.check(editor.read_post(_posted(fields), KB), KB)
    assert isinstance(form.errors, dict)
    # Whatever the form holds, what is scored reads back as a design.
    assert design_from_dict(form.spec.to_dict()) == form.spec
    if form.is_valid:
        # Anything the editor would save is a design the reader accepts, answers and all.
        assert read_design(form.spec.to_dict(), KB).ok
        assert canonical_json(form.spec)
    outcome = apply(form, action, KB)
    editor.check(outcome.form, KB)
    # What the page shows back can always be posted again.
    again = editor.check(editor.read_post(_posted(editor_fields(form, KB)), KB), KB)
    if form.is_valid:
        assert again.spec == form.spec
