"""What a change of knowledge does to designs: the same spec scored under two knowledge bases.

Pure: specs and knowledge bases in, changes out. The impact preview of a rule pack (the
web app's background task) and ``bench/packs.py`` both go through :func:`design_changes`.
Only what a reviewer acts on counts as a change: the recommendation, a hard limit that
appears or goes, and an option's band. Each change names the rules that caused it, as
``review --against`` does (``result_changes``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from evaluator.engine import KnowledgeBase, evaluate
from evaluator.engine.outline import outline
from evaluator.engine.results import ComponentResult
from evaluator.engine.spec import DesignSpec

from .result_changes import Cause, VetoChange, causes, veto_changes

__all__ = [
    "BandChange",
    "ComponentChange",
    "Tally",
    "change_to_dict",
    "component_change",
    "design_changes",
]


@dataclass(frozen=True)
class BandChange:
    option: str
    before: str
    after: str
    score_before: int
    score_after: int


@dataclass(frozen=True)
class ComponentChange:
    """One component whose recommendation, hard limits or bands differ under the new
    knowledge; the limits and causes are ``result_changes``' own, as ``review --against``
    reports them."""

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


def change_to_dict(change: ComponentChange) -> dict:
    """``change`` as JSON data, with what the page shows worked out once here: whether a
    limit is a variant's only, and each cause's points as text."""
    data = asdict(change)
    for key in ("vetoes_added", "vetoes_lifted"):
        for veto, item in zip(getattr(change, key), data[key], strict=True):
            item["variant_limit"] = veto.variant_limit
    for cause, item in zip(change.causes, data["causes"], strict=True):
        item["points_text"] = cause.points_text
    return data


def component_change(
    position: int,
    old: ComponentResult,
    new: ComponentResult,
    current: KnowledgeBase,
    candidate: KnowledgeBase,
) -> ComponentChange | None:
    """What differs for one component between its results under ``current`` and
    ``candidate``; None when nothing a reader acts on does (scores may still move inside
    their bands)."""
    added, lifted = veto_changes(current, old, candidate, new)
    bands = tuple(
        BandChange(b.name, a.band, b.band, a.score, b.score)
        for a, b in zip(old.options, new.options, strict=True)
        if a.band != b.band
    )
    if old.recommendation == new.recommendation and not (added or lifted or bands):
        return None
    return ComponentChange(
        position=position,
        component=new.name,
        before=old.recommendation_name,
        after=new.recommendation_name,
        vetoes_added=added,
        vetoes_lifted=lifted,
        bands=bands,
        causes=causes(old, new, added, lifted),
    )


def design_changes(
    spec: DesignSpec,
    current: KnowledgeBase,
    candidate: KnowledgeBase,
    *,
    candidate_spec: DesignSpec | None = None,
    outline_first: bool = True,
) -> list[ComponentChange]:
    """Every component of ``spec`` whose advice differs from ``current`` to ``candidate``.

    ``candidate_spec`` is the same design read against the candidate's catalogue, where
    that differs. With ``outline_first``, both sides are scored in outline first
    (``engine.outline``: the recommendation, bands and limits without the explanations,
    about a third of an evaluation's cost), and only a design whose outlines differ is
    evaluated in full, for the names and rules a reader is shown; without, every design
    is (cheaper when most designs change).
    """
    after_spec = candidate_spec or spec
    differ = range(len(spec.components))
    if outline_first:
        olds, news = outline(spec, current), outline(after_spec, candidate)
        differ = [i for i, (a, b) in enumerate(zip(olds, news, strict=True)) if a != b]
        if not differ:
            return []
    old = evaluate(spec, current, analyse=False).components
    new = evaluate(after_spec, candidate, analyse=False).components
    changes = (component_change(i + 1, old[i], new[i], current, candidate) for i in differ)
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
