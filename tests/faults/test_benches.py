"""Short runs of the benchmarks that check what they measure: load and faults on the
database the suite runs on, live rescoring over HTTP, and review --against on two large
design files (in process, no server).

The others each start gunicorn on 127.0.0.1 with production settings on a database of its own
(a temporary SQLite file, or a PostgreSQL database it creates and drops) and exits
non-zero when anything was lost, half-saved, or answered with an error. They take tens of
seconds, so `make test` leaves them out; run them with `pytest -m bench` (`.ci/run` does).
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.bench


def bench(script, *args, timeout=240):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, f"bench/{script}", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return result.returncode, result.stdout + result.stderr


def test_a_short_load_run_loses_nothing_and_has_no_errors():
    code, output = bench(
        "load.py", "--db", "current", "--seconds", "3", "--clients", "8", "--workers", "2"
    )
    assert code == 0, output
    assert "errors by kind: none" in output
    assert "'database is locked' in the server log: 0" in output
    assert "lost or half-saved: 0" in output


def test_killed_workers_and_refused_writes_leave_the_data_whole():
    code, output = bench(
        "faults.py", "--db", "current", "--seconds", "3", "--clients", "6", "--workers", "2"
    )
    assert code == 0, output
    assert "every fault left the data whole" in output
    assert "workers killed with SIGKILL" in output
    assert output.count("verify_history passes") >= 2


def test_a_quick_http_run_answers_every_whole_form_rescoring_on_schedule():
    # bench/http.py always runs on a SQLite file of its own.
    code, output = bench("http.py", "--quick")
    assert code == 0, output
    steps = re.findall(r"^(\d+) editors:\n(.*)\n(.*)\n(.*)$", output, re.MULTILINE)
    assert steps, output
    for editors, rescoring, reference, ratios in steps:
        # Open loop: one request per editor per second of the 3-second step, each answered
        # with the scores of every component (anything else is counted as an error).
        sent = int(editors) * 3
        assert rescoring.split()[0] == "rescoring", output
        assert f"({sent} sent, no errors)" in rescoring, output
        assert f"{sent / 3:.1f}/s" in rescoring, output
        assert reference.split()[0] == "/healthz", output
        assert f"({sent} sent, no errors)" in reference, output
        assert re.search(r"ratio rescoring / healthz: p50 [\d.]+, p95 [\d.]+", ratios), output
        assert re.search(r"generator \d+% of a core", ratios), output
    assert re.search(r"^largest number of editors .*: (\d+|none) \(aim >= 50\)$", output, re.M)


def test_a_short_impact_preview_run_scores_every_design_and_reports_its_ratio():
    code, output = bench("packs.py", "--designs", "30", "--components", "4")
    assert code == 0, output
    assert "30 designs of 4 components stored" in output
    assert len(re.findall(r"^preview / bare engine: [\d.]+ \(aim <= 1.5\)", output, re.M)) == 2, (
        output
    )
    assert re.search(r"^longest the progress stood still: [\d.]+ s", output, re.M), output
    changed = re.search(r"^changed: (\d+) designs, .*; 0 unreadable$", output, re.M)
    assert changed and 0 < int(changed.group(1)) <= 30, output


def test_review_against_on_two_large_files_prints_its_figures():
    # Timing depends on the machine: the run must work and print its figures; whether it
    # met its aim is the last line (exit status 1 when it missed).
    code, output = bench("review_against.py", "--quick")
    assert code in (0, 1), output
    assert re.search(r"^The edit: \*\*\d+ of 200 components changed:\*\* ", output, re.M), output
    assert re.search(r"^review --against, end to end: +[\d.]+ ms$", output, re.M), output
    assert re.search(r"^engine.evaluate of both: +[\d.]+ ms$", output, re.M), output
    assert re.search(r"^Command / engine: +[\d.]+x$", output, re.M), output
    assert re.search(r"^Under 2 s: +(ok|MISSED)$", output, re.M), output
    assert (code == 0) == output.rstrip().endswith("ok"), output
