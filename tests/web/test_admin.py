"""The admin shows revisions read-only and leaves design content to the app."""

from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="x-long-passphrase-1")
    client.force_login(root)
    return client


def test_revisions_are_listed_and_viewable(admin_client_, alice_design):
    revision = alice_design.revisions.get(number=1)
    listing = admin_client_.get(reverse("admin:web_revision_changelist"))
    assert listing.status_code == 200
    assert revision.short_hash in listing.content.decode()
    page = admin_client_.get(reverse("admin:web_revision_change", args=[revision.pk]))
    assert page.status_code == 200
    assert 'name="snapshot"' not in page.content.decode()  # shown, not editable


def test_revisions_cannot_be_added_changed_or_deleted(admin_client_, alice_design):
    revision = alice_design.revisions.get(number=1)
    assert admin_client_.get(reverse("admin:web_revision_add")).status_code == 403
    response = admin_client_.post(
        reverse("admin:web_revision_change", args=[revision.pk]), {"snapshot": "{}"}
    )
    assert response.status_code == 403
    assert (
        admin_client_.post(
            reverse("admin:web_revision_delete", args=[revision.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    revision.refresh_from_db()
    assert revision.snapshot != "{}"


def test_design_admin_shows_components_but_cannot_delete(admin_client_, alice_design):
    page = admin_client_.get(reverse("admin:web_design_change", args=[alice_design.pk]))
    assert page.status_code == 200
    assert "Orders API" in page.content.decode()
    assert 'name="name"' not in page.content.decode()  # content is read-only here
    response = admin_client_.post(
        reverse("admin:web_design_delete", args=[alice_design.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert admin_client_.get(reverse("admin:web_design_add")).status_code == 403


# --- Rule packs ---------------------------------------------------------------------------

PACK = (Path(__file__).resolve().parents[2] / "designs" / "packs" / "acme-azure.yaml").read_text()


@pytest.fixture
def stored_pack():
    from evaluator.web import packstore

    return packstore.store_pack(PACK, "acme-azure.yaml")[0]


def test_pack_versions_are_listed_and_shown_read_only(admin_client_, stored_pack):
    listing = admin_client_.get(reverse("admin:web_packversion_changelist"))
    assert listing.status_code == 200
    assert "acme-azure" in listing.content.decode()
    page = admin_client_.get(reverse("admin:web_packversion_change", args=[stored_pack.pk]))
    assert page.status_code == 200
    assert 'name="text"' not in page.content.decode()


def test_pack_versions_cannot_be_added_changed_or_deleted(admin_client_, stored_pack):
    from evaluator.web.models import PackVersion

    assert admin_client_.get(reverse("admin:web_packversion_add")).status_code == 403
    change = reverse("admin:web_packversion_change", args=[stored_pack.pk])
    assert admin_client_.post(change, {"active": "on", "text": "x"}).status_code == 403
    delete = reverse("admin:web_packversion_delete", args=[stored_pack.pk])
    assert admin_client_.post(delete, {"post": "yes"}).status_code == 403
    assert PackVersion.objects.get().text == PACK


def test_opt_outs_are_listed_and_can_be_removed(admin_client_, stored_pack, alice_design, alice):
    from evaluator.web import packstore
    from evaluator.web.models import PackOptOut

    packstore.activate(stored_pack.name, stored_pack.version)
    row = packstore.opt_out(alice_design, "acme-azure", "Runs on the AWS account", user=alice)
    listing = admin_client_.get(reverse("admin:web_packoptout_changelist"))
    assert "Runs on the AWS account" in listing.content.decode()
    delete = reverse("admin:web_packoptout_delete", args=[row.pk])
    assert admin_client_.post(delete, {"post": "yes"}).status_code == 302
    assert not PackOptOut.objects.exists()
