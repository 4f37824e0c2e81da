"""Benchmark the vectorised evaluator of uncertain answers and print ratios from this run.

    python bench/uncertainty.py [--samples 10000] [--components 50] [--reference 40]

A design of 50 fully answered components is generated from the real question catalogue
(the same generator as ``bench/engine.py``), and then every numeric answer, in the
context and in every component, is widened into a range around it (by a factor of 2, 5
or 10 each way, so ranges are triangular both in linear and in log space). Printed:

- the time of ``evaluate(spec, analyse=False, samples=N)``, uncertainty included
  (probabilities, percentiles, drivers, priority flips), against the target of 1 s for
  10,000 samples x 50 components; and the same without the priority flips. Each is the
  median of ``--repeats`` runs, the two alternating run by run so that both meet the
  same drift of a shared machine; the fastest run of each is shown beside it;
- the time per sample of the scalar engine looped over the same samples: a design is
  built from each of ``--reference`` sampled rows and scored by ``engine.evaluate``
  (and, as a harder reference, by ``assessment.assess`` alone, the bare rule loop without
  explanations). Target: the vectorised evaluator at least 100x faster per sample
  than ``engine.evaluate``;
- the peak memory of the vectorised run (``tracemalloc``, which numpy reports to), target
  500 MB, and the process's peak resident size.

Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from engine import SEED, make_design, median_time  # noqa: E402

from evaluator.engine import evaluate, load_knowledge, uncertainty  # noqa: E402
from evaluator.engine.assessment import assess  # noqa: E402
from evaluator.engine.core import plan_for, priorities_key  # noqa: E402
from evaluator.engine.facts import DesignGraph, component_facts  # noqa: E402
from evaluator.engine.montecarlo import sample_design  # noqa: E402
from evaluator.engine.remembered import forget  # noqa: E402
from evaluator.engine.uncertain import Range  # noqa: E402

TARGET_SECONDS = 1.0
TARGET_SPEEDUP = 100
TARGET_MEMORY_MB = 500


def widen(kb, facts: dict, rng: random.Random) -> dict:
    """Every numeric answer as a range around it, within the question's bounds."""
    out = {}
    for qid, value in facts.items():
        question = kb.by_id[qid]
        if question.type != "number" or value is None:
            out[qid] = value
            continue
        factor = rng.choice((2, 5, 10))
        low, high = value / factor, max(value * factor, value + 1)
        if question.integer:
            low, high = math.floor(low), math.ceil(high)
        if question.min is not None:
            low = max(low, question.min)
        if question.max is not None:
            high = min(high, question.max)
        likely = value if rng.random() < 0.5 else None
        out[qid] = Range(low, high, likely)
    return out


def uncertain_design(kb, count: int):
    rng = random.Random(SEED)
    spec = make_design(kb, count, SEED)
    return dataclasses.replace(
        spec,
        context=widen(kb, spec.context, rng),
        components=tuple(
            dataclasses.replace(c, answers=widen(kb, c.answers, rng)) for c in spec.components
        ),
    )


def row_design(spec, kb, sampled, row: int):
    """The design with sample ``row``'s drawn values in place of every range."""
    context = dict(spec.context)
    components = []
    for component in spec.components:
        answers = dict(component.answers)
        for qid, value in sampled[component.name].answers(kb, row).items():
            (context if kb.by_id[qid].scope == "system" else answers)[qid] = value
        components.append(dataclasses.replace(component, answers=answers))
    return dataclasses.replace(spec, context=context, components=tuple(components))


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--components", type=int, default=50)
    parser.add_argument("--reference", type=int, default=40, help="sampled rows scored singly")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    kb = load_knowledge()
    spec = uncertain_design(kb, args.components)
    n, count = args.samples, args.components
    ranges = sum(isinstance(v, Range) for v in spec.context.values()) + sum(
        isinstance(v, Range) for c in spec.components for v in c.answers.values()
    )
    print(
        f"Knowledge base {kb.version}: {len(kb.rules)} rules. Design: {count} components,"
        f" {ranges} numeric answers, every one a range. {n:,} samples."
    )

    def cold(**options):
        # Nothing remembered from the run before (engine/remembered.py): every component
        # is sampled, as on a design scored for the first time.
        forget()
        return evaluate(spec, kb, analyse=False, samples=n, **options)

    def without_flips():
        flips = uncertainty._flips
        uncertainty._flips = lambda *a: ()
        try:
            return cold()
        finally:
            uncertainty._flips = flips

    # The two alternate, run by run: the machine's speed drifts by a third over minutes,
    # and both figures then see the same drift.
    cold()
    full, no_flips = [], []
    for _ in range(args.repeats):
        full.append(timed(cold))
        no_flips.append(timed(without_flips))
    t_full, t_no_flips = statistics.median(full), statistics.median(no_flips)
    t_scalar_only = median_time(lambda: evaluate(spec, kb, analyse=False), args.repeats)
    print()
    print(
        f"evaluate(samples={n:,}), uncertainty included: {t_full * 1000:8.1f} ms"
        f"  (target <= {TARGET_SECONDS * 1000:.0f} ms)  {verdict(t_full <= TARGET_SECONDS)};"
        f" fastest run {min(full) * 1000:.1f} ms"
    )
    print(
        f"  without the priority flips:                {t_no_flips * 1000:8.1f} ms;"
        f" fastest run {min(no_flips) * 1000:.1f} ms"
    )
    print(f"  the scalar evaluation alone (no samples):  {t_scalar_only * 1000:8.1f} ms")

    # The scalar engine, looped over sampled rows.
    sampled = sample_design(spec, kb, samples=n, seed=0)
    rows = [row_design(spec, kb, sampled, row) for row in range(args.reference)]
    start = time.perf_counter()
    for design in rows:
        evaluate(design, kb, analyse=False)
    per_sample_evaluate = (time.perf_counter() - start) / len(rows)
    plan = plan_for(kb, priorities_key(spec.priorities))
    facts = []
    for design in rows:
        graph = DesignGraph.of(design)
        facts.extend(component_facts(design, c, graph) for c in design.components)
    start = time.perf_counter()
    for item in facts:
        assess(plan, item)
    per_sample_assess = (time.perf_counter() - start) / len(rows)
    per_sample_vector = t_full / n
    speedup = per_sample_evaluate / per_sample_vector
    print()
    print(
        f"Per sample of {count} components: vectorised {per_sample_vector * 1e6:8.1f} us;"
        f" engine.evaluate looped {per_sample_evaluate * 1e6:9.1f} us;"
        f" assess looped {per_sample_assess * 1e6:8.1f} us"
    )
    print(
        f"  vectorised is {speedup:.0f}x faster than engine.evaluate per sample"
        f"  (target >= {TARGET_SPEEDUP}x)  {verdict(speedup >= TARGET_SPEEDUP)}"
    )
    print(f"  and {per_sample_assess / per_sample_vector:.0f}x faster than the bare rule loop")

    tracemalloc.start()
    cold()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_mb = peak / 2**20
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    print(
        f"Peak memory of one run: {peak_mb:6.1f} MB traced"
        f"  (target <= {TARGET_MEMORY_MB} MB)  {verdict(peak_mb <= TARGET_MEMORY_MB)};"
        f" process peak resident size {rss_mb:.0f} MB"
    )
    ok = t_full <= TARGET_SECONDS and speedup >= TARGET_SPEEDUP and peak_mb <= TARGET_MEMORY_MB
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
