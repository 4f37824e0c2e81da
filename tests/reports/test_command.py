"""The review command from files, with no database: formats, outputs, --fail-on, errors.

None of these tests is marked for the database, so pytest-django refuses any query: the
command must read a YAML file without touching it.
"""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
import zipfile

import pytest
from django.core.management import CommandError, call_command

from evaluator.engine.spec import dump_design
from evaluator.web.management.commands.review import FINDINGS_EXIT_CODE

from .conftest import DESIGNS, FIXED_DATE, GOLDEN, load

# File commands use the stored active packs when a database is there (docs/packs.md).
pytestmark = pytest.mark.django_db

ALL_CHECKS = "ruled-out,close-call,low-confidence,no-good-option"


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("review", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fails(*args) -> CommandError:
    with pytest.raises(CommandError) as caught:
        run(*args)
    return caught.value


@pytest.fixture
def shop_file(tmp_path):
    path = tmp_path / "shop.yaml"
    shutil.copy(DESIGNS / "shop.yaml", path)
    return path


def design_file(tmp_path, spec, name):
    path = tmp_path / name
    path.write_text(dump_design(spec), encoding="utf-8")
    return path


def test_markdown_to_stdout_equals_the_golden_file(shop_file):
    out, _ = run(shop_file, "--date", FIXED_DATE)
    assert out == (GOLDEN / "shop.md").read_text(encoding="utf-8")


def test_markdown_to_a_file_is_byte_identical_on_every_run(shop_file, tmp_path):
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    run(shop_file, "-o", first)
    run(shop_file, "-o", second)
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text(encoding="utf-8")
    # Without --date a file gets no date; its content hash identifies it.
    assert "- **Date:** not given" in text
    assert "- **Content hash:** `sha256:" in text


def test_the_path_of_the_checkout_does_not_change_the_review(shop_file, tmp_path):
    elsewhere = tmp_path / "deeper" / "shop.yaml"
    elsewhere.parent.mkdir()
    shutil.copy(shop_file, elsewhere)
    assert run(shop_file)[0] == run(elsewhere)[0]


def test_json_format(shop_file):
    out, _ = run(shop_file, "--format", "json", "--date", FIXED_DATE)
    data = json.loads(out)
    assert data["schema"] == "tradeoff-evaluator/review/1"
    assert data["review"]["date"] == FIXED_DATE
    assert data["review"]["source"] == "shop.yaml"
    assert len(data["evaluation"]["components"]) == 7


def test_madr_into_a_zip(shop_file, tmp_path):
    target = tmp_path / "decisions.zip"
    _, err = run(shop_file, "--format", "madr", "-o", target)
    assert "7 decision record(s)" in err
    with zipfile.ZipFile(target) as archive:
        assert len(archive.namelist()) == 7
        assert archive.namelist()[3] == "0004-order-fulfilment.md"
    again = tmp_path / "again.zip"
    run(shop_file, "--format", "madr", "-o", again)
    assert target.read_bytes() == again.read_bytes()


def test_madr_into_a_directory(shop_file, tmp_path):
    target = tmp_path / "docs" / "decisions"
    run(shop_file, "--format", "madr", "-o", target)
    files = sorted(p.name for p in target.iterdir())
    assert files[0] == "0001-storefront-and-catalogue.md"
    assert len(files) == 7


def test_madr_to_stdout_separates_the_records(shop_file):
    out, _ = run(shop_file, "--format", "madr")
    assert out.count("<!-- 00") == 7
    assert out.count("status: proposed") == 7


# --- --fail-on ---------------------------------------------------------------------------


def test_a_clean_design_exits_zero_with_every_check(tmp_path):
    path = tmp_path / "hr.yaml"
    shutil.copy(DESIGNS / "hr-tool.yaml", path)
    out_file = tmp_path / "review.md"
    run(path, "-o", out_file, "--fail-on", ALL_CHECKS)
    assert out_file.exists()


def changed(spec, name, **answers):
    component = spec.component(name)
    new = dataclasses.replace(component, answers={**component.answers, **answers})
    return dataclasses.replace(
        spec, components=tuple(new if c is component else c for c in spec.components)
    )


def single(spec, name, **answers):
    component = changed(spec, name, **answers).component(name)
    return dataclasses.replace(spec, components=(dataclasses.replace(component, depends_on=()),))


@pytest.fixture
def case_files(tmp_path, shop_yaml):
    """One design per check, each having that finding and none of the others."""
    shop = load("shop.yaml")
    corner = tmp_path / "corner.yaml"
    corner.write_text(shop_yaml, encoding="utf-8")
    return {
        "close-call": design_file(tmp_path, shop, "close.yaml"),
        "ruled-out": design_file(
            tmp_path,
            single(shop, "Recommendation refresh", memory_mb=200000),
            "vetoed.yaml",
        ),
        "low-confidence": corner,
        "no-good-option": design_file(
            tmp_path,
            single(
                shop,
                "Checkout and payments",
                write_rps=50000,
                peak_rps=60000,
                regions="multi_region_active",
                latency_p99_ms=50,
                independent_scaling=True,
                fault_isolation=True,
                state="stateful",
                memory_mb=16384,
            ),
            "hard.yaml",
        ),
    }


@pytest.mark.parametrize("check", ["ruled-out", "close-call", "low-confidence", "no-good-option"])
def test_each_check_fails_with_its_own_exit_code(case_files, check, tmp_path):
    path = case_files[check]
    error = fails(path, "-o", tmp_path / "out.md", "--fail-on", check)
    assert error.returncode == FINDINGS_EXIT_CODE == 3
    assert f"[{check}]" in str(error)
    # The review is still written, so CI can attach it to the failed check.
    assert (tmp_path / "out.md").read_text(encoding="utf-8").startswith("# Design review")


@pytest.mark.parametrize("check", ["ruled-out", "no-good-option"])
def test_other_checks_pass_the_same_design(case_files, check, tmp_path):
    others = ",".join(c for c in ALL_CHECKS.split(",") if c not in (check, "close-call"))
    run(case_files[check], "-o", tmp_path / "out.md", "--fail-on", others)


def test_without_fail_on_findings_do_not_fail(case_files, tmp_path):
    run(case_files["close-call"], "-o", tmp_path / "out.md")


# --- Bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.yaml"], "missing.yaml: cannot be read"),
        (
            ["{shop}", "--fail-on", "close_cal"],
            "unknown check 'close_cal'. Did you mean 'close-call'?",
        ),
        (["{shop}", "--date", "15/01/2026"], "--date: '15/01/2026' is not a date"),
        (["{shop}", "--date", "2026-02-30"], "--date: '2026-02-30' is not a date"),
        (["{shop}", "-o", "{tmp}/no/such/dir/review.md"], "does not exist"),
        (["{shop}", "-o", "{tmp}"], "is a directory"),
        (["{shop}", "--format", "madr", "-o", "{shop}"], "exists and is not a directory"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(shop_file, tmp_path, args, message):
    before = sorted(p.name for p in tmp_path.rglob("*"))
    filled = [a.format(shop=shop_file, tmp=tmp_path) for a in args]
    error = fails(*filled)
    assert message in str(error)
    assert error.returncode == 1
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_an_invalid_design_names_the_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "format: tradeoff-evaluator/1\nname: X\ncomponents:\n  - name: A\n    kind: apii\n",
        encoding="utf-8",
    )
    error = fails(bad, "-o", tmp_path / "out.md")
    assert "line 5" in str(error)
    assert "did you mean 'api'" in str(error).lower()
    assert not (tmp_path / "out.md").exists()


def test_help_documents_the_exit_code():
    from evaluator.web.management.commands.review import Command

    parser = Command().create_parser("manage.py", "review")
    text = parser.format_help()
    assert "Exit status" in text and " 3 " in text.replace("\n", " ")
    assert "ruled-out" in text and "no-good-option" in text
