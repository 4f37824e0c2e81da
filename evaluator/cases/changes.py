"""What a change of knowledge (a rule pack, say) does to the case library's judgement.

A case's verdict changes when the engine recommends another option or variant, when it
agrees with the team or finds the team's reason where it did not before (or the other
way), when it becomes or stops being a close call, or when a plausible change of an
estimate starts or stops flipping it. A lead that only grows or shrinks is not a change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .judge import Verdict

__all__ = ["CaseChange", "case_changes"]


@dataclass(frozen=True)
class CaseChange:
    """One case judged under two knowledge bases."""

    slug: str
    system: str
    decision: str
    before: str | None  # the option recommended
    after: str | None
    variant_before: str | None
    variant_after: str | None
    agreed: bool
    agrees: bool
    reason_before: bool  # the team's reason found among the top contributions
    reason_after: bool
    margin_before: float | None
    margin_after: float | None
    close_before: bool
    close_after: bool
    flips_before: int  # plausible changes of an estimate that flip it
    flips_after: int


def _said(verdict: Verdict) -> tuple:
    return (
        verdict.recommendation,
        verdict.variant,
        verdict.agrees,
        verdict.decisive is not None,
        verdict.close_call,
        bool(verdict.flips),
    )


def _round(margin: float | None) -> float | None:
    return None if margin is None else round(margin, 1)


def case_changes(before: Sequence[Verdict], after: Sequence[Verdict]) -> tuple[CaseChange, ...]:
    """The cases whose verdict changes from ``before`` to ``after`` (paired by slug, in
    the order of ``before``)."""
    later = {verdict.case.slug: verdict for verdict in after}
    found = []
    for old in before:
        new = later.get(old.case.slug)
        if new is None or _said(old) == _said(new):
            continue
        found.append(
            CaseChange(
                slug=old.case.slug,
                system=old.case.system,
                decision=old.case.decision,
                before=old.recommendation,
                after=new.recommendation,
                variant_before=old.variant,
                variant_after=new.variant,
                agreed=old.agrees,
                agrees=new.agrees,
                reason_before=old.decisive is not None,
                reason_after=new.decisive is not None,
                margin_before=_round(old.margin),
                margin_after=_round(new.margin),
                close_before=old.close_call,
                close_after=new.close_call,
                flips_before=len(old.flips),
                flips_after=len(new.flips),
            )
        )
    return tuple(found)
