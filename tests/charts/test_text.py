"""Text in figures: escaped so that Plotly draws it as written, cut and wrapped safely."""

import pytest

from evaluator.charts.text import clip, literal, wrap


@pytest.mark.parametrize(
    ("text", "markup"),
    [
        ("Orders", "Orders"),
        ("<b>Bold</b>", "&lt;b&gt;Bold&lt;/b&gt;"),
        ('<a href="https://example.com">x</a>', '&lt;a href="https://example.com"&gt;x&lt;/a&gt;'),
        ("Search & browse", "Search &amp; browse"),
        # Typed entities stay as typed: Plotly decodes one level only.
        ("&lt;i&gt;", "&amp;lt;i&amp;gt;"),
        ("&#60;b&#62;", "&amp;#60;b&amp;#62;"),
        (42, "42"),
    ],
)
def test_literal(text, markup):
    assert literal(text) == markup


def test_clip_keeps_short_text_and_marks_a_cut():
    assert clip("Cart", 10) == "Cart"
    assert clip("Recommendation refresh", 10) == "Recommend…"
    assert len(clip("x" * 200)) == 44


@pytest.mark.parametrize(
    ("text", "width", "lines", "expected"),
    [
        ("Cart", 14, 2, "Cart"),
        ("Recommendation refresh", 14, 2, "Recommendation<br>refresh"),
        ("Storefront and catalogue", 14, 2, "Storefront and<br>catalogue"),
        ("One two three four five six", 9, 2, "One two<br>three fo…"),
        ("Supercalifragilistic", 8, 2, "Supercal<br>ifragil…"),
        ("<b>Bold</b> and more", 11, 2, "&lt;b&gt;Bold&lt;/b&gt;<br>and more"),
        ("&&&&&&&&", 3, 2, "&amp;&amp;&amp;<br>&amp;&amp;…"),
    ],
)
def test_wrap_breaks_plain_text_then_escapes_each_line(text, width, lines, expected):
    assert wrap(text, width, lines) == expected
