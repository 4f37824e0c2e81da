"""Small pieces of wording shared by the review, the MADR records and the next steps.

Functions named ``md_*`` return markdown with every outside string already escaped;
the others return plain text for the caller to escape.
"""

from __future__ import annotations

from collections.abc import Iterable

from evaluator.engine.explain import format_number, signed
from evaluator.engine.explain import join_words as join
from evaluator.engine.knowledge import OPTION_IDS, KnowledgeBase, Variant
from evaluator.engine.results import ComponentResult, OptionResult, TippingPoint, TradeoffPoint
from evaluator.engine.spec import kind_label

from .escape import inline

__all__ = [
    "band_text",
    "capital",
    "contribution_order",
    "count",
    "fact_text",
    "lower_first",
    "join",
    "kind_text",
    "md_names",
    "md_table",
    "md_tipping",
    "md_tradeoff",
    "md_value",
    "option_name",
    "percent",
    "ranked_options",
    "tipping_rules_out_current",
    "variant_of",
]

_BANDS = {
    "strong": "strong",
    "possible": "possible",
    "weak": "weak",
    "poor": "poor",
    "ruled_out": "ruled out",
}


def option_name(kb: KnowledgeBase, option_id: str | None) -> str:
    if option_id is None:
        return "no option"
    try:
        return kb.option(option_id).name
    except KeyError:
        return option_id


def band_text(band: str) -> str:
    return _BANDS.get(band, band.replace("_", " "))


kind_text = kind_label  # 'API', 'stream processor', 'batch job'


def lower_first(text: str) -> str:
    """'Serverless' -> 'serverless', 'A queue' -> 'a queue'; 'GDPR rules' stays."""
    word = text.split(" ", 1)[0]
    if word == "A" or (len(word) > 1 and word[0].isupper() and word[1:].islower()):
        return text[0].lower() + text[1:]
    return text


def fact_text(label: str, text: str) -> str:
    """'Peak request rate: 900 requests/s'; 'Does the caller wait? No' for a question."""
    if label.rstrip().endswith("?"):
        return f"{label} {text[:1].upper()}{text[1:]}"
    return f"{label}: {text}"


_NUMBER_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'no components', 'one rule', 'three close calls', '1,204 components'."""
    word = _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"
    return f"{word} {noun if n == 1 else (plural or noun + 's')}"


def capital(text: str) -> str:
    """The text with its first letter in upper case: the start of a sentence."""
    return text[:1].upper() + text[1:]


def md_table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    """The lines of a GFM table; the cells must already be escaped (``table_cell``)."""
    header = list(header)
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(" --- " for _ in header) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(row) + " |")
    return lines


def md_names(names: Iterable[str]) -> str:
    """Component names in italics, joined: "*Checkout and payments*" cannot blur into the list."""
    return join(f"*{inline(name)}*" for name in names)


def percent(confidence: float) -> str:
    return f"{round(confidence * 100)}%"


def variant_of(kb: KnowledgeBase, result: OptionResult) -> Variant | None:
    """The knowledge base's description of the variant the engine picked, if any."""
    if result.variant is None:
        return None
    try:
        option = kb.option(result.option)
    except KeyError:
        return None
    for variant in option.variants:
        if variant.id == result.variant:
            return variant
    return None


def ranked_options(component: ComponentResult) -> list[OptionResult]:
    """Best first: options still in play by score, then the ruled-out ones.

    Equal scores keep the catalogue order (simplest first), as the engine breaks ties.
    """
    order = {oid: index for index, oid in enumerate(OPTION_IDS)}
    return sorted(
        component.options,
        key=lambda o: (o.ruled_out, -o.score, order.get(o.option, len(order))),
    )


def contribution_order(contribution) -> tuple:
    """Largest effect first; equal effects by rule id so the order never wobbles."""
    return (-abs(contribution.weighted), contribution.rule_id)


def tipping_rules_out_current(tipping: TippingPoint) -> bool:
    """Whether the change would rule out today's recommendation rather than outscore it.

    The engine picks the highest score among options not ruled out, ties going to the
    simpler option. So if the new pick scores below the old one, or ties with it while
    being the less simple option, the old one can only have been ruled out.
    """
    if tipping.previous is None or tipping.recommendation is None:
        return False
    if tipping.score is None or tipping.previous_score is None:
        return False
    if tipping.score < tipping.previous_score:
        return True
    if tipping.score == tipping.previous_score:
        order = {oid: index for index, oid in enumerate(OPTION_IDS)}
        return order.get(tipping.recommendation, 0) > order.get(tipping.previous, 0)
    return False


def md_value(value, text: str) -> str:
    """An answer inside a sentence; choice labels go in quotes, as they may hold commas."""
    if isinstance(value, str | list | tuple):
        return f"“{inline(text)}”"
    return inline(text)


def md_tipping(kb: KnowledgeBase, tipping: TippingPoint) -> str:
    """'If *Peak request rate* were 901 requests/s instead of 900, X would take over (74).'"""
    label = f"*{inline(tipping.label)}*"
    new_text = md_value(tipping.new, tipping.new_text)
    if tipping.current is None:
        lead = f"If {label} were {new_text} (now unanswered)"
    else:
        lead = f"If {label} were {new_text} instead of {md_value(tipping.current, tipping.current_text)}"
    new = inline(option_name(kb, tipping.recommendation))
    if tipping.recommendation is None:
        return f"{lead}, every option would be ruled out."
    if tipping.previous is None:
        return f"{lead}, {new} would become the recommendation ({tipping.score})."
    old = inline(option_name(kb, tipping.previous))
    if tipping_rules_out_current(tipping):
        return f"{lead}, {old} would be ruled out and {new} would take over ({tipping.score})."
    return (
        f"{lead}, {new} would take over ({tipping.score} against {tipping.previous_score}"
        f" for {old})."
    )


def _deltas(kb: KnowledgeBase, items: tuple[tuple[str, float], ...]) -> str:
    return join(f"{inline(option_name(kb, oid))} ({signed(delta)})" for oid, delta in items)


def md_tradeoff(kb: KnowledgeBase, point: TradeoffPoint) -> str:
    """'*Does the caller wait?* — no: favours A (+10) but counts against B (−10).'"""
    parts = []
    if point.gains:
        parts.append(f"favours {_deltas(kb, point.gains)}")
    if point.loses:
        parts.append(f"counts against {_deltas(kb, point.loses)}")
    text = (
        f"*{inline(point.label)}* is {md_value(point.value, point.value_text)}: "
        + " but ".join(parts)
        + "."
    )
    only_for = sorted(set(point.attributes_gain) - set(point.attributes_lose))
    only_against = sorted(set(point.attributes_lose) - set(point.attributes_gain))
    if only_for and only_against:
        helps = join(inline(kb.attribute_label(a).lower()) for a in only_for)
        hurts = join(inline(kb.attribute_label(a).lower()) for a in only_against)
        text += f" It helps {helps} and costs {hurts}."
    return text


def score_points(value: float) -> str:
    """A contribution's effect on the score, e.g. '+15' or '−7.5'."""
    return signed(round(value, 1))


def number(value: float) -> str:
    return format_number(value)
