"""The exports as GitHub shows them: rendered by cmark-gfm with GitHub's extensions.

cmark-gfm is the renderer GitHub's markdown extensions come from; with ``table``,
``autolink`` and ``tagfilter`` (and raw HTML let through, as GitHub does before it
sanitises) it shows what a reader of a committed review sees. The review preview page
(markdown-it-py and nh3) must show the same. Names that look like links, that are built
from HTML, or that hold right-to-left text or invisible format characters must read as
typed: no link made of them, no entity shown, no text around them reordered.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import given
from hypothesis import strategies as st

from evaluator.engine import evaluate
from evaluator.engine.explain import isolate
from evaluator.reports import madr_records, render_preview, render_review, review_meta
from evaluator.reports.escape import WORD_JOINER, inline

from .conftest import FIXED_DATE, GFM_DESIGN_NAME, GFM_NAMES, GFM_SUMMARY, gfm_design

EXTENSIONS = ["table", "autolink", "tagfilter"]
BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "pre"}
EMBEDDINGS = set("\u202a\u202b\u202d\u202e")  # LRE, RLE, LRO, RLO
POP_EMBEDDING = "\u202c"
ISOLATES = set("\u2066\u2067\u2068")  # LRI, RLI, FSI
POP_ISOLATE = "\u2069"


def github(markdown: str) -> str:
    return cmarkgfm.markdown_to_html_with_extensions(
        markdown, options=Options.CMARK_OPT_UNSAFE, extensions=EXTENSIONS
    )


def preview(markdown: str) -> str:
    """The browser preview, with its headings back at the review's own levels: the page
    has an h1 of its own, so the preview puts every heading one level down."""
    return re.sub(
        r"<(/?)h([2-6])\b", lambda m: f"<{m[1]}h{int(m[2]) - 1}", render_preview(markdown)
    )


RENDERERS = {"cmark-gfm": github, "preview": preview}


class _Blocks(HTMLParser):
    """The text of every block (paragraph, list item, cell, heading, code block)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, list[str]]] = []
        self.blocks: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.open.append((tag, []))

    def handle_endtag(self, tag):
        if tag in BLOCKS and self.open and self.open[-1][0] == tag:
            name, parts = self.open.pop()
            self.blocks.append((name, "".join(parts)))

    def handle_data(self, data):
        self.text.append(data)
        if self.open:
            self.open[-1][1].append(data)


def blocks(page: str) -> _Blocks:
    parser = _Blocks()
    parser.feed(page)
    parser.close()
    return parser


def typed(text: str) -> str:
    """Text as a reader sees it: without the invisible marks put around and into names.

    Isolates and word joiners change no glyph; a stray pop of an isolate, which does
    nothing on its own, is dropped from the name along with them.
    """
    return re.sub(f"[{''.join(ISOLATES)}{POP_ISOLATE}{WORD_JOINER}]", "", " ".join(text.split()))


def leaks(text: str) -> bool:
    """Whether an embedding or override in ``text`` reaches text outside every isolate,
    or something is still open at the end of the block (UAX #9, rules X1-X8)."""
    stack: list[str] = []
    for ch in text:
        if ch in EMBEDDINGS:
            stack.append("embedding")
        elif ch == POP_EMBEDDING:
            if stack and stack[-1] == "embedding":
                stack.pop()
        elif ch in ISOLATES:
            stack.append("isolate")
        elif ch == POP_ISOLATE:
            if "isolate" in stack:
                while stack.pop() != "isolate":
                    pass
        elif stack and "isolate" not in stack:
            return True
    return bool(stack)


