"""Provenance: every result and every export says which knowledge and packs it used."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluator.engine import evaluate, evaluation_to_dict
from evaluator.engine.knowledge import with_packs
from evaluator.reports import render_json, render_review, review_meta
from evaluator.web.management.commands.evaluate import render_table

from .conftest import FIXED_DATE

PACK = Path(__file__).resolve().parents[2] / "designs" / "packs" / "acme-azure.yaml"


@pytest.fixture(scope="module")
def merged(kb):
    merged, _packs = with_packs(kb, [(PACK.read_bytes(), "acme-azure.yaml")])
    return merged


def test_the_evaluation_records_the_knowledge_digest_and_packs(shop, kb, merged):
    plain = evaluation_to_dict(evaluate(shop, kb, analyse=False))
    assert plain["knowledge_digest"] == kb.digest
    assert plain["packs"] == []
    data = evaluation_to_dict(evaluate(shop, merged, analyse=False))
    assert data["knowledge_version"] == kb.version
    assert data["knowledge_digest"] == merged.digest != kb.digest
    (ref,) = data["packs"]
    assert ref["name"] == "acme-azure"
    assert ref["version"] == "2026.1"
    assert len(ref["sha256"]) == 64


def test_the_review_json_lists_the_packs(shop, merged):
    meta = review_meta(shop, merged, date=FIXED_DATE)
    data = json.loads(render_json(shop, evaluate(shop, merged), merged, meta=meta))
    (ref,) = merged.packs
    assert data["review"]["packs"] == [
        {"name": "acme-azure", "version": "2026.1", "sha256": ref.sha256}
    ]
    assert data["review"]["knowledge_digest"] == merged.digest


def test_the_markdown_names_the_packs_only_when_there_are_some(shop, kb, merged):
    plain = render_review(shop, evaluate(shop, kb), kb, meta=review_meta(shop, kb))
    assert "**Packs:**" not in plain
    text = render_review(shop, evaluate(shop, merged), merged, meta=review_meta(shop, merged))
    (ref,) = merged.packs
    assert f"- **Packs:** acme-azure 2026.1 (sha256:{ref.sha256[:12]})" in text


def test_the_evaluate_table_names_the_packs(shop, kb, merged):
    assert "Packs:" not in render_table(evaluate(shop, kb, analyse=False))
    table = render_table(evaluate(shop, merged, analyse=False))
    assert table.splitlines()[1].startswith("Packs: acme-azure 2026.1 (sha256:")
