"""The impact preview's run and page: progress from the row, what changes, who sees what."""

import dataclasses
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from evaluator.cases import judge, load_cases, summarise
from evaluator.engine import default_knowledge
from evaluator.engine.errors import DesignError
from evaluator.engine.knowledge.packreader import read_pack
from evaluator.engine.knowledge.packs import apply_packs
from evaluator.web import impact, packstore, services
from evaluator.web.models import ImpactRun
from tests.reports.test_impact import LIMIT, with_job

pytestmark = pytest.mark.django_db

EXAMPLE_PACK = Path(__file__).resolve().parents[2] / "designs" / "packs" / "acme-azure.yaml"
AZURE_LIMIT = "serverless.job-over-azure-consumption-limit"


@pytest.fixture
def pack():
    """The example pack, stored and not active: Azure's 600 s in place of Lambda's 900 s."""
    return packstore.store_pack(EXAMPLE_PACK.read_text(), "acme-azure.yaml")[0]


@pytest.fixture
def designs(alice, django_user_model):
    bob = django_user_model.objects.create_user("bob", password="not-used-here")
    mine = services.create_design(alice, dataclasses.replace(with_job(700), name="Alice's HR"))
    services.create_design(alice, dataclasses.replace(with_job(100), name="Alice's quick HR"))
    theirs = services.create_design(bob, dataclasses.replace(with_job(1000), name="Bob's HR"))
    return mine, theirs


def preview(pack):
    return impact.run_preview(ImpactRun.objects.create(pack=pack).pk)


def test_a_run_scores_every_design_and_stores_what_changes(designs, pack):
    mine, theirs = designs
    run = preview(pack)
    assert run.status == ImpactRun.Status.DONE
    assert (run.done, run.total) == (3, 3)
    assert run.counts["designs"] == 3
    assert run.counts["designs_changed"] == 2
    assert run.counts["vetoes_added"] == 2
    entries = {row.design_id: row.change for row in run.changes.all()}
    assert entries.keys() == {mine.pk, theirs.pk}
    first = entries[mine.pk]
    assert first["position"] == 1
    # Azure's lower limit holds for a 700 s job; for Bob's 1,000 s job it holds in place
    # of Lambda's, which the pack switches off.
    assert [veto["rule_id"] for veto in first["vetoes_added"]] == [AZURE_LIMIT]
    assert first["vetoes_lifted"] == []
    bobs = entries[theirs.pk]
    assert [veto["rule_id"] for veto in bobs["vetoes_added"]] == [AZURE_LIMIT]
    assert [veto["rule_id"] for veto in bobs["vetoes_lifted"]] == [LIMIT]


def test_a_design_that_opted_out_of_the_pack_does_not_change(designs, pack, alice):
    mine, _theirs = designs
    packstore.activate(pack.name, "2026.1")
    packstore.opt_out(mine, pack.name, "Runs on the AWS account", user=alice)
    packstore.retire(pack.name)
    run = preview(pack)
    assert not run.changes.filter(design=mine).exists()


def test_the_active_version_previewed_again_changes_nothing(designs, pack):
    packstore.activate(pack.name, "2026.1")
    run = preview(pack)
    assert run.counts["designs"] == 3
    assert not run.changes.exists()


def test_a_deleted_design_is_not_scored(designs, pack):
    mine, _theirs = designs
    mine.deleted_at = mine.updated_at
    mine.save(update_fields=["deleted_at"])
    run = preview(pack)
    assert run.counts["designs"] == 2
    assert not run.changes.filter(design=mine).exists()


def test_the_page_lists_only_designs_the_reader_may_open(alice_client, designs, pack):
    run = preview(pack)
    page = alice_client.get(reverse("impact_run", args=[run.pk])).content.decode()
    assert "Alice&#x27;s HR" in page
    assert "Bob" not in page  # counted, never named
    assert "more design" in page and "belong" in page and "other people" in page
    assert reverse("component", args=[designs[0].slug, 1]) in page
    assert AZURE_LIMIT in page