def override_scopes(text: str) -> list[str]:
    """For each embedding or override in ``text``, the text it can reach: the innermost
    isolate around it, or the whole block when there is none."""
    ends: dict[int, int] = {}
    opened: list[int] = []
    for index, ch in enumerate(text):
        if ch in ISOLATES:
            opened.append(index)
        elif ch == POP_ISOLATE and opened:
            ends[opened.pop()] = index
    scopes = []
    opened = []
    for index, ch in enumerate(text):
        if ch in ISOLATES:
            opened.append(index)
        elif ch == POP_ISOLATE and opened:
            opened.pop()
        elif ch in EMBEDDINGS:
            start = opened[-1] if opened else -1
            scopes.append(text[start + 1 : ends.get(start, len(text))])
    return scopes


# The user's texts an override may reorder: its own name (or design name or paragraph).
OWN_TEXTS = {
    " ".join(text.split()) for text in (*GFM_NAMES, GFM_DESIGN_NAME, *GFM_SUMMARY.split("\n\n"))
}


@pytest.fixture(scope="module")
def design():
    return gfm_design()


@pytest.fixture(scope="module")
def review(design, kb):
    evaluation = evaluate(design, kb)
    return render_review(design, evaluation, kb, meta=review_meta(design, kb, date=FIXED_DATE))


@pytest.fixture(scope="module")
def records(design, kb):
    evaluation = evaluate(design, kb)
    return madr_records(design, evaluation, kb, meta=review_meta(design, kb, date=FIXED_DATE))


def check_page(page: str) -> _Blocks:
    """What holds for every rendered export: no link, no entity text, no leaking bidi."""
    assert re.search(r"<a[\s>]", page) is None, re.search(r".{80}<a[\s>].{80}", page)
    parsed = blocks(page)
    text = "".join(parsed.text)
    for entity in ("&lt;", "&gt;", "&amp;", "&quot;", "&#"):
        assert entity not in text, (entity, text[max(text.find(entity) - 60, 0) :][:120])
    for tag, block in parsed.blocks:
        assert not leaks(block), (tag, block)
        for scope in override_scopes(block):
            assert typed(scope) in {typed(t) for t in OWN_TEXTS}, (tag, scope)
    return parsed


@pytest.mark.parametrize("render", RENDERERS.values(), ids=RENDERERS.keys())
def test_review_names_read_as_typed_in_headings_cells_and_lists(render, review, design):
    parsed = check_page(render(review))
    headings = {text for tag, text in parsed.blocks if tag in ("h1", "h3")}
    cells = {typed(text) for tag, text in parsed.blocks if tag == "td"}
    items = [typed(text) for tag, text in parsed.blocks if tag == "li"]
    paragraphs = [typed(text) for tag, text in parsed.blocks if tag == "p"]
    assert f"Design review: {typed(GFM_DESIGN_NAME)}" in {typed(h) for h in headings}
    assert f"Design: {typed(GFM_DESIGN_NAME)}" in items
    for index, component in enumerate(design.components, 1):
        name = typed(component.name)
        assert f"{index}. {name}" in {typed(h) for h in headings}, name
        assert name in cells, name
        # The verdict names every component; the next steps list several.
        assert name in paragraphs[0], name
    listed = [name for name in GFM_NAMES if any(typed(name) in item for item in items)]
    assert len(listed) >= 3, listed
    assert typed("Ask bob@evil.example, or read www.evil.example and") in " ".join(paragraphs)


@pytest.mark.parametrize("render", RENDERERS.values(), ids=RENDERERS.keys())
def test_every_name_is_isolated_where_its_direction_could_spill(render, review, design):
    parsed = blocks(render(review))
    headings = [text for tag, text in parsed.blocks if tag == "h3"]
    for index, component in enumerate(design.components, 1):
        heading = next(h for h in headings if typed(h) == f"{index}. {typed(component.name)}")
        name = heading.split(" ", 1)[1]
        needs = any(
            unicodedata.category(ch) == "Cf" or unicodedata.bidirectional(ch) in ("R", "AL")
            for ch in component.name
        )
        assert (name.startswith("\u2068") and name.endswith(POP_ISOLATE)) == needs, name


