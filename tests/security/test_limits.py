"""Requests the app will not read, and pages that tell a visitor nothing about the site."""

import io

import pytest
from django.test import Client
from django.urls import reverse

from evaluator.web.models import Design

pytestmark = pytest.mark.django_db


class CountingStream(io.BytesIO):
    """A request body that records how much of it was read."""

    read_bytes = 0

    def read(self, *args):
        data = super().read(*args)
        self.read_bytes += len(data)
        return data

    def readline(self, *args):
        data = super().readline(*args)
        self.read_bytes += len(data)
        return data


def post_large(client, url, size, **extra):
    from django.conf import settings

    body = CountingStream(b"x" * size)
    response = client.generic(
        "POST",
        url,
        data=b"",
        content_type="multipart/form-data; boundary=BoUnDaRy",
        **{"CONTENT_LENGTH": str(size), "wsgi.input": body, **extra},
    )
    assert size > settings.MAX_REQUEST_BODY
    return response, body


def _urls(design):
    return [
        reverse("design_upload_new"),
        reverse("design_upload", args=[design.slug]),
        reverse("design_edit", args=[design.slug]),
        reverse("design_edit_score", args=[design.slug]),
        reverse("login"),
        reverse("signup"),
    ]


def test_an_oversized_body_is_refused_before_it_is_read(alice, alice_design):
    for url in _urls(alice_design):
        for client in (Client(), Client()):
            response, body = post_large(client, url, 50 * 1024 * 1024)
            assert response.status_code == 413, url
            assert body.read_bytes == 0, url
            assert "nothing was saved" in response.content.decode()
    assert Design.objects.count() == 1


def test_a_body_within_the_limit_is_read_as_usual(client):
    response = client.post(reverse("login"), {"username": "nobody", "password": "x"})
    assert response.status_code == 400


def test_an_unknown_address_under_debug_shows_the_sites_own_page(client, settings):
    settings.DEBUG = True
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "URLconf" not in body and "urlpatterns" not in body
    assert "designs/<slug:slug>/" not in body
    assert "<html" in body.lower()


def test_a_missing_design_under_debug_shows_the_sites_own_page(alice_client, settings):
    settings.DEBUG = True
    response = alice_client.get(reverse("design", args=["no-such-design"]))
    assert response.status_code == 404
    assert "Raised by" not in response.content.decode()