def test_a_running_preview_shows_its_progress_and_polls(alice_client, pack):
    run = ImpactRun.objects.create(pack=pack, status=ImpactRun.Status.RUNNING, total=40, done=10)
    url = reverse("impact_run", args=[run.pk])
    page = alice_client.get(url).content.decode()
    assert "Scored 10 of 40 designs (25%)" in page
    assert 'hx-trigger="every 1s"' in page
    part = alice_client.get(url, HTTP_HX_REQUEST="true")
    assert b"<html" not in part.content and b"Scored 10 of 40" in part.content
    ImpactRun.objects.filter(pk=run.pk).update(status=ImpactRun.Status.DONE, done=40)
    assert alice_client.get(url, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"


def test_a_failed_run_says_why_and_keeps_nothing(designs, pack, monkeypatch):
    scored = []
    real = impact.design_changes

    def breaks_on_the_last(*args, **kwargs):
        scored.append(1)
        if len(scored) == 3:
            raise RuntimeError("the candidate knowledge could not be compiled")
        return real(*args, **kwargs)

    monkeypatch.setattr(impact, "design_changes", breaks_on_the_last)
    monkeypatch.setattr(impact, "PROGRESS_EVERY_S", 0)  # the first two are written at once
    candidate = packstore.knowledge_with(designs[0], pack)
    run = ImpactRun.objects.create(pack=pack)
    with pytest.raises(RuntimeError):
        impact.run(run.pk, lambda design: (default_knowledge(), candidate))
    run.refresh_from_db()
    assert run.status == ImpactRun.Status.FAILED
    assert "could not be compiled" in run.error
    assert not run.changes.exists()


def test_the_page_needs_a_signed_in_reader(client, pack):
    run = ImpactRun.objects.create(pack=pack)
    response = client.get(reverse("impact_run", args=[run.pk]))
    assert response.status_code == 302


def test_a_started_preview_runs_in_the_worker(
    designs, pack, alice, django_capture_on_commit_callbacks, monkeypatch
):
    # The worker closes the connection between tasks, as it should between requests;
    # the test's database lives only as long as its one connection.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = impact.start(pack, alice)
    run.refresh_from_db()
    assert run.status == ImpactRun.Status.QUEUED  # queued, not run in the request
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    run.refresh_from_db()
    assert run.status == ImpactRun.Status.DONE
    assert run.counts["designs_changed"] >= 2


def test_the_page_says_a_limit_on_one_variant_leaves_the_option_standing(
    alice_client, designs, pack
):
    run = preview(pack)
    page = alice_client.get(reverse("impact_run", args=[run.pk])).content.decode()
    # Azure's 600 s rules out functions only: serverless containers still stand.
    assert "(Serverless: Functions as a service only)" in page


# --- The case library, judged both ways ---------------------------------------------------


def _judged_both_ways():
    """Every case judged with the built-in knowledge and with the example pack applied,
    straight from the pure modules: what the preview should have found."""
    kb = default_knowledge()
    with_pack = apply_packs(kb, [read_pack(EXAMPLE_PACK.read_text(), kb, filename="pack")])
    before = {c.slug: judge(c, kb) for c in load_cases(kb)}
    after = {c.slug: judge(c, with_pack) for c in load_cases(with_pack)}
    return before, after


def test_a_run_judges_the_case_library_with_and_without_the_pack(pack):
    run = preview(pack)
    before, after = _judged_both_ways()
    assert run.cases["before"] == dataclasses.asdict(summarise(list(before.values())))
    assert run.cases["after"] == dataclasses.asdict(summarise(list(after.values())))
    stored = {change["slug"]: change for change in run.cases["changes"]}
    moved = {s for s in before if before[s].recommendation != after[s].recommendation}
    assert moved, "the example pack moves at least one case's recommendation"
    assert moved <= stored.keys()
    for slug in moved:
        assert stored[slug]["before"] == before[slug].recommendation
        assert stored[slug]["after"] == after[slug].recommendation
        assert stored[slug]["agrees"] == after[slug].agrees


def test_the_page_shows_the_cases_whose_verdict_the_pack_changes(alice_client, pack):
    run = preview(pack)
    page = alice_client.get(reverse("impact_run", args=[run.pk])).content.decode()
    assert "The case library" in page
    before, after = _judged_both_ways()
    kb = default_knowledge()
    for slug in (s for s in before if before[s].recommendation != after[s].recommendation):
        assert reverse("case", args=[slug]) in page
        was, now = (kb.option(v[slug].recommendation).name for v in (before, after))
        assert f"{escape(was)} → <strong>{escape(now)}</strong>" in page
    agreeing = (summarise(list(v.values())).agreeing for v in (before, after))
    assert "<dd>{} → {} of {}</dd>".format(*agreeing, len(before)) in page


def test_a_case_library_that_cannot_be_judged_leaves_the_run_done(alice_client, pack, monkeypatch):
    def unreadable(kb):
        raise DesignError("bitcoin.yaml, line 3: no such question")

    monkeypatch.setattr(impact, "judged", unreadable)
    run = preview(pack)
    assert run.status == ImpactRun.Status.DONE
    page = alice_client.get(reverse("impact_run", args=[run.pk])).content.decode()
    assert "could not be judged with this version: bitcoin.yaml, line 3" in page
