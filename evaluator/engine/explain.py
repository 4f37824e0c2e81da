"""Plain sentences about answers and results, shared by the pages, commands and exports."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from evaluator.engine.knowledge import Question
from evaluator.engine.uncertain import Range, is_uncertain

__all__ = [
    "fill_rationale",
    "format_number",
    "format_percent",
    "format_span",
    "format_value",
    "isolate",
    "join_words",
    "signed",
    "verdict",
]

_PLACEHOLDER_RE = re.compile(r"\{([a-z_][a-z0-9_]*)\}")

# Bidirectional classes (UAX #9) that can move the text next to them: right-to-left
# letters and digits, and the explicit embeddings, overrides and isolates.
_DIRECTIONAL = frozenset(
    {"R", "AL", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
)
_ISOLATE_OPENERS = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI
FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def format_number(value: float) -> str:
    """1800 -> '1,800'; 2.5 -> '2.5'; 0.3333 -> '0.33' (two decimals at most)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


def _unit(unit: str, value: float) -> str:
    # "1 nodes" reads wrong; plain-word units lose their plural s for exactly one.
    if value == 1 and unit.isalpha() and unit.endswith("s") and len(unit) > 2:
        return unit[:-1]
    return unit


def _mid_sentence(label: str) -> str:
    # Choice labels are written as headings ("Spiky"); inside a sentence they read better
    # in lower case, unless they start with an acronym ("AWS", "GDPR").
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def format_percent(probability: float) -> str:
    """0.923 -> '92%'; never rounds a possibility away: 0.001 -> 'under 1%'."""
    if probability <= 0:
        return "0%"
    if probability >= 1:
        return "100%"
    shown = round(probability * 100)
    if shown < 1:
        return "under 1%"
    if shown > 99:
        return "over 99%"
    return f"{shown}%"


def format_span(question: Question | None, low: float, high: float) -> str:
    """'200–5,000 rps': two numbers of one question, with its unit once."""
    unit = question.unit if question is not None else None
    text = format_number(low)
    if high != low:
        text += f"\u2013{format_number(high)}"
    return f"{text} {_unit(unit, high)}" if unit else text


def _format_uncertain(question: Question | None, value: Any) -> str:
    # "200–5,000 rps (likely 800)"; "spiky 60%, steady 40%"; "yes 70%, no 30%".
    if isinstance(value, Range):
        text = format_span(question, value.low, value.high)
        if value.likely is not None:
            text += f" (likely {format_number(value.likely)})"
        return text
    parts = []
    for key, weight in value.weights:
        label = key
        if question is not None and question.type == "choice":
            label = _mid_sentence(question.choice_label(key))
        parts.append(f"{label} {format_number(round(weight * 100, 1))}%")
    return ", ".join(parts)


def format_value(question: Question | None, value: Any) -> str:
    """An answer as it reads in a sentence: units, choice labels, yes/no; an uncertain
    answer as its range ('200–5,000 rps (likely 800)') or weights ('spiky 60%, steady 40%')."""
    if value is None:
        return "not answered"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if is_uncertain(value):
        return _format_uncertain(question, value)
    if question is None:
        return str(value)
    if question.type == "number" and isinstance(value, int | float):
        text = format_number(value)
        return f"{text} {_unit(question.unit, value)}" if question.unit else text
    if question.type == "choice":
        return _mid_sentence(question.choice_label(value))
    if question.type == "multi":
        if not value:
            return "none"
        return ", ".join(question.choice_label(item) for item in value)
    return str(value)


def fill_rationale(text: str, questions: Mapping[str, Question], facts: Mapping[str, Any]) -> str:
    """Replace every ``{id}`` in a rationale with the answer it names, formatted."""

    def replace(match: re.Match) -> str:
        qid = match.group(1)
        question = questions.get(qid)
        if question is None:
            return match.group(0)
        return format_value(question, facts.get(qid))

    return _PLACEHOLDER_RE.sub(replace, text)


