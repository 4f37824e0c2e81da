"""Every POST without a CSRF token is refused with 403, and changes nothing."""

import pytest
from django.test import Client

from evaluator.web import services

from .pages import row_counts
from .routes import design_urls, other_urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    return client


def every_url(design):
    return design_urls(design.slug) + other_urls()


def test_every_post_without_a_token_is_refused(strict, alice_design, example_design):
    before = row_counts()
    for name, url, _route in every_url(alice_design) + design_urls(example_design.slug):
        response = strict.post(url, {"name": "Forged", "summary": "forged"})
        assert response.status_code == 403, f"POST {name} answered {response.status_code}"
        assert "The form had expired or came from another site" in response.content.decode(), name
    assert row_counts() == before
    alice_design.refresh_from_db()
    assert alice_design.deleted_at is None and alice_design.version == 2


def test_anonymous_posts_without_a_token_are_refused(alice):
    client = Client(enforce_csrf_checks=True)
    for name, url, _route in other_urls():
        response = client.post(url, {"username": "alice", "password": "x"})
        assert response.status_code == 403, f"POST {name} answered {response.status_code}"


def test_a_wrong_token_is_refused_too(strict, alice_design):
    strict.get("/")  # sets the CSRF cookie
    for name, url, _route in every_url(alice_design):
        response = strict.post(url, {"csrfmiddlewaretoken": "x" * 64})
        assert response.status_code == 403, name
        response = strict.post(url, HTTP_X_CSRFTOKEN="y" * 32)
        assert response.status_code == 403, name


def test_with_the_token_the_same_posts_get_past_the_check(strict, alice, alice_design):
    # Proves the 403s above come from the CSRF check and not from somewhere else. As a
    # knowledge editor, so that the pack pages' own 403 (for other users) is not one.
    from django.contrib.auth.models import Group

    alice.groups.add(Group.objects.get(name="Knowledge editors"))
    strict.get("/")
    token = strict.cookies["csrftoken"].value
    for name, url, _route in every_url(alice_design):
        if name == "logout":
            continue
        response = strict.post(url, {"csrfmiddlewaretoken": token})
        assert response.status_code != 403, name
        # htmx sends the token in a header instead of the form.
        response = strict.post(url, HTTP_X_CSRFTOKEN=token, HTTP_HX_REQUEST="true")
        assert response.status_code != 403, name
    assert services.verify_chain(alice_design) is None
