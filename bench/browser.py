"""Browser: how fast the score panel follows an answer, and what a visit downloads.

    python bench/browser.py [--changes 50]

Runs the app as ``bench/http.py`` does (gunicorn, production settings, collected and
hashed static files served by WhiteNoise, a fully answered 20-component design), then
drives Debian's Chromium (``CHROMIUM_PATH`` may point elsewhere) with Playwright:

- the bytes a first visit to the editor transfers (page, CSS, htmx, Plotly, scripts) and
  what a second visit in the same browser transfers again, from the Resource Timing
  ``transferSize`` of every entry (0 for a cache hit);
- 50 changes of a component's peak rate (between its own value and twenty times that,
  so scores move; on the ranged design below, of its kind), each timed in the page from
  the change event to the score panel swapped in (htmx:afterSwap; aim p95 <= 100 ms), and to the panel settled with its heatmap redrawn
  (Plotly's plotly_afterplot on the heatmap, which charts.js updates in place with
  Plotly.react; a change that moves no score leaves the heatmap as it is, and settles at
  htmx:afterSettle; aim p95 <= 150 ms). Printed: p50 and p95 of each, and how many
  changes redrew the heatmap.

The changes are timed twice: on the design as it is, and on the same design with every
numeric answer a range (half to twice its value, within the question's bounds) and every
choice given as weights, which the panel scores over the editor's default number of
samples, each option's chance included (aim p95 <= 150 ms to the panel updated). On
that design, 50 new numbers are also typed into the first component's peak rate, each
one not seen before: a rate toggled back and forth repeats itself, and the engine
remembers each component's chances by content (``engine/remembered.py``).

A reference measured in the same run: the round trip of a bare ``fetch('/healthz')``
from the same page, so the panel time can be read as a multiple of the network floor.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
ROOT = _HERE.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402


def _load_http_bench():
    # bench/http.py cannot be imported by its name (it would be the stdlib's http).
    spec = importlib.util.spec_from_file_location("bench_http", _HERE / "http.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

TRANSFERRED = """() => {
  const entries = [...performance.getEntriesByType("navigation"),
                   ...performance.getEntriesByType("resource")];
  return entries.map(e => ({name: e.name, bytes: e.transferSize, type: e.initiatorType}));
}"""

# Runs in the page: change a field (a <select>, or a text input) once per value, time
# each to the swap, and to the panel settled: htmx done with the swap and, when the change
# moved a score, the heatmap redrawn with its new figure (charts.js leaves a chart whose
# figure is the same as it was).
TIME_CHANGES = """async ([id, values]) => {
  const select = document.getElementById(id);
  const chart = document.getElementById("editor-heatmap");
  const figure = () => chart.closest("figure").getAttribute("data-figure-json");
  const swapped = [], settled = [];
  let redrawn = 0, missed = 0;
  for (const value of values) {
    const before = figure();
    let plotted = null, onPlotted = null;
    const done = () => { plotted = performance.now(); if (onPlotted) onPlotted(); };
    chart.on("plotly_afterplot", done);
    const started = performance.now();
    const swap = new Promise(resolve => document.body.addEventListener("htmx:afterSwap",
      e => { if (e.detail.target.id === "score-panel") resolve(performance.now()); },
      {once: true}));
    const settle = new Promise(resolve => document.body.addEventListener("htmx:afterSettle",
      () => resolve(performance.now()), {once: true}));
    select.value = value;
    select.dispatchEvent(new Event("change", {bubbles: true}));
    swapped.push(await swap - started);
    let ended = await settle;
    if (figure() !== before) {
      redrawn += 1;
      if (plotted === null) {
        await Promise.race([new Promise(resolve => { onPlotted = resolve; }),
                            new Promise(resolve => setTimeout(resolve, 5000))]);
      }
      if (plotted === null) missed += 1;
      ended = plotted === null ? performance.now() : plotted;
    }
    chart.removeListener("plotly_afterplot", done);
    settled.push(ended - started);
    await new Promise(resolve => setTimeout(resolve, 30));
  }
  return {swapped, settled, redrawn, missed};
}"""

FETCH_FLOOR = """async (count) => {
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await (await fetch("/healthz", {cache: "no-store"})).text();
    times.push(performance.now() - started);
  }
  return times;
}"""


def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(entries):
    total = sum(e["bytes"] for e in entries)
    static = sum(e["bytes"] for e in entries if "/static/" in e["name"])
    return total, static


def ranged_design(source: Path, target: Path) -> tuple[int, int]:
    """``source`` with every numeric answer a range around it and every choice weights;
    writes ``target`` and returns (ranges, weights)."""
    import yaml

    from evaluator.engine import default_knowledge

    kb = default_knowledge()
    data = yaml.safe_load(source.read_text())
    counts = [0, 0]

    def widen(answers):
        for qid, value in list(answers.items()):
            question = kb.by_id.get(qid)
            if question is None:
                continue
            if question.type == "number" and not isinstance(value, bool) and value:
                low, high = value / 2, value * 2
                if question.integer:
                    low, high = max(1, int(low)), int(high)
                if question.max is not None:
                    high = min(high, question.max)
                if question.min is not None:
                    low = max(low, question.min)
                if low < value < high:
                    answers[qid] = {"low": low, "likely": value, "high": high}
                    counts[0] += 1
            elif question.type == "choice" and len(question.choices) > 1:
                other = next(c.value for c in question.choices if c.value != value)
                answers[qid] = {value: 0.7, other: 0.3}
                counts[1] += 1

    widen(data.get("context", {}))
    for component in data["components"]:
        widen(component.setdefault("answers", {}))
    target.write_text(yaml.safe_dump(data, sort_keys=False))
    return counts[0], counts[1]


def fresh_numbers(page, changes: int = 50) -> list:
    """[id, values]: the first component's peak rate, the most likely value of its range,
    and ``changes`` numbers inside the range, none twice."""
    field = page.locator("input[name$='.a.peak_rps']").first
    name = field.get_attribute("name")
    low = float(page.locator(f"input[name='{name}.low']").input_value())
    high = float(page.locator(f"input[name='{name}.high']").input_value())
    step = (high - low) / (changes + 1)
    values = [f"{low + step * (i + 1):.3f}" for i in range(changes)]
    return [field.get_attribute("id"), values]


def alternating(current: str, others: list[str], changes: int) -> list[str]:
    """``changes`` values: each of ``others`` in turn, with ``current`` between them."""
    return [others[(i // 2) % len(others)] if i % 2 == 0 else current for i in range(changes)]


def toggled_rate(page, changes: int) -> tuple[str, list[str]]:
    """The first component's peak rate, between its own value and twenty times that: far
    enough to cross the thresholds the rules read, so every change moves a score."""
    field_id = page.eval_on_selector("input[name$='.a.peak_rps']", "s => s.id")
    current = page.eval_on_selector(f"#{field_id}", "s => s.value")
    return field_id, alternating(current, [f"{float(current) * 20:g}"], changes)


def toggled_kind(page, changes: int) -> tuple[str, list[str]]:
    """The first component's kind, between its own and the others in turn (a ranged
    design's peak rate is a range, which a single number would not keep)."""
    field_id = page.eval_on_selector("select[id$='-kind']", "s => s.id")
    choices = page.eval_on_selector_all(f"#{field_id} option", "o => o.map(x => x.value)")
    current = page.eval_on_selector(f"#{field_id}", "s => s.value")
    return field_id, alternating(current, [c for c in choices if c != current] or choices, changes)


