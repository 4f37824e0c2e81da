"""Plain sentences and numbers shared by the pages, charts and exports."""

from __future__ import annotations

import pytest

from evaluator.engine.explain import format_number, isolate, signed, verdict


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12, "+12"),
        (-7.5, "\u22127.5"),
        (1800, "+1,800"),
        (-0.3333, "\u22120.33"),
        (0, "0"),
        (0.0, "0"),
        (-0.0, "0"),
        # Shown as 0, so signed as 0: never "+0" or "−0".
        (0.001, "0"),
        (-0.004, "0"),
    ],
)
def test_signed_numbers(value, expected):
    assert signed(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1800, "1,800"), (2.5, "2.5"), (0.3333, "0.33"), (3.0, "3"), (0, "0")],
)
def test_format_number(value, expected):
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("best", "second", "close_call", "no_good_option"),
    [
        (None, None, False, False),
        (("Serverless", 74, "strong"), ("Baseline", 60), False, False),
        (("Serverless", 74, "strong"), ("Baseline", 70), True, False),
        (("Serverless", 44, "weak"), None, False, True),
    ],
)
def test_the_verdict_isolates_the_component_name(best, second, close_call, no_good_option):
    name = "Payments \u202eexe.elif"
    sentence = verdict(name, best, second, close_call=close_call, no_good_option=no_good_option)
    assert isolate(name) in sentence
    assert "\u202e" not in sentence.replace(isolate(name), "")
