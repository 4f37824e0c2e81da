"""The impact preview of a rule pack version: which stored designs would change their advice.

``start`` records a run and queues ``tasks.preview_impact``; the task calls ``run``, which
scores every stored design under the knowledge it has today and under the knowledge it
would have with the pack version active (``evaluator.reports.impact`` says what changed),
writing its progress to the run's row at least once a second. Pages read only that row,
so any worker, on any machine, draws the progress bar and the result.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from evaluator.engine import KnowledgeBase
from evaluator.engine.errors import DesignError
from evaluator.engine.spec import DesignSpec, design_from_dict
from evaluator.reports.impact import ComponentChange, Tally, design_changes

from .models import Design, ImpactRun, Revision

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


def _entry(design: Design, change: ComponentChange) -> dict:
    """One changed component as the run stores it (JSON), with what links to it."""
    return {
        "design": design.pk,
        "slug": design.slug,
        "name": design.name,
        "owner": design.owner.get_username() if design.owner else "",
        **asdict(change),
    }


class _Progress:
    def __init__(self, run: ImpactRun) -> None:
        self.run = run
        self.last = time.monotonic()

    def tick(self, done: int) -> None:
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY_S:
            ImpactRun.objects.filter(pk=self.run.pk).update(done=done)
            self.last = now


def _score_all(run: ImpactRun, knowledge: Knowledge) -> tuple[Tally, list[dict]]:
    tally = Tally()
    entries: list[dict] = []
    progress = _Progress(run)
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
            changes = design_changes(before, current, candidate, candidate_spec=after)
            tally.add(before, changes)
            entries += [_entry(design, change) for change in changes]
        progress.tick(done)
    return tally, entries


def run(run_id: int, knowledge: Knowledge) -> ImpactRun:
    """Score every stored design for the run ``run_id`` and store what changed."""
    ImpactRun.objects.filter(pk=run_id).update(
        status=ImpactRun.Status.RUNNING, total=Design.objects.alive().count(), done=0
    )
    run = ImpactRun.objects.get(pk=run_id)
    try:
        tally, entries = _score_all(run, knowledge)
    except Exception as error:
        ImpactRun.objects.filter(pk=run_id).update(
            status=ImpactRun.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    ImpactRun.objects.filter(pk=run_id).update(
        status=ImpactRun.Status.DONE,
        done=tally.designs + len(tally.unreadable),
        total=tally.designs + len(tally.unreadable),
        counts=asdict(tally),
        changes=entries,
        finished_at=timezone.now(),
    )
    run.refresh_from_db()
    return run