def time_editor(context, base: str, editor: dict, changes: int, typed: bool = False) -> dict:
    """Open ``editor``'s design in the editor twice (bytes of each visit), then time
    ``changes`` changes (of the peak rate, or with ``typed`` of the kind, then of new peak
    rates) and the fetch floor."""
    context.add_cookies(
        [{"name": name, "value": value, "url": base} for name, value in editor["cookies"].items()]
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    editor_url = f"{base}/designs/{editor['slug']}/edit/"
    page.goto(editor_url, wait_until="load")
    page.wait_for_selector("#editor-heatmap .main-svg")
    first = page.evaluate(TRANSFERRED)
    page.goto(editor_url, wait_until="load")
    page.wait_for_selector("#editor-heatmap .main-svg")
    second = page.evaluate(TRANSFERRED)

    field_id, values = toggled_kind(page, changes) if typed else toggled_rate(page, changes)
    # Warm up with an even number of changes, so the field ends as it started: a change
    # to the value it already holds would send nothing (the form scored last is skipped).
    page.evaluate(TIME_CHANGES, [field_id, values[: min(4, len(values) // 2 * 2)]])
    timings = page.evaluate(TIME_CHANGES, [field_id, values])
    # A rate toggled back and forth repeats itself; a number typed anew each time does
    # not, so nothing about it can have been worked out before.
    fresh = page.evaluate(TIME_CHANGES, fresh_numbers(page, changes)) if typed else None
    floor = page.evaluate(FETCH_FLOOR, 50)
    chances = page.locator("#score-panel .chance").count()
    legend = page.locator("#score-panel .legend").inner_text()
    page.close()
    return {
        "first": first,
        "second": second,
        "timings": timings,
        "fresh": fresh,
        "floor": floor,
        "errors": errors,
        "chances": chances,
        "legend": legend,
    }


def report(title: str, found: dict, *, visits: bool) -> None:
    print(title)
    if visits:
        first_total, first_static = summary(found["first"])
        second_total, second_static = summary(found["second"])
        print(
            f"  first visit:  {first_total / 1024:8.1f} KiB transferred "
            f"({first_static / 1024:.1f} KiB static, {len(found['first'])} resources)"
        )
        print(
            f"  second visit: {second_total / 1024:8.1f} KiB transferred "
            f"({second_static / 1024:.1f} KiB static: everything else came from the cache)"
        )
    floor_p50 = statistics.median(found["floor"])
    runs = [("the kind toggled" if found["fresh"] else "the peak rate toggled", found["timings"])]
    if found["fresh"]:
        runs.append(("a new peak rate typed each time", found["fresh"]))
    for label, timings in runs:
        swapped, settled = timings["swapped"], timings["settled"]
        print(f"  {label}:")
        print(
            f"    change -> panel updated ({len(swapped)} changes): p50"
            f" {pct(swapped, 0.5):.0f} ms, p95 {pct(swapped, 0.95):.0f} ms"
            f" (aim p95 <= {100 if visits else 150} ms)"
        )
        print(
            f"    change -> panel settled, heatmap redrawn: p50 {pct(settled, 0.5):.0f} ms, "
            f"p95 {pct(settled, 0.95):.0f} ms (aim p95 <= 150 ms;"
            f" {timings['redrawn']} of {len(settled)} changes moved a score and redrew it)"
        )
        if timings["missed"]:
            print(
                f"    ERROR: {timings['missed']} changes moved a score but the heatmap was not redrawn"
            )
    swapped = found["timings"]["swapped"]
    print(
        f"  reference fetch('/healthz') p50 {floor_p50:.1f} ms; panel p50 is "
        f"{pct(swapped, 0.5) / floor_p50:.1f}x that"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=50)
    args = parser.parse_args()
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not chromium:
        print("skipped: no Chromium found (install Debian's chromium or set CHROMIUM_PATH)")
        return 0
    from playwright.sync_api import sync_playwright

    bench = _load_http_bench()
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp:
        env = bench.environment(Path(tmp))
        bench.manage(env, "migrate", "--noinput")
        bench.manage(env, "collectstatic", "--noinput")
        ranged = Path(tmp) / "ranged.yaml"
        ranges, weights = ranged_design(ROOT / bench.DESIGN, ranged)
        made = bench.make_editors(env, 1, 1)
        made_ranged = bench.make_editors(env, 2, 1, str(ranged))
        port = bench.free_port()
        server = bench.start_server(env, port, Path(tmp) / "gunicorn.log", "sync")
        base = f"http://{bench.HOST}:{port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                found = []
                for editors, typed in ((made, False), (made_ranged, True)):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    found.append(
                        time_editor(context, base, editors["editors"][0], args.changes, typed)
                    )
                    context.close()
                browser.close()
        finally:
            bench.stop_server(server)

    components = len(made["components"])
    report(
        f"Chromium, gunicorn {bench.WORKERS} workers, {bench.DESIGN} ({components} components)",
        found[0],
        visits=True,
    )
    report(
        f"The same design with {ranges} ranges and {weights} weighted choices"
        f" ({found[1]['chances']} chances in the panel; its legend: {found[1]['legend']!r})",
        found[1],
        visits=False,
    )
    errors = found[0]["errors"] + found[1]["errors"]
    if errors:
        print("  browser errors: " + "; ".join(errors[:5]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
