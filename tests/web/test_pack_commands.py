"""manage.py pack add / list / activate / retire, and --pack / --no-packs on evaluate."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from evaluator.web.models import PackVersion

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "designs" / "packs" / "acme-azure.yaml"
SHOP = ROOT / "designs" / "shop.yaml"

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*[str(a) for a in args], stdout=out)
    return out.getvalue()


def refused(*args) -> CommandError:
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 1
    return caught.value


def test_add_stores_a_version_and_again_is_a_no_op():
    assert "acme-azure 2026.1: stored" in run("pack", "add", EXAMPLE)
    assert "same content; nothing changed" in run("pack", "add", EXAMPLE)
    assert PackVersion.objects.count() == 1


def test_add_refuses_a_bad_pack_with_its_line_and_stores_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text().replace("rule: event_driven.new-broker", "rule: nope.x"))
    error = refused("pack", "add", bad)
    assert f"{bad}, line" in str(error)
    assert "no built-in rule 'nope.x'" in str(error)
    assert not PackVersion.objects.exists()


def test_add_refuses_other_content_under_a_stored_version(tmp_path):
    run("pack", "add", EXAMPLE)
    changed = tmp_path / "changed.yaml"
    changed.write_text(EXAMPLE.read_text().replace("Acme platform", "Other platform"))
    assert "other content" in str(refused("pack", "add", changed))
    assert PackVersion.objects.count() == 1


def test_add_refuses_a_missing_file():
    assert "cannot be read" in str(refused("pack", "add", "no-such-pack.yaml"))


def test_list_activate_and_retire():
    assert "No packs are stored." in run("pack", "list")
    run("pack", "add", EXAMPLE)
    line = run("pack", "list").splitlines()[1]
    assert line.split()[:3] == ["acme-azure", "2026.1", "no"]
    assert line.endswith("6 / 1 / 1")
    assert "now active" in run("pack", "activate", "acme-azure", "2026.1")
    assert run("pack", "list").splitlines()[1].split()[2] == "yes"
    assert "retired" in run("pack", "retire", "acme-azure")
    assert not PackVersion.objects.active().exists()


def test_activate_and_retire_refuse_what_is_not_there():
    run("pack", "add", EXAMPLE)
    assert "Stored versions: 2026.1" in str(refused("pack", "activate", "acme-azure", "9"))
    assert "No version of the pack acme-azure is active" in str(
        refused("pack", "retire", "acme-azure")
    )
    assert not PackVersion.objects.active().exists()


def test_evaluate_a_file_uses_the_active_packs_or_the_given_ones():
    assert "Packs:" not in run("evaluate", SHOP)
    run("pack", "add", EXAMPLE)
    run("pack", "activate", "acme-azure", "2026.1")
    assert "Packs: acme-azure 2026.1" in run("evaluate", SHOP)
    assert "Packs:" not in run("evaluate", SHOP, "--no-packs")
    run("pack", "retire", "acme-azure")
    assert "Packs: acme-azure 2026.1" in run("evaluate", SHOP, "--pack", EXAMPLE)


def test_review_a_file_with_a_pack_file_names_it():
    assert "- **Packs:** acme-azure 2026.1" in run("review", SHOP, "--pack", EXAMPLE)


def test_a_bad_pack_file_stops_evaluate_with_its_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text().replace('version: "2026.1"', "version: [1]"))
    error = refused("evaluate", SHOP, "--pack", bad)
    assert f"{bad}, line 6" in str(error)
    assert "--no-packs" in str(refused("evaluate", SHOP, "--pack", EXAMPLE, "--no-packs"))


def test_pack_options_are_refused_for_a_saved_design(alice_design):
    error = refused("evaluate", alice_design.slug, "--pack", EXAMPLE)
    assert "apply to design files" in str(error)


def test_preview_lists_what_a_version_would_change(alice):
    from evaluator.web import services
    from tests.web.test_impact import with_job

    services.create_design(alice, with_job(700))
    services.create_design(alice, with_job(100))
    run("pack", "add", EXAMPLE)
    out = run("pack", "preview", "acme-azure", "2026.1")
    assert "acme-azure 2026.1 would change" in out
    assert "of 2 designs" in out
    assert "new limit serverless.job-over-azure-consumption-limit" in out
    assert out.count("alice/") >= 1
    assert not PackVersion.objects.filter(active=True).exists()  # previewing activates nothing


def test_preview_queued_leaves_it_to_the_worker(alice, django_capture_on_commit_callbacks):
    from evaluator.web.models import ImpactRun

    run("pack", "add", EXAMPLE)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        out = run("pack", "preview", "acme-azure", "2026.1", "--queue")
    found = ImpactRun.objects.get()
    assert f"Impact preview {found.pk} of acme-azure 2026.1 queued" in out
    assert f"/knowledge/impact/{found.pk}/" in out
    assert found.status == ImpactRun.Status.QUEUED and len(callbacks) == 1


def test_preview_of_a_version_not_stored_is_refused():
    assert "no pack acme-azure version 9" in str(refused("pack", "preview", "acme-azure", "9"))
