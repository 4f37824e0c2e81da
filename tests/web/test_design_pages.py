"""The design pages: list, create, edit, upload, download, history, delete."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluator.engine.results import BANDS, CLOSE_CALL_MARGIN
from evaluator.engine.spec import parse_design
from evaluator.web import services
from evaluator.web.models import Component, Design, Revision

from .bad_files import BAD_FILES, LINES

pytestmark = pytest.mark.django_db


def row_counts():
    return (Design.objects.count(), Component.objects.count(), Revision.objects.count())


def upload(content, name="design.yaml"):
    return SimpleUploadedFile(name, content, content_type="application/yaml")


def edit_data(design, **changes):
    spec = services.spec_from_design(design)
    from evaluator.web.designs.forms import design_body_text

    data = {
        "name": spec.name,
        "summary": spec.summary,
        "body": design_body_text(spec),
        "base_version": design.version,
    }
    data.update(changes)
    return data


# --- Home -----------------------------------------------------------------------------------


def test_home_lists_my_designs_and_the_examples(alice_client, alice_design, example_design):
    response = alice_client.get(reverse("home"))
    assert response.status_code == 200
    assert list(response.context["mine"]) == [alice_design]
    assert list(response.context["examples"]) == [example_design]
    assert response.context["mine"][0].component_count == 3


def test_home_reads_every_designs_components_in_one_query(
    alice_client, alice, shop_spec, django_assert_max_num_queries
):
    from dataclasses import replace

    for number in range(6):
        services.create_design(alice, replace(shop_spec, name=f"Shop {number}"))
    alice_client.get(reverse("home"))  # sessions and the like, once
    # The same few queries for six designs as for one: none per design.
    with django_assert_max_num_queries(8):
        page = alice_client.get(reverse("home")).content.decode()
    assert page.count('class="badges"') == 6


def test_home_filters_by_name(alice_client, alice, alice_design, shop_spec):
    import dataclasses

    services.create_design(alice, dataclasses.replace(shop_spec, name="Payroll"))
    response = alice_client.get(reverse("home"), {"q": "payr"})
    assert [d.name for d in response.context["mine"]] == ["Payroll"]


def test_home_for_anonymous_visitors_shows_only_examples(client, alice_design, example_design):
    response = client.get(reverse("home"))
    body = response.content.decode()
    assert list(response.context["examples"]) == [example_design]
    assert list(response.context["mine"]) == []
    assert reverse("design", args=[alice_design.slug]) not in body
    assert "Sign in" in body


def legend(page: str) -> str:
    start = page.index('<details class="card score-legend"')
    return page[start : page.index("</details>", start)]


def test_home_explains_how_to_read_a_score_to_visitors(client, example_design):
    page = client.get(reverse("home")).content.decode()
    text = legend(page)
    assert text.startswith('<details class="card score-legend" open>')
    assert "How to read a score" in text
    # The bands and the close-call margin are the engine's own.
    strong, possible, weak, _poor = (floor for _band, floor in BANDS)
    assert (
        f"Strong from {strong}, possible from {possible}, weak from {weak} and poor below {weak}."
        in text
    )
    for mark, words in (("★", "Recommended"), ("✕", "Ruled out"), ("≈", "A close call")):
        assert f">{mark}</dt><dd>{words}" in text
    assert f"within {CLOSE_CALL_MARGIN} points of the recommendation" in text


def test_home_folds_the_legend_away_for_people_who_are_signed_in(alice_client):
    page = alice_client.get(reverse("home")).content.decode()
    assert legend(page).startswith('<details class="card score-legend">')


def test_pages_carry_no_inline_script(alice_client, alice_design):
    for url in [reverse("home"), reverse("design", args=[alice_design.slug])]:
        body = alice_client.get(url).content.decode()
        assert "<script>" not in body
        assert " onclick=" not in body
        assert "Content-Security-Policy" in alice_client.get(url).headers


# --- Design page ----------------------------------------------------------------------------


def test_design_page_shows_components_dependencies_and_labelled_answers(alice_client, alice_design):
    response = alice_client.get(reverse("design", args=[alice_design.slug]))
    body = response.content.decode()
    for text in ["Storefront", "Orders API", "Order events", "stream processor", "async"]:
        assert text in body
    # Answers appear with their catalogue labels, not raw ids.
    kb = services.knowledge()
    assert kb.question("peak_rps").label in body
    assert kb.question("traffic_pattern").choice_label("daily_cycle") in body


# --- Create -----------------------------------------------------------------------------------


def test_create_a_design_from_a_name(alice_client, alice):
    response = alice_client.post(
        reverse("design_new"), {"name": "  Ledger  ", "summary": "Money moves."}
    )
    design = Design.objects.owned_by(alice).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("design_edit", args=[design.slug])
    assert (design.name, design.summary) == ("Ledger", "Money moves.")
    assert design.revisions.count() == 1


def test_create_without_a_name_is_refused_with_400(alice_client):
    response = alice_client.post(reverse("design_new"), {"name": "", "summary": "kept"})
    assert response.status_code == 400
    assert response.context["new_form"].errors["name"]
    assert "kept" in response.content.decode()
    assert row_counts() == (0, 0, 0)


def test_create_with_an_over_long_name_is_refused(alice_client):
    response = alice_client.post(reverse("design_new"), {"name": "x" * 121})
    assert response.status_code == 400
    assert "at most 120 characters" in response.context["new_form"].errors["name"][0]


def test_upload_a_new_design(alice_client, alice, shop_yaml):
    response = alice_client.post(reverse("design_upload_new"), {"file": upload(shop_yaml.encode())})
    design = Design.objects.owned_by(alice).get()
    assert response.status_code == 302
    assert services.spec_from_design(design) == parse_design(shop_yaml)


@pytest.mark.parametrize(
    ("content", "words"),
    [pytest.param(content, words, id=name) for name, content, words in BAD_FILES],
)
def test_a_bad_upload_is_refused_with_its_reason_and_nothing_is_saved(
    alice_client, example_design, content, words, request
):
    before = row_counts()
    response = alice_client.post(
        reverse("design_upload_new"), {"file": upload(content, "team/../my design.yaml")}
    )
    assert response.status_code == 400
    message = response.context["upload_form"].errors["file"][0]
    assert words in message
    assert message.startswith("my design.yaml")  # only the file's own name is echoed
    line = LINES.get(request.node.callspec.id)
    if line:
        assert line in message
    assert html.escape(words) in response.content.decode()
    assert row_counts() == before


def test_an_upload_without_a_file_is_refused(alice_client):
    response = alice_client.post(reverse("design_upload_new"), {})
    assert response.status_code == 400
    assert response.context["upload_form"].errors["file"]


# --- Edit -------------------------------------------------------------------------------------


def test_edit_saves_a_new_revision(alice_client, alice_design):
    data = edit_data(alice_design, name="Corner Shop (EU)")
    data["body"] = data["body"].replace("team_size: 7", "team_size: 11")
    response = alice_client.post(reverse("design_edit_yaml", args=[alice_design.slug]), data)
    assert response.status_code == 302
    alice_design.refresh_from_db()
    assert alice_design.name == "Corner Shop (EU)"
    assert alice_design.context["team_size"] == 11
    assert alice_design.revisions.count() == 3
    assert (
        "Saved “Corner Shop (EU)” as revision 3"
        in alice_client.get(response["Location"]).content.decode()
    )


def test_an_edit_with_no_changes_adds_no_revision(alice_client, alice_design):
    response = alice_client.post(
        reverse("design_edit_yaml", args=[alice_design.slug]), edit_data(alice_design), follow=True
    )
    assert "Nothing changed" in response.content.decode()
    assert alice_design.revisions.count() == 2


def test_an_edit_with_bad_yaml_shows_line_and_column_and_keeps_the_text(alice_client, alice_design):
    data = edit_data(alice_design)
    data["body"] = data["body"].replace("kind: api", "kind: apii")
    line = data["body"].splitlines().index("  kind: apii") + 1
    before = row_counts()
    response = alice_client.post(reverse("design_edit_yaml", args=[alice_design.slug]), data)
    assert response.status_code == 400
    error = response.context["form"].errors["body"][0]
    assert error.startswith(f"Line {line}, column 3: components[1].kind:")
    assert "Did you mean 'api'?" in error
    assert "kind: apii" in response.content.decode()
    assert row_counts() == before


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("context: [1, 2\n", "YAML could not be read"),
        ("- just\n- a list\n", "must be a mapping"),
        ("name: Sneaky\n", "'name' does not belong in the YAML box"),
        ("context: &a {team_size: 2}\n", "anchors"),
        ("components:\n  - {name: A, kind: api, depends_on: [B]}\n", "not a component"),
        ("context: {team_size: lots}\n", "team_size"),
    ],
)
def test_edit_refuses_bad_yaml_with_a_message(alice_client, alice_design, body, words):
    data = edit_data(alice_design, body=body)
    response = alice_client.post(reverse("design_edit_yaml", args=[alice_design.slug]), data)
    assert response.status_code == 400
    assert words in " ".join(response.context["form"].errors["body"])
    alice_design.refresh_from_db()
    assert alice_design.version == 2


def test_an_empty_yaml_box_means_no_components(alice_client, alice_design):
    data = edit_data(alice_design, body="")
    response = alice_client.post(reverse("design_edit_yaml", args=[alice_design.slug]), data)
    assert response.status_code == 302
    assert alice_design.components.count() == 0


def test_a_stale_edit_is_refused_and_keeps_the_users_text(alice_client, alice, alice_design):
    mine = edit_data(alice_design, summary="My careful rewrite of the summary.")
    # Someone else saves after the form was opened.
    other = services.spec_from_design(alice_design)
    import dataclasses

    services.save_design(
        alice_design,
        dataclasses.replace(other, summary="Their change."),
        author=alice,
        base_version=alice_design.version,
    )
    response = alice_client.post(reverse("design_edit_yaml", args=[alice_design.slug]), mine)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed" in body
    assert "My careful rewrite of the summary." in body
    alice_design.refresh_from_db()
    assert alice_design.summary == "Their change."
    assert alice_design.revisions.count() == 3


def test_edit_without_a_version_is_refused(alice_client, alice_design):
    data = edit_data(alice_design)
    del data["base_version"]
    response = alice_client.post(reverse("design_edit_yaml", args=[alice_design.slug]), data)
    assert response.status_code == 400
    assert "lost track of which version" in response.content.decode()
    assert alice_design.revisions.count() == 2


# --- Upload onto a design ---------------------------------------------------------------------


def test_uploading_a_changed_file_adds_a_revision(alice_client, alice_design, shop_yaml):
    changed = shop_yaml.replace("team_size: 6", "team_size: 30").encode()
    response = alice_client.post(
        reverse("design_upload", args=[alice_design.slug]),
        {"file": upload(changed), "base_version": alice_design.version},
    )
    assert response.status_code == 302
    alice_design.refresh_from_db()
    assert alice_design.context["team_size"] == 30
    assert alice_design.revisions.count() == 3


def test_uploading_onto_a_stale_version_is_refused(alice_client, alice_design, shop_yaml):
    response = alice_client.post(
        reverse("design_upload", args=[alice_design.slug]),
        {"file": upload(shop_yaml.encode()), "base_version": 1},
    )
    assert response.status_code == 409
    assert "Someone else changed" in response.content.decode()
    assert alice_design.revisions.count() == 2


def test_a_bad_upload_onto_a_design_changes_nothing(alice_client, alice_design):
    before = row_counts()
    response = alice_client.post(
        reverse("design_upload", args=[alice_design.slug]),
        {"file": upload(b"format: tradeoff-evaluator/1\nname: X\n---\n"), "base_version": 2},
    )
    assert response.status_code == 400
    assert "more than one YAML document" in response.content.decode()
    assert row_counts() == before


# --- Download, history, delete ----------------------------------------------------------------


def test_download_is_an_attachment_named_after_the_slug(alice_client, alice_design):
    response = alice_client.get(reverse("design_download", args=[alice_design.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/yaml")
    assert response["Content-Disposition"] == f'attachment; filename="{alice_design.slug}.yaml"'
    assert parse_design(response.content) == services.spec_from_design(alice_design)


def test_history_lists_revisions_newest_first(alice_client, alice_design):
    response = alice_client.get(reverse("design_history", args=[alice_design.slug]))
    revisions = list(response.context["revisions"])
    assert [r.number for r in revisions] == [2, 1]
    assert revisions[0].short_hash in response.content.decode()
    assert "alice" in response.content.decode()


def test_a_revision_shows_and_downloads_its_snapshot(alice_client, alice_design):
    page = alice_client.get(reverse("revision", args=[alice_design.slug, 1]))
    text = page.context["text"]
    assert "team_size: 6" in text
    # Answers read in catalogue order, not the sorted order of the stored JSON.
    assert text.index("team_size") < text.index("teams:") < text.index("hosting")
    download = alice_client.get(reverse("revision_download", args=[alice_design.slug, 1]))
    assert download["Content-Disposition"] == (
        f'attachment; filename="{alice_design.slug}-r1.yaml"'
    )
    assert parse_design(download.content).context["team_size"] == 6


def test_a_missing_revision_is_404(alice_client, alice_design):
    response = alice_client.get(reverse("revision", args=[alice_design.slug, 99]))
    assert response.status_code == 404


def test_delete_asks_first_then_hides_the_design(alice_client, alice_design):
    url = reverse("design_delete", args=[alice_design.slug])
    assert "Delete “Corner Shop”?" in alice_client.get(url).content.decode()
    alice_design.refresh_from_db()
    assert alice_design.deleted_at is None
    response = alice_client.post(url)
    assert response.status_code == 302
    alice_design.refresh_from_db()
    assert alice_design.deleted_at is not None
    assert alice_design.revisions.count() == 2  # history is kept


def tamper(revision, snapshot):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE web_revision SET snapshot = %s WHERE id = %s", [snapshot, revision.pk]
        )


def test_history_says_when_it_is_intact(alice_client, alice_design):
    response = alice_client.get(reverse("design_history", args=[alice_design.slug]))
    assert "History verified" in response.content.decode()
    assert response.context["broken"] is None


def test_history_shows_a_tampered_revision(alice_client, alice_design):
    first = alice_design.revisions.get(number=1)
    tamper(first, first.snapshot.replace('"team_size":6', '"team_size":60'))
    history = alice_client.get(reverse("design_history", args=[alice_design.slug]))
    assert history.context["broken"].number == 1
    assert "Revision 1 does not match" in history.content.decode()
    page = alice_client.get(reverse("revision", args=[alice_design.slug, 1]))
    assert page.status_code == 200
    assert "does not match its recorded hash" in page.content.decode()


def test_an_unreadable_snapshot_is_shown_as_stored_not_a_server_error(alice_client, alice_design):
    tamper(alice_design.revisions.get(number=2), "{not json")
    page = alice_client.get(reverse("revision", args=[alice_design.slug, 2]))
    assert page.status_code == 200
    assert "{not json" in page.content.decode()
    download = alice_client.get(reverse("revision_download", args=[alice_design.slug, 2]))
    assert download.status_code == 409
