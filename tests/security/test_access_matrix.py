"""Every URL × {anonymous, owner, another user, staff} × {a private design, an example}.

The expected status follows from what the URL is (``routes.ROUTES``), not from a list
typed per case, so a new page is covered as soon as it is described there.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from evaluator.web import services
from evaluator.web.models import Design

from .routes import (
    ACCOUNT,
    ANONYMOUS,
    CHANGE,
    EDITOR,
    PUBLIC,
    READ,
    SIGNED_IN,
    described_but_gone,
    design_urls,
    other_urls,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "owner", "other", "staff"]
LOGIN = reverse("login")


def expected_for_design(route, role, example, method):
    allowed = route.get if method == "get" else route.post
    signed_in = role != "anonymous"
    if not example:
        if role == "owner":
            return allowed
        # Anonymous visitors may be the owner: sign in. Everyone else: it does not exist.
        return "login" if not signed_in else 404
    # An example: everyone reads it; staff change it; signed-in users copy it.
    if route.access == READ:
        return allowed
    if not signed_in:
        return "login"
    if route.access == ACCOUNT:
        return allowed
    assert route.access == CHANGE
    return allowed if role == "staff" else 403


def expected_for_other(route, role, method):
    allowed = route.get if method == "get" else route.post
    signed_in = role != "anonymous"
    if route.access == PUBLIC:
        return allowed
    if route.access == SIGNED_IN:
        return allowed if signed_in else "login"
    if route.access == EDITOR:
        # No one here is a knowledge editor, staff included: only superusers and the
        # group have the permission (tests/web/test_pack_pages.py covers the editors).
        return 403 if signed_in else "login"
    assert route.access == ANONYMOUS
    # A signed-in user is sent on instead of being shown the form again.
    return 302 if signed_in else allowed


@pytest.fixture
def people(django_user_model):
    make = django_user_model.objects.create_user
    return {
        "owner": make("olive"),
        "other": make("oscar"),
        "staff": make("stan", is_staff=True),
    }


def client_for(role, people):
    client = Client()
    if role != "anonymous":
        client.force_login(people[role])
    return client


def check(response, expected, label):
    if expected == "login":
        assert response.status_code == 302, f"{label}: {response.status_code}, not a redirect"
        assert response["Location"].startswith(LOGIN + "?next="), f"{label}: {response['Location']}"
    else:
        assert response.status_code == expected, (
            f"{label}: answered {response.status_code}, expected {expected}"
        )


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("example", [False, True], ids=["private", "example"])
@pytest.mark.parametrize("role", ROLES)
def test_every_design_url_answers_each_visitor_as_expected(
    people, shop_spec, role, example, method
):
    owner = None if example else people["owner"]
    design = services.create_design(owner, shop_spec, is_example=example)
    client = client_for(role, people)
    checked = 0
    for name, url, route in design_urls(design.slug):
        expected = expected_for_design(route, role, example, method)
        response = getattr(client, method)(url)
        check(response, expected, f"{method.upper()} {name} as {role} on a {example=} design")
        checked += 1
    assert checked >= 15
    # Only the owner (or staff, for an example) could delete it; nobody else changed it.
    design.refresh_from_db()
    may_change = (role == "owner" and not example) or (role == "staff" and example)
    assert (design.deleted_at is not None) == (may_change and method == "post")
    if not (may_change and method == "post"):
        assert design.version == 1 and design.revisions.count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", ["anonymous", "owner", "staff"])
def test_every_other_url_answers_each_visitor_as_expected(people, role, method):
    client = client_for(role, people)
    for name, url, route in other_urls():
        response = getattr(client, method)(url)
        check(response, expected_for_other(route, role, method), f"{method.upper()} {name}")


def test_no_route_is_described_that_no_longer_exists():
    assert not described_but_gone()


def test_comparing_designs_never_reveals_another_users_design(people, shop_spec):
    from dataclasses import replace

    mine = services.create_design(people["owner"], replace(shop_spec, name="Secret plan"))
    theirs = services.create_design(people["other"], shop_spec)
    client = client_for("other", people)
    response = client.get(reverse("compare_designs"), {"a": mine.slug, "b": theirs.slug})
    assert response.status_code == 404
    listing = client.get(reverse("compare_designs")).content.decode()
    assert f'value="{mine.slug}"' not in listing
    assert f'value="{theirs.slug}"' in listing


def test_the_admin_is_for_staff_only(people):
    assert client_for("anonymous", people).get("/admin/").status_code == 302
    assert client_for("other", people).get("/admin/").status_code == 302
    assert client_for("staff", people).get("/admin/").status_code == 200


def test_staff_do_not_see_a_private_design_in_lists(people, shop_spec):
    design = services.create_design(people["owner"], shop_spec)
    page = client_for("staff", people).get(reverse("home")).content.decode()
    assert design.slug not in page
    assert Design.objects.visible_to(get_user_model().objects.get(username="stan")).count() == 0
