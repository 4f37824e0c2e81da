"""The markdown review: golden files, every part present, hostile text, determinism.

The golden files under ``golden/`` are reviewed like code. When the knowledge base or the
wording changes on purpose, regenerate them and read the diff before committing:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/reports
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser

import pytest

from evaluator.engine import evaluate
from evaluator.reports import preview, render_preview, render_review, review_meta
from evaluator.reports.preview import ALLOWED_TAGS

from .conftest import FIXED_DATE, GOLDEN, load, outside_code, unescaped_pipes

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

SECTIONS = (
    "## Summary",
    "## Context and priorities",
    "### The system",
    "### Context",
    "### Priorities",
    "## Components",
    "## Cross-component findings",
    "## Next steps",
    "### 1. Research",
    "### 2. Prototype first",
    "### 3. Evaluate the trade-offs",
    "### 4. Document the findings",
    "## Diagram",
    "## Appendix: rules that fired",
)
COMPONENT_PARTS = (
    "#### Why",
    "#### Ruled out",
    "#### Recommended variant",
    "#### Risks and mitigations",
    "#### Trade-off points",
    "#### Tipping points",
    "#### Open questions",
)


def review_of(spec, kb, **meta):
    meta.setdefault("date", FIXED_DATE)
    return render_review(spec, evaluate(spec, kb), kb, meta=review_meta(spec, kb, **meta))


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def parse_tags(html: str) -> list:
    parser = _Tags()
    parser.feed(html)
    return parser.found


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path} is missing; run with UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs from its golden file; if the change is intended, run"
        " UPDATE_GOLDEN=1 pytest tests/reports and review the diff"
    )


@pytest.mark.parametrize("design", ["shop.yaml", "photoshare.yaml"])
def test_review_matches_its_golden_file(design, kb):
    text = review_of(load(design), kb, source=design)
    check_golden(design.replace(".yaml", ".md"), text)


def test_every_part_is_present_in_order(shop, kb):
    text = review_of(shop, kb, source="shop.yaml")
    positions = [text.index(f"\n{section}\n") for section in SECTIONS]
    assert positions == sorted(positions)
    assert text.startswith("# Design review: Online shop\n")
    for index, component in enumerate(shop.components, 1):
        start = text.index(f"\n### {index}. {component.name}\n")
        end = text.find("\n### ", start + 1)
        block = text[start:end]
        for part in COMPONENT_PARTS:
            assert f"\n{part}\n" in block, (component.name, part)
        # All six options are scored in the component's table.
        assert block.count("| high (100%) |") == 6


def test_the_verdict_comes_before_the_details(shop, kb):
    text = review_of(shop, kb)
    verdict = text.split("\n\n")[1]
    assert verdict.startswith("Seven components reviewed.")
    assert "close call" in verdict


def test_metadata_names_revision_hash_date_and_knowledge_base(shop, kb):
    saved = review_of(shop, kb, revision=4, revision_hash="ab" * 32, date="2026-02-03")
    assert "- **Revision:** 4 (`abababababab`)" in saved
    assert "- **Date:** 2026-02-03" in saved
    assert f"- **Knowledge base:** {kb.version}" in saved
    unsaved = review_of(shop, kb, date=None)
    assert "- **Revision:** none, an unsaved file" in unsaved
    assert "- **Date:** not given" in unsaved
    assert "- **Content hash:** `sha256:" in unsaved


def test_context_shows_question_labels_with_units(shop, kb):
    text = review_of(shop, kb)
    assert "| Engineers on the system | 22 people |" in text
    assert "| Availability | high |" in text
    assert text.index("| Availability | high |") < text.index("| Evolvability | low |")


def test_why_names_rule_ids_and_vetoes_quote_the_limit(shop, kb):
    text = review_of(shop, kb)
    assert "(`event_driven.fan-out`)" in text
    assert "- **Blockchain** (`blockchain.wg-single-writer`): “Wüst and Gervais, step 2" in text


def test_recommended_variant_lists_technologies(shop, kb):
    text = review_of(shop, kb)
    assert "**Managed publish/subscribe.**" in text
    assert "Technologies to evaluate: Amazon SNS + SQS" in text


def test_close_calls_are_prototyped_first(shop, kb, shop_evaluation):
    text = review_of(shop, kb)
    steps = text[text.index("### 2. Prototype first") : text.index("### 3. Evaluate")]
    items = [line for line in steps.splitlines() if line.startswith("1. ")]
    close = [c.name for c in shop_evaluation.components if c.close_call]
    assert close, "the shop example should have a close call"
    assert [item.split("**")[1] for item in items[: len(close)]] == close
    assert all("a close call" in item for item in items[: len(close)])


def test_tipping_thresholds_become_measurements(shop, kb):
    text = review_of(shop, kb)
    measure = text[text.index("### 3. Evaluate the trade-offs") : text.index("### 4. Document")]
    # A job over AWS Lambda's 900 s leaves serverless standing as a batch job; only a memory
    # need beyond AWS Fargate's 120 GB rules it out whatever its variant.
    assert "*Memory needed*: now 3,072 MB; at 122,881 MB, Serverless would be ruled out" in measure


def test_appendix_lists_every_rule_that_fired_with_source_and_date(shop, kb, shop_evaluation):
    text = review_of(shop, kb)
    appendix = text[text.index("## Appendix") :]
    fired = {
        item.rule_id
        for component in shop_evaluation.components
        for option in component.options
        for item in (*option.contributions, *option.vetoes, *option.variant_vetoes)
    }
    for rule_id in fired:
        rule = kb.rule(rule_id)
        row = next(line for line in appendix.splitlines() if line.startswith(f"| `{rule_id}` |"))
        assert row.endswith(f"| {rule.as_of} |")
    rows = [line for line in appendix.splitlines() if line.startswith("| `")]
    assert len(rows) == len(fired)


def test_diagram_draws_every_component_and_dependency(shop, kb):
    text = review_of(shop, kb)
    block = text[text.index("```mermaid\n") : text.index("\n```\n", text.index("```mermaid"))]
    assert block.count('["') == len(shop.components)
    edges = sum(len(c.depends_on) for c in shop.components)
    assert block.count(" --> ") + block.count(" -.-> ") == edges
    assert "class c4 event_driven" in block
    assert "c3 -.-> c4" in block  # checkout messages fulfilment


def test_two_renders_are_byte_identical(kb):
    first = review_of(load("photoshare.yaml"), kb).encode()
    second = review_of(load("photoshare.yaml"), kb).encode()
    assert first == second


def test_a_design_without_components_still_renders(kb, shop):
    import dataclasses

    empty = dataclasses.replace(shop, components=())
    text = review_of(empty, kb)
    assert "no components yet" in text
    assert "```mermaid" not in text


# --- Hostile text ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_review(hostile, kb):
    return review_of(hostile, kb)


def test_hostile_tables_keep_their_column_count(hostile_review):
    lines = hostile_review.splitlines()
    index = 0
    tables = 0
    while index < len(lines):
        if (
            lines[index].startswith("| ")
            and index + 1 < len(lines)
            and "| --- |" in lines[index + 1]
        ):
            width = unescaped_pipes(lines[index])
            tables += 1
            index += 2
            while index < len(lines) and lines[index].startswith("|"):
                assert unescaped_pipes(lines[index]) == width, lines[index]
                index += 1
        else:
            index += 1
    assert tables > 10


def test_hostile_names_cannot_inject_html_or_links(hostile_review):
    for needle in ("<script", "<!--", "javascript:", "<img", "<b>"):
        assert needle not in hostile_review.lower(), needle
    # No raw HTML tag at all outside code.
    assert re.search(r"<[a-zA-Z/!]", outside_code(hostile_review)) is None


def test_hostile_names_cannot_make_headings(hostile_review):
    for line in hostile_review.splitlines():
        if line.startswith("#"):
            assert re.match(r"^#{1,4} ", line), line
            assert not re.match(r"^#{1,4} #", line), line
    assert "### 4. \\# Not a heading" in hostile_review


def test_hostile_summary_stays_paragraphs(hostile_review):
    summary = hostile_review[
        hostile_review.index("### The system\n") : hostile_review.index("### Context\n")
    ]
    body = [line for line in summary.splitlines()[1:] if line]
    for line in body:
        assert not re.match(r"^(\s|[-+*>#|=]|\d+[.)]|```)", line), line


def test_hostile_mermaid_block_stays_one_valid_block(hostile_review, hostile):
    assert hostile_review.count("```mermaid") == 1
    start = hostile_review.index("```mermaid\n") + len("```mermaid\n")
    end = hostile_review.index("\n```\n", start)
    block = hostile_review[start:end].splitlines()
    assert "```" not in "\n".join(block)
    assert block[0] == "flowchart LR"
    statement = re.compile(
        r'^    (c\d+\["[\w .,\'/\-#;]*<br>[\w .,\'/\-#;]*"\]'
        r"|c\d+ (-->|-\.->) c\d+"
        r"|classDef [a-z_]+ [a-z:#0-9,\- ]+"
        r"|class c\d+(,c\d+)* [a-z_]+)$"
    )
    for line in block[1:]:
        assert statement.match(line), line
    nodes = [line for line in block if '["' in line]
    assert len(nodes) == len(hostile.components)


def test_the_preview_moves_headings_down_under_the_pages_own_h1(shop, kb):
    shown = preview(review_of(shop, kb, source="shop.yaml"))
    levels = [int(tag[1]) for tag, _ in parse_tags(shown.html) if re.fullmatch(r"h\d", tag)]
    assert "h1" not in {tag for tag, _ in parse_tags(shown.html)}
    assert levels[0] == 2 and min(levels) == 2
    assert 'id="review-1">Design review: Online shop</h2>' in shown.html


def test_the_preview_lists_sections_and_components_in_its_contents(shop, kb):
    shown = preview(review_of(shop, kb, source="shop.yaml"))
    ids = {dict(attrs).get("id") for _tag, attrs in parse_tags(shown.html)} - {None}
    sections = [section.text for section in shown.contents]
    assert sections[:3] == ["Summary", "Context and priorities", "Components"]
    components = next(s for s in shown.contents if s.text == "Components").children
    assert [c.text for c in components] == [
        f"{n}. {c.name}" for n, c in enumerate(shop.components, 1)
    ]
    for section in shown.contents:
        assert section.id in ids
        assert all(child.id in ids for child in section.children)


def test_preview_tables_and_code_scroll_in_boxes_the_keyboard_reaches(shop, kb):
    shown = preview(review_of(shop, kb, source="shop.yaml"))
    tags = parse_tags(shown.html)
    boxes = [dict(attrs) for tag, attrs in tags if tag == "div"]
    assert len(boxes) == shown.html.count("<table>") > 1
    for box in boxes:
        assert box["class"] == "table-wrap"
        assert box["tabindex"] == "0" and box["role"] == "region"
    code = [dict(attrs) for tag, attrs in tags if tag == "pre"]
    assert code, "the review has its diagram in a code block"
    for box in code:
        assert box["class"] == "code" and box["tabindex"] == "0" and box["role"] == "region"
    # Each box is named by the heading it stands under: the summary, each component.
    headings = {section.id: section.text for section in shown.contents}
    headings.update(
        (child.id, child.text) for section in shown.contents for child in section.children
    )
    names = [headings.get(box["aria-labelledby"]) for box in boxes]
    assert names[0] == "Summary"
    assert f"1. {shop.components[0].name}" in names
    assert [headings.get(box["aria-labelledby"]) for box in code] == ["Diagram"]


def test_hostile_preview_is_sanitised(hostile_review):
    html = render_preview(hostile_review)
    tags = parse_tags(html)
    assert {name for name, _ in tags} <= ALLOWED_TAGS | {"div"}
    for name, attrs in tags:
        if name in ("div", "pre"):  # the boxes that scroll, with attributes of ours only
            assert {attr for attr, _ in attrs} == {"class", "tabindex", "role", "aria-labelledby"}
        for attr, value in attrs:
            assert not attr.startswith("on"), (name, attr)
            if attr == "href":
                assert value.startswith(("http:", "https:", "mailto:")), value
    # What remains of the hostile text is text: escaped, never a tag or a comment.
    for needle in ("<script", "<img", "<!--", "<b>"):
        assert needle not in html.lower(), needle


def test_hostile_review_is_deterministic(hostile, kb):
    assert review_of(hostile, kb) == review_of(hostile, kb)
