"""MADR decision records: the 4.0 sections, one file per component, a deterministic zip."""

from __future__ import annotations

import io
import re
import zipfile

from evaluator.engine import evaluate
from evaluator.reports import madr_records, madr_zip, review_meta

from .conftest import FIXED_DATE, outside_code
from .test_review import check_golden

SECTIONS = (
    "## Context and Problem Statement",
    "## Decision Drivers",
    "## Considered Options",
    "## Decision Outcome",
    "### Consequences",
    "### Confirmation",
    "## Pros and Cons of the Options",
    "## More Information",
)


def records_of(spec, kb, **meta):
    meta.setdefault("date", FIXED_DATE)
    return madr_records(spec, evaluate(spec, kb), kb, meta=review_meta(spec, kb, **meta))


def test_close_call_record_matches_its_golden_file(shop, kb):
    record = records_of(shop, kb, source="shop.yaml")[3]
    assert record.filename == "0004-order-fulfilment.md"
    check_golden("shop-0004-order-fulfilment.madr.md", record.text)


def test_every_record_has_the_madr_sections_in_order(shop, kb):
    for record in records_of(shop, kb):
        text = record.text
        assert text.startswith(f"---\nstatus: proposed\ndate: {FIXED_DATE}\n---\n\n# ")
        positions = [text.index(f"\n{section}\n") for section in SECTIONS]
        assert positions == sorted(positions), record.filename
        # Every option is considered and gets its pros and cons.
        considered = text[text.index("## Considered Options") : text.index("## Decision Outcome")]
        assert considered.count("\n* ") == 6
        pros = text[text.index("## Pros and Cons") : text.index("## More Information")]
        assert pros.count("\n### ") == 6


def test_the_outcome_names_the_recommendation(shop, kb, shop_evaluation):
    for record, result in zip(records_of(shop, kb), shop_evaluation.components, strict=True):
        best = result.option(result.recommendation)
        assert f'Chosen option: "{best.name}' in record.text
        assert f"for {result.name}\n" in record.text.split("\n\n")[1] + "\n"


def test_drivers_include_high_priorities_and_answers_that_mattered(shop, kb):
    text = records_of(shop, kb)[3].text
    drivers = text[text.index("## Decision Drivers") : text.index("## Considered Options")]
    assert "* Consistency is a high priority" in drivers
    assert "* Independent consumers of its changes: 4 consumers" in drivers


def test_a_record_without_a_date_has_no_date_line(shop, kb):
    text = records_of(shop, kb, date=None)[0].text
    assert text.startswith("---\nstatus: proposed\n---\n")


def test_zip_holds_one_record_per_component_and_is_deterministic(shop, kb):
    first = madr_zip(records_of(shop, kb))
    second = madr_zip(records_of(shop, kb))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        names = archive.namelist()
        assert len(names) == len(shop.components)
        assert names == sorted(names)
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
        text = archive.read("0004-order-fulfilment.md").decode("utf-8")
    assert "# Use event-driven architecture" in text


def test_hostile_names_give_safe_unique_file_names_and_text(hostile, kb):
    records = records_of(hostile, kb)
    names = [record.filename for record in records]
    assert len(set(names)) == len(names) == len(hostile.components)
    for name in names:
        assert re.fullmatch(r"\d{4}-[a-z0-9]+(-[a-z0-9]+)*\.md", name), name
    for record in records:
        assert re.search(r"<[a-zA-Z/!]", outside_code(record.text)) is None, record.filename
        assert "javascript:" not in record.text.lower()
        body = record.text.split("\n---\n", 1)[1]
        title = body.strip().split("\n")[0]
        assert title.startswith("# Use ") and not title.startswith("# #"), title
