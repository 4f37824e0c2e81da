"""No user text makes the markdown review emit live HTML, script or a javascript: link."""

import re

from hypothesis import given
from hypothesis import strategies as st

from evaluator.engine import evaluate
from evaluator.engine.spec import ComponentSpec, Dependency, DesignSpec
from evaluator.reports.meta import review_meta
from evaluator.reports.preview import render_preview
from evaluator.reports.review import render_review

from .conftest import FUZZ
from .strategies import HOSTILE, KB

hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(max_size=15)), min_size=1, max_size=4
).map(" ".join)


@st.composite
def hostile_designs(draw):
    count = draw(st.integers(min_value=1, max_value=3))
    raw_names = [draw(hostile_text).strip()[:100] or f"c{i}" for i in range(count)]
    # Names must be unique and one line, as the design reader guarantees.
    seen, names = set(), []
    for index, name in enumerate(raw_names):
        name = re.sub(r"[\x00-\x1f\x7f\u2028\u2029]", " ", name).strip() or f"c{index}"
        if name.casefold() in seen:
            name = f"{name[:90]} {index}"
        seen.add(name.casefold())
        names.append(name)
    components = tuple(
        ComponentSpec(
            name,
            "api",
            (Dependency(names[index - 1], "async"),) if index else (),
            {"caller_waits": True},
        )
        for index, name in enumerate(names)
    )
    design_name = re.sub(r"[\x00-\x1f\x7f]", " ", draw(hostile_text)).strip()[:100] or "d"
    return DesignSpec(design_name, draw(hostile_text), {}, {}, components)


SCRIPT = re.compile(r"<\s*script", re.IGNORECASE)
JS_LINK = re.compile(r"javascript\s*:", re.IGNORECASE)


@FUZZ
@given(hostile_designs())
def test_review_never_carries_live_markup(spec):
    evaluation = evaluate(spec, KB)
    markdown = render_review(spec, evaluation, KB, meta=review_meta(spec, KB, date="2026-01-01"))
    assert not SCRIPT.search(markdown)
    assert not JS_LINK.search(markdown)
    assert "<!--" not in markdown
    html = render_preview(markdown)
    assert not SCRIPT.search(html)
    # As visible text "javascript:" is harmless; it must never become a link or source.
    assert not re.search(r"(href|src|action)\s*=\s*[\"']?\s*javascript", html, re.IGNORECASE)
    assert not re.search(r"<[^>]+\son\w+\s*=", html, re.IGNORECASE)
    # Every table row keeps the column count of its header.
    _tables_are_rectangular(markdown)


def _tables_are_rectangular(markdown: str) -> None:
    in_fence = False
    header_cells = None
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence or not line.startswith("|"):
            header_cells = None
            continue
        cells = len(re.findall(r"(?<!\\)\|", line))
        if header_cells is None:
            header_cells = cells
        assert cells == header_cells, line