def isolate(text: str) -> str:
    """``text`` set apart so that it cannot reorder the sentence it is put into.

    A name is shown as typed, and it may hold right-to-left letters or invisible format
    characters (Unicode category Cf): a RIGHT-TO-LEFT OVERRIDE reverses everything after
    it to the end of the paragraph. Such text is wrapped in FIRST STRONG ISOLATE ... POP
    DIRECTIONAL ISOLATE, which takes its direction from the text itself and ends every
    embedding and override opened inside it (UAX #9, rule X6a). So that the wrapper holds,
    a stray POP DIRECTIONAL ISOLATE inside is dropped (alone it has no effect) and isolates
    the text leaves open are closed. Any other text comes back unchanged.
    """
    # No ASCII character is right-to-left or a format character: only the others are looked up.
    if text.isascii() or not any(
        unicodedata.bidirectional(ch) in _DIRECTIONAL or unicodedata.category(ch) == "Cf"
        for ch in text
        if not ch.isascii()
    ):
        return text
    kept = []
    open_isolates = 0
    for ch in text:
        if ch in _ISOLATE_OPENERS:
            open_isolates += 1
        elif ch == POP_DIRECTIONAL_ISOLATE:
            if not open_isolates:
                continue
            open_isolates -= 1
        kept.append(ch)
    closing = POP_DIRECTIONAL_ISOLATE * (open_isolates + 1)
    return FIRST_STRONG_ISOLATE + "".join(kept) + closing


def join_words(items: Iterable[str], word: str = "and") -> str:
    """ "A", "A and B", "A, B and C" (or "A, B or C" with ``word="or"``)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def signed(value: float) -> str:
    """A change with its sign: '+12', '−7.5' (a true minus sign) and '0' for none.

    The one formatter of signed numbers for pages, charts and exports. Zero has no sign:
    '+0' would read as a gain, and '±0' as a margin of error; a plain '0' is what a
    screen reader should say. The sign follows the number as shown, so 0.001 is '0' too.
    """
    text = format_number(abs(value))
    if text == "0":
        return text
    return f"+{text}" if value > 0 else f"\u2212{text}"


def verdict(
    component: str,
    best: tuple[str, int, str] | None,
    second: tuple[str, int] | None,
    *,
    close_call: bool,
    no_good_option: bool,
    held_back: bool = False,
    variant: tuple[str, tuple[str, ...]] | None = None,
) -> str:
    """One sentence (or two) saying what the evaluation concludes for a component.

    ``best`` is (option name, score, band); ``second`` is (option name, score).
    ``held_back``: the runner-up scores higher but lacks the evidence to be recommended.
    ``variant``: (variant name, names of the variants ruled out) when hard limits ruled
    out some of the recommendation's variants, so the sentence names the one to build. The component's name is isolated
    (see ``isolate``).
    """
    component = isolate(component)
    if best is None:
        return (
            f"Every option is ruled out for {component}; the hard limits behind the vetoes"
            " need another look."
        )
    name, score, band = best
    if no_good_option:
        text = f"No good option for {component}: the best, {name}, scores only {score} ({band})."
        if held_back and second is not None:
            text += (
                f" {second[0]} scores {second[1]} but has too little evidence from this component."
            )
        elif close_call and second is not None:
            text += f" {second[0]} is close behind at {second[1]}."
    elif held_back and second is not None:
        text = (
            f"{name} is recommended for {component} ({score}, {band}): {second[0]} scores"
            f" higher ({second[1]}), but the rules about this component give it too little"
            " evidence to overcome the baseline's head start."
        )
    elif close_call and second is not None:
        text = (
            f"Close call for {component}: {name} ({score}) and {second[0]} ({second[1]}) are"
            " within 10 points, so there is no clear winner."
        )
    elif second is None:
        text = f"{name} is the only option left for {component} ({score}, {band})."
    else:
        text = (
            f"{name} fits {component} best ({score}, {band}), ahead of {second[0]} ({second[1]})."
        )
    if variant is not None:
        text += f" Build it as {variant[0]}: a hard limit rules out {join_words(variant[1])}."
    return text
