"""The case library itself: enough cases, every option both right and wrong, sources."""

from collections import Counter

import pytest

from evaluator.cases import load_case
from evaluator.engine import OPTION_IDS
from evaluator.engine.errors import DesignError


def test_at_least_twenty_documented_cases(cases):
    assert len(cases) >= 20


def test_every_option_is_the_right_answer_somewhere_and_the_wrong_one_elsewhere(cases):
    decided = {case.decision for case in cases.values()}
    rejected = {option for case in cases.values() for option in case.rejected}
    assert decided == set(OPTION_IDS)
    assert rejected == set(OPTION_IDS)


def test_several_cases_show_the_fashionable_answer_was_wrong(cases):
    fashionable = Counter(case.fashionable for case in cases.values() if case.fashionable)
    assert sum(fashionable.values()) >= 5
    assert len(fashionable) >= 3  # more than one fashion


def test_every_case_cites_a_public_source_and_marks_its_estimates(cases):
    for case in cases.values():
        assert case.source.title and case.source.publisher, case.slug
        assert 1950 <= case.source.year <= 2026, case.slug
        assert len(case.reason) > 150, case.slug
        assert case.estimated, case.slug
        answers = case.spec.component(case.component).answers
        for qid in case.estimated:
            assert qid in case.spec.context or qid in answers


def _write(tmp_path, text):
    path = tmp_path / "case.yaml"
    path.write_text(text)
    return path


CASE = """\
case:
  system: Example
  year: 2020
  source: {title: A post, publisher: A blog, year: 2020}
  component: Worker
  decision: baseline
  rejected: [serverless]
  reason: Because.
  decisive: [baseline.background-worker]
  estimated: [peak_rps]
design:
  format: tradeoff-evaluator/1
  name: Example
  components:
    - name: Worker
      kind: worker
      answers: {peak_rps: 10}
"""


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("decision: baseline", "decision: basline", "'basline' is not an option"),
        ("component: Worker", "component: Writer", "no component 'Writer'"),
        ("rejected: [serverless]", "rejected: [baseline]", "cannot also be rejected"),
        ("[baseline.background-worker]", "[baseline.background-wroker]", "no rule"),
        ("estimated: [peak_rps]", "estimated: [avg_rps]", "'avg_rps' is not answered"),
        ("{peak_rps: 10}", "{peak_rps: lots}", "expected a number"),
        ("year: 2020\n  source", "year: twenty\n  source", "must be a year"),
    ],
)
def test_a_broken_case_is_refused_with_its_line(tmp_path, kb, old, new, message):
    path = _write(tmp_path, CASE.replace(old, new, 1))
    with pytest.raises(DesignError) as caught:
        load_case(path, kb)
    assert message in str(caught.value)
    assert caught.value.line is not None


def test_a_lenient_reading_drops_what_the_catalogue_cannot_read(tmp_path, kb):
    text = CASE.replace("{peak_rps: 10}", "{peak_rps: 10, warp_factor: 9}")
    with pytest.raises(DesignError):
        load_case(_write(tmp_path, text), kb)
    case = load_case(_write(tmp_path, text), kb, lenient=True)
    assert case.dropped == ("warp_factor",)
    assert dict(case.spec.component("Worker").answers) == {"peak_rps": 10}
