"""The quick form-body reader gives what Django's QueryDict gives, and leaves the rest to it."""

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from evaluator.web import formdata

pytestmark = pytest.mark.django_db

BODIES = [
    b"",
    b"a=1",
    b"a=1&a=2&b=",
    b"a&b=&=c&&&",
    b"name=Caf%C3%A9+au+lait&x=%2B%26%3D%25",
    b"plus+in+name=1&pct%20name=2",
    b"bad=%zz%4&half=%E2%82",  # broken escapes and a cut-off UTF-8 sequence
    "raw=Ω≈ç".encode(),
    b"latin=\xe9t\xe9",  # not UTF-8: read as ISO-8859-1, as QueryDict does
    b"a=1;b=2",  # only & separates fields
    b"c1.a.peak_rps=5000&c1.a.regulation=gdpr&c1.a.regulation=pci",
]


@pytest.mark.parametrize("body", BODIES)
def test_it_reads_a_body_as_querydict_does(body):
    expected = QueryDict(body, encoding="utf-8")
    parsed = formdata.parse(body, 1000)
    assert list(parsed.lists()) == list(expected.lists())
    assert parsed.encoding == expected.encoding
    with pytest.raises(AttributeError):
        parsed["new"] = "immutable, like request.POST"


def test_too_many_fields_are_left_to_django():
    assert formdata.parse(b"a=1&b=2&c=3", 2) is None
    assert formdata.parse(b"a=1&b=2", 2) is not None
    assert formdata.parse(b"a=1&b=2&c=3", None) is not None


def test_too_many_fields_still_answer_400(alice_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    body = "&".join(f"f{n}=1" for n in range(10))
    response = alice_client.post(
        reverse("design_new"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


def test_another_charset_is_still_refused(alice_client):
    response = alice_client.post(
        reverse("design_new"),
        "name=x",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )
    assert response.status_code == 400


def test_a_post_without_its_csrf_token_is_still_refused(alice, password):
    client = Client(enforce_csrf_checks=True)
    client.login(username="alice", password=password)
    response = client.post(reverse("design_new"), {"name": "No token"})
    assert response.status_code == 403


def test_the_view_sees_the_posted_fields(alice_client):
    response = alice_client.post(
        reverse("design_new"), {"name": "Café <b>", "summary": "x+y & z%"}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Café &lt;b&gt;" in page
    assert "x+y &amp; z%</textarea>" in page
