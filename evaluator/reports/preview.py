"""Markdown to safe HTML for the review preview page.

markdown-it-py renders CommonMark plus GFM tables with raw HTML switched off; nh3 then
keeps only a short list of tags and attributes and only http, https and mailto links. The
review's own escaping already keeps user text from becoming markup; this is the second,
independent line of defence, and the one that holds for any markdown passed in.
"""

from __future__ import annotations

import functools

import nh3
from markdown_it import MarkdownIt

__all__ = ["ALLOWED_TAGS", "render_preview"]

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
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})


@functools.cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"]
    )


def render_preview(markdown: str) -> str:
    """Sanitised HTML for ``markdown``; tables and code blocks scroll sideways when wide."""
    html = _parser().render(markdown)
    clean = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # Our classes are added after sanitising, to tags nh3 has already reduced to bare
    # <table> and <pre>; text never contains a raw "<", so only real tags match.
    return (
        clean.replace("<table>", '<div class="table-wrap"><table>')
        .replace("</table>", "</table></div>")
        .replace("<pre>", '<pre class="code">')
    )
