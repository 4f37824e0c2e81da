"""The admin shows revisions read-only and leaves design content to the app."""

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
