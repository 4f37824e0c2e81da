"""The vectorised evaluator against the scalar engine: every sampled row, scored over
arrays, equals the scalar engine's evaluation of a design holding that row's values.

Run on the fixture base and on the project's own, with ranges and weights drawn by
hypothesis. When the scoring rules change, this is the test that says whether both
paths still agree.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluator.engine import evaluate
from evaluator.engine.knowledge import KnowledgeBase, Question
from evaluator.engine.montecarlo import sample_design
from evaluator.engine.uncertain import Range, Weights

from .test_properties import BASES, designs

ROWS = 48
SAMPLED = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def uncertain_strategy(question: Question) -> st.SearchStrategy | None:
    if question.type == "number":
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else 1_000_000
        if question.integer:
            bound = st.integers(int(low), int(min(high, 10_000)))
        else:
            bound = st.one_of(
                st.integers(int(low), int(min(high, 100_000))),
                st.floats(low, min(high, 100_000), allow_nan=False, allow_infinity=False),
            )

        @st.composite
        def ranges(draw):
            values = sorted(draw(st.lists(bound, min_size=3, max_size=3)))
            likely = values[1] if draw(st.booleans()) else None
            return Range(values[0], values[2], likely)

        return ranges()
    if question.type in ("bool", "choice"):
        keys = ["yes", "no"] if question.type == "bool" else [c.value for c in question.choices]

        @st.composite
        def weights(draw):
            chosen = draw(st.lists(st.sampled_from(keys), min_size=1, unique=True))
            parts = draw(st.lists(st.integers(0, 10), min_size=len(chosen), max_size=len(chosen)))
            if not sum(parts):
                parts[0] = 1
            total = sum(parts)
            order = [key for key in keys if key in chosen]
            given = dict(zip(chosen, parts, strict=True))
            return Weights(tuple((key, given[key] / total) for key in order))

        return weights()
    return None


def with_uncertainty(kb: KnowledgeBase, scope: str):
    strategies = {
        q.id: s for q in kb.questions_in_scope(scope) if (s := uncertain_strategy(q)) is not None
    }
    return st.fixed_dictionaries({}, optional=strategies)


@st.composite
def uncertain_designs(draw, kb: KnowledgeBase):
    spec = draw(designs(kb))
    context = {**spec.context, **draw(with_uncertainty(kb, "system"))}
    components = tuple(
        dataclasses.replace(c, answers={**c.answers, **draw(with_uncertainty(kb, "component"))})
        for c in spec.components
    )
    return dataclasses.replace(spec, context=context, components=components)


def row_design(spec, kb, sampled, row: int):
    """The design with sample ``row``'s values in place of every uncertain answer.

    A system-wide answer is drawn alike for every component, so one design holds the row
    of all of them at once."""
    context = dict(spec.context)
    components = []
    for component in spec.components:
        drawn = sampled[component.name].answers(kb, row)
        answers = dict(component.answers)
        for qid, value in drawn.items():
            if kb.by_id[qid].scope == "system":
                context[qid] = value
            else:
                answers[qid] = value
        components.append(dataclasses.replace(component, answers=answers))
    return dataclasses.replace(spec, context=context, components=tuple(components))


@pytest.mark.parametrize("kb", BASES, ids=lambda kb: kb.version)
def test_every_sampled_row_equals_the_scalar_engine(kb):
    @SAMPLED
    @given(uncertain_designs(kb), st.integers(0, 2**32))
    def check(spec, seed):
        sampled = sample_design(spec, kb, samples=ROWS, seed=seed)
        for row in range(ROWS):
            scalar = evaluate(row_design(spec, kb, sampled, row), kb, analyse=False)
            for result in scalar.components:
                rows = sampled[result.name]
                outcome = rows.inverse[row]
                best = rows.best[outcome]
                assert result.recommendation == (None if best < 0 else result.options[best].option)
                for oi, option in enumerate(result.options):
                    assert option.score == rows.scores[outcome, oi]
                    assert option.ruled_out == rows.vetoed[outcome, oi]
                    variant = rows.variants[outcome, oi]
                    chosen = None if variant < 0 else kb.option(option.option).variants[variant].id
                    assert option.variant == chosen

    check()


@pytest.mark.parametrize("kb", BASES, ids=lambda kb: kb.version)
def test_point_answers_give_the_scalar_result_with_certainty(kb):
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(designs(kb))
    def check(spec):
        for result in evaluate(spec, kb).components:
            found = result.uncertainty
            assert found.samples == 1 and found.verdict == "robust"
            assert found.top == result.recommendation
            for option in result.options:
                assert found.recommended[option.option] == (option.option == result.recommendation)
                assert found.ruled_out[option.option] == option.ruled_out
                assert found.scores[option.option].p10 == option.score
                assert found.scores[option.option].p90 == option.score

    check()


@pytest.mark.parametrize("kb", BASES, ids=lambda kb: kb.version)
def test_priority_flips_do_what_they_say(kb):
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(designs(kb))
    def check(spec):
        for result in evaluate(spec, kb).components:
            for flip in result.uncertainty.priority_flips:
                moved = dataclasses.replace(
                    spec, priorities={**spec.priorities, flip.attribute: flip.moved_to}
                )
                after = evaluate(moved, kb, analyse=False).component(result.name)
                assert after.recommendation == flip.recommendation != result.recommendation

    check()


@pytest.mark.parametrize("kb", BASES, ids=lambda kb: kb.version)
def test_sampled_priority_flips_do_what_they_say(kb):
    """Every move of one priority by one level, re-scored from scratch over the same
    samples: the top option changes exactly for the moves listed as flips."""
    levels = {"high": ("medium",), "medium": ("high", "low"), "low": ("medium",)}

    @settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(uncertain_designs(kb), st.integers(0, 2**32))
    def check(spec, seed):
        evaluation = evaluate(spec, kb, samples=ROWS, seed=seed)
        for attribute in kb.attributes:
            current = spec.priorities.get(attribute.id) or "medium"
            for level in levels[current]:
                moved = dataclasses.replace(
                    spec, priorities={**spec.priorities, attribute.id: level}
                )
                after = evaluate(moved, kb, analyse=False, samples=ROWS, seed=seed)
                for before, result in zip(evaluation.components, after.components, strict=True):
                    flips = {
                        (flip.attribute, flip.moved_to): flip
                        for flip in before.uncertainty.priority_flips
                    }
                    flip = flips.get((attribute.id, level))
                    if flip is None:
                        assert result.uncertainty.top == before.uncertainty.top
                    else:
                        assert result.uncertainty.top == flip.recommendation
                        assert flip.recommendation != before.uncertainty.top

    check()


@st.composite
def ranges(draw) -> Range:
    low = draw(st.integers(0, 5_000))
    high = low + draw(st.integers(0, 100_000))
    likely = draw(st.none() | st.integers(low, high))
    return Range(low, high, likely)


@SAMPLED
@given(
    answer=ranges(),
    integer=st.booleans(),
    shares=st.lists(st.floats(0, 1, exclude_max=True), min_size=1, max_size=20),
)
def test_a_ranges_quantile_is_its_draw_of_one_uniform(answer, integer, shares):
    """The plain-float quantile (a driver's edges) and the array draw (the samples) are one
    distribution: equal for every uniform, in linear and in log space."""
    drawn = answer.draw(np.array(shares), integer).tolist()
    assert drawn == [answer.quantile(share, integer) for share in shares]


@pytest.mark.parametrize(
    "answer", [Range(526, 5290), Range(1, 100_000, 40), Range(200, 5000, 800)], ids=str
)
def test_quantiles_equal_draws_over_many_uniforms_in_log_space(answer):
    """Many uniforms at once, in log space, where the C library's exp and numpy's differ
    in the last bit for some values: the quantile must use the draw's."""
    shares = np.random.default_rng(7).random(5_000)
    assert answer.log_scale
    drawn = answer.draw(shares).tolist()
    assert drawn == [answer.quantile(share) for share in shares.tolist()]
