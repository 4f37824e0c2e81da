"""The impact preview of a rule pack version: which stored designs would change their advice.

``start`` records a run and queues ``tasks.preview_impact``; the task calls ``run``, which
scores every stored design under the knowledge it has today and under the knowledge it
would have with the pack version active (``evaluator.reports.impact`` says what changed),
writing what it found and how far it got at least once a second. Then it judges the case
library both ways (``judge_cases``): a pack may move advice away from what real teams
decided. Pages read only the database, so any worker, on any machine, draws the progress
bar and the result.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from evaluator.cases.changes import case_changes
from evaluator.engine import EvaluatorError, KnowledgeBase
from evaluator.engine.errors import DesignError
from evaluator.engine.spec import DesignSpec, design_from_dict
from evaluator.reports.impact import ComponentChange, Tally, change_to_dict, design_changes

from . import packstore
from .judgements import judged
from .models import Design, ImpactChange, ImpactRun, PackVersion, Revision

# The progress bar polls once a second; writing twice as often keeps it moving.
PROGRESS_EVERY_S = 0.5
# Designs read per query: a few hundred snapshots are a few megabytes at most.
CHUNK = 200

# For one design: the knowledge it is scored with today, and with the candidate.
Knowledge = Callable[[Design], tuple[KnowledgeBase, KnowledgeBase]]


def _latest_snapshots() -> Iterator[tuple[Design, str | None]]:
    """Every design that is not deleted, with the snapshot of its latest revision."""
    latest = Revision.objects.filter(design=OuterRef("pk")).order_by("-number")
    designs = (
        Design.objects.alive()
        .select_related("owner")
        .annotate(snapshot=Subquery(latest.values("snapshot")[:1]))
        # Designs of equal priorities one after another: the engine compiles a plan per
        # knowledge base and priorities, and keeps the last few.
        .order_by("priorities", "pk")
    )
    for design in designs.iterator(chunk_size=CHUNK):
        yield design, design.snapshot


def _spec(design: Design, snapshot: str | None, kb: KnowledgeBase) -> DesignSpec:
    if snapshot is None:
        raise DesignError(f"design '{design.slug}' has no saved revision")
    return design_from_dict(json.loads(snapshot), filename=f"design '{design.slug}'", catalogue=kb)


class _Writer:
    """Writes what the run found so far, and how far it got, at most twice a second:
    changed components as rows, the counts and the number of designs done on the run."""

    def __init__(self, run: ImpactRun, tally: Tally) -> None:
        self.run = run
        self.tally = tally
        self.pending: list[ImpactChange] = []
        self.last = float("-inf")  # the first design scored shows at once

    def add(self, design: Design, changes: list[ComponentChange]) -> None:
        self.pending += [
            ImpactChange(run=self.run, design=design, position=c.position, change=change_to_dict(c))
            for c in changes
        ]

    def tick(self, done: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < PROGRESS_EVERY_S:
            return
        with transaction.atomic():
            ImpactChange.objects.bulk_create(self.pending)
            ImpactRun.objects.filter(pk=self.run.pk).update(done=done, counts=asdict(self.tally))
        self.pending = []
        self.last = now


def _score_all(run: ImpactRun, knowledge: Knowledge) -> Tally:
    tally = Tally()
    writer = _Writer(run, tally)
    done = 0
    for done, (design, snapshot) in enumerate(_latest_snapshots(), start=1):
        current, candidate = knowledge(design)
        try:
            before = _spec(design, snapshot, current)
            # A pack that adds questions reads every design as today; one that drops a
            # question some design answers cannot read that design, which is worth saying.
            after = before if candidate.by_id.keys() >= current.by_id.keys() else None
            after = after or _spec(design, snapshot, candidate)
        except (DesignError, ValueError) as error:
            tally.unreadable.append(f"{design.slug}: {error}")
        else:
            # Outlining first pays while most designs stay as they are (see design_changes).
            mostly_same = tally.designs_changed * 2 <= tally.designs
            changes = design_changes(
                before, current, candidate, candidate_spec=after, outline_first=mostly_same
            )
            tally.add(before, changes)
            writer.add(design, changes)
        writer.tick(done)
    writer.tick(done, force=True)
    return tally


def judge_cases(current: KnowledgeBase, candidate: KnowledgeBase) -> dict:
    """The case library judged with today's knowledge and with the candidate: both sets
    of figures and the cases whose verdict changes, as JSON; or, when a case file does not
    read under one of them, the reason."""
    try:
        before, after = judged(current), judged(candidate)
    except EvaluatorError as error:
        return {"error": str(error)}
    return {
        "before": asdict(before.summary),
        "after": asdict(after.summary),
        "changes": [asdict(change) for change in case_changes(before.verdicts, after.verdicts)],
    }


def start(candidate: PackVersion, user=None) -> ImpactRun:
    """Record a preview of ``candidate`` and queue it; the worker picks it up once the
    record is committed."""
    from .tasks import preview_impact

    found = ImpactRun.objects.create(pack=candidate, started_by=user)
    transaction.on_commit(lambda: preview_impact.enqueue(found.pk))
    return found


def run_preview(run_id: int) -> ImpactRun:
    """The task's body: the run's pack version against each design's knowledge today."""
    candidate = ImpactRun.objects.select_related("pack").get(pk=run_id).pack
    # One look at the active packs and opt-outs for the whole run: it compares against
    # the knowledge as it stood when the run began.
    with packstore.request_scope():
        return run(
            run_id,
            lambda design: (
                packstore.knowledge_for(design),
                packstore.knowledge_with(design, candidate),
            ),
            cases=(packstore.knowledge_for(), packstore.knowledge_with(None, candidate)),
        )


def run(
    run_id: int,
    knowledge: Knowledge,
    *,
    cases: tuple[KnowledgeBase, KnowledgeBase] | None = None,
) -> ImpactRun:
    """Score every stored design for the run ``run_id`` and store what changed; with
    ``cases`` (today's knowledge and the candidate), judge the case library both ways."""
    ImpactRun.objects.filter(pk=run_id).update(
        status=ImpactRun.Status.RUNNING, total=Design.objects.alive().count(), done=0
    )
    run = ImpactRun.objects.get(pk=run_id)
    try:
        tally = _score_all(run, knowledge)
        judgement = judge_cases(*cases) if cases is not None else {}
    except Exception as error:
        # A run that stopped half-way would show half its changes as if they were all.
        ImpactChange.objects.filter(run_id=run_id).delete()
        ImpactRun.objects.filter(pk=run_id).update(
            status=ImpactRun.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    ImpactRun.objects.filter(pk=run_id).update(
        status=ImpactRun.Status.DONE,
        # Designs saved or deleted while it ran make the count at the start an estimate.
        total=tally.designs + len(tally.unreadable),
        cases=judgement,
        finished_at=timezone.now(),
    )
    run.refresh_from_db()
    return run
