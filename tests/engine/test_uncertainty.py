"""How sure a recommendation is: probabilities against the distributions they come from
(fixed seeds), verdicts, drivers and their thresholds, determinism."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pytest

from evaluator.engine import default_knowledge, evaluate
from evaluator.engine.montecarlo import sample_design
from evaluator.engine.results import certainty_verdict
from evaluator.engine.sampling import DEFAULT_SEED, MAX_SAMPLES
from evaluator.engine.spec import ComponentSpec, DesignSpec, parse_design
from evaluator.engine.uncertain import Range, Weights

KB = default_knowledge()
N = 10_000
TOLERANCE = 0.03
SHOP = parse_design(
    (Path(__file__).parents[2] / "designs" / "shop.yaml").read_bytes(), knowledge=KB
)


def worker(**answers) -> DesignSpec:
    return DesignSpec("Jobs", components=(ComponentSpec("Job", "worker", answers=answers),))


def with_answers(spec: DesignSpec, name: str, **answers) -> DesignSpec:
    components = tuple(
        dataclasses.replace(c, answers={**c.answers, **answers}) if c.name == name else c
        for c in spec.components
    )
    return dataclasses.replace(spec, components=components)


def uncertainty(spec: DesignSpec, name: str | None = None, **kwargs):
    result = evaluate(spec, KB, samples=N, **kwargs)
    return (result.component(name) if name else result.components[0]).uncertainty


def above_triangular(low: float, peak: float, high: float, limit: float) -> float:
    """P(X > limit) for a triangular distribution, written out here from its definition."""
    if limit <= low:
        return 1.0
    if limit >= high:
        return 0.0
    if limit <= peak:
        return 1 - (limit - low) ** 2 / ((high - low) * (peak - low))
    return (high - limit) ** 2 / ((high - low) * (high - peak))


# A hard limit rules out the variant it belongs to; serverless as a whole is ruled out
# when none is left. Past 10,240 MB no AWS Lambda function is left, past 122,880 MB (the
# largest AWS Fargate task) no serverless container or batch job either: memory_mb >
# 122,880 rules serverless out.
LIMIT = 122_880


def test_a_range_wholly_above_a_hard_limit_rules_the_option_out_every_time():
    found = uncertainty(worker(memory_mb=Range(130_000, 500_000)))
    assert found.ruled_out["serverless"] == 1.0
    assert found.recommended["serverless"] == 0.0


def test_a_range_wholly_below_it_never_does():
    # Past the functions' limit only: the containers and batch jobs still stand.
    assert uncertainty(worker(memory_mb=Range(20_000, 100_000))).ruled_out["serverless"] == 0.0


@pytest.mark.parametrize(
    "answer, expected",
    [
        # Linear (high < 10 x low): triangular between 100,000 and 200,000, peak 110,000.
        (Range(100_000, 200_000, 110_000), above_triangular(100_000, 110_000, 200_000, LIMIT)),
        # No likely: the peak is the middle.
        (Range(100_000, 200_000), above_triangular(100_000, 150_000, 200_000, LIMIT)),
        # A peak close to one end.
        (Range(115_000, 200_000, 120_000), above_triangular(115_000, 120_000, 200_000, LIMIT)),
        # Log space (400,000 >= 10 x 20,000): triangular in ln x, peak half way.
        (
            Range(20_000, 400_000),
            above_triangular(
                math.log(20_000),
                math.log(20_000 * 400_000) / 2,
                math.log(400_000),
                math.log(LIMIT),
            ),
        ),
        (
            Range(20_000, 400_000, 150_000),
            above_triangular(
                math.log(20_000), math.log(150_000), math.log(400_000), math.log(LIMIT)
            ),
        ),
    ],
    ids=["linear", "linear-middle", "linear-skewed", "log", "log-likely"],
)
def test_a_range_straddling_a_hard_limit_rules_out_with_the_mass_above_it(answer, expected):
    found = uncertainty(worker(memory_mb=answer))
    assert abs(found.ruled_out["serverless"] - expected) <= TOLERANCE, (found, expected)


@pytest.mark.parametrize(
    "answer, corners, log",
    [
        (Range(10, 50, 20), (10, 20, 50), False),
        (Range(10, 50), (10, 30, 50), False),
        (Range(2, 2_000, 40), (math.log(2), math.log(40), math.log(2_000)), True),
        (Range(2, 2_000), (math.log(2), math.log(4_000) / 2, math.log(2_000)), True),
    ],
)
def test_ranges_are_drawn_from_the_documented_distribution(answer, corners, log):
    drawn = answer.draw(np.random.default_rng(5).random(N))
    values = np.log(drawn) if log else drawn
    low, peak, high = corners
    for fraction in (0.1, 0.25, 0.5, 0.75, 0.9):
        x = low + fraction * (high - low)
        expected = 1 - above_triangular(low, peak, high, x)
        assert abs(np.mean(values <= x) - expected) <= 0.02, (fraction, expected)
    assert drawn.min() >= answer.low and drawn.max() <= answer.high


def test_weights_rule_out_with_their_weight():
    # A component that keeps no state has nothing to put on a ledger: "no" 70% of the time.
    answers = {"stores_state": Weights((("yes", 0.3), ("no", 0.7)))}
    found = uncertainty(worker(**answers))
    assert abs(found.ruled_out["blockchain"] - 0.7) <= TOLERANCE


def test_a_sampled_whole_number_is_drawn_as_whole_numbers_within_its_range():
    spec = worker(replicas=Range(1, 7), consumers=Range(0, 3))
    rows = sample_design(spec, KB, samples=2_000, seed=1)["Job"]
    for qid, (low, high) in {"replicas": (1, 7), "consumers": (0, 3)}.items():
        column = rows.columns[qid]
        assert np.array_equal(column, np.floor(column))
        assert column.min() == low and column.max() == high


@pytest.mark.parametrize(
    "share, verdict",
    [(1.0, "robust"), (0.8, "robust"), (0.7999, "leaning"), (0.6, "leaning"), (0.5999, "toss-up")],
)
def test_verdicts(share, verdict):
    assert certainty_verdict(share) == verdict


def test_a_limit_in_the_middle_of_a_range_is_the_driver_and_its_threshold():
    # Recommendation refresh: serverless unless its memory outgrows every serverless variant.
    spec = with_answers(
        SHOP,
        "Recommendation refresh",
        memory_mb=Range(20_000, 400_000),
        job_duration_s=Range(400, 800),  # under every time limit: changes nothing
    )
    found = uncertainty(spec, "Recommendation refresh")
    assert found.top == "serverless"
    expected = 1 - above_triangular(
        math.log(20_000), math.log(20_000 * 400_000) / 2, math.log(400_000), math.log(LIMIT)
    )
    assert abs(found.recommended["serverless"] - expected) <= TOLERANCE
    assert found.verdict == certainty_verdict(found.top_probability)
    first, *rest = found.drivers
    assert first.question == "memory_mb"
    assert first.threshold.value == LIMIT
    assert first.threshold.below == "serverless" and first.threshold.below_probability == 1.0
    assert first.threshold.above != "serverless"
    assert first.sentence.startswith("Serverless wins when “Memory needed” is at most 122,880 MB")
    # The lowest third of the range (in log space, up to about 54,000 MB) is all
    # serverless; the highest (from about 147,000 MB) none.
    low, high = first.parts[0], first.parts[-1]
    assert low.probability == 1.0 and high.probability < 0.5
    assert first.swing == round(low.probability - high.probability, 4)
    duration = next(d for d in found.drivers if d.question == "job_duration_s")
    assert duration.swing == 0.0 and duration.threshold is None
    assert "hardly change" in duration.sentence


def test_choice_drivers_name_the_winner_of_each_choice():
    spec = with_answers(
        SHOP,
        "Recommendation refresh",
        caller_waits=Weights((("yes", 0.5), ("no", 0.5))),
        # Over every time limit for a waiting caller; a batch job answers nobody who waits.
        job_duration_s=5_000,
    )
    found = uncertainty(spec, "Recommendation refresh")
    driver = next(d for d in found.drivers if d.question == "caller_waits")
    parts = {part.value: part for part in driver.parts}
    assert parts[True].winner != "serverless"  # no variant left when the caller waits
    assert parts[False].winner == "serverless"
    assert abs(parts[True].share - 0.5) <= TOLERANCE
    assert driver.sentence.startswith("Who wins depends on “Does the caller wait for the answer?”")


def test_the_same_seed_gives_the_same_result_and_the_default_seed_is_fixed():
    spec = worker(job_duration_s=Range(300, 2_000), payload_kb=Range(100, 9_000))
    first = evaluate(spec, KB, samples=1_000)
    assert evaluate(spec, KB, samples=1_000) == first
    assert evaluate(spec, KB, samples=1_000, seed=DEFAULT_SEED) == first
    other = sample_design(spec, KB, samples=1_000, seed=DEFAULT_SEED + 1)["Job"]
    same = sample_design(spec, KB, samples=1_000, seed=DEFAULT_SEED)["Job"]
    assert not np.array_equal(other.columns["job_duration_s"], same.columns["job_duration_s"])


def test_an_answer_keeps_its_samples_when_another_becomes_uncertain():
    before = sample_design(worker(job_duration_s=Range(300, 2_000)), KB, samples=500, seed=3)
    after = sample_design(
        worker(job_duration_s=Range(300, 2_000), payload_kb=Range(1, 10)), KB, samples=500, seed=3
    )
    assert np.array_equal(
        before["Job"].columns["job_duration_s"], after["Job"].columns["job_duration_s"]
    )


def test_a_system_wide_range_takes_the_same_values_in_every_component():
    spec = DesignSpec(
        "Two",
        context={"team_size": Range(2, 60)},
        components=(ComponentSpec("A", "api"), ComponentSpec("B", "worker")),
    )
    rows = sample_design(spec, KB, samples=500, seed=3)
    assert np.array_equal(rows["A"].columns["team_size"], rows["B"].columns["team_size"])


@pytest.mark.parametrize(
    "samples, seed, words",
    [
        (0, 1, "from 1 to"),
        (-5, 1, "from 1 to"),
        (MAX_SAMPLES + 1, 1, "from 1 to"),
        (2.5, 1, "whole number"),
        (True, 1, "whole number"),
        (100, -1, "seed"),
        (100, "7", "seed"),
    ],
)
def test_a_bad_sample_count_or_seed_is_refused(samples, seed, words):
    with pytest.raises(ValueError, match=words):
        evaluate(worker(), KB, samples=samples, seed=seed)


def test_scores_only_leave_the_uncertainty_out_unless_samples_are_asked_for():
    spec = worker(job_duration_s=Range(300, 2_000))
    assert evaluate(spec, KB, analyse=False).components[0].uncertainty is None
    assert evaluate(spec, KB, analyse=False, samples=100).components[0].uncertainty.samples == 100
    assert evaluate(spec, KB).components[0].uncertainty.samples == 2_000


def test_without_detail_the_chances_are_the_same_and_drivers_and_flips_are_left_out():
    trading = parse_design(
        (Path(__file__).parents[2] / "designs" / "trading.yaml").read_bytes(), knowledge=KB
    )
    # The journal's recommendation flips with a priority: sampled, and with single values.
    for spec in (trading, with_answers(trading, "Trade journal", payload_kb=Range(1, 2))):
        found = [
            evaluate(spec, KB, analyse=False, samples=300, detail=detail).component("Trade journal")
            for detail in (True, False)
        ]
        full, light = (result.uncertainty for result in found)
        assert full.priority_flips
        assert (light.drivers, light.priority_flips) == ((), ())
        assert light == dataclasses.replace(full, drivers=(), priority_flips=())
    assert full.drivers  # the sampled one has its driver


@pytest.mark.parametrize(
    "values",
    [
        np.array([[3, -2, 3], [7, 7, -2]]),
        np.arange(10_000) % 7,
        np.array([5]),
        np.array([0.5, 0.25, 0.5]),
    ],
    ids=["small span", "many repeats", "one", "floats"],
)
def test_distinct_values_are_numpys_unique(values):
    from evaluator.engine.grouping import distinct_values

    distinct, index = distinct_values(values)
    expected, inverse = np.unique(values.reshape(-1), return_inverse=True)
    assert distinct.tolist() == expected.tolist()
    assert index.shape == values.shape
    assert index.reshape(-1).tolist() == inverse.tolist()


@pytest.mark.parametrize("width", [1, 3, 70, 140])
def test_distinct_rows_group_rows_as_numpys_unique_does(width):
    from evaluator.engine.grouping import distinct_rows

    rng = np.random.default_rng(width)
    # Few distinct rows among many, so that grouping matters; wide rows span several words.
    patterns = rng.random((40, width)) < 0.5
    matrix = patterns[rng.integers(0, 40, size=3_000)]
    first, inverse, counts = distinct_rows(matrix)
    expected = np.unique(matrix, axis=0)
    assert len(first) == len(expected) == len(counts)
    assert np.array_equal(matrix[first][inverse], matrix)  # each row is its group's row
    assert counts.sum() == len(matrix)
    assert np.array_equal(np.bincount(inverse, minlength=len(first)), counts)


@pytest.mark.parametrize("varying", [0, 1, 20, 64, 90])
def test_distinct_columns_groups_as_the_stacked_matrix_would(varying):
    from evaluator.engine.grouping import distinct_columns

    rng = np.random.default_rng(varying)
    size = 3_000
    patterns = rng.random((50, varying)) < 0.5
    matrix = np.empty((size, varying + 6), dtype=bool)
    matrix[:, :varying] = patterns[rng.integers(0, 50, size=size)]
    matrix[:, varying:] = [True, False, True, True, False, False]  # set no row apart
    first, inverse, counts = distinct_columns(list(matrix.T), size)
    expected = np.unique(matrix, axis=0, return_index=True, return_counts=True)
    assert sorted(first.tolist()) == sorted(expected[1].tolist())  # each group's first row
    assert np.array_equal(matrix[first][inverse], matrix)
    assert sorted(counts.tolist()) == sorted(expected[2].tolist())
    assert np.array_equal(np.bincount(inverse, minlength=len(first)), counts)


def test_pick_rows_is_pick_tie_for_tie():
    from evaluator.engine.arrays import pick_rows
    from evaluator.engine.results import pick

    rng = np.random.default_rng(11)
    # Small totals, so that ties are common; every mix of ruled out and earned.
    totals = rng.integers(-3, 4, size=(5_000, 6))
    vetoed = rng.random((5_000, 6)) < 0.3
    earned = rng.random((5_000, 6)) < 0.5
    found = pick_rows(totals, vetoed, earned)
    for row in range(len(totals)):
        best, _ = pick(totals[row].tolist(), vetoed[row].tolist(), earned[row].tolist())
        assert found[row] == (-1 if best is None else best)


def test_pick_rows_takes_the_options_on_the_last_axis_of_float_sums():
    """The priority flips pick for plans x outcomes x options at once, from float sums."""
    from evaluator.engine.arrays import pick_rows

    rng = np.random.default_rng(12)
    totals = rng.integers(-3, 4, size=(4, 500, 6))
    vetoed = rng.random((500, 6)) < 0.3
    earned = rng.random((4, 500, 6)) < 0.5
    found = pick_rows(totals.astype(np.float64), vetoed, earned)
    assert found.shape == (4, 500)
    for plan in range(4):
        assert found[plan].tolist() == pick_rows(totals[plan], vetoed, earned[plan]).tolist()


@pytest.mark.parametrize("rows", [1, 300, 5_000])
def test_a_product_made_in_blocks_of_rows_is_the_whole_product(rows):
    from evaluator.engine.arrays import product

    rng = np.random.default_rng(rows)
    a = (rng.random((rows, 70)) < 0.3).astype(np.float64)
    b = rng.integers(-300, 300, size=(70, 12)).astype(np.float64)
    assert np.array_equal(product(a, b), a @ b)
    assert np.array_equal(product(a[0], b), a[0] @ b)
