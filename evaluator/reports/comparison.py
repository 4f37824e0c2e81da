"""What differs between two designs, or two revisions of one: answers, components, scores,
hard limits, how sure each recommendation is, and the rules that caused a change.

Pure functions of two specs and their evaluations (no Django, no database); the compare
page and `review --against` only show the result.
Components are matched by name, case-insensitively, as names are unique that way. The two
sides may have been scored under two versions of the knowledge base (``kb_b``): rule
titles come from the results, and each side's questions and variants from its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from evaluator.engine import Evaluation, KnowledgeBase
from evaluator.engine.explain import format_value, signed
from evaluator.engine.results import ComponentResult
from evaluator.engine.spec import ComponentSpec, DesignSpec

from .result_changes import Cause, Certainty, VetoChange, causes, certainty, veto_changes

__all__ = ["Comparison", "ComparisonCounts", "compare"]


@dataclass(frozen=True)
class ValueRow:
    id: str
    label: str
    a: str
    b: str

    @property
    def changed(self) -> bool:
        return self.a != self.b


@dataclass(frozen=True)
class ScoreCell:
    option: str
    name: str
    a: int | None
    b: int | None
    a_band: str | None
    b_band: str | None

    @property
    def delta(self) -> int | None:
        if self.a is None or self.b is None:
            return None
        return self.b - self.a

    @property
    def change(self) -> str:
        """The signed change ('+12', '−7', '0'), or '' when one side has no score."""
        delta = self.delta
        return "" if delta is None else signed(delta)

    @property
    def changed(self) -> bool:
        return self.a != self.b or self.a_band != self.b_band


@dataclass(frozen=True)
class ComponentDiff:
    name: str
    status: str  # "same", "changed", "added" or "removed"
    kind_a: str | None
    kind_b: str | None
    answers: tuple[ValueRow, ...]
    unchanged_answers: int
    depends_a: str
    depends_b: str
    scores: tuple[ScoreCell, ...]
    recommendation_a: str | None
    recommendation_b: str | None
    position_a: int | None
    position_b: int | None
    # Only for a component on both sides (empty or None for one added or removed):
    vetoes_added: tuple[VetoChange, ...] = ()
    vetoes_lifted: tuple[VetoChange, ...] = ()
    certainty_a: Certainty | None = None
    certainty_b: Certainty | None = None
    causes: tuple[Cause, ...] = ()

    @property
    def point_causes(self) -> tuple[Cause, ...]:
        """The causes that are rules' points; hard limits are listed on their own."""
        return tuple(cause for cause in self.causes if cause.kind == "points")

    @property
    def confidence_dropped(self) -> bool:
        """The recommendation is less sure than it was (see ``result_changes.Certainty``)."""
        if self.certainty_a is None or self.certainty_b is None:
            return False
        return self.certainty_b.dropped_from(self.certainty_a)

    @property
    def certainty_changed(self) -> bool:
        if self.certainty_a is None or self.certainty_b is None:
            return False
        return self.certainty_a.text != self.certainty_b.text

    @property
    def result_changed(self) -> bool:
        """Anything in its result differs: what a reviewer of a change needs to see."""
        if self.status in ("added", "removed"):
            return True
        return bool(
            self.recommendation_changed
            or self.score_changes
            or self.vetoes_added
            or self.vetoes_lifted
            or self.certainty_changed
        )

    @property
    def recommendation_changed(self) -> bool:
        return self.status in ("same", "changed") and self.recommendation_a != self.recommendation_b

    @property
    def score_changes(self) -> int:
        """How many options score differently (or change band); none for a one-sided one."""
        if self.status in ("added", "removed"):
            return 0
        return sum(cell.changed for cell in self.scores)

    @property
    def unchanged(self) -> bool:
        """The same answers and the same scores: nothing to show in a list of changes."""
        return self.status == "same" and not self.score_changes


