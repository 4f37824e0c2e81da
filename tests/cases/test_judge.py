"""Judging one case: agreement, the reason in place, and plausible changes of estimates."""

import io

from django.core.management import call_command

from evaluator.cases import judge, plausible_changes, summarise
from evaluator.cases.judge import _alternatives


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
