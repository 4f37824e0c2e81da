"""What a comparison says changed in a component's result: hard limits added and lifted,
score changes, how sure the recommendation is, and the rules that caused a change; also
for one design scored under two versions of the knowledge base."""

from __future__ import annotations

import dataclasses
import re
import shutil

import pytest

from evaluator.engine import evaluate, load_knowledge
from evaluator.engine.knowledge.loading import DEFAULT_PATH
from evaluator.engine.uncertain import Weights
from evaluator.reports.comparison import compare
from evaluator.reports.result_changes import CERTAINTY_ORDER, MAX_CAUSES, Certainty

from .conftest import answered


def only(spec, name, *keep):
    return dataclasses.replace(
        spec,
        components=tuple(
            dataclasses.replace(c, answers={k: v for k, v in c.answers.items() if k in keep})
            if c.name == name
            else c
            for c in spec.components
        ),
    )


def diff(kb, a, b, name, kb_b=None):
    result = compare(kb, a, evaluate(a, kb), b, evaluate(b, kb_b or kb), kb_b=kb_b)
    return next(c for c in result.components if c.name == name)


# --- Hard limits -----------------------------------------------------------------------------


def test_a_limit_on_one_variant_is_added_as_a_variant_limit(kb, shop):
    found = diff(kb, shop, answered(shop, "Cart", memory_mb=20000), "Cart")
    assert [v.rule_id for v in found.vetoes_added] == ["serverless.memory-over-lambda-limit"]
    veto = found.vetoes_added[0]
    assert veto.variant_limit and not veto.option_ruled_out
    assert veto.variant_names == ("Functions as a service",)
    assert veto.title == "Memory need exceeds the AWS Lambda maximum"
    assert found.vetoes_lifted == ()
    assert found.result_changed


def test_the_same_limit_read_the_other_way_is_lifted(kb, shop):
    found = diff(kb, answered(shop, "Cart", memory_mb=20000), shop, "Cart")
    assert [v.rule_id for v in found.vetoes_lifted] == ["serverless.memory-over-lambda-limit"]
    assert found.vetoes_added == ()


def test_limits_that_together_rule_an_option_out_are_not_variant_limits(kb, shop):
    found = diff(kb, shop, answered(shop, "Cart", memory_mb=200000), "Cart")
    assert {v.rule_id for v in found.vetoes_added} == {
        "serverless.memory-over-lambda-limit",
        "serverless.memory-over-fargate-limit",
    }
    assert not any(v.variant_limit for v in found.vetoes_added)
    serverless = next(cell for cell in found.scores if cell.option == "serverless")
    assert serverless.b_band == "ruled_out"
    # The vetoing rules are the cause of the band change.
    causes = [(c.kind, c.rule_id) for c in found.causes if c.option == "serverless"]
    assert sorted(causes) == [
        ("veto added", "serverless.memory-over-fargate-limit"),
        ("veto added", "serverless.memory-over-lambda-limit"),
    ]


def test_a_whole_option_veto_swapped_for_another_is_added_and_lifted(kb, shop):
    found = diff(kb, shop, answered(shop, "Cart", multiple_writers=True), "Cart")
    assert [v.rule_id for v in found.vetoes_lifted] == ["blockchain.wg-single-writer"]
    added = [v.rule_id for v in found.vetoes_added]
    assert added == ["blockchain.wg-trusted-third-party"]
    assert all(v.variants == () and not v.variant_limit for v in found.vetoes_added)
    # Ruled out on both sides: no band changed, so no cause is named.
    assert found.causes == ()


def test_an_unchanged_design_has_no_changes(kb, shop):
    result = compare(kb, shop, evaluate(shop, kb), shop, evaluate(shop, kb))
    for component in result.components:
        assert not component.result_changed
        assert component.vetoes_added == component.vetoes_lifted == component.causes == ()
        assert not component.confidence_dropped


# --- Scores ------------------------------------------------------------------------------------


def test_score_changes_are_signed_by_the_one_formatter(kb, shop):
    small_team = dataclasses.replace(shop, context={**shop.context, "team_size": 3})
    found = diff(kb, shop, small_team, "Cart")
    moved = [cell for cell in found.scores if cell.delta]
    assert {cell.delta > 0 for cell in moved} == {True, False}
    for cell in moved:
        sign = "+" if cell.delta > 0 else "\u2212"
        assert cell.change == f"{sign}{abs(cell.delta)}"
    still = [cell for cell in found.scores if cell.delta == 0]
    assert all(cell.change == "0" for cell in still)


# --- The cause of a changed recommendation ----------------------------------------------------


def tipped(kb, shop):
    """Shop with one component's answer moved to its first tipping point."""
    evaluation = evaluate(shop, kb)
    for component in evaluation.components:
        for tip in component.tipping_points:
            if tip.scope == "component":
                return component.name, answered(shop, component.name, **{tip.question: tip.new})
    raise AssertionError("shop has no tipping point on a component's answer")


