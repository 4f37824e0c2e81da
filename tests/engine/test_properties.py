"""Properties that hold for any design: bounded scores, order independence, and answers
only ever adding confidence. Run on the fixture base and on the project's own."""

from __future__ import annotations

import dataclasses
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluator.engine import evaluate, evaluation_to_dict, load_knowledge
from evaluator.engine.knowledge import PRIORITY_WEIGHTS, KnowledgeBase, Question
from evaluator.engine.spec import COMPONENT_KINDS, ComponentSpec, Dependency, DesignSpec

from .conftest import FIXTURE_KB

BASES = [load_knowledge(FIXTURE_KB), load_knowledge()]


def value_strategy(question: Question) -> st.SearchStrategy:
    if question.type == "bool":
        return st.booleans()
    if question.type == "choice":
        return st.sampled_from([c.value for c in question.choices])
    if question.type == "multi":
        values = [c.value for c in question.choices]
        return st.lists(st.sampled_from(values), unique=True, max_size=len(values))
    low = question.min if question.min is not None else 0
    high = question.max if question.max is not None else 1_000_000
    # Thresholds sit on round numbers, so integers find the edges most often.
    ints = st.integers(int(low), int(min(high, 10_000_000)))
    if question.integer:
        return ints
    return st.one_of(ints, st.floats(low, high, allow_nan=False, allow_infinity=False))


def facts_strategy(kb: KnowledgeBase, scope: str) -> st.SearchStrategy:
    return st.fixed_dictionaries(
        {},
        optional={q.id: value_strategy(q) for q in kb.questions_in_scope(scope)},
    )


@st.composite
def designs(draw, kb: KnowledgeBase) -> DesignSpec:
    count = draw(st.integers(1, 5))
    names = [f"C{i}" for i in range(count)]
    components = []
    for name in names:
        targets = draw(st.lists(st.sampled_from(names), unique=True, max_size=2))
        deps = tuple(
            Dependency(t, draw(st.sampled_from(["sync", "async"]))) for t in targets if t != name
        )
        components.append(
            ComponentSpec(
                name=name,
                kind=draw(st.sampled_from(COMPONENT_KINDS)),
                depends_on=deps,
                answers=draw(facts_strategy(kb, "component")),
            )
        )
    priorities = draw(
        st.dictionaries(
            st.sampled_from([a.id for a in kb.attributes]), st.sampled_from(list(PRIORITY_WEIGHTS))
        )
    )
    return DesignSpec(
        name="Generated",
        context=draw(facts_strategy(kb, "system")),
        priorities=priorities,
        components=tuple(components),
    )


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("kb", BASES, ids=lambda kb: kb.version)
def test_scores_stay_within_0_to_100(kb):
    @PROPERTY
    @given(designs(kb))
    def check(spec):
        for result in evaluate(spec, kb).components:
            for option in result.options:
                assert 0 <= option.score <= 100
                assert 0.0 <= option.confidence <= 1.0
                assert (option.band == "ruled_out") == option.ruled_out
            if result.recommendation is not None:
                best = result.option(result.recommendation)
                assert not best.ruled_out
                standing = [o for o in result.options if not o.ruled_out]
                if any(o.earned for o in standing):
                    assert best.earned
                # Nothing that may be recommended stands above the recommendation; what
                # stands above it is held back for want of evidence, and said so.
                assert all(o.raw <= best.raw for o in standing if o.earned)
                above = {o.option for o in standing if o.raw > best.raw}
                assert above == set(result.held_back)

    check()


@pytest.mark.parametrize("kb", BASES, ids=lambda kb: kb.version)
def test_the_order_of_rules_does_not_matter(kb):
    @PROPERTY
    @given(designs(kb), st.randoms(use_true_random=False))
    def check(spec, rng):
        rules = list(kb.rules)
        rng.shuffle(rules)
        shuffled = dataclasses.replace(kb, rules=tuple(rules))
        assert evaluation_to_dict(evaluate(spec, shuffled)) == evaluation_to_dict(
            evaluate(spec, kb)
        )

    check()


