"""The impact preview's run and page: progress from the row, what changes, who sees what."""

import dataclasses

import pytest
from django.urls import reverse

from evaluator.engine import default_knowledge
from evaluator.web import impact, services
from evaluator.web.models import ImpactRun
from tests.reports.test_impact import LIMIT, edited_knowledge, with_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def shorter_limit(tmp_path):
    return edited_knowledge(
        tmp_path, ("{gt: [job_duration_s, 900]}", "{gt: [job_duration_s, 600]}")
    )


@pytest.fixture
def designs(alice, django_user_model):
    bob = django_user_model.objects.create_user("bob", password="not-used-here")
    mine = services.create_design(alice, dataclasses.replace(with_job(700), name="Alice's HR"))
    services.create_design(alice, dataclasses.replace(with_job(100), name="Alice's quick HR"))
    theirs = services.create_design(bob, dataclasses.replace(with_job(800), name="Bob's HR"))
    return mine, theirs


def preview(candidate):
    run = ImpactRun.objects.create(pack_name="azure", pack_version="1")
    return impact.run(run.pk, lambda design: (default_knowledge(), candidate))


def test_a_run_scores_every_design_and_stores_what_changes(designs, shorter_limit):
    mine, theirs = designs
    run = preview(shorter_limit)
    assert run.status == ImpactRun.Status.DONE
    assert (run.done, run.total) == (3, 3)
    assert run.counts["designs"] == 3
    assert run.counts["designs_changed"] == 2
    assert run.counts["vetoes_added"] == 2
    assert {entry["design"] for entry in run.changes} == {mine.pk, theirs.pk}
    first = next(entry for entry in run.changes if entry["design"] == mine.pk)
    assert first["position"] == 1
    assert [veto["rule_id"] for veto in first["vetoes_added"]] == [LIMIT]


def test_a_deleted_design_is_not_scored(designs, shorter_limit):
    mine, _theirs = designs
    mine.deleted_at = mine.updated_at
    mine.save(update_fields=["deleted_at"])
    run = preview(shorter_limit)
    assert run.counts["designs"] == 2
    assert mine.pk not in {entry["design"] for entry in run.changes}


def test_the_page_lists_only_designs_the_reader_may_open(alice_client, designs, shorter_limit):
    run = preview(shorter_limit)
    page = alice_client.get(reverse("impact_run", args=[run.pk])).content.decode()
    assert "Alice&#x27;s HR" in page
    assert "Bob" not in page  # counted, never named
    assert "1 more design that would change belongs to other people" in page
    assert reverse("component", args=[designs[0].slug, 1]) in page
    assert LIMIT in page


def test_a_running_preview_shows_its_progress_and_polls(alice_client):
    run = ImpactRun.objects.create(
        pack_name="azure", pack_version="1", status=ImpactRun.Status.RUNNING, total=40, done=10
    )
    url = reverse("impact_run", args=[run.pk])
    page = alice_client.get(url).content.decode()
    assert "Scored 10 of 40 designs (25%)" in page
    assert 'hx-trigger="every 1s"' in page
    part = alice_client.get(url, HTTP_HX_REQUEST="true")
    assert b"<html" not in part.content and b"Scored 10 of 40" in part.content
    ImpactRun.objects.filter(pk=run.pk).update(status=ImpactRun.Status.DONE, done=40)
    assert alice_client.get(url, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"


def test_a_failed_run_says_why_and_keeps_nothing(designs, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the candidate knowledge could not be compiled")

    monkeypatch.setattr(impact, "design_changes", broken)
    run = ImpactRun.objects.create(pack_name="azure", pack_version="1")
    with pytest.raises(RuntimeError):
        impact.run(run.pk, lambda design: (default_knowledge(), default_knowledge()))
    run.refresh_from_db()
    assert run.status == ImpactRun.Status.FAILED
    assert "could not be compiled" in run.error
    assert run.changes == []


def test_the_page_needs_a_signed_in_reader(client):
    run = ImpactRun.objects.create(pack_name="azure", pack_version="1")
    response = client.get(reverse("impact_run", args=[run.pk]))
    assert response.status_code == 302
