"""What a change of knowledge does to designs: the same spec scored under two knowledge bases.

Pure: specs and knowledge bases in, changes out. The impact preview of a rule pack (the
web app's background task) and ``bench/packs.py`` both go through :func:`design_changes`.
Only what a reviewer acts on counts as a change: the recommendation, a veto that appears
or goes, and an option's band. Each change names the rules that caused it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from evaluator.engine import KnowledgeBase, evaluate_component
from evaluator.engine.outline import outline
from evaluator.engine.results import ComponentResult, OptionResult
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


def _vetoes(option: OptionResult) -> dict[str, VetoChange]:
    return {
        veto.rule_id: VetoChange(option.name, veto.rule_id, veto.title, veto.variants)
        for veto in (*option.vetoes, *option.variant_vetoes)
    }


def _points(option: OptionResult) -> dict[str, tuple[str, float]]:
    return {c.rule_id: (c.title, c.weighted) for c in option.contributions}


def _causes(old: ComponentResult, new: ComponentResult, options: Iterable[str]) -> list[Cause]:
    """The rules behind the changes of ``options``: contributions that differ, and vetoes."""
    causes = []
    for before, after in zip(old.options, new.options, strict=True):
        if before.option not in options:
            continue
        then, now = _points(before), _points(after)
        for rule_id in then.keys() | now.keys():
            title = (now.get(rule_id) or then[rule_id])[0]
            old_points = then.get(rule_id, ("", 0.0))[1]
            new_points = now.get(rule_id, ("", 0.0))[1]
            if old_points != new_points:
                causes.append(Cause(after.name, rule_id, title, old_points, new_points))
    causes.sort(key=lambda cause: (-abs(cause.change), cause.rule_id))
    return causes[:MAX_CAUSES]


def component_change(
    position: int, old: ComponentResult, new: ComponentResult
) -> ComponentChange | None:
    """What differs for one component between its two results; None when nothing that
    counts does (scores may still move inside their bands)."""
    added: list[VetoChange] = []
    lifted: list[VetoChange] = []
    bands: list[BandChange] = []
    moved: set[str] = set()
    for before, after in zip(old.options, new.options, strict=True):
        then, now = _vetoes(before), _vetoes(after)
        added += [now[rule] for rule in sorted(now.keys() - then.keys())]
        lifted += [then[rule] for rule in sorted(then.keys() - now.keys())]
        if before.band != after.band:
            bands.append(BandChange(after.name, before.band, after.band, before.score, after.score))
        if then.keys() != now.keys() or before.band != after.band:
            moved.add(before.option)
    changed = old.recommendation != new.recommendation
    if not (changed or added or lifted or bands):
        return None
    if changed:
        moved |= {option for option in (old.recommendation, new.recommendation) if option}
    veto_causes = [
        Cause(veto.option, veto.rule_id, veto.title, 0.0, 0.0) for veto in (*added, *lifted)
    ]
    return ComponentChange(
        position=position,
        component=new.name,
        before=old.recommendation_name,
        after=new.recommendation_name,
        vetoes_added=tuple(added),
        vetoes_lifted=tuple(lifted),
        bands=tuple(bands),
        causes=tuple((veto_causes + _causes(old, new, moved))[:MAX_CAUSES]),
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
    that differs. Components are compared in outline first (``engine.outline``: no
    explanations written); only the components whose outlines differ are evaluated in full, for
    the names and rules a reader is shown.
    """
    after_spec = candidate_spec or spec
    differ = [
        position
        for position, (old, new) in enumerate(
            zip(outline(spec, current), outline(after_spec, candidate), strict=True), start=1
        )
        if old != new
    ]
    changes = (
        component_change(
            position,
            evaluate_component(spec, spec.components[position - 1].name, current, analyse=False),
            evaluate_component(
                after_spec, after_spec.components[position - 1].name, candidate, analyse=False
            ),
        )
        for position in differ
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