def test_mermaid_labels_are_the_names_and_cannot_spill(review, design):
    page = github(review)
    check_page(page)
    source = html.unescape(re.search(r"<pre[^>]*><code[^>]*>(.*?)</code></pre>", page, re.S)[1])
    labels = re.findall(r'^    c\d+\["(.*)<br>.*"\]$', source, re.M)
    assert len(labels) == len(design.components)
    for label, component in zip(labels, design.components, strict=True):
        decoded = re.sub(r"#(\d+);", lambda m: chr(int(m[1])), label)
        assert typed(decoded) == typed(component.name)
        assert not leaks(decoded), decoded
        assert all(typed(scope) == typed(component.name) for scope in override_scopes(decoded))


@pytest.mark.parametrize("render", RENDERERS.values(), ids=RENDERERS.keys())
def test_madr_records_read_as_typed(render, records, design):
    for record, component in zip(records, design.components, strict=True):
        parsed = check_page(render(record.text))
        title = next(text for tag, text in parsed.blocks if tag == "h1")
        assert typed(title).endswith(f" for {typed(component.name)}"), title
        context = next(typed(text) for tag, text in parsed.blocks if tag == "p")
        assert context.startswith(f"{typed(component.name)} is "), context
        assert f" in {typed(GFM_DESIGN_NAME)}." in context, context


@pytest.mark.parametrize("name", GFM_NAMES)
def test_inline_names_make_no_link_on_github(name):
    page = github(f"Before *{inline(name)}* after.\n")
    assert "<a" not in page
    assert typed(blocks(page).blocks[0][1]) == typed(f"Before {name} after.")


# Addresses of every kind GFM links, with punctuation and markup around them.
_ADDRESS = st.one_of(
    st.from_regex(
        r"(?i)(https?|ftp)://[a-z0-9_-]{1,6}(\.[a-z]{1,4}){0,2}(/[a-z.]{0,5})?", fullmatch=True
    ),
    st.from_regex(r"(?i)www\.[a-z0-9-]{1,6}(\.[a-z]{1,4}){1,2}(/[a-z]{0,4})?", fullmatch=True),
    st.from_regex(
        r"((mailto|xmpp):)?[a-z0-9._+-]{1,6}@[a-z0-9-]{1,6}(\.[a-z]{1,4}){1,2}", fullmatch=True
    ),
)
_LINKISH = st.lists(
    st.one_of(_ADDRESS, st.sampled_from([" ", "(", ")", "*", "_", "~", "<", ">", '"', "=", "a"])),
    min_size=1,
    max_size=6,
).map("".join)


@given(_LINKISH)
def test_no_text_becomes_a_link_on_github(text):
    page = github(f"x {inline(text)} y\n")
    assert "<a" not in page, (text, page)


@pytest.mark.parametrize(
    ("text", "isolated"),
    [
        ("Order fulfilment", False),
        ("Zählerstand & Ärger — “quoted”", False),
        ("Payments \u202eexe.elif", True),
        ("\u05de\u05dc\u05d0\u05d9", True),  # right-to-left letters
        ("\u0661\u0662", True),  # Arabic-Indic digits
        ("Zero\u200bwidth", True),  # any format character
        ("Soft\u00adhyphen", True),
    ],
)
def test_isolate_wraps_only_text_that_could_spill(text, isolated):
    out = isolate(text)
    assert (out != text) == isolated
    if isolated:
        assert out == "\u2068" + text + POP_ISOLATE
    assert not leaks(f"before {out} after")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An isolate left open is closed before the wrapper closes.
        ("\u2067open", "\u2068\u2067open\u2069\u2069"),
        # A stray pop would close the wrapper early: it is dropped.
        ("a\u2069\u202eb", "\u2068a\u202eb\u2069"),
        ("\u2066x\u2069\u2069y", "\u2068\u2066x\u2069y\u2069"),
    ],
)
def test_isolate_keeps_its_wrapper_whole(text, expected):
    assert isolate(text) == expected
    assert not leaks(f"before {isolate(text)} after")
