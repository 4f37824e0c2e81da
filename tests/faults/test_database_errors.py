"""A database that refuses writes gives a clear 503 page, and nothing is half saved."""

from contextlib import contextmanager

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.urls import reverse

from evaluator.web import services
from evaluator.web.middleware import is_unavailable

from ..security.pages import editor_post, has_url, row_counts, yaml_edit_data, yaml_edit_url

pytestmark = pytest.mark.django_db

MESSAGE = "The database cannot take changes right now"


@contextmanager
def read_only_database():
    """Make the test's own connection refuse every write, the way a read-only file does.

    Used in transactional tests only: a write that fails outside an atomic block would
    break the test case's own transaction. Tests run as root here, so file permissions would not stop the writes; SQLite's
    query_only and PostgreSQL's read-only transactions refuse them the same way a
    read-only file or a hot standby does.
    """
    if connection.vendor == "sqlite":
        on, off = "PRAGMA query_only = ON", "PRAGMA query_only = OFF"
    else:
        on = "SET SESSION default_transaction_read_only = on"
        off = "SET SESSION default_transaction_read_only = off"
    with connection.cursor() as cursor:
        cursor.execute(on)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(off)


def snapshot_of(design):
    design.refresh_from_db()
    return (
        design.version,
        design.name,
        design.summary,
        list(design.components.values_list("name", "kind", "answers")),
        list(design.revisions.values_list("number", "hash")),
    )


def assert_clear_503(response):
    assert response.status_code == 503
    body = response.content.decode()
    assert MESSAGE in body
    assert "Nothing of what you just sent was saved" in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert response["Retry-After"] == "60"


def posts(client, design, shop_yaml):
    """Every way a design is written from the web, as (label, callable)."""
    changed = shop_yaml.replace("team_size: 6", "team_size: 99").encode()
    found = [
        (
            "yaml edit",
            lambda: client.post(
                yaml_edit_url(design.slug), yaml_edit_data(design, summary="Lost?")
            ),
        ),
        (
            "upload onto the design",
            lambda: client.post(
                reverse("design_upload", args=[design.slug]),
                {
                    "file": SimpleUploadedFile("d.yaml", changed),
                    "base_version": design.version,
                },
            ),
        ),
        (
            "new design",
            lambda: client.post(reverse("design_new"), {"name": "Brand new", "summary": ""}),
        ),
        (
            "upload a new design",
            lambda: client.post(
                reverse("design_upload_new"), {"file": SimpleUploadedFile("d.yaml", changed)}
            ),
        ),
        (
            "copy",
            lambda: client.post(reverse("design_copy", args=[design.slug]), {"name": "Copied"}),
        ),
        ("delete", lambda: client.post(reverse("design_delete", args=[design.slug]))),
    ]
    if has_url("design_edit_score"):
        data = editor_post(client, design, summary="Lost in the editor?", action="save")
        found.append(
            ("editor save", lambda: client.post(reverse("design_edit", args=[design.slug]), data))
        )
    return found


@pytest.mark.django_db(transaction=True)
def test_a_read_only_database_gives_503_on_every_save_and_keeps_the_data(
    alice_client, alice_design, shop_yaml
):
    before_rows = row_counts()
    before = snapshot_of(alice_design)
    attempts = posts(alice_client, alice_design, shop_yaml)
    with read_only_database():
        for label, post in attempts:
            response = post()
            assert response.status_code == 503, f"{label}: {response.status_code}"
            assert_clear_503(response)
    assert row_counts() == before_rows
    assert snapshot_of(alice_design) == before
    assert services.verify_chain(alice_design) is None
    # Reading still works while writes are refused, and writing works again afterwards.
    assert alice_client.get(reverse("design", args=[alice_design.slug])).status_code == 200
    response = alice_client.post(
        yaml_edit_url(alice_design.slug), yaml_edit_data(alice_design, summary="Back again.")
    )
    assert response.status_code == 302


def test_a_full_disk_during_a_save_gives_503_and_keeps_the_data(
    alice_client, alice_design, monkeypatch
):
    before = snapshot_of(alice_design)
    real_append = services._append_revision

    def full_disk(*args, **kwargs):
        # The design row is already updated when the revision cannot be written.
        raise OperationalError("database or disk is full")

    monkeypatch.setattr(services, "_append_revision", full_disk)
    response = alice_client.post(
        yaml_edit_url(alice_design.slug), yaml_edit_data(alice_design, summary="Half saved?")
    )
    assert_clear_503(response)
    monkeypatch.setattr(services, "_append_revision", real_append)
    assert snapshot_of(alice_design) == before
    assert services.verify_chain(alice_design) is None


@pytest.mark.django_db(transaction=True)
def test_a_failed_sign_in_write_is_a_503_not_a_traceback(client, alice, password):
    with read_only_database():
        response = client.post(reverse("login"), {"username": "alice", "password": password})
    assert response.status_code == 503
    assert "Traceback" not in response.content.decode()


def test_a_failing_read_says_nothing_was_changed(client, example_design, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(services, "spec_from_design", unreachable)
    response = client.get(reverse("design", args=[example_design.slug]))
    assert response.status_code == 503
    assert "Nothing was changed" in response.content.decode()


def test_the_503_page_carries_the_security_headers(alice_client, alice_design, monkeypatch):
    monkeypatch.setattr(
        services, "save_design", lambda *a, **k: (_ for _ in ()).throw(OperationalError("x"))
    )
    response = alice_client.post(yaml_edit_url(alice_design.slug), yaml_edit_data(alice_design))
    assert response.status_code == 503
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_programming_errors_are_not_mistaken_for_an_unavailable_database():
    from django.db import IntegrityError, InternalError, ProgrammingError

    assert is_unavailable(OperationalError("database is locked"))
    assert not is_unavailable(IntegrityError("duplicate key"))
    assert not is_unavailable(ProgrammingError("no such column"))
    assert not is_unavailable(InternalError("something else"))
    assert not is_unavailable(ValueError("bug"))
