"""Markdown to safe HTML for the review preview page, with its table of contents.

markdown-it-py renders CommonMark plus GFM tables with raw HTML switched off; nh3 then
keeps only a short list of tags and attributes and only http, https and mailto links. The
review's own escaping already keeps user text from becoming markup; this is the second,
independent line of defence, and the one that holds for any markdown passed in.

The preview sits inside a page that has its own ``h1``, so every heading moves one level
down, and each gets an id of ours (``review-1``, ``review-2`` …: never text from the
design) for the table of contents to link to.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

__all__ = ["ALLOWED_TAGS", "Preview", "Section", "preview", "render_preview"]

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "br",
        "hr",
        "strong",
        "em",
        "del",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "ol": {"start"},
    **{tag: {"id"} for tag in HEADINGS},
}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
ID_PREFIX = "review-"
_OUR_ID = re.compile(rf"{ID_PREFIX}\d+")
# Headings of these levels in the markdown (the review's sections and its components)
# make the table of contents.
CONTENTS_LEVELS = (2, 3)


@dataclass(frozen=True)
class Section:
    """One entry of the table of contents: a heading's id, its text, what it holds."""

    id: str
    text: str
    children: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Preview:
    html: str
    contents: tuple[Section, ...]


@functools.cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"]
    )


def _plain_text(inline: Token) -> str:
    return "".join(
        child.content for child in inline.children or () if child.type in ("text", "code_inline")
    )


@dataclass
class _Heading:
    level: int
    id: str
    text: str


# Blocks that scroll sideways when wide, and the tag each begins with after rendering.
_SCROLLING = {"table_open": "table", "fence": "pre", "code_block": "pre"}


def _prepare(tokens: list[Token]) -> tuple[list[_Heading], dict[str, list[str | None]]]:
    """Move headings one level down and number them; find the heading of each wide block.

    Returns the headings (with their levels in the markdown) and, for tables and for code
    blocks, in order, the id of the heading each stands under (None before the first).
    """
    headings: list[_Heading] = []
    under: dict[str, list[str | None]] = {"table": [], "pre": []}
    for index, token in enumerate(tokens):
        if token.type in ("heading_open", "heading_close"):
            level = int(token.tag[1])
            token.tag = f"h{min(level + 1, 6)}"
            if token.type == "heading_open":
                text = _plain_text(tokens[index + 1])
                heading = _Heading(level, f"{ID_PREFIX}{len(headings) + 1}", text)
                token.attrSet("id", heading.id)
                headings.append(heading)
        elif token.type in _SCROLLING:
            under[_SCROLLING[token.type]].append(headings[-1].id if headings else None)
    return headings, under


def _scroll_box(headings: list[str | None], what: str):
    """A replacement for each next opening tag: a box the keyboard can focus and scroll,
    named by the heading above it (our id, so no text of the design goes in an attribute)."""
    names = iter(headings)

    def box(_match: re.Match[str]) -> str:
        heading = next(names, None)
        name = f'aria-labelledby="{heading}"' if heading else f'aria-label="{what}"'
        attributes = f'tabindex="0" role="region" {name}'
        if what == "Table":
            return f'<div class="table-wrap" {attributes}><table>'
        return f'<pre class="code" {attributes}>'

    return box


def _contents(headings: list[_Heading]) -> tuple[Section, ...]:
    top, inner = CONTENTS_LEVELS
    sections: list[tuple[_Heading, list[Section]]] = []
    for heading in headings:
        if heading.level == top:
            sections.append((heading, []))
        elif heading.level == inner and sections:
            sections[-1][1].append(Section(heading.id, heading.text))
    return tuple(Section(h.id, h.text, tuple(children)) for h, children in sections)


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    # Heading ids are ours alone; anything else claiming to be one is dropped.
    if attribute == "id":
        return value if _OUR_ID.fullmatch(value) else None
    return value


def preview(markdown: str) -> Preview:
    """Sanitised HTML for ``markdown`` and its table of contents.

    Tables and code blocks scroll sideways when wide, in boxes that take the keyboard
    focus (so they scroll without a mouse), each named by the heading above it.
    """
    parser = _parser()
    tokens = parser.parse(markdown)
    headings, under = _prepare(tokens)
    rendered = parser.renderer.render(tokens, parser.options, {})
    clean = nh3.clean(
        rendered,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # Our boxes and classes are added after sanitising, to tags nh3 has already reduced
    # to bare <table> and <pre>; text never contains a raw "<", so only real tags match,
    # one per block the parser made, in the same order.
    html = re.sub("<table>", _scroll_box(under["table"], "Table"), clean)
    html = re.sub("<pre>", _scroll_box(under["pre"], "Code"), html)
    html = html.replace("</table>", "</table></div>")
    return Preview(html, _contents(headings))


def render_preview(markdown: str) -> str:
    """Sanitised HTML for ``markdown`` (the preview without its table of contents)."""
    return preview(markdown).html
