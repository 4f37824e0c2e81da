"""Designs and helpers for the report tests: the real examples, and hostile text."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from evaluator.engine import default_knowledge, evaluate
from evaluator.engine.spec import ComponentSpec, Dependency, DesignSpec, parse_design
from evaluator.reports import review_meta

ROOT = Path(__file__).resolve().parents[2]
DESIGNS = ROOT / "designs"
GOLDEN = Path(__file__).resolve().parent / "golden"
FIXED_DATE = "2026-01-15"

# Names that try every way out of a table cell, a heading, the HTML or the Mermaid block.
HOSTILE_NAMES = (
    "Pipes | in | the | name",
    "`code` and ``` fences",
    "<script>alert(1)</script>",
    "# Not a heading",
    "<!-- hidden comment -->",
    "[click me](javascript:alert(1))",
    'Mermaid"] --> X[evil] ; click c1 "javascript:alert(2)" %% comment',
    "end",
    "*stars* _under_ ~~strike~~ $x$ \\ backslash & &amp; <b>bold</b>",
)
HOSTILE_SUMMARY = (
    "# Heading injection\n"
    "<script>alert('summary')</script>\n\n"
    "- a list item\n"
    "1. an ordered item\n\n"
    "| a | table |\n|---|---|\n| x | y |\n\n"
    "<!-- comment --> [link](javascript:alert(3)) <img src=x onerror=alert(4)>\n"
    "```\nfence\n```\n"
    "    indented code\n"
    "> quote\n"
    "---\n"
    "javascript:alert(5) JAVASCRIPT:alert(6) java\tscript:"
)


def load(name: str) -> DesignSpec:
    path = DESIGNS / name
    return parse_design(path.read_bytes(), filename=name, knowledge=default_knowledge())


# Names that GitHub's renderer would turn into links, or whose direction would spill
# over into the sentence around them: a right-to-left override, an isolate left open, a
# stray pop that tries to close the isolate around it, invisible format characters and
# right-to-left letters.
GFM_NAMES = (
    "See https://evil.example/login now",
    "www.evil.example",
    "Mail bob@evil.example",
    '<a href="https://evil.example" target="_top">Click to re-login</a>',
    "<a href=https://evil.example>Click</a>",
    "Payments \u202eexe.elif",
    "\u2067Orders left open",
    "Ledger\u2069\u202e after a stray pop",
    "Zero\u200bwidth\u2060joined",
    "\u05de\u05dc\u05d0\u05d9 stock",
)
GFM_DESIGN_NAME = "Review of https://evil.example \u202e by bob@evil.example"
GFM_SUMMARY = (
    "Ask bob@evil.example, or read www.evil.example and https://evil.example/docs.\n\n"
    "A second paragraph \u202e reversed."
)


def answered(spec: DesignSpec, name: str, **answers) -> DesignSpec:
    """``spec`` with these answers given to the component called ``name``."""
    return dataclasses.replace(
        spec,
        components=tuple(
            dataclasses.replace(c, answers={**c.answers, **answers}) if c.name == name else c
            for c in spec.components
        ),
    )


def renamed(spec: DesignSpec, names: dict[str, str], extra: tuple[str, ...] = ()) -> DesignSpec:
    """``spec`` with its components renamed (dependencies kept) and workers added."""
    components = tuple(
        ComponentSpec(
            name=names[c.name],
            kind=c.kind,
            depends_on=tuple(Dependency(names[d.component], d.style) for d in c.depends_on),
            answers=c.answers,
        )
        for c in spec.components
    )
    workers = tuple(
        ComponentSpec(name=name, kind="worker", answers={"caller_waits": False}) for name in extra
    )
    return dataclasses.replace(spec, components=components + workers)


def hostile_design(*, line_breaks: bool = True) -> DesignSpec:
    """Shop's components renamed to hostile names, with the dependencies kept.

    ``line_breaks=False`` leaves out the one name a design file (and the database) refuses.
    """
    shop = load("shop.yaml")
    names = {c.name: HOSTILE_NAMES[i % len(HOSTILE_NAMES)] for i, c in enumerate(shop.components)}
    # A line break only a spec built in code can carry (files refuse it).
    if line_breaks:
        names[shop.components[1].name] = "Line\nbreak\r\nname\u2028separator"
    return dataclasses.replace(
        renamed(shop, names, HOSTILE_NAMES[len(shop.components) :]),
        name="Review | <script>alert('x')</script> # `design`",
        summary=HOSTILE_SUMMARY,
    )


def gfm_design() -> DesignSpec:
    """Shop with every name, the design's name and its summary from ``GFM_NAMES``."""
    shop = load("shop.yaml")
    names = {c.name: GFM_NAMES[i] for i, c in enumerate(shop.components)}
    return dataclasses.replace(
        renamed(shop, names, GFM_NAMES[len(shop.components) :]),
        name=GFM_DESIGN_NAME,
        summary=GFM_SUMMARY,
    )


@pytest.fixture(scope="session")
def kb():
    return default_knowledge()


@pytest.fixture(scope="session")
def shop():
    return load("shop.yaml")


@pytest.fixture(scope="session")
def shop_evaluation(shop, kb):
    return evaluate(shop, kb)


@pytest.fixture(scope="session")
def shop_meta(shop, kb):
    return review_meta(shop, kb, source="shop.yaml", date=FIXED_DATE)


@pytest.fixture(scope="session")
def hostile():
    return hostile_design()


def outside_code(markdown: str) -> str:
    """The markdown without its fenced code blocks and code spans."""
    without_fences = re.sub(r"(?ms)^```.*?^```$", "", markdown)
    return re.sub(r"`[^`\n]*`", "", without_fences)


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))
