"""Benchmark reading a design file: the guarded reader against its Python-only path.

    python bench/reading.py [--repeats 7]

A fully answered design is generated from the real question catalogue (seeded) with as
many components as fit in 250 KB (the largest file accepted is 256 KB) and written out
with ``dump_design``. Printed: its size, the median time of ``load_yaml`` (libyaml's C
parser under the guards, with the Python reader for anything it declines) and of the
Python reader alone on the same text, in this one run, and their ratio.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.engine import make_design, median_time  # noqa: E402
from evaluator.engine import load_knowledge  # noqa: E402
from evaluator.engine.errors import DesignError  # noqa: E402
from evaluator.engine.safeyaml import (  # noqa: E402
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_DEPTH,
    _checked_text,
    _read_guarded,
    load_yaml,
)
from evaluator.engine.spec import dump_design  # noqa: E402
from evaluator.engine.yamlfast import read_fast  # noqa: E402

TARGET_BYTES = 250 * 1024


def design_text() -> str:
    """The largest generated design under ``TARGET_BYTES``, as its YAML file."""
    kb = load_knowledge()
    # Components are of similar size: estimate from a small design, then step down.
    sample = dump_design(make_design(kb, 20, seed=1))
    count = int(TARGET_BYTES / len(sample.encode("utf-8")) * 20) + 5
    while True:
        text = dump_design(make_design(kb, count, seed=1))
        if len(text.encode("utf-8")) <= TARGET_BYTES:
            return text
        count -= 2


def python_path(text: str) -> None:
    checked = _checked_text(text, "<input>", DEFAULT_MAX_BYTES, DesignError)
    _read_guarded(checked, "<input>", DEFAULT_MAX_DEPTH, DesignError)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    text = design_text()
    assert read_fast(text, DEFAULT_MAX_DEPTH) is not None, "the C path declined the design"
    assert (
        load_yaml(text).data == _read_guarded(text, "<input>", DEFAULT_MAX_DEPTH, DesignError).data
    )
    guarded = median_time(lambda: load_yaml(text), args.repeats)
    python = median_time(lambda: python_path(text), args.repeats)
    print(f"design: {len(text.encode('utf-8')):,} bytes, {text.count(chr(10)):,} lines")
    print(f"load_yaml (libyaml under the guards): {guarded * 1000:8.1f} ms")
    print(f"Python reader alone:                  {python * 1000:8.1f} ms")
    print(f"ratio: {python / guarded:.1f}x faster")


if __name__ == "__main__":
    main()
