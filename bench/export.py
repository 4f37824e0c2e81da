"""Benchmark the review export against the evaluation it explains.

    python bench/export.py

A design of 200 fully answered components is generated from the real question catalogue
(seeded, with the generator of ``bench/engine.py``). Printed: the time to evaluate it
(with analysis, as the export needs), the time to evaluate and render the markdown
review, the ratio of the two, and whether the export stays under 500 ms. MADR and JSON
are timed too, for reference. Each figure is the median of several timed repeats
(``time.perf_counter``); no Django is loaded.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.engine import make_design  # noqa: E402
from evaluator.engine import evaluate, load_knowledge  # noqa: E402
from evaluator.reports import (  # noqa: E402
    madr_records,
    madr_zip,
    render_json,
    render_review,
    review_meta,
)

SEED = 20261105
COMPONENTS = 200
REPEATS = 9
TARGET_S = 0.500


def median_time(fn, repeats: int = REPEATS) -> float:
    fn()  # warm caches before timing
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    kb = load_knowledge()
    spec = make_design(kb, COMPONENTS, SEED)
    meta = review_meta(spec, kb, source="bench", date="2026-01-15")

    def evaluation_only():
        return evaluate(spec, kb)

    def markdown_export():
        return render_review(spec, evaluate(spec, kb), kb, meta=meta)

    evaluation = evaluate(spec, kb)
    text = render_review(spec, evaluation, kb, meta=meta)
    t_eval = median_time(evaluation_only)
    t_export = median_time(markdown_export)
    t_render = median_time(lambda: render_review(spec, evaluation, kb, meta=meta))
    t_madr = median_time(lambda: madr_zip(madr_records(spec, evaluation, kb, meta=meta)), 5)
    t_json = median_time(lambda: render_json(spec, evaluation, kb, meta=meta), 5)

    print(
        f"Knowledge base {kb.version}; {COMPONENTS} components; Python {sys.version.split()[0]};"
        f" review {len(text.encode()) / 1024:,.0f} KB, {text.count(chr(10)):,} lines"
    )
    print()
    print(f"Evaluation alone:            {t_eval * 1000:8.1f} ms")
    print(f"Evaluation + markdown:       {t_export * 1000:8.1f} ms")
    print(f"  of which rendering:        {t_render * 1000:8.1f} ms")
    print(f"Export / evaluation:         {t_export / t_eval:8.2f}x")
    verdict = "ok" if t_export < TARGET_S else "MISSED"
    print(f"Export under 500 ms:         {verdict}")
    print()
    print(f"MADR zip (rendering only):   {t_madr * 1000:8.1f} ms")
    print(f"JSON (rendering only):       {t_json * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
