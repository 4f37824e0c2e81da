"""Rule packs in the browser: reading them, uploading, previewing, activating, retiring."""

import dataclasses
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from evaluator.engine import default_knowledge
from evaluator.engine.knowledge.packs import MAX_PACK_BYTES
from evaluator.web import impact, packstore, services
from evaluator.web.models import ImpactRun, PackVersion
from tests.reports.test_impact import with_job

pytestmark = pytest.mark.django_db

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "designs" / "packs" / "acme-azure.yaml"
).read_text()
SECOND = EXAMPLE.replace('version: "2026.1"', 'version: "2026.2"').replace(
    "    points: -2\n", "    points: -3\n"
)


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("erin", password="not-used-here")
    user.groups.add(Group.objects.get(name="Knowledge editors"))
    return user


@pytest.fixture
def editor_client(editor):
    from django.test import Client

    client = Client()  # its own: a test may hold alice_client (the `client` fixture) too
    client.force_login(editor)
    return client


@pytest.fixture
def pack():
    return packstore.store_pack(EXAMPLE, "acme-azure.yaml")[0]


@pytest.fixture
def second(pack):
    return packstore.store_pack(SECOND, "acme-azure.yaml")[0]


def upload(content, name="acme-azure.yaml"):
    return SimpleUploadedFile(name, content.encode(), content_type="application/yaml")


# --- Who may do what -------------------------------------------------------------------


def reading_urls(pack, second):
    return [
        reverse("packs"),
        reverse("pack_version", args=[pack.name, pack.version]),
        reverse("pack_diff", args=[pack.name, second.version, pack.version]),
        reverse("pack_download", args=[pack.name, pack.version]),
    ]


def editing_urls(pack):
    return [
        reverse("pack_upload"),
        reverse("pack_activate", args=[pack.name, pack.version]),
    ]


