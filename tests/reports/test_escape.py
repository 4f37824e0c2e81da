"""The escaping functions: whatever goes in comes out as the same text, never as markup."""

from __future__ import annotations

import html
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from evaluator.reports.escape import heading, inline, mermaid_label, paragraphs, slug, table_cell

from .conftest import HOSTILE_NAMES

MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def rendered_text(markdown: str) -> str:
    """What a reader sees: the HTML of one paragraph with the <p> taken off, unescaped."""
    out = MD.render(markdown).strip()
    assert out.startswith("<p>") and out.endswith("</p>"), out
    inner = out[3:-4]
    assert "<" not in inner, f"markup in {inner!r}"
    return html.unescape(inner)


@pytest.mark.parametrize(
    "text",
    [
        *HOSTILE_NAMES,
        "plain words",
        "C# and F#",
        "R&D costs $5 and $10",
        "&lt;already escaped&gt;",
        "trailing backslash \\",
        "1. looks like a list",
        "- dash",
        "__init__.py",
        "a\\*b",
        "http://example.com and www.example.com",
    ],
)
def test_inline_text_reads_back_unchanged(text):
    assert rendered_text("x " + inline(text)) == "x " + " ".join(text.split())


# What inline may add or take away without changing a glyph: isolates around text that
# could reorder its sentence (and a stray pop of an isolate inside it), and a word joiner
# after an "@".
_INVISIBLE = str.maketrans("", "", "\u2066\u2067\u2068\u2069\u2060")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_inline_round_trips_any_text(text):
    # Control characters and line or paragraph separators become spaces.
    spaced = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    flat = " ".join(spaced.split())
    escaped = inline(text)
    if not flat.strip():
        assert escaped.strip() == ""
        return
    assert "\n" not in escaped
    assert "<" not in escaped and ">" not in escaped
    assert "javascript:" not in escaped.lower()
    # Some Unicode spaces are not whitespace to CommonMark; compare what str.split sees.
    shown = rendered_text("x " + escaped).translate(_INVISIBLE)
    assert shown.split() == ("x " + flat).translate(_INVISIBLE).split()


@pytest.mark.parametrize("text", ["javascript:alert(1)", "JavaScript :x", "vbscript:msgbox"])
def test_script_schemes_lose_their_colon(text):
    assert re.search(r"(?i)(java|vb)script\s*:", inline(text)) is None


def test_table_cell_keeps_the_column_count():
    row = f"| {table_cell('a | b || c')} | {table_cell('second')} |"
    table = "| one | two |\n| --- | --- |\n" + row + "\n"
    out = MD.render(table)
    assert out.count("<td>") == 2
    assert "a | b || c" in html.unescape(out)


def test_line_breaks_do_not_end_a_table_row():
    cell = table_cell("first line\nsecond line\r\n\nthird")
    assert "\n" not in cell and "\r" not in cell
    assert cell == "first line second line third"


def test_heading_text_stays_in_the_heading():
    out = MD.render(f"## {heading('# not a heading ##')}\n")
    assert out.strip() == "<h2># not a heading ##</h2>"


@pytest.mark.parametrize(
    "text",
    ["# Heading", "- item", "+ item", "1. item", "2) item", "> quote", "=====", "    code"],
)
def test_paragraphs_never_open_a_block(text):
    out = MD.render(paragraphs(text)).strip()
    assert out.startswith("<p>") and out.endswith("</p>"), out


def test_paragraphs_keep_blank_line_breaks_and_join_the_rest():
    assert paragraphs("one\ntwo\n\n  three  \n\n\n") == "one two\n\nthree"


def test_mermaid_label_keeps_only_safe_characters():
    for name in HOSTILE_NAMES:
        label = mermaid_label(name, "Second line")
        assert label.startswith('"') and label.endswith('"')
        inner = label[1:-1]
        assert inner.count("<br>") == 1
        assert re.fullmatch(r"[\w .,'/\-#;]*", inner.replace("<br>", "")), inner
        assert "-->" not in inner and "%%" not in inner and "`" not in inner


def test_mermaid_label_decodes_to_the_original():
    name = 'a"b]c;d%%e-->f`g<h>&#35;'
    inner = mermaid_label(name)[1:-1]
    assert re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), inner) == name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Order fulfilment", "order-fulfilment"),
        ("Zählerstand & Ärger", "zahlerstand-arger"),
        ("<script>", "script"),
        ("日本語", "item"),
        ("--a--b--", "a-b"),
    ],
)
def test_slug_is_ascii(text, expected):
    assert slug(text) == expected
