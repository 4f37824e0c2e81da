"""Template filters that format scores."""

from __future__ import annotations

import pytest

from evaluator.engine.explain import signed as engine_signed
from evaluator.web.templatetags.scores import signed


@pytest.mark.parametrize("value", [3, -3, 0, 2.5, -1500, 0.001])
def test_signed_filter_reads_as_the_engine_does(value):
    assert signed(value) == engine_signed(value)


def test_signed_filter_shows_a_dash_for_no_value():
    assert signed(None) == "—"


def test_signed_filter_shows_zero_without_a_sign():
    assert signed(0) == "0"
