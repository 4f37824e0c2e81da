"""Put user text into markdown and Mermaid without letting it become markup.

Every piece of text that did not come from this package (design and component names, the
summary, and, to be safe, knowledge-base sentences) goes through one of these functions.
The aim is text that renders as the same characters on GitHub, on GitLab and in the
preview, whatever it contains: table pipes, backticks, HTML, a leading ``#``, line breaks,
HTML comments, ``javascript:`` links, dollar signs (math on GitHub), Mermaid syntax, and
what GitHub's autolink extension would turn into a link (``https://…``, ``www.…``, an
e-mail address). Text holding right-to-left letters or invisible format characters is
isolated (``explain.isolate``), so that it cannot reorder the sentence it stands in.

- ``inline``: one line of running text.
- ``paragraphs``: free text such as the summary, kept as paragraphs.
- ``table_cell`` and ``heading``: ``inline`` plus what those positions need.
- ``mermaid_label``: a quoted Mermaid label with every risky character entity-escaped.

Mermaid node ids are never built from names (see ``diagram.py``).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from evaluator.engine.explain import isolate

__all__ = ["heading", "inline", "mermaid_label", "paragraphs", "slug", "table_cell"]

# ASCII punctuation with a meaning somewhere in CommonMark, GFM or GitHub's extensions
# (``$`` starts math there) gets a backslash, which is allowed before any ASCII
# punctuation. Angle brackets become entities, so no "<script" or "<!--" survives even as
# source text.
_BACKSLASHED = "\\`*_[]|~#$&!"
_INLINE_TABLE = str.maketrans({**{ch: "\\" + ch for ch in _BACKSLASHED}, "<": "&lt;", ">": "&gt;"})
# "javascript:" and "vbscript:" lose their colon, so no link can be made of them anywhere.
_SCHEME_RE = re.compile(r"(?i)(javascript|vbscript)(\s*):")
# GFM's autolink extension links "scheme://…" when it reaches the colon and "www.…" when it
# reads those four characters; a backslash before the colon or the dot stops both and
# shows nothing. E-mail addresses are found later, in the text with its escapes already
# undone, so no escape stops them: an invisible WORD JOINER after the "@" does (and keeps
# GitHub from reading "@name" as a mention), and the address still reads the same.
_URL_COLON_RE = re.compile(r"(?<=[A-Za-z]):(?=//)")
_WWW_DOT_RE = re.compile(r"(?i)(?<=www)\.")
# Everything GFM reads as the start of a domain after the "@".
_AT_RE = re.compile(r"@(?=[A-Za-z0-9._-])")
WORD_JOINER = "\u2060"
# Whitespace, control characters (Unicode category Cc) and line or paragraph separators.
_BREAK_RE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# What may open a block at the start of a paragraph: lists, quotes, breaks, headings.
_BLOCK_START_RE = re.compile(r"^(?:[-+=]|\d{1,9}[.)])")
_PARAGRAPH_SPLIT_RE = re.compile(r"\n[ \t]*\n")


def _flat(text: str) -> str:
    """One line: every run of whitespace, control or line-separator characters -> a space."""
    return _BREAK_RE.sub(" ", str(text)).strip()


# The same sentences (rule titles, rationales, option names) recur in every component of
# a large design; escaping each once keeps a 200-component review fast.
@functools.lru_cache(maxsize=8192)
def inline(text: str) -> str:
    """Text for the middle of a markdown line: shows literally, makes no markup or link."""
    escaped = isolate(_flat(text)).translate(_INLINE_TABLE)
    escaped = _SCHEME_RE.sub(r"\1\2&#58;", escaped)
    # Most text has none of these; looking first is cheaper than a substitution.
    if "://" in escaped:
        escaped = _URL_COLON_RE.sub(r"\:", escaped)
    if "." in escaped:
        escaped = _WWW_DOT_RE.sub(r"\.", escaped)
    if "@" in escaped:
        escaped = _AT_RE.sub("@" + WORD_JOINER, escaped)
    return escaped


def paragraphs(text: str) -> str:
    """Free text as markdown paragraphs: blank lines separate them, other breaks join."""
    blocks = []
    for block in _PARAGRAPH_SPLIT_RE.split(str(text).replace("\r\n", "\n").replace("\r", "\n")):
        line = inline(block)
        if not line:
            continue
        match = _BLOCK_START_RE.match(line)
        if match:
            # "- x", "+ x", "1. x", "1) x" would start a list; "=" a setext underline.
            end = match.end()
            line = line[: end - 1] + "\\" + line[end - 1 :]
        blocks.append(line)
    return "\n\n".join(blocks)


def table_cell(text: str) -> str:
    """A GFM table cell: one line, pipes escaped, never empty-looking by accident."""
    return inline(text)


def heading(text: str) -> str:
    """The text of an ATX heading; a trailing ``#`` run cannot close it early."""
    return inline(text)


def slug(text: str, *, fallback: str = "item", max_length: int = 48) -> str:
    """An ASCII file-name part: lower case letters, digits and single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    value = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    value = value[:max_length].rstrip("-")
    return value or fallback


# In a Mermaid label only letters, digits, spaces and a few harmless marks stay as they
# are; everything else becomes a "#<code>;" entity, which Mermaid turns back into the
# character. That covers quotes, brackets, "-->", ";", "%%", backticks (which would end the
# fence), "<" and "&".
_MERMAID_PLAIN = frozenset(" .,'/_-")


def mermaid_label(*lines: str) -> str:
    """A Mermaid node label in double quotes, safe inside a ``mermaid`` code fence.

    Several arguments become lines of the label, joined by Mermaid's ``<br>``, which is
    added after escaping and so is the only markup in it.
    """
    return '"' + "<br>".join(_mermaid_text(line) for line in lines) + '"'


def _mermaid_text(text: str) -> str:
    out = []
    for ch in isolate(_flat(text)):
        if ch.isalnum() or ch in _MERMAID_PLAIN:
            out.append(ch)
        else:
            out.append(f"#{ord(ch)};")
    return "".join(out)
