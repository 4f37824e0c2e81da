"""The review JSON: versioned, the full evaluation inside, stable bytes."""

from __future__ import annotations

import json

from evaluator.engine import evaluate, evaluation_to_dict
from evaluator.reports import REVIEW_SCHEMA, render_json, review_meta

from .conftest import FIXED_DATE


def test_json_wraps_the_full_evaluation_with_review_metadata(shop, kb, shop_evaluation):
    meta = review_meta(
        shop, kb, source="shop.yaml", revision=3, revision_hash="f" * 64, date=FIXED_DATE
    )
    data = json.loads(render_json(shop, shop_evaluation, kb, meta=meta))
    assert list(data) == ["schema", "review", "attention", "next_steps", "design", "evaluation"]
    assert data["schema"] == REVIEW_SCHEMA
    assert data["review"] == {
        "design": "Online shop",
        "source": "shop.yaml",
        "revision": 3,
        "revision_hash": "f" * 64,
        "content_hash": meta.content_hash,
        "date": FIXED_DATE,
        "knowledge_version": kb.version,
        "knowledge_digest": kb.digest,
        "packs": [],
        "opted_out": [],
    }
    assert data["evaluation"] == json.loads(json.dumps(evaluation_to_dict(shop_evaluation)))
    assert data["design"]["name"] == "Online shop"
    checks = {item["check"] for item in data["attention"]}
    assert checks == {"close-call"}
    assert data["next_steps"]["prototypes"][0]["reasons"] == ["close_call"]


def test_json_is_byte_identical_across_renders(shop, kb):
    meta = review_meta(shop, kb, date=FIXED_DATE)
    first = render_json(shop, evaluate(shop, kb), kb, meta=meta)
    second = render_json(shop, evaluate(shop, kb), kb, meta=meta)
    assert first == second
    assert first.endswith("}\n")


def test_hostile_text_survives_as_data(hostile, kb):
    meta = review_meta(hostile, kb)
    data = json.loads(render_json(hostile, evaluate(hostile, kb), kb, meta=meta))
    assert data["review"]["design"] == hostile.name
    assert data["review"]["date"] is None
    assert [c["name"] for c in data["evaluation"]["components"]] == [
        c.name for c in hostile.components
    ]