@pytest.mark.parametrize("kb", BASES, ids=lambda kb: kb.version)
def test_the_order_of_components_does_not_matter(kb):
    @PROPERTY
    @given(designs(kb), st.randoms(use_true_random=False))
    def check(spec, rng):
        components = list(spec.components)
        rng.shuffle(components)
        reordered = dataclasses.replace(spec, components=tuple(components))
        before = evaluate(spec, kb)
        after = evaluate(reordered, kb)
        by_name = {c.name: c for c in after.components}
        for result in before.components:
            assert by_name[result.name] == result
        assert before.findings == after.findings

    check()


@pytest.mark.parametrize("kb", BASES, ids=lambda kb: kb.version)
def test_answering_fewer_questions_never_raises_confidence(kb):
    @PROPERTY
    @given(designs(kb), st.randoms(use_true_random=False))
    def check(spec, rng: random.Random):
        def forget(values):
            return {k: v for k, v in values.items() if rng.random() < 0.5}

        fewer = dataclasses.replace(
            spec,
            context=forget(spec.context),
            components=tuple(
                dataclasses.replace(c, answers=forget(c.answers)) for c in spec.components
            ),
        )
        full = evaluate(spec, kb, analyse=False)
        less = evaluate(fewer, kb, analyse=False)
        for a, b in zip(full.components, less.components, strict=True):
            for option_full, option_less in zip(a.options, b.options, strict=True):
                assert option_less.confidence <= option_full.confidence

    check()


@pytest.mark.parametrize("kb", BASES, ids=lambda kb: kb.version)
def test_the_tipping_point_bound_never_hides_a_change(kb, monkeypatch):
    """The bound that skips questions, and the skipping of numbers that stand where an
    answer already tried stood among the thresholds, find what trying everything finds."""
    from evaluator.engine import tipping

    @PROPERTY
    @given(designs(kb))
    def check(spec):
        bounded = evaluate(spec, kb)
        with monkeypatch.context() as patch:
            patch.setattr(tipping, "_may_tip", lambda *arguments: True)
            patch.setattr(tipping, "_position", lambda thresholds, value: value)
            exhaustive = evaluate(spec, kb)
        for a, b in zip(bounded.components, exhaustive.components, strict=True):
            assert a.tipping_points == b.tipping_points

    check()


@pytest.mark.parametrize("kb", BASES, ids=lambda kb: kb.version)
def test_tipping_points_do_what_they_say(kb):
    from evaluator.engine import what_if

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(designs(kb))
    def check(spec):
        evaluation = evaluate(spec, kb)
        for result in evaluation.components:
            for point in result.tipping_points[:3]:
                # A context change reaches every component; only this one is checked.
                changed = what_if(spec, {point.question: point.new}, kb, component=result.name)
                after = evaluate(changed, kb, analyse=False).component(result.name)
                assert after.recommendation == point.recommendation
                assert after.recommendation != result.recommendation
                if point.recommendation is not None:
                    assert after.option(point.recommendation).score == point.score

    check()


@pytest.mark.parametrize("kb", BASES, ids=lambda kb: kb.version)
def test_changing_one_answer_patches_what_a_fresh_assessment_gives(kb):
    """``reassess`` re-runs only the rules and variant conditions reading one question and
    settles only their options (plainly where the variant changes nothing); every
    option's standing must equal a full ``assess`` of the changed facts."""
    from evaluator.engine.assessment import assess, reassess
    from evaluator.engine.core import plan_for, priorities_key
    from evaluator.engine.facts import component_facts

    questions = [kb.by_id[qid] for qid in sorted(kb.rules_by_question)]

    @PROPERTY
    @given(designs(kb), st.data())
    def check(spec, data):
        plan = plan_for(kb, priorities_key(spec.priorities))
        for component in spec.components:
            facts = component_facts(spec, component)
            state = assess(plan, dict(facts))
            for question in data.draw(st.lists(st.sampled_from(questions), max_size=6)):
                value = data.draw(st.none() | value_strategy(question))
                changed = reassess(plan, state, question.id, value)
                assert state.facts == facts  # put back as it was
                fresh = dict(facts)
                fresh.pop(question.id, None)
                if value is not None:
                    fresh[question.id] = value
                expected = assess(plan, fresh).outcome
                assert (changed or state.outcome) == expected

    check()
