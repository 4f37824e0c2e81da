"""What a change of knowledge does to designs: the same spec scored under two knowledge bases.

Pure: specs and knowledge bases in, changes out. The impact preview of a rule pack (the
web app's background task) and ``bench/packs.py`` both go through :func:`design_changes`.
Only what a reviewer acts on counts as a change: the recommendation, a veto that appears
or goes, and an option's band. Each change names the rules that caused it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from evaluator.engine import KnowledgeBase
from evaluator.engine.knowledge import OPTION_IDS
from evaluator.engine.outline import Outline, outline
from evaluator.engine.spec import DesignSpec

__all__ = [
    "Cause",
    "ComponentChange",
    "Tally",
    "VetoChange",
    "component_change",
    "design_changes",
]

# How many rules a change names as its cause, the largest differences first.
MAX_CAUSES = 3


@dataclass(frozen=True)
class Cause:
    """A rule that scores an option differently under the new knowledge."""

    option: str
    rule_id: str
    title: str
    before: float  # weighted points; 0 where the rule did not apply
    after: float

    @property
    def change(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class VetoChange:
    option: str
    rule_id: str
    title: str
    variants: tuple[str, ...]  # () when the whole option is ruled out


@dataclass(frozen=True)
class BandChange:
    option: str
    before: str
    after: str
    score_before: int
    score_after: int


@dataclass(frozen=True)
class ComponentChange:
    """One component whose recommendation, vetoes or bands differ under the new knowledge."""

    position: int  # 1-based, as the drill-down's address has it
    component: str
    before: str | None  # the recommendation's name under the current knowledge
    after: str | None
    vetoes_added: tuple[VetoChange, ...]
    vetoes_lifted: tuple[VetoChange, ...]
    bands: tuple[BandChange, ...]
    causes: tuple[Cause, ...]

    @property
    def recommendation_changed(self) -> bool:
        return self.before != self.after


def _limit(kb: KnowledgeBase, rule_id: str) -> VetoChange:
    rule = kb.rule(rule_id)
    return VetoChange(kb.option(rule.option).name, rule_id, rule.title, rule.variants)


def _causes(
    old: Outline, new: Outline, current: KnowledgeBase, candidate: KnowledgeBase, moved: set[str]
) -> list[Cause]:
    """The rules behind the changes of the ``moved`` options: points that differ."""
    causes = []
    for rule_id in old.points.keys() | new.points.keys():
        before, after = old.points.get(rule_id, 0.0), new.points.get(rule_id, 0.0)
        if before == after:
            continue
        # A rule the candidate switched off is only in the current knowledge.
        kb = candidate if rule_id in new.points else current
        rule = kb.rule(rule_id)
        if rule.option in moved:
            causes.append(Cause(kb.option(rule.option).name, rule_id, rule.title, before, after))
    causes.sort(key=lambda cause: (-abs(cause.change), cause.rule_id))
    return causes


def component_change(
    position: int,
    name: str,
    old: Outline,
    new: Outline,
    current: KnowledgeBase,
    candidate: KnowledgeBase,
) -> ComponentChange | None:
    """What differs for one component between its outlines under ``current`` and
    ``candidate``; None when nothing a reader acts on does (scores may still move inside
    their bands)."""
    if old.advice == new.advice:
        return None
    added = [_limit(candidate, rule) for rule in sorted(new.limits - old.limits)]
    lifted = [_limit(current, rule) for rule in sorted(old.limits - new.limits)]
    bands = [
        BandChange(candidate.option(oid).name, *pair)
        for oid, *pair in zip(OPTION_IDS, old.bands, new.bands, old.scores, new.scores, strict=True)
        if pair[0] != pair[1]
    ]
    moved = {candidate.rule(v.rule_id).option for v in added}
    moved |= {current.rule(v.rule_id).option for v in lifted}
    moved |= {oid for oid, a, b in zip(OPTION_IDS, old.bands, new.bands, strict=True) if a != b}
    if old.recommendation != new.recommendation:
        moved |= {oid for oid in (old.recommendation, new.recommendation) if oid}
    limits = [Cause(v.option, v.rule_id, v.title, 0.0, 0.0) for v in (*added, *lifted)]

    def named(kb: KnowledgeBase, oid: str | None) -> str | None:
        return kb.option(oid).name if oid else None

    return ComponentChange(
        position=position,
        component=name,
        before=named(current, old.recommendation),
        after=named(candidate, new.recommendation),
        vetoes_added=tuple(added),
        vetoes_lifted=tuple(lifted),
        bands=tuple(bands),
        causes=tuple((limits + _causes(old, new, current, candidate, moved))[:MAX_CAUSES]),
    )


def design_changes(
    spec: DesignSpec,
    current: KnowledgeBase,
    candidate: KnowledgeBase,
    *,
    candidate_spec: DesignSpec | None = None,
) -> list[ComponentChange]:
    """Every component of ``spec`` whose advice differs from ``current`` to ``candidate``.

    ``candidate_spec`` is the same design read against the candidate's catalogue, where
    that differs. Scored in outline (``engine.outline``): the same scores, limits and
    points as ``evaluate``, without the sentences that explain them.
    """
    olds = outline(spec, current)
    news = outline(candidate_spec or spec, candidate)
    changes = (
        component_change(position, component.name, old, new, current, candidate)
        for position, (component, old, new) in enumerate(
            zip(spec.components, olds, news, strict=True), start=1
        )
    )
    return [change for change in changes if change is not None]


@dataclass
class Tally:
    """The counts at the top of a preview, added up design by design."""

    designs: int = 0
    components: int = 0
    designs_changed: int = 0
    recommendations: int = 0
    vetoes_added: int = 0
    vetoes_lifted: int = 0
    bands: int = 0
    unreadable: list[str] = field(default_factory=list)

    def add(self, spec: DesignSpec, changes: list[ComponentChange]) -> None:
        self.designs += 1
        self.components += len(spec.components)
        self.designs_changed += bool(changes)
        for change in changes:
            self.recommendations += change.recommendation_changed
            self.vetoes_added += len(change.vetoes_added)
            self.vetoes_lifted += len(change.vetoes_lifted)
            self.bands += len(change.bands)
