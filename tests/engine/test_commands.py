"""The evaluate and check_knowledge commands and the knowledge system check (no database)."""

from __future__ import annotations

import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from evaluator.engine import KnowledgeError
from evaluator.web import checks

from .conftest import FIXTURE_KB

# File commands use the stored active packs when a database is there (docs/packs.md).
pytestmark = pytest.mark.django_db

DESIGN = """\
format: tradeoff-evaluator/1
name: PhotoShare
context: {team_size: 6, teams: 1}
components:
  - name: Thumbnailer
    kind: worker
    answers: {traffic_pattern: spiky, memory_mb: 200000, caller_waits: false}
  - name: Feed API
    kind: api
    depends_on: [{component: Thumbnailer, style: async}]
    answers: {latency_p99_ms: 80, caller_waits: true}
"""


@pytest.fixture
def design_file(tmp_path):
    path = tmp_path / "photoshare.yaml"
    path.write_text(DESIGN)
    return path


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_evaluate_prints_a_table(design_file):
    text = run("evaluate", str(design_file))
    assert text.startswith("PhotoShare (knowledge base ")
    assert "Thumbnailer (worker)" in text
    assert "Feed API (API)" in text
    assert "ruled_out" in text  # no serverless platform gives 200,000 MB
    assert "Recommendation:" in text


def test_evaluate_prints_json_for_one_component(design_file):
    data = json.loads(
        run("evaluate", str(design_file), "--format", "json", "--component", "Feed API")
    )
    assert data["schema_version"] == "1"
    assert [c["name"] for c in data["components"]] == ["Feed API"]


def test_what_if_changes_an_answer(design_file):
    before = json.loads(run("evaluate", str(design_file), "--format", "json"))
    after = json.loads(
        run(
            "evaluate",
            str(design_file),
            "--format",
            "json",
            "--component",
            "Thumbnailer",
            "--what-if",
            "memory_mb=2048",
        )
    )

    def serverless(data):
        component = [c for c in data["components"] if c["name"] == "Thumbnailer"][0]
        return [o for o in component["options"] if o["option"] == "serverless"][0]

    assert serverless(before)["ruled_out"] is True
    assert serverless(after)["ruled_out"] is False


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("job_duration_s=lots", "expected a number"),
        ("traffic_pattern=spikey", "Did you mean 'spiky'?"),
        ("caller_waits=maybe", "yes or no"),
        ("peek_rps=5", "unknown question"),
        ("nonsense", "id=value"),
    ],
)
def test_what_if_refuses_bad_values(design_file, change, words):
    with pytest.raises(CommandError, match=words):
        run("evaluate", str(design_file), "--what-if", change)


def test_evaluate_refuses_an_unknown_component(design_file):
    with pytest.raises(CommandError, match="not a component"):
        run("evaluate", str(design_file), "--component", "Nope")


def test_evaluate_reports_a_bad_design_with_its_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(DESIGN.replace("traffic_pattern: spiky", "traffic_pattern: spikey"))
    with pytest.raises(CommandError, match=r"bad.yaml, line 7.*Did you mean 'spiky'\?"):
        run("evaluate", str(path))


def test_evaluate_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        run("evaluate", str(tmp_path / "missing.yaml"))


def test_check_knowledge_counts(capsys):
    text = run("check_knowledge", "--path", str(FIXTURE_KB))
    assert "Knowledge base test-1 is valid: 9 questions, 6 options, 11 rules (2 vetoes)." in text


def test_check_knowledge_fails_with_file_and_line(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    path = root / "rules" / "consensus.yaml"
    path.write_text(path.read_text().replace("gte: [replicas, 3]", "gte: [replica, 3]"))
    with pytest.raises(CommandError, match=r"consensus.yaml, line 5.*Did you mean 'replicas'\?"):
        run("check_knowledge", "--path", str(root))


def test_the_project_knowledge_base_passes_the_system_check():
    assert checks.knowledge_base_loads(None) == []


def test_a_broken_knowledge_base_is_a_check_error(monkeypatch):
    def broken():
        raise KnowledgeError(
            "unknown question 'peek_rps'.",
            file="rules/x.yaml",
            line=3,
            column=5,
            path=("rules", 0, "when"),
            hint="Did you mean 'peak_rps'?",
        )

    monkeypatch.setattr(checks, "default_knowledge", broken)
    (error,) = checks.knowledge_base_loads(None)
    assert error.id == "evaluator.E001"
    assert "rules/x.yaml, line 3, column 5, rules[0].when: unknown question" in error.msg
    assert error.hint == "Did you mean 'peak_rps'?"
