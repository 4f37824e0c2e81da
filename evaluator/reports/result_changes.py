"""What changed in one component's result from one evaluation to another: hard limits
added and lifted, how sure the recommendation is, and the rules behind a change.

Everything here reads the results alone (rule ids and titles as the results carry them),
so the two sides may come from two versions of the knowledge base: the same design
scored under today's rules and under a candidate's. The knowledge base of each side is
asked only for the names of variants, and only that side's.
"""

from __future__ import annotations

from dataclasses import dataclass

from evaluator.engine.explain import signed
from evaluator.engine.knowledge import KnowledgeBase
from evaluator.engine.results import ComponentResult, OptionResult

from .certainty import is_uncertain
from .prose import percent

__all__ = [
    "CERTAINTY_ORDER",
    "MAX_CAUSES",
    "Cause",
    "Certainty",
    "VetoChange",
    "causes",
    "certainty",
    "veto_changes",
]

# How sure a recommendation is, surest first; one number per verdict, higher is surer.
# Where every answer a component depends on is a single value, the scores decide: "clear",
# or a "close call" (the top two within 10 points, ``results.is_close_call``). Where some
# answers are ranges or weights, the samples decide (``engine/certainty.py``): "robust"
# (the top outcome wins 80% of the samples or more), "leaning" (60% or more), "toss-up".
# The two scales meet at their ends: a clear recommendation is as sure as a robust one
# and a close call is no surer than a toss-up, so answering with a range instead of a
# single value is not in itself a drop. "nothing left" (every option ruled out) is last.
CERTAINTY_ORDER: dict[str, int] = {
    "robust": 3,
    "clear": 3,
    "leaning": 2,
    "close call": 1,
    "toss-up": 1,
    "nothing left": 0,
}

# The rules named as the cause of a change in points; vetoes are always all named.
MAX_CAUSES = 3


@dataclass(frozen=True)
class VetoChange:
    """A hard limit on one option that holds on one side and not on the other."""

    option: str
    option_name: str
    rule_id: str
    title: str
    variants: tuple[str, ...]  # the variants it rules out; () for the whole option
    variant_names: tuple[str, ...]
    option_ruled_out: bool  # on the side where it holds, by it or with other limits

    @property
    def variant_limit(self) -> bool:
        """It rules out some variants of the option, and the option still stands."""
        return bool(self.variants) and not self.option_ruled_out


@dataclass(frozen=True)
class Certainty:
    """How sure one side's recommendation is (see ``CERTAINTY_ORDER``), and whether so
    many answers are missing that its confidence is low (the ``low-confidence`` check)."""

    verdict: str
    share: float | None  # the top outcome's share of the samples; None for point answers
    low_confidence: bool
    confidence: float

    @property
    def rank(self) -> int:
        return CERTAINTY_ORDER[self.verdict]

    @property
    def text(self) -> str:
        text = self.verdict if self.share is None else f"{self.verdict} ({percent(self.share)})"
        if self.low_confidence:
            text += f", low confidence ({percent(self.confidence)} of the rules decided)"
        return text

    def dropped_from(self, before: Certainty) -> bool:
        """Less sure than ``before``: a lower verdict, or low confidence where it was not."""
        return self.rank < before.rank or (self.low_confidence and not before.low_confidence)


@dataclass(frozen=True)
class Cause:
    """A rule whose part in an option's result differs between the two sides.

    ``kind`` is "points" (``a`` and ``b`` are its weighted points on each side, None where
    it did not count), "veto added" or "veto lifted". The head start an option gets from
    the context is a cause too, with no rule id.
    """

    kind: str
    option: str
    option_name: str
    rule_id: str
    title: str
    a: float | None = None
    b: float | None = None

    @property
    def shift(self) -> float:
        return (self.b or 0) - (self.a or 0)

    @property
    def points_text(self) -> str:
        """'+12 → 0' style: each side's points, a dash where the rule did not count."""
        return f"{_points(self.a)} \u2192 {_points(self.b)}"


def _points(value: float | None) -> str:
    return "\u2014" if value is None else signed(value)


