"""Benchmark ``manage.py review NEW --against OLD`` on two 200-component design files.

    python bench/review_against.py [--quick]

The first design is generated from the real question catalogue with the generator of
``bench/engine.py`` (seeded); the second is a plausible edit of it: a tenth of the
components get three answers changed, drawn the same way.
Both are written as design files. Timed in this one process, each the median of several
repeats (``time.perf_counter``):

- the command end to end (``call_command``: reading both files, scoring both, comparing,
  writing the markdown to a file), which should stay under 2 s;
- ``engine.evaluate`` of both designs, bare (no reading, no comparison, no markdown),
  as the command scores them: ``what_if=False``, since a comparison shows no tipping or
  trade-off points; and, for reference, with the full analysis a review shows;
- the ratio of the two, and how much of the command is reading the two files (the
  guarded YAML reader and the design checks, ``parse_design``).

``--quick`` times fewer repeats (for the smoke test). Exit status 1 when the command
misses its aim.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This folder holds a script called http.py, which would hide the standard library's
# http package from Django: import from the project's top instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "evaluator.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from bench.engine import _answer, make_design, median_time  # noqa: E402
from evaluator.engine import evaluate, load_knowledge  # noqa: E402
from evaluator.engine.knowledge import KnowledgeBase  # noqa: E402
from evaluator.engine.spec import DesignSpec, dump_design, parse_design  # noqa: E402

SEED = 20261114
COMPONENTS = 200
EDITED_SHARE = 0.1
ANSWERS_CHANGED = 3
TARGET_S = 2.0


def edited(spec: DesignSpec, kb: KnowledgeBase, seed: int) -> DesignSpec:
    """``spec`` after a plausible pull request: some answers of some components changed."""
    rng = random.Random(seed)
    questions = kb.questions_in_scope("component")
    components = list(spec.components)
    for index in rng.sample(range(len(components)), int(len(components) * EDITED_SHARE)):
        component = components[index]
        answers = dict(component.answers)
        for question in rng.sample(questions, ANSWERS_CHANGED):
            answers[question.id] = _answer(question, [], rng)
        components[index] = dataclasses.replace(component, answers=answers)
    return dataclasses.replace(spec, components=tuple(components))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    repeats = 3 if parser.parse_args().quick else 7

    kb = load_knowledge()
    old = make_design(kb, COMPONENTS, SEED)
    new = edited(old, kb, SEED + 1)
    with tempfile.TemporaryDirectory() as folder:
        old_path, new_path = Path(folder, "old.yaml"), Path(folder, "new.yaml")
        old_path.write_text(dump_design(old), encoding="utf-8")
        new_path.write_text(dump_design(new), encoding="utf-8")
        comment = Path(folder, "comment.md")

        def command():
            call_command(
                "review", str(new_path), "--against", str(old_path), "-o", str(comment),
                stdout=io.StringIO(), stderr=io.StringIO(),
            )  # fmt: skip

        def reading():
            for path in (old_path, new_path):
                parse_design(path.read_bytes(), filename=path.name, knowledge=kb)

        def engine():
            evaluate(old, kb, what_if=False)
            evaluate(new, kb, what_if=False)

        def full_analysis():
            evaluate(old, kb)
            evaluate(new, kb)

        t_command = median_time(command, repeats)
        t_engine = median_time(engine, repeats)
        t_reading = median_time(reading, repeats)
        t_full = median_time(full_analysis, repeats)
        size = max(old_path.stat().st_size, new_path.stat().st_size)
        summary = comment.read_text(encoding="utf-8").splitlines()[2]

    print(f"Knowledge base {kb.version}; two designs of {COMPONENTS} components; Python"
          f" {sys.version.split()[0]}; median of {repeats}")  # fmt: skip
    print(f"The edit: {summary}")
    print()
    print(f"review --against, end to end:  {t_command * 1000:8.1f} ms")
    print(f"engine.evaluate of both:       {t_engine * 1000:8.1f} ms")
    print(f"Command / engine:              {t_command / t_engine:8.2f}x")
    print(f"  full analysis of both:       {t_full * 1000:8.1f} ms (not needed to compare)")
    print(
        f"  reading both files:          {t_reading * 1000:8.1f} ms (files of {size / 1024:,.0f} KB)"
    )
    ok = t_command <= TARGET_S
    print(f"Under {TARGET_S:g} s:                    {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
