"""Text inside figures: the one way data becomes text Plotly shows as written.

Plotly reads a subset of HTML in every text it draws (titles, tick labels, legend names,
hover texts, annotations): ``<a href>`` becomes a live link, ``<span style>`` restyles,
``<b>``, ``<i>``, ``<br>``, ``<sub>`` and ``<sup>`` format. It first cuts a text at every
``<...>``, then turns the entities ``&amp;``, ``&lt;``, ``&gt;`` (and a few others, and
numeric ones) of the pieces between into characters, once. So a text with ``&``, ``<`` and
``>`` written as entities holds no tag and is drawn exactly as it was typed, entities
included (``&lt;`` typed by a person arrives as ``&amp;lt;`` and is drawn as ``&lt;``).

Everything that comes from data (names, labels, titles, answers) goes through
``literal``; figure code adds only its own ``<b>``, ``<i>`` and ``<br>`` around the
results. ``wrap`` and ``clip`` work on the plain text, before it is escaped, so they never
cut an entity in two.
"""

from __future__ import annotations

__all__ = ["clip", "literal", "wrap"]

LABEL_CHARS = 44


def literal(text: object) -> str:
    """``text`` as Plotly markup that draws it literally: no tag, no entity left live."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int = LABEL_CHARS) -> str:
    """Plain text cut to ``limit`` characters, with an ellipsis when it was longer."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def wrap(text: str, width: int, lines: int = 2) -> str:
    """Plain text as at most ``lines`` escaped lines of about ``width`` characters,
    broken between words and joined by ``<br>``; what does not fit ends in an ellipsis."""
    out: list[str] = []
    rest = " ".join(str(text).split())
    while rest and len(out) < lines:
        if len(rest) <= width or len(out) == lines - 1:
            out.append(clip(rest, width))
            break
        cut = rest.rfind(" ", 0, width + 1)
        if cut <= 0:
            cut = width  # one long word: break inside it
        out.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return "<br>".join(literal(line) for line in out)


def _round(value: float) -> float:
    return round(value, 2)
