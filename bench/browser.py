"""Browser: how fast the score panel follows an answer, and what a visit downloads.

    python bench/browser.py [--changes 50]

Runs the app as ``bench/http.py`` does (gunicorn, production settings, collected and
hashed static files served by WhiteNoise, a fully answered 20-component design), then
drives Debian's Chromium (``CHROMIUM_PATH`` may point elsewhere) with Playwright:

- the bytes a first visit to the editor transfers (page, CSS, htmx, Plotly, scripts) and
  what a second visit in the same browser transfers again, from the Resource Timing
  ``transferSize`` of every entry (0 for a cache hit);
- 50 changes of a component's kind, each timed in the page from the change event to the
  score panel swapped in (htmx:afterSwap; aim p95 <= 100 ms), and to the panel settled
  with its heatmap redrawn (Plotly's plotly_afterplot on the heatmap, which charts.js
  updates in place with Plotly.react; aim p95 <= 150 ms). Printed: p50 and p95 of each.

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

# Runs in the page: change a <select> once per value, time each to the swap and to the
# heatmap redrawn with the new figure.
TIME_CHANGES = """async ([id, values]) => {
  const select = document.getElementById(id);
  const swapped = [], settled = [];
  for (const value of values) {
    const started = performance.now();
    const swap = new Promise(resolve => document.body.addEventListener("htmx:afterSwap",
      e => { if (e.detail.target.id === "score-panel") resolve(performance.now()); },
      {once: true}));
    const drawn = new Promise(resolve => {
      const chart = document.getElementById("editor-heatmap");
      const done = () => { chart.removeListener("plotly_afterplot", done);
                           resolve(performance.now()); };
      chart.on("plotly_afterplot", done);
    });
    select.value = value;
    select.dispatchEvent(new Event("change", {bubbles: true}));
    swapped.push(await swap - started);
    settled.push(await drawn - started);
    await new Promise(resolve => setTimeout(resolve, 30));
  }
  return {swapped, settled};
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
        made = bench.make_editors(env, 1, 1)
        editor = made["editors"][0]
        port = bench.free_port()
        server = bench.start_server(env, port, Path(tmp) / "gunicorn.log", "sync")
        base = f"http://{bench.HOST}:{port}"
        editor_url = f"{base}/designs/{editor['slug']}/edit/"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.add_cookies(
                    [
                        {"name": name, "value": value, "url": base}
                        for name, value in editor["cookies"].items()
                    ]
                )
                page = context.new_page()
                errors = []
                page.on("pageerror", lambda error: errors.append(str(error)))
                page.on(
                    "console",
                    lambda m: errors.append(m.text) if m.type == "error" else None,
                )

                page.goto(editor_url, wait_until="load")
                page.wait_for_selector("#editor-heatmap .main-svg")
                first = page.evaluate(TRANSFERRED)
                page.goto(editor_url, wait_until="load")
                page.wait_for_selector("#editor-heatmap .main-svg")
                second = page.evaluate(TRANSFERRED)

                select_id = page.eval_on_selector("select[id$='-kind']", "s => s.id")
                choices = page.eval_on_selector_all(
                    f"#{select_id} option", "options => options.map(o => o.value)"
                )
                current = page.eval_on_selector(f"#{select_id}", "s => s.value")
                others = [c for c in choices if c != current] or choices
                values = [
                    others[i % len(others)] if i % 2 == 0 else current for i in range(args.changes)
                ]
                page.evaluate(TIME_CHANGES, [select_id, values[:3]])  # warm up
                timings = page.evaluate(TIME_CHANGES, [select_id, values])
                floor = page.evaluate(FETCH_FLOOR, 50)
                browser.close()
        finally:
            bench.stop_server(server)

    first_total, first_static = summary(first)
    second_total, second_static = summary(second)
    print(
        f"Chromium, gunicorn {bench.WORKERS} workers, {bench.DESIGN} ({len(made['components'])} components)"
    )
    print(
        f"  first visit:  {first_total / 1024:8.1f} KiB transferred "
        f"({first_static / 1024:.1f} KiB static, {len(first)} resources)"
    )
    print(
        f"  second visit: {second_total / 1024:8.1f} KiB transferred "
        f"({second_static / 1024:.1f} KiB static: everything else came from the cache)"
    )
    swapped, settled = timings["swapped"], timings["settled"]
    floor_p50 = statistics.median(floor)
    print(
        f"  change -> panel updated ({len(swapped)} changes): p50 {pct(swapped, 0.5):.0f} ms, "
        f"p95 {pct(swapped, 0.95):.0f} ms (aim p95 <= 100 ms)"
    )
    print(
        f"  change -> panel settled, heatmap redrawn: p50 {pct(settled, 0.5):.0f} ms, "
        f"p95 {pct(settled, 0.95):.0f} ms (aim p95 <= 150 ms)"
    )
    print(
        f"  reference fetch('/healthz') p50 {floor_p50:.1f} ms; panel p50 is "
        f"{pct(swapped, 0.5) / floor_p50:.1f}x that"
    )
    if errors:
        print("  browser errors: " + "; ".join(errors[:5]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
