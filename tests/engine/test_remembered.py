"""A component's uncertainty is remembered by its content: after any edit, an evaluation
with results remembered from the design before equals one worked out from nothing."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from evaluator.engine import evaluate, load_knowledge
from evaluator.engine.remembered import forget
from evaluator.engine.spec import parse_design
from evaluator.engine.uncertain import Range, Weights

SHOP = Path(__file__).resolve().parents[2] / "designs" / "shop.yaml"
SAMPLES = 400


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


@pytest.fixture(scope="module")
def unsure(kb):
    """The shop with a range in the context and a range and weights in every component."""
    spec = parse_design(SHOP.read_bytes(), knowledge=kb)
    components = tuple(
        dataclasses.replace(
            c,
            answers={
                **c.answers,
                "peak_rps": Range(50, 5000, 400),
                "caller_waits": Weights((("yes", 0.6), ("no", 0.4))),
            },
        )
        for c in spec.components
    )
    context = {**spec.context, "team_size": Range(10, 40)}
    return dataclasses.replace(spec, components=components, context=context)


def with_component(spec, index, **changes):
    components = list(spec.components)
    components[index] = dataclasses.replace(components[index], **changes)
    return dataclasses.replace(spec, components=tuple(components))


def edits(spec):
    """Edits of each kind a person makes to ``spec``."""
    first = spec.components[0]
    yield "an answer", with_component(spec, 0, answers={**first.answers, "peak_rps": 3})
    yield (
        "a range",
        with_component(spec, 1, answers={**spec.components[1].answers, "peak_rps": Range(1, 20)}),
    )
    yield "a kind", with_component(spec, 2, kind="worker")
    yield "a name", with_component(spec, 3, name="Renamed")
    yield "a dependency", with_component(spec, 4, depends_on=())
    yield "the priorities", dataclasses.replace(spec, priorities={"cost": "high", "latency": "low"})
    yield (
        "a context range",
        dataclasses.replace(spec, context={**spec.context, "team_size": Range(2, 5)}),
    )


def test_every_edit_scores_as_if_nothing_were_remembered(kb, unsure):
    """Each edit is scored right after the design before it, as in the editor, and
    again from nothing; most edits change the result, so a stale one would show."""
    forget()
    before = evaluate(unsure, kb, analyse=False, samples=SAMPLES)
    previous, changed = unsure, 0
    for what, spec in edits(unsure):
        evaluate(previous, kb, analyse=False, samples=SAMPLES)
        warm = evaluate(spec, kb, analyse=False, samples=SAMPLES)
        forget()
        cold = evaluate(spec, kb, analyse=False, samples=SAMPLES)
        assert warm == cold, what
        changed += warm.components != before.components
        previous = spec
    assert changed >= 5


def test_the_seed_the_count_and_the_detail_are_part_of_the_content(kb, unsure):
    forget()
    base = evaluate(unsure, kb, analyse=False, samples=SAMPLES, detail=False)
    for options in ({"seed": 7}, {"samples": SAMPLES + 1}, {"detail": True}):
        warm = evaluate(
            unsure, kb, analyse=False, **{"samples": SAMPLES, "detail": False, **options}
        )
        forget()
        cold = evaluate(
            unsure, kb, analyse=False, **{"samples": SAMPLES, "detail": False, **options}
        )
        assert warm == cold, options
        assert warm != base, options
        evaluate(unsure, kb, analyse=False, samples=SAMPLES, detail=False)
