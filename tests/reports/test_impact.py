"""What a change of knowledge does to a design: the impact preview's comparison."""

import dataclasses
import shutil
from pathlib import Path

import pytest

from evaluator.engine import default_knowledge, load_knowledge
from evaluator.engine.knowledge.loading import DEFAULT_PATH
from evaluator.engine.spec import parse_design
from evaluator.reports.impact import Tally, design_changes

LIMIT = "serverless.job-over-lambda-limit"
HR_TOOL = Path(__file__).resolve().parents[2] / "designs" / "hr-tool.yaml"


def edited_knowledge(tmp_path, *replacements):
    """The project's knowledge with text replaced in the serverless rules."""
    root = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_PATH, root)
    rules = root / "rules" / "serverless.yaml"
    text = rules.read_text()
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    rules.write_text(text)
    return load_knowledge(root)


@pytest.fixture
def shorter_limit(tmp_path):
    """Functions that must end within 600 s instead of 900 s."""
    return edited_knowledge(
        tmp_path, ("{gt: [job_duration_s, 900]}", "{gt: [job_duration_s, 600]}")
    )


def with_job(seconds: float):
    spec = parse_design(HR_TOOL.read_bytes(), filename="hr-tool.yaml")
    first = spec.components[0]
    answers = {**first.answers, "job_duration_s": seconds}
    return dataclasses.replace(
        spec, components=(dataclasses.replace(first, answers=answers), *spec.components[1:])
    )


def test_the_same_knowledge_changes_nothing():
    kb = default_knowledge()
    assert design_changes(with_job(700), kb, kb) == []


def test_a_lower_limit_rules_the_variant_out_and_names_its_rule(shorter_limit):
    changes = design_changes(with_job(700), default_knowledge(), shorter_limit)
    assert [change.position for change in changes] == [1]
    change = changes[0]
    assert [veto.rule_id for veto in change.vetoes_added] == [LIMIT]
    assert change.vetoes_added[0].variants == ("functions",)
    assert change.vetoes_added[0].variant_limit  # serverless still stands, as containers
    assert change.vetoes_lifted == ()


def test_a_job_under_both_limits_does_not_change(shorter_limit):
    assert design_changes(with_job(100), default_knowledge(), shorter_limit) == []


def test_the_limit_lifted_going_back(shorter_limit):
    changes = design_changes(with_job(700), shorter_limit, default_knowledge())
    assert [veto.rule_id for veto in changes[0].vetoes_lifted] == [LIMIT]
    assert changes[0].vetoes_added == ()


def test_points_that_move_a_band_name_the_rule_that_moved(tmp_path):
    spec = parse_design(HR_TOOL.read_bytes(), filename="hr-tool.yaml")
    before = default_knowledge()
    # Every serverless rule worth points counts for far less: some band must drop.
    text = (DEFAULT_PATH / "rules" / "serverless.yaml").read_text()
    replacements = [
        (f"points: {n}\n", "points: 1\n") for n in range(2, 13) if f"points: {n}\n" in text
    ]
    after = edited_knowledge(tmp_path, *replacements)
    changes = design_changes(spec, before, after)
    bands = [(change, band) for change in changes for band in change.bands]
    assert bands, "no band moved"
    for change, band in bands:
        assert band.option == "Serverless"
        assert band.score_after < band.score_before
        assert change.causes and all(c.option == "serverless" for c in change.causes)
        assert all((c.b or 0) < (c.a or 0) for c in change.causes if c.kind == "points")


def test_the_tally_adds_up(shorter_limit):
    tally = Tally()
    for seconds in (100, 700, 800):
        spec = with_job(seconds)
        tally.add(spec, design_changes(spec, default_knowledge(), shorter_limit))
    assert tally.designs == 3
    assert tally.components == 3 * len(with_job(1).components)
    assert tally.designs_changed == 2
    assert tally.vetoes_added == 2


@pytest.mark.parametrize("seconds", [100, 700, 1000])
def test_outlining_first_finds_what_scoring_everything_finds(shorter_limit, seconds):
    spec = with_job(seconds)
    quick = design_changes(spec, default_knowledge(), shorter_limit)
    full = design_changes(spec, default_knowledge(), shorter_limit, outline_first=False)
    assert quick == full
