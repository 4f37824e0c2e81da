"""Pages are sent compressed to browsers that accept it; htmx fragments are not."""

import gzip

import pytest
from django.urls import reverse

from .test_editor import HTMX, form_data

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_a_page_is_compressed_for_a_browser_that_accepts_it(alice_client, alice_design):
    url = reverse("design_edit", args=[alice_design.slug])
    plain = alice_client.get(url)
    packed = alice_client.get(url, **GZIP)
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    body = gzip.decompress(packed.content).decode()
    assert 'id="score-panel"' in body
    assert len(packed.content) * 4 < len(plain.content)


def test_an_htmx_fragment_is_sent_as_it_is(alice_client, alice_design):
    url = reverse("design_edit_score", args=[alice_design.slug])
    response = alice_client.post(url, form_data(alice_design), **HTMX, **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert 'class="score-table"' in response.content.decode()
