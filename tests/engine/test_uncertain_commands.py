"""evaluate and review with uncertain answers: --samples, --seed, the JSON object
``uncertainty``, --fail-on toss-up, and every bad flag refused (no database needed)."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from evaluator.engine.sampling import DEFAULT_SAMPLES, DEFAULT_SEED, MAX_SAMPLES

# File commands use the stored active packs when a database is there (docs/packs.md).
pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

# Past 122,880 MB of memory no serverless variant is left; the need is 61,440 to 184,320
# MB, peak in the middle: half of the samples each way, a toss-up between serverless and
# the next best.
DESIGN = """\
format: tradeoff-evaluator/1
name: Refresh
components:
  - name: Recommendation refresh
    kind: batch_job
    answers:
      traffic_pattern: mostly_idle
      peak_rps: 200
      job_duration_s: 600
      memory_mb: {low: 61440, high: 184320}
      caller_waits: false
      state: stateless
      stores_state: false
      independent_scaling: true
      independent_deployment: true
      fault_isolation: true
      boundary_clarity: clear
      reaction_time: hours
  - name: Reports
    kind: batch_job
    answers: {traffic_pattern: mostly_idle, job_duration_s: 60, caller_waits: false}
"""


@pytest.fixture
def design_file(tmp_path):
    path = tmp_path / "refresh.yaml"
    path.write_text(DESIGN, encoding="utf-8")
    return path


def run(*args) -> str:
    out, err = StringIO(), StringIO()
    call_command(*[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue()


def evaluate_json(path, *args) -> dict:
    return json.loads(run("evaluate", path, "--format", "json", *args))


def test_the_json_carries_an_uncertainty_object_per_component(design_file):
    data = evaluate_json(design_file, "--samples", "4000", "--seed", "7")
    refresh, reports = data["components"]
    found = refresh["uncertainty"]
    assert list(found)[:6] == ["samples", "seed", "recommended", "ruled_out", "scores", "verdict"]
    assert found["samples"] == 4000 and found["seed"] == 7
    assert set(found["recommended"]) == set(found["ruled_out"]) == set(found["scores"])
    assert abs(sum(found["recommended"].values()) + found["nothing_left"] - 1) < 1e-3
    assert abs(found["ruled_out"]["serverless"] - 0.5) <= 0.04
    assert found["verdict"] == "toss-up"
    assert {"p10", "p50", "p90"} <= set(found["scores"]["serverless"])
    driver = found["drivers"][0]
    assert driver["question"] == "memory_mb"
    assert driver["threshold"]["value"] == 122_880
    # Only point answers: certainty, agreeing with the recommendation.
    point = reports["uncertainty"]
    assert point["samples"] == 1 and point["verdict"] == "robust" and point["drivers"] == []
    for option, share in point["recommended"].items():
        assert share == (1.0 if option == reports["recommendation"] else 0.0)


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_draws(design_file):
    first = run("evaluate", design_file, "--format", "json", "--samples", "3000")
    assert run("evaluate", design_file, "--format", "json", "--samples", "3000") == first
    default = run("evaluate", design_file, "--format", "json")
    assert json.loads(default)["components"][0]["uncertainty"]["samples"] == DEFAULT_SAMPLES
    assert json.loads(default)["components"][0]["uncertainty"]["seed"] == DEFAULT_SEED
    other = evaluate_json(design_file, "--samples", "3000", "--seed", "8")
    assert other != json.loads(first)


def test_the_table_says_how_sure_instead_of_close_call(design_file):
    text = run("evaluate", design_file, "--samples", "2000")
    assert "; toss-up" in text
    assert "A toss-up: across 2,000 samples" in text
    assert "wins when “Memory needed” is at most 122,880 MB" in text


@pytest.mark.parametrize(
    "flags, words",
    [
        (["--samples", "0"], "--samples: the number of samples must be from 1 to"),
        (["--samples", "-10"], "--samples: the number of samples must be from 1 to"),
        (["--samples", str(MAX_SAMPLES + 1)], f"from 1 to {MAX_SAMPLES:,}"),
        (["--samples", "lots"], "--samples 'lots': write a whole number"),
        (["--samples", "2.5"], "--samples '2.5': write a whole number"),
        (["--seed", "1.5"], "--seed '1.5': write a whole number"),
        (["--seed", "-1"], "--seed: the seed must be a whole number from 0"),
    ],
)
@pytest.mark.parametrize("command", ["evaluate", "review"])
def test_bad_sampling_flags_are_refused_and_nothing_is_written(
    design_file, tmp_path, command, flags, words
):
    out = tmp_path / "out.md"
    extra = ["-o", out] if command == "review" else []
    with pytest.raises(CommandError) as caught:
        run(command, design_file, *extra, *flags)
    assert words in str(caught.value)
    assert getattr(caught.value, "returncode", 1) == 1
    assert not out.exists()


def test_review_fails_on_a_toss_up_and_passes_without(design_file, tmp_path):
    out = tmp_path / "review.md"
    with pytest.raises(CommandError) as caught:
        run("review", design_file, "-o", out, "--fail-on", "toss-up")
    assert caught.value.returncode == 3
    assert "[toss-up] Recommendation refresh: a toss-up over 2,000 samples" in str(caught.value)
    assert "pin down “Memory needed” first" in str(caught.value)
    text = out.read_text(encoding="utf-8")
    assert "#### How sure is this?" in text
    # Its toss-up is not a close call (Reports, all single values, is one).
    with pytest.raises(CommandError) as caught:
        run("review", design_file, "-o", out, "--fail-on", "close-call")
    assert "[close-call] Reports" in str(caught.value)
    assert "Recommendation refresh" not in str(caught.value)


def test_review_samples_and_seed_reach_the_json(design_file):
    data = json.loads(
        run("review", design_file, "--format", "json", "--samples", "1500", "--seed", "3")
    )
    found = data["evaluation"]["components"][0]["uncertainty"]
    assert (found["samples"], found["seed"]) == (1500, 3)
    flagged = [a["check"] for a in data["attention"] if a["component"] != "Reports"]
    assert flagged == ["toss-up"]


def test_manage_py_exits_non_zero_on_a_bad_flag(design_file):
    result = subprocess.run(
        [sys.executable, "manage.py", "evaluate", str(design_file), "--samples", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "--samples: the number of samples must be from 1 to" in result.stderr
    assert result.stdout == ""