@dataclass(frozen=True)
class Comparison:
    name: ValueRow
    summary_changed: bool
    context: tuple[ValueRow, ...]
    priorities: tuple[ValueRow, ...]
    components: tuple[ComponentDiff, ...]
    findings_added: tuple[str, ...] = field(default=())
    findings_removed: tuple[str, ...] = field(default=())

    @property
    def counts(self) -> ComparisonCounts:
        return _counts(self)

    @property
    def added(self) -> list[ComponentDiff]:
        return [c for c in self.components if c.status == "added"]

    @property
    def removed(self) -> list[ComponentDiff]:
        return [c for c in self.components if c.status == "removed"]

    @property
    def recommendation_changes(self) -> list[ComponentDiff]:
        return [c for c in self.components if c.recommendation_changed]

    @property
    def changed(self) -> list[ComponentDiff]:
        """Components in both whose kind, dependencies or answers differ."""
        return [c for c in self.components if c.status == "changed"]

    @property
    def answer_changes(self) -> int:
        """Answers that differ in the components both sides have."""
        return sum(len(c.answers) for c in self.changed)

    @property
    def score_changes(self) -> int:
        return sum(c.score_changes for c in self.components)

    @property
    def unchanged_components(self) -> list[ComponentDiff]:
        return [c for c in self.components if c.unchanged]

    @property
    def context_changes(self) -> int:
        return sum(row.changed for row in self.context)

    @property
    def priority_changes(self) -> int:
        return sum(row.changed for row in self.priorities)

    @property
    def changed_context(self) -> tuple[ValueRow, ...]:
        return tuple(row for row in self.context if row.changed)

    @property
    def changed_priorities(self) -> tuple[ValueRow, ...]:
        return tuple(row for row in self.priorities if row.changed)

    @property
    def results_differ(self) -> bool:
        """Some component's result differs (the same answers can score differently under
        two versions of the knowledge base)."""
        return any(c.result_changed for c in self.components)

    @property
    def identical(self) -> bool:
        """The same design, answer for answer."""
        return (
            not self.name.changed
            and not self.summary_changed
            and not self.context_changes
            and not self.priority_changes
            and all(c.status == "same" for c in self.components)
        )


def _fact_rows(
    kb: KnowledgeBase, a: Mapping[str, Any], b: Mapping[str, Any], kb_b: KnowledgeBase | None = None
) -> list[ValueRow]:
    kb_b = kb_b or kb
    order = {q.id: i for i, q in enumerate(kb_b.questions)}
    rows = []
    for qid in sorted(set(a) | set(b), key=lambda q: (order.get(q, len(order)), q)):
        question = kb_b.by_id.get(qid) or kb.by_id.get(qid)
        label = question.label if question else qid
        rows.append(
            ValueRow(
                qid, label, format_value(question, a.get(qid)), format_value(question, b.get(qid))
            )
        )
    return rows


def _priority_rows(kb: KnowledgeBase, a: Mapping[str, str], b: Mapping[str, str]) -> list[ValueRow]:
    return [
        ValueRow(
            attribute.id,
            attribute.label,
            a.get(attribute.id) or "medium (unset)",
            b.get(attribute.id) or "medium (unset)",
        )
        for attribute in kb.attributes
        if attribute.id in a or attribute.id in b
    ]


def _depends(component: ComponentSpec | None) -> str:
    if component is None:
        return ""
    return ", ".join(f"{d.component} ({d.style})" for d in component.depends_on) or "none"


def _scores(a: ComponentResult | None, b: ComponentResult | None) -> tuple[ScoreCell, ...]:
    base = a or b
    if base is None:
        return ()
    cells = []
    for option in base.options:
        left = a.option(option.option) if a else None
        right = b.option(option.option) if b else None
        cells.append(
            ScoreCell(
                option=option.option,
                name=option.name,
                a=left.score if left else None,
                b=right.score if right else None,
                a_band=left.band if left else None,
                b_band=right.band if right else None,
            )
        )
    return tuple(cells)


def _status(ca, cb, changed_answers) -> str:
    if ca is None:
        return "added"
    if cb is None:
        return "removed"
    same = (
        not changed_answers
        and ca.kind == cb.kind
        and _depends(ca) == _depends(cb)
        and ca.name == cb.name
    )
    return "same" if same else "changed"


def _result_changes(kbs, ra: ComponentResult | None, rb: ComponentResult | None) -> dict:
    """The fields of a ``ComponentDiff`` that need both results."""
    if ra is None or rb is None:
        return {}
    added, lifted = veto_changes(kbs[0], ra, kbs[1], rb)
    return {
        "vetoes_added": added,
        "vetoes_lifted": lifted,
        "certainty_a": certainty(ra),
        "certainty_b": certainty(rb),
        "causes": causes(ra, rb, added, lifted),
    }