def certainty(component: ComponentResult) -> Certainty:
    """How sure ``component``'s recommendation is, on the scale of ``CERTAINTY_ORDER``."""
    share = None
    if component.recommendation is None:
        verdict = "nothing left"
    elif is_uncertain(component):
        verdict = component.uncertainty.verdict
        share = component.uncertainty.top_probability
    else:
        verdict = "close call" if component.close_call else "clear"
    return Certainty(
        verdict=verdict,
        share=share,
        low_confidence=component.confidence_label == "low",
        confidence=component.confidence,
    )


def _vetoes(kb: KnowledgeBase, result: OptionResult) -> dict[tuple, VetoChange]:
    names = {v.id: v.name for v in kb.option(result.option).variants}
    found = {}
    for veto in (*result.vetoes, *result.variant_vetoes):
        found[(result.option, veto.rule_id, veto.variants)] = VetoChange(
            option=result.option,
            option_name=result.name,
            rule_id=veto.rule_id,
            title=veto.title,
            variants=veto.variants,
            variant_names=tuple(names.get(v, v) for v in veto.variants),
            option_ruled_out=result.ruled_out,
        )
    return found


def veto_changes(
    kb_a: KnowledgeBase,
    a: ComponentResult,
    kb_b: KnowledgeBase,
    b: ComponentResult,
) -> tuple[tuple[VetoChange, ...], tuple[VetoChange, ...]]:
    """(added, lifted): hard limits that hold in ``b`` only, and in ``a`` only."""
    held_a: dict[tuple, VetoChange] = {}
    held_b: dict[tuple, VetoChange] = {}
    for option in a.options:
        held_a.update(_vetoes(kb_a, option))
    for option in b.options:
        held_b.update(_vetoes(kb_b, option))
    added = tuple(change for key, change in held_b.items() if key not in held_a)
    lifted = tuple(change for key, change in held_a.items() if key not in held_b)
    return added, lifted


def _point_causes(left: OptionResult, right: OptionResult) -> list[Cause]:
    a = {c.rule_id: c for c in left.contributions}
    b = {c.rule_id: c for c in right.contributions}
    found = []
    if left.start != right.start:
        found.append(
            Cause("points", right.option, right.name, "", "head start", left.start, right.start)
        )
    for rule_id in a.keys() | b.keys():
        old, new = a.get(rule_id), b.get(rule_id)
        points_a = old.weighted if old else None
        points_b = new.weighted if new else None
        if points_a != points_b:
            title = (new or old).title
            found.append(
                Cause("points", right.option, right.name, rule_id, title, points_a, points_b)
            )
    return found


def _moved_options(a: ComponentResult, b: ComponentResult) -> list[str]:
    """The options whose change needs a cause: the two recommendations when it changed,
    and every option whose band changed."""
    moved = [option.option for option in b.options if option.band != a.option(option.option).band]
    if a.recommendation != b.recommendation:
        moved += [oid for oid in (a.recommendation, b.recommendation) if oid is not None]
    return list(dict.fromkeys(moved))


def causes(
    a: ComponentResult,
    b: ComponentResult,
    added: tuple[VetoChange, ...],
    lifted: tuple[VetoChange, ...],
) -> tuple[Cause, ...]:
    """Why the recommendation or a band changed from ``a`` to ``b``.

    For an option ruled out on one side only, the hard limits added or lifted; for the
    others, the ``MAX_CAUSES`` rules whose points moved most. Nothing when neither the
    recommendation nor any band changed.
    """
    vetoes: list[Cause] = []
    shifts: list[Cause] = []
    for oid in _moved_options(a, b):
        left, right = a.option(oid), b.option(oid)
        if left.ruled_out != right.ruled_out:
            kind, changes = ("veto added", added) if right.ruled_out else ("veto lifted", lifted)
            vetoes += [
                Cause(kind, oid, right.name, v.rule_id, v.title) for v in changes if v.option == oid
            ]
        else:
            shifts += _point_causes(left, right)
    shifts.sort(key=lambda c: (-abs(c.shift), c.option, c.rule_id))
    return tuple(vetoes + shifts[:MAX_CAUSES])
