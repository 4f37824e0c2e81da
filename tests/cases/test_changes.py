"""What a change of knowledge does to the case library's judgement (``cases.changes``)."""

from pathlib import Path

import pytest

from evaluator.cases import judge, load_cases
from evaluator.cases.changes import case_changes
from evaluator.engine.knowledge.packreader import read_pack
from evaluator.engine.knowledge.packs import apply_packs

EXAMPLE_PACK = Path(__file__).resolve().parents[2] / "designs" / "packs" / "acme-azure.yaml"


@pytest.fixture(scope="module")
def with_pack(kb):
    pack_kb = apply_packs(kb, [read_pack(EXAMPLE_PACK.read_text(), kb, filename="pack")])
    return {case.slug: judge(case, pack_kb) for case in load_cases(pack_kb)}


def test_the_same_knowledge_changes_no_case(verdicts):
    assert case_changes(list(verdicts.values()), list(verdicts.values())) == ()


def test_every_case_with_another_recommendation_is_a_change(verdicts, with_pack):
    changes = {c.slug: c for c in case_changes(list(verdicts.values()), list(with_pack.values()))}
    moved = [s for s in verdicts if verdicts[s].recommendation != with_pack[s].recommendation]
    assert moved
    for slug in moved:
        change = changes[slug]
        assert (change.before, change.after) == (
            verdicts[slug].recommendation,
            with_pack[slug].recommendation,
        )
        assert (change.agreed, change.agrees) == (verdicts[slug].agrees, with_pack[slug].agrees)
        assert change.flips_after == len(with_pack[slug].flips)


def test_a_lead_that_only_grows_or_shrinks_is_not_a_change(verdicts, with_pack):
    changes = {c.slug for c in case_changes(list(verdicts.values()), list(with_pack.values()))}

    def said(v):
        return (v.recommendation, v.variant, v.agrees, v.decisive, v.close_call, bool(v.flips))

    only_margin = [
        s
        for s in verdicts
        if said(verdicts[s]) == said(with_pack[s]) and verdicts[s].margin != with_pack[s].margin
    ]
    assert only_margin, "the example pack moves some lead without changing the verdict"
    assert not changes & set(only_margin)
    # And every change listed differs in something the verdict says.
    assert all(said(verdicts[s]) != said(with_pack[s]) for s in changes)