def test_anonymous_visitors_are_sent_to_sign_in_from_every_pack_page(client, pack, second):
    for url in [*reading_urls(pack, second), *editing_urls(pack)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_readers_read_every_pack_page_and_are_refused_the_editing_ones(alice_client, pack, second):
    for url in reading_urls(pack, second):
        assert alice_client.get(url).status_code == 200, url
    for url in editing_urls(pack):
        response = alice_client.get(url)
        assert response.status_code == 403, url
        assert "Knowledge editors" in response.content.decode()
    preview = alice_client.post(reverse("pack_preview", args=[pack.name, pack.version]))
    assert preview.status_code == 403
    assert not ImpactRun.objects.exists()


def test_editors_open_every_page(editor_client, pack, second):
    for url in [*reading_urls(pack, second), *editing_urls(pack)]:
        assert editor_client.get(url).status_code == 200, url


def test_readers_see_no_editing_buttons_and_editors_do(alice_client, editor_client, pack):
    url = reverse("pack_version", args=[pack.name, pack.version])
    assert "Preview the impact" not in alice_client.get(url).content.decode()
    page = editor_client.get(url).content.decode()
    assert "Preview the impact" in page
    assert reverse("pack_activate", args=[pack.name, pack.version]) in page


# --- Reading ---------------------------------------------------------------------------


def test_the_list_shows_each_version_with_its_counts_and_the_active_one(alice_client, pack, second):
    packstore.activate(pack.name, pack.version)
    response = alice_client.get(reverse("packs"))
    ((name, versions),) = list(response.context["packs"])
    assert name == "acme-azure"
    assert [row.version for row in versions] == ["2026.2", "2026.1"]
    assert versions[1].counts == {
        "questions": 1,
        "rules": 6,
        "variants": 1,
        "technologies": 1,
        "changes": 2,
    }
    page = response.content.decode()
    assert page.count(">Active</span>") == 1
    assert "the command line" in page  # stored by: no user
    assert 'aria-current="page">Packs</a>' in page


def test_a_version_page_shows_everything_the_pack_does(alice_client, pack):
    page = alice_client.get(reverse("pack_version", args=[pack.name, pack.version]))
    text = page.content.decode()
    read = packstore.pack_of(pack)
    assert escape(read.title) in text and escape(read.description) in text
    for source in read.sources:
        assert escape(source.title) in text and f"as of {source.date}" in text
    assert 'id="q-card_data"' in text
    for rule in read.rules:
        # The option pages' rule template: its anchor, condition and source line.
        assert f'id="rule-{rule.id}"' in text
        assert escape(rule.condition.text) in text
    assert "Azure Durable Functions" in text
    assert escape("Acme platform Kafka (self-service topics)") in text
    builtin = {rule.id: rule for rule in default_knowledge().rules}
    # Each change: the built-in rule's page, its points → the pack's, and why.
    new_broker = builtin["event_driven.new-broker"]
    assert (
        reverse("knowledge_option", args=["event_driven"]) + "#rule-event_driven.new-broker"
    ) in text
    assert f"{new_broker.points} points</td>" in text and "<strong>-2 points</strong>" in text
    assert "<strong>switched off</strong>" in text
    assert escape(read.changes[0].reason) in text


def test_against_goes_to_the_diff_which_names_what_changed(alice_client, pack, second):
    url = reverse("pack_version", args=[pack.name, second.version])
    response = alice_client.get(url, {"against": pack.version})
    assert response["Location"] == reverse(
        "pack_diff", args=[pack.name, second.version, pack.version]
    )
    page = alice_client.get(response["Location"]).content.decode()
    assert "<code>event_driven.new-broker</code>" in page
    assert "<td>-2</td><td>-3</td>" in page


def test_a_diff_against_an_unknown_version_is_404(alice_client, pack):
    url = reverse("pack_diff", args=[pack.name, pack.version, "9999"])
    assert alice_client.get(url).status_code == 404


def test_the_file_downloads_exactly_as_stored(alice_client, pack):
    response = alice_client.get(reverse("pack_download", args=[pack.name, pack.version]))
    assert response["Content-Type"] == "text/yaml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="acme-azure-2026.1.yaml"'
    assert response.content.decode() == EXAMPLE


# --- Upload ----------------------------------------------------------------------------


def test_a_good_upload_is_stored_and_leads_to_its_page(editor_client, editor):
    response = editor_client.post(reverse("pack_upload"), {"file": upload(EXAMPLE)})
    row = PackVersion.objects.get()
    assert response["Location"] == reverse("pack_version", args=[row.name, row.version])
    assert (row.text, row.stored_by, row.active) == (EXAMPLE, editor, False)


def test_pasted_text_is_stored_too(editor_client):
    response = editor_client.post(reverse("pack_upload"), {"text": EXAMPLE})
    assert response.status_code == 302
    assert PackVersion.objects.get().version == "2026.1"


def test_a_bad_pack_is_shown_back_located_and_nothing_is_stored(editor_client):
    bad = EXAMPLE.replace(
        "rule: serverless.job-over-lambda-limit", "rule: serverless.job-over-lamda-limit"
    )
    response = editor_client.post(reverse("pack_upload"), {"file": upload(bad, "acme.yaml")})
    assert response.status_code == 400
    page = response.content.decode()
    line = bad.splitlines().index("  - rule: serverless.job-over-lamda-limit") + 1
    assert f"acme.yaml, line {line}, column" in page
    assert escape("Did you mean 'serverless.job-over-lambda-limit'?") in page
    assert 'class="field-error"' in page
    assert PackVersion.objects.count() == 0


def test_the_same_version_with_other_content_is_refused(editor_client, pack):
    other = EXAMPLE.replace("    points: -2\n", "    points: -3\n")
    response = editor_client.post(reverse("pack_upload"), {"text": other})
    assert response.status_code == 400
    assert "already stored with other content" in response.content.decode()
    assert PackVersion.objects.count() == 1
    assert PackVersion.objects.get().text == EXAMPLE


def test_the_same_content_again_says_it_is_already_stored(editor_client, pack):
    response = editor_client.post(reverse("pack_upload"), {"text": EXAMPLE}, follow=True)
    assert "already stored with this content: nothing changed" in response.content.decode()
    assert PackVersion.objects.count() == 1


def test_an_oversize_upload_is_refused_with_the_limit(editor_client):
    big = EXAMPLE + "#" * MAX_PACK_BYTES
    response = editor_client.post(reverse("pack_upload"), {"file": upload(big)})
    assert response.status_code == 400
    assert "a pack is at most 256 KiB" in response.content.decode()
    pasted = editor_client.post(reverse("pack_upload"), {"text": big})
    assert pasted.status_code == 400
    assert "a pack is at most 256 KiB" in pasted.content.decode()
    assert PackVersion.objects.count() == 0


def test_an_empty_form_asks_for_a_file(editor_client):
    response = editor_client.post(reverse("pack_upload"), {"text": "  "})
    assert response.status_code == 400
    assert "Choose a pack file, or paste the text of one." in response.content.decode()


# --- Impact preview and activation ------------------------------------------------------


@pytest.fixture
def designs(alice):
    services.create_design(alice, dataclasses.replace(with_job(700), name="Alice's HR"))
    services.create_design(alice, dataclasses.replace(with_job(100), name="Alice's quick HR"))


def test_preview_records_a_run_queues_it_and_shows_its_page(
    editor_client, editor, pack, designs, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = editor_client.post(reverse("pack_preview", args=[pack.name, pack.version]))
    run = ImpactRun.objects.get()
    assert response["Location"] == reverse("impact_run", args=[run.pk])
    assert (run.pack, run.started_by, run.status) == (pack, editor, ImpactRun.Status.QUEUED)
    assert len(callbacks) == 1  # enqueued once the run was committed
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page = editor_client.get(response["Location"]).content.decode()
    assert reverse("pack_version", args=[pack.name, pack.version]) in page
    assert reverse("pack_activate", args=[pack.name, pack.version]) in page
    assert "Activate this version" in page


def test_the_run_page_offers_no_activation_for_the_active_version(editor_client, pack, designs):
    packstore.activate(pack.name, pack.version)
    run = impact.run_preview(ImpactRun.objects.create(pack=pack).pk)
    page = editor_client.get(reverse("impact_run", args=[run.pk])).content.decode()
    assert "Activate this version" not in page


def test_the_confirmation_shows_the_latest_finished_previews_counts(editor_client, pack, designs):
    url = reverse("pack_activate", args=[pack.name, pack.version])
    page = editor_client.get(url).content.decode()
    assert "No preview of this version has been run" in page
    assert reverse("pack_preview", args=[pack.name, pack.version]) in page
    old = impact.run_preview(ImpactRun.objects.create(pack=pack).pk)
    ImpactRun.objects.filter(pk=old.pk).update(counts={**old.counts, "designs_changed": 99})
    latest = impact.run_preview(ImpactRun.objects.create(pack=pack).pk)
    ImpactRun.objects.create(pack=pack, status=ImpactRun.Status.RUNNING)  # not finished
    response = editor_client.get(url)
    assert response.context["preview"] == latest
    page = response.content.decode()
    assert "No preview" not in page
    assert f"<dt>Designs that change</dt><dd>{latest.counts['designs_changed']}</dd>" in page
    assert f"<dt>New hard limits</dt><dd>{latest.counts['vetoes_added']}</dd>" in page
    assert reverse("impact_run", args=[latest.pk]) in page


def test_confirming_activates_the_version(editor_client, pack, second):
    packstore.activate(pack.name, pack.version)
    response = editor_client.post(reverse("pack_activate", args=[second.name, second.version]))
    assert response["Location"] == reverse("pack_version", args=[second.name, second.version])
    assert list(PackVersion.objects.active().values_list("version", flat=True)) == ["2026.2"]


def test_an_activation_that_clashes_is_refused_and_changes_nothing(editor_client, pack):
    # Another pack adding the same question and changing the same rules: each is fine
    # alone, not both. Stored
    # while acme-azure is not active, so that storing it does not already refuse it.
    clash_text = EXAMPLE.replace("name: acme-azure", "name: other-pack").split("\nrules:\n")[0]
    clash = packstore.store_pack(clash_text + "\n", "other.yaml")[0]
    packstore.activate(pack.name, pack.version)
    response = editor_client.post(reverse("pack_activate", args=[clash.name, clash.version]))
    assert response.status_code == 400
    page = response.content.decode()
    assert "is already added by pack &#x27;acme-azure&#x27;" in page
    assert "Nothing was changed." in page
    assert list(PackVersion.objects.active().values_list("name", flat=True)) == ["acme-azure"]


def test_retire_asks_then_retires_the_active_version(editor_client, pack):
    packstore.activate(pack.name, pack.version)
    url = reverse("pack_retire", args=[pack.name, pack.version])
    assert "Retire acme-azure?" in editor_client.get(url).content.decode()
    assert PackVersion.objects.active().exists()
    response = editor_client.post(url)
    assert response.status_code == 302
    assert not PackVersion.objects.active().exists()


def test_retiring_a_version_that_is_not_active_is_refused(editor_client, pack, second):
    packstore.activate(pack.name, pack.version)
    response = editor_client.post(reverse("pack_retire", args=[second.name, second.version]))
    assert response.status_code == 400
    assert PackVersion.objects.get(active=True) == pack


def test_a_rule_an_active_pack_switches_off_is_listed_on_its_option_page(alice_client, pack):
    """The pack page links each changed built-in rule to its option page: a rule switched
    off is no longer among the option's rules, so it is listed below them, with its anchor,
    the pack and the reason."""
    rule = default_knowledge().rule("serverless.job-over-lambda-limit")
    url = reverse("knowledge_option", args=["serverless"])
    page = alice_client.get(url).content.decode()
    assert "switched off by a pack" not in page  # stored, not active
    packstore.activate(pack.name, pack.version)
    page = alice_client.get(url).content.decode()
    assert "Built-in rules switched off by a pack" in page
    listed = page.split('id="off-heading"')[1]
    assert f'<li id="rule-{rule.id}"><strong>{escape(rule.title)}</strong>' in listed
    assert reverse("pack_version", args=[pack.name, pack.version]) in listed
    assert "Azure Functions&#x27; own time-out applies" in listed
    version_page = alice_client.get(reverse("pack_version", args=[pack.name, pack.version]))
    link = f"{url}#rule-{rule.id}"
    assert link in version_page.content.decode()
    # Only once: the rule is not among the option's rules while it is off.
    assert page.count(f'id="rule-{rule.id}"') == 1