def _component_diff(kbs, found_a, found_b, eval_a: Evaluation, eval_b: Evaluation) -> ComponentDiff:
    """One component in ``a`` and ``b``: (index, spec) of each side, or None where it is not.

    ``kbs`` is the knowledge base of each side, (a, b)."""
    ia, ca = found_a or (None, None)
    ib, cb = found_b or (None, None)
    ra = eval_a.components[ia] if ia is not None else None
    rb = eval_b.components[ib] if ib is not None else None
    answers = _fact_rows(kbs[0], ca.answers if ca else {}, cb.answers if cb else {}, kbs[1])
    changed_answers = tuple(row for row in answers if row.changed)
    return ComponentDiff(
        name=(cb or ca).name,
        status=_status(ca, cb, changed_answers),
        kind_a=ca.kind if ca else None,
        kind_b=cb.kind if cb else None,
        answers=changed_answers,
        unchanged_answers=len(answers) - len(changed_answers),
        depends_a=_depends(ca),
        depends_b=_depends(cb),
        scores=_scores(ra, rb),
        recommendation_a=ra.recommendation_name if ra else None,
        recommendation_b=rb.recommendation_name if rb else None,
        position_a=ia + 1 if ia is not None else None,
        position_b=ib + 1 if ib is not None else None,
        **_result_changes(kbs, ra, rb),
    )


def compare(
    kb: KnowledgeBase,
    spec_a: DesignSpec,
    eval_a: Evaluation,
    spec_b: DesignSpec,
    eval_b: Evaluation,
    *,
    kb_b: KnowledgeBase | None = None,
) -> Comparison:
    """Everything that differs from ``a`` to ``b``: ``b`` is the newer or the other one.

    ``kb`` is the knowledge base ``a`` was scored under, ``kb_b`` the one ``b`` was (the
    same when not given): to compare one design under two versions of the knowledge.
    """
    kbs = (kb, kb_b or kb)
    by_name_a = {c.name.casefold(): (i, c) for i, c in enumerate(spec_a.components)}
    by_name_b = {c.name.casefold(): (i, c) for i, c in enumerate(spec_b.components)}
    keys = [c.name.casefold() for c in spec_b.components]
    keys += [c.name.casefold() for c in spec_a.components if c.name.casefold() not in by_name_b]

    diffs = [
        _component_diff(kbs, by_name_a.get(key), by_name_b.get(key), eval_a, eval_b) for key in keys
    ]
    titles_a = {f.message for f in eval_a.findings}
    titles_b = {f.message for f in eval_b.findings}
    return Comparison(
        name=ValueRow("name", "Name", spec_a.name, spec_b.name),
        summary_changed=spec_a.summary != spec_b.summary,
        context=tuple(_fact_rows(kb, spec_a.context, spec_b.context, kbs[1])),
        priorities=tuple(_priority_rows(kbs[1], spec_a.priorities, spec_b.priorities)),
        components=tuple(diffs),
        findings_added=tuple(sorted(titles_b - titles_a)),
        findings_removed=tuple(sorted(titles_a - titles_b)),
    )


@dataclass(frozen=True)
class ComparisonCounts:
    """The numbers of a comparison's summary: the review's first line, the pages' "at a
    glance"."""

    components: int
    changed: int
    unchanged: int
    added: int
    removed: int
    recommendations: int
    vetoes_added: int
    vetoes_lifted: int
    scores: int
    confidence_drops: int
    answers_without_effect: int


def _counts(comparison: Comparison) -> ComparisonCounts:
    both = [c for c in comparison.components if c.status not in ("added", "removed")]
    changed = [c for c in comparison.components if c.result_changed]
    return ComparisonCounts(
        components=len(comparison.components),
        changed=len(changed),
        unchanged=len(comparison.components) - len(changed),
        added=len(comparison.added),
        removed=len(comparison.removed),
        recommendations=len(comparison.recommendation_changes),
        vetoes_added=sum(len(c.vetoes_added) for c in both),
        vetoes_lifted=sum(len(c.vetoes_lifted) for c in both),
        scores=sum(c.score_changes for c in both),
        confidence_drops=sum(c.confidence_dropped for c in both),
        answers_without_effect=sum(c.status == "changed" and not c.result_changed for c in both),
    )
