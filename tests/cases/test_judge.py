"""Judging one case: agreement, the reason in place, and plausible changes of estimates."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from evaluator.cases import judge, load_cases, plausible_changes, summarise
from evaluator.cases.judge import _alternatives
from evaluator.engine.knowledge.packreader import read_pack
from evaluator.engine.knowledge.packs import apply_packs

EXAMPLE_PACK = Path(__file__).resolve().parents[2] / "designs" / "packs" / "acme-azure.yaml"


def test_plausible_changes_vary_estimates_only(kb, cases):
    case = cases["prime-video-monitoring"]
    changed = {qid for qid, _new, _spec in plausible_changes(case, kb)}
    assert changed <= set(case.estimated)
    # Documented answers stay as the source gives them.
    assert "steps_per_unit" in changed and "traffic_pattern" not in changed


def test_a_plausible_change_is_a_neighbour_of_the_estimate(kb):
    by_id = kb.by_id
    assert _alternatives(by_id["peak_rps"], 5000) == [2500, 10000]
    assert _alternatives(by_id["replicas"], 3) == [1, 6]  # whole numbers stay whole
    assert _alternatives(by_id["caller_waits"], True) == [False]
    assert _alternatives(by_id["consistency"], "read_your_writes") == ["eventual", "strong"]
    assert _alternatives(by_id["consistency"], "eventual") == ["read_your_writes"]
    toggled = _alternatives(by_id["existing_platforms"], ["functions"])
    assert [] in toggled and ["service_platform", "functions"] in toggled


def test_a_flip_names_the_answer_and_the_new_recommendation(kb, cases):
    verdict = judge(cases["asx-chess-replacement"], kb)
    flips = {flip.question: flip for flip in verdict.flips}
    assert flips["data_volume_gb"].new == "5,000 GB"
    assert flips["data_volume_gb"].recommendation == "baseline"


def test_the_summary_counts_agreement_reasons_and_flips(verdicts):
    summary = summarise(list(verdicts.values()))
    assert summary.cases == len(verdicts)
    assert summary.agreeing == sum(v.agrees for v in verdicts.values())
    assert summary.flipped == sum(bool(v.flips) for v in verdicts.values())
    clear = sorted(v.margin for v in verdicts.values() if v.agrees and not v.close_call)
    assert summary.median_margin_clear in clear or len(clear) % 2 == 0


def test_the_judge_command_prints_every_case_and_the_figures():
    out = io.StringIO()
    call_command("judge", stdout=out)
    text = out.getvalue()
    assert "prime-video-monitoring (2023): agrees." in text
    assert "decisive reason: serverless.fine-grained-orchestration" in text
    for label in ("Agreeing:", "Median margin", "Flipped by one plausible change:"):
        assert label in text


def test_the_judge_command_with_a_pack_lists_the_cases_it_changes(kb):
    pack = EXAMPLE_PACK
    out = io.StringIO()
    call_command("judge", "--pack", str(pack), stdout=out)
    text = out.getvalue()
    with_pack = apply_packs(kb, [read_pack(pack.read_text(), kb, filename="pack")])
    before = [judge(c, kb) for c in load_cases(kb)]
    after = [judge(c, with_pack) for c in load_cases(with_pack)]
    agreeing = [summarise(v).agreeing for v in (before, after)]
    assert f"Agreeing: {agreeing[0]} -> {agreeing[1]} of {len(after)}" in text
    moved = [
        (b, a) for b, a in zip(before, after, strict=True) if b.recommendation != a.recommendation
    ]
    assert moved
    for b, a in moved:
        assert f"  {b.case.slug}: {b.recommendation} -> {a.recommendation}" in text


def test_the_judge_command_refuses_a_pack_it_cannot_read(tmp_path):
    with pytest.raises(CommandError, match="--pack .*missing.yaml: cannot be read"):
        call_command("judge", "--pack", str(tmp_path / "missing.yaml"), stdout=io.StringIO())
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: tradeoff-evaluator-pack/1\nname: x\n")
    with pytest.raises(CommandError, match="broken.yaml"):
        call_command("judge", "--pack", str(broken), stdout=io.StringIO())