def test_a_changed_recommendation_names_the_rules_that_moved_most(kb, shop):
    name, moved = tipped(kb, shop)
    found = diff(kb, shop, moved, name)
    assert found.recommendation_changed
    assert 0 < len(found.causes) <= MAX_CAUSES
    before, after = evaluate(shop, kb).component(name), evaluate(moved, kb).component(name)
    options = {before.recommendation, after.recommendation} | {
        cell.option for cell in found.scores if cell.a_band != cell.b_band
    }
    for cause in found.causes:
        assert cause.kind == "points" and cause.option in options
        old = {c.rule_id: c.weighted for c in before.option(cause.option).contributions}
        new = {c.rule_id: c.weighted for c in after.option(cause.option).contributions}
        assert (cause.a, cause.b) == (old.get(cause.rule_id), new.get(cause.rule_id))
        assert cause.a != cause.b
        assert re.fullmatch(
            r"(\u2014|[+\u2212]?[\d.,]+) \u2192 (\u2014|[+\u2212]?[\d.,]+)", cause.points_text
        )
    shifts = [abs(cause.shift) for cause in found.causes]
    assert shifts == sorted(shifts, reverse=True)


# --- How sure ----------------------------------------------------------------------------------


def sure(verdict, low=False, share=None):
    return Certainty(verdict=verdict, share=share, low_confidence=low, confidence=0.3 if low else 1)


@pytest.mark.parametrize(
    ("before", "after", "dropped"),
    [
        (sure("clear"), sure("close call"), True),
        (sure("close call"), sure("clear"), False),
        (sure("robust"), sure("leaning"), True),
        (sure("leaning"), sure("toss-up"), True),
        (sure("toss-up"), sure("leaning"), False),
        (sure("clear"), sure("robust"), False),
        (sure("robust"), sure("clear"), False),
        (sure("clear"), sure("leaning"), True),
        (sure("close call"), sure("toss-up"), False),
        (sure("clear"), sure("nothing left"), True),
        (sure("clear"), sure("clear", low=True), True),
        (sure("clear", low=True), sure("clear"), False),
        (sure("close call", low=True), sure("clear", low=True), False),
    ],
)
def test_the_order_of_certainty(before, after, dropped):
    assert after.dropped_from(before) is dropped


def test_every_verdict_has_a_place_in_the_order():
    from evaluator.engine.certainty import VERDICTS

    assert set(VERDICTS) <= set(CERTAINTY_ORDER)


def test_an_answer_turned_to_even_weights_makes_a_clear_recommendation_less_sure(kb, shop):
    name = "Recommendation refresh"
    unsure = answered(shop, name, caller_waits=Weights((("yes", 0.5), ("no", 0.5))))
    found = diff(kb, shop, unsure, name)
    assert found.certainty_a.verdict == "clear"
    assert found.certainty_b.verdict in ("leaning", "toss-up")
    assert found.certainty_b.share is not None
    assert found.confidence_dropped
    assert not diff(kb, unsure, shop, name).confidence_dropped


def test_missing_answers_make_the_confidence_low_and_that_is_a_drop(kb, shop):
    found = diff(kb, shop, only(shop, "Cart", "caller_waits"), "Cart")
    assert not found.certainty_a.low_confidence
    assert found.certainty_b.low_confidence
    assert "low confidence" in found.certainty_b.text
    assert found.confidence_dropped


# --- One design under two knowledge bases ------------------------------------------------------


@pytest.fixture(scope="module")
def edited_kb(tmp_path_factory):
    """The knowledge base with one baseline rule worth far more, and retitled."""
    root = tmp_path_factory.mktemp("knowledge") / "knowledge"
    shutil.copytree(DEFAULT_PATH, root)
    rules = root / "rules" / "baseline.yaml"
    text = rules.read_text(encoding="utf-8")
    pattern = re.compile(
        r"(- id: baseline\.background-worker\n\s+title: )([^\n]+)(\n(?:.*\n)*?\s+points: )(\d+)"
    )
    edited, replaced = pattern.subn(
        r"\1Background work belongs in the monolith\g<3>30", text, count=1
    )
    assert replaced == 1
    rules.write_text(edited, encoding="utf-8")
    return load_knowledge(root)


def test_the_same_design_under_two_knowledge_bases_names_the_changed_rule(kb, shop, edited_kb):
    assert edited_kb.version == kb.version and edited_kb.digest != kb.digest
    found = diff(kb, shop, shop, "Receipt emails", kb_b=edited_kb)
    assert found.status == "same"
    assert found.recommendation_changed
    assert found.recommendation_b == "Conventional baseline"
    cause = next(c for c in found.causes if c.rule_id == "baseline.background-worker")
    # The title as the newer knowledge base has it, carried by the results.
    assert cause.title == "Background work belongs in the monolith"
    assert cause.b > cause.a
    assert cause.option == "baseline"


def test_a_comparison_needs_no_tipping_or_tradeoff_points(kb, shop):
    """``review --against`` scores both sides with ``what_if=False``: the comparison is the
    same as from the full analysis."""
    edited = answered(
        shop, "Recommendation refresh", caller_waits=Weights((("yes", 0.5), ("no", 0.5)))
    )
    edited = answered(edited, "Cart", memory_mb=20000)

    def compared(**options):
        return compare(
            kb, shop, evaluate(shop, kb, **options), edited, evaluate(edited, kb, **options)
        )

    full = compared()
    assert any(c.result_changed for c in full.components)
    assert compared(what_if=False) == full
