"""A knowledge editor uploads a pack, previews its impact, and activates it.

The preview runs through the task worker, here run in the test's own process once the
browser has queued it, as ``make run``'s worker would. Every page on the way is checked
with axe-core, so the browser context ignores the page's Content-Security-Policy (see
``test_accessibility``).
"""

import dataclasses
from pathlib import Path

import pytest
from django.core.management import call_command

from .test_accessibility import AXE, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXAMPLE_PACK = Path(__file__).resolve().parents[2] / "designs" / "packs" / "acme-azure.yaml"
SHOTS = Path("/tmp/packui")


@pytest.fixture
def context_options():
    return {"bypass_csp": True}


@pytest.fixture
def editor(django_user_model):
    from django.contrib.auth.models import Group, Permission

    # A transactional test empties the tables the group's migration filled; permissions
    # come back after each flush, the group is made again here.
    group, _ = Group.objects.get_or_create(name="Knowledge editors")
    group.permissions.add(Permission.objects.get(codename="manage_packs"))
    user = django_user_model.objects.create_user("erin", password="not-used-here")
    user.groups.add(group)
    return user


@pytest.fixture
def design(editor):
    from evaluator.web import services
    from tests.reports.test_impact import with_job

    # A 700 s job: within AWS Lambda's limit, over Azure's; the pack changes its advice.
    return services.create_design(editor, dataclasses.replace(with_job(700), name="HR exports"))


def test_an_editor_uploads_previews_and_activates_a_pack(
    page, sign_in, editor, design, monkeypatch
):
    from evaluator.web.models import ImpactRun, PackVersion

    # The worker closes idle connections between tasks; the test's is the one in use.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    axe = axe_violations(AXE.read_text(encoding="utf-8"))
    problems = []
    SHOTS.mkdir(exist_ok=True)
    sign_in(editor)

    page.goto("/knowledge/packs/")
    problems += [f"packs: {p}" for p in axe(page, "packs")]
    page.get_by_role("link", name="Upload a pack…").click()
    problems += [f"upload: {p}" for p in axe(page, "upload")]
    page.get_by_label("Pack file").set_input_files(str(EXAMPLE_PACK))
    page.get_by_role("button", name="Check and store").click()

    page.wait_for_url("**/knowledge/packs/acme-azure/2026.1/")
    assert page.get_by_text("Stored acme-azure 2026.1. It is not active yet.").is_visible()
    assert page.locator("#rule-serverless\\.job-over-azure-consumption-limit").is_visible()
    problems += [f"version: {p}" for p in axe(page, "version")]
    page.screenshot(path=str(SHOTS / "version.png"), full_page=True)

    page.get_by_role("button", name="Preview the impact").click()
    page.wait_for_url("**/knowledge/impact/*/")
    assert ImpactRun.objects.get().status == ImpactRun.Status.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    # The page polls, sees the run finished and loads itself again with the result.
    counts = page.locator(".impact-counts")
    counts.wait_for()
    assert "Designs that change" in counts.inner_text()
    assert page.get_by_role("link", name="HR exports").is_visible()
    problems += [f"run: {p}" for p in axe(page, "run")]
    page.screenshot(path=str(SHOTS / "run.png"), full_page=True)

    page.get_by_role("link", name="Activate this version…").click()
    page.wait_for_url("**/activate/")
    changed = ImpactRun.objects.get().counts["designs_changed"]
    assert changed >= 1
    designs_changed = page.locator(".impact-counts div", has_text="Designs that change")
    assert designs_changed.locator("dd").inner_text() == str(changed)
    problems += [f"activate: {p}" for p in axe(page, "activate")]
    page.get_by_role("button", name="Activate 2026.1").click()

    page.wait_for_url("**/knowledge/packs/acme-azure/2026.1/")
    assert page.locator("h1 .tag", has_text="Active").is_visible()
    assert PackVersion.objects.get().active
    assert not problems, "\n".join(problems)
