"""Benchmark the impact preview of a rule pack against the bare engine, in one run.

    python bench/packs.py [--designs 5000] [--components 10]

On a fresh SQLite database in a temporary directory: stores ``--designs`` generated
designs of ``--components`` components each (seeded, from the real question catalogue,
spread over 50 owners), then

- times the bare engine: every design scored (``evaluate``) under today's knowledge and
  with the candidate active (the two evaluations a preview needs), from specs in memory;
  and the same in outline (``engine.outline``: recommendation, bands and limits without
  the explanations);
- runs the preview as the background task runs it (``evaluator.web.impact.run_preview``: reading
  every design's latest revision, scoring both sides, comparing, writing progress and
  the result), while a second connection watches the run's row as the progress page
  does, noting each time the count moves.

It does so for two candidates: the example pack, which changes the advice for most
designs, and a narrow pack (one rule's points), which changes few. Printed for each: the
wall time and rate (components per second) of the bare engine, the engine in outline (the
preview's first pass, while most designs stay as they were) and the preview; the preview
over the bare engine (aim: at most 1.5); the longest the progress stood still (aim: at
most 1 s); and what the candidate changed.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

# bench/ holds http.py: with this folder first on sys.path it would stand in for the
# standard library's http package, which Django imports.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
ROOT = _HERE.parent
sys.path.insert(0, str(ROOT))

SEED = 20261201
OWNERS = 50
AIM_RATIO = 1.5
AIM_STILL_S = 1.0


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--designs", type=int, default=5000)
    parser.add_argument("--components", type=int, default=10)
    return parser.parse_args(argv)


def setup(workdir: str) -> None:
    os.environ["SQLITE_PATH"] = str(Path(workdir) / "bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def store_designs(count: int, components: int) -> list:
    from django.contrib.auth import get_user_model

    from bench.engine import make_design
    from evaluator.web import services

    kb = services.knowledge()
    users = [get_user_model().objects.create_user(f"owner{n:02d}") for n in range(OWNERS)]
    specs = []
    for number in range(count):
        spec = make_design(kb, components, seed=SEED + number)
        spec = dataclasses.replace(spec, name=f"Bench design {number}")
        services.create_design(users[number % OWNERS], spec)
        specs.append(spec)
    return specs


# A pack that touches one thing: a broker counts a little less against event-driven. Few
# designs change their advice, which is the common case the preview is built for.
NARROW_PACK = """\
format: tradeoff-evaluator-pack/1
name: bench-narrow
version: "1"
title: A broker is a little less of a burden
description: One built-in rule's points changed.
dated: "2026-12"
sources:
  - {title: Bench, url: "https://example.org/bench", date: "2026-12"}
changes:
  - rule: event_driven.new-broker
    points: -4
    reason: The platform team runs a shared broker.
"""


def store_candidates():
    """The example pack (designs/packs/acme-azure.yaml), which changes most designs, and
    a narrow one; stored, not active."""
    from evaluator.web import packstore

    path = ROOT / "designs" / "packs" / "acme-azure.yaml"
    broad = packstore.store_pack(path.read_text(), path.name)[0]
    narrow = packstore.store_pack(NARROW_PACK, "bench-narrow.yaml")[0]
    return {"example pack (broad)": broad, "one rule's points (narrow)": narrow}


def specs_owner_design():
    from evaluator.web.models import Design

    return Design.objects.order_by("pk").first()


def bare_engine(specs, current, candidate) -> float:
    from evaluator.engine import evaluate

    start = time.perf_counter()
    for spec in specs:
        evaluate(spec, current, analyse=False)
        evaluate(spec, candidate, analyse=False)
    return time.perf_counter() - start


def outlines_only(specs, current, candidate) -> float:
    from evaluator.engine.outline import outline

    start = time.perf_counter()
    for spec in specs:
        outline(spec, current)
        outline(spec, candidate)
    return time.perf_counter() - start


class Watcher(threading.Thread):
    """Polls the run's row from its own connection, as the progress page does."""

    def __init__(self, run_id: int) -> None:
        super().__init__(daemon=True)
        self.run_id = run_id
        self.moves: list[float] = []
        self.stop = threading.Event()

    def run(self) -> None:
        from django.db import connection

        from evaluator.web.models import ImpactRun

        last = None
        try:
            while not self.stop.is_set():
                row = ImpactRun.objects.filter(pk=self.run_id).values_list("status", "done")
                value = row.first()
                if value != last:
                    self.moves.append(time.perf_counter())
                    last = value
                time.sleep(0.05)
        finally:
            connection.close()


def preview(pack) -> tuple[float, float, object]:
    from evaluator.web import impact
    from evaluator.web.models import ImpactRun

    run = ImpactRun.objects.create(pack=pack)
    watcher = Watcher(run.pk)
    watcher.start()
    start = time.perf_counter()
    finished = impact.run_preview(run.pk)
    end = time.perf_counter()
    watcher.stop.set()
    watcher.join()
    marks = [start, *[m for m in watcher.moves if start <= m <= end], end]
    still = max(b - a for a, b in zip(marks, marks[1:], strict=False))
    return end - start, still, finished


def report(label, components, engine_s, outline_s, preview_s, still_s, counts) -> None:
    def rate(seconds: float) -> str:
        return f"{seconds:.2f} s, {components / seconds:,.0f} components/s"

    print(f"\n{label}:")
    print(f"bare engine (evaluate), both sides: {rate(engine_s)}")
    print(f"the engine in outline, both sides: {rate(outline_s)}")
    print(f"preview: {rate(preview_s)}")
    ok = "ok" if preview_s / engine_s <= AIM_RATIO else "MISSED"
    print(f"preview / bare engine: {preview_s / engine_s:.2f} (aim <= {AIM_RATIO}) {ok}")
    ok = "ok" if still_s <= AIM_STILL_S else "MISSED"
    print(f"longest the progress stood still: {still_s:.2f} s (aim <= {AIM_STILL_S}) {ok}")
    print(
        f"changed: {counts['designs_changed']:,} designs, {counts['recommendations']:,}"
        f" recommendations, {counts['vetoes_added']:,} new vetoes,"
        f" {counts['vetoes_lifted']:,} lifted, {counts['bands']:,} bands;"
        f" {len(counts['unreadable'])} unreadable"
    )


def main(argv=None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory() as workdir:
        setup(workdir)
        from evaluator.web import services

        started = time.perf_counter()
        specs = store_designs(args.designs, args.components)
        print(
            f"{args.designs:,} designs of {args.components} components stored in"
            f" {time.perf_counter() - started:.1f} s"
        )
        from evaluator.web import packstore

        components = args.designs * args.components
        for label, pack in store_candidates().items():
            current = services.knowledge()
            candidate = packstore.knowledge_with(specs_owner_design(), pack)
            bare_engine(specs[:20], current, candidate)  # compiled plans, warm caches
            engine_s = bare_engine(specs, current, candidate)
            outline_s = outlines_only(specs, current, candidate)
            preview_s, still_s, run = preview(pack)
            report(label, components, engine_s, outline_s, preview_s, still_s, run.counts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
