"""Who sees what: owners, other users, anonymous visitors, staff and the examples."""

import pytest
from django.urls import URLPattern, reverse

from evaluator.web import urls as web_urls
from evaluator.web.models import Design

pytestmark = pytest.mark.django_db


# A value that names something real, for every other part of a design URL.
SAMPLE_ARGUMENTS = {
    "number": 1,
    "fmt": "md",
    "index": 1,
    "position": 1,
    "option": "serverless",
    "name": "acme-azure",
}


def design_urls(design):
    """Every URL of one design, found from the URL configuration so none is forgotten."""
    found = []
    for pattern in web_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        converters = pattern.pattern.converters
        if "slug" not in converters:
            continue
        kwargs = {"slug": design.slug}
        for name in converters:
            if name != "slug":
                assert name in SAMPLE_ARGUMENTS, f"add a sample value for <{name}> above"
                kwargs[name] = SAMPLE_ARGUMENTS[name]
        found.append((pattern.name, reverse(pattern.name, kwargs=kwargs)))
    return found


def test_the_url_list_covers_every_kind_of_design_page(alice_design):
    names = {name for name, _url in design_urls(alice_design)}
    assert names >= {
        "design",
        "design_edit",
        "design_upload",
        "design_download",
        "design_delete",
        "design_copy",
        "design_history",
        "revision",
        "revision_download",
    }


@pytest.mark.parametrize("method", ["get", "post"])
def test_other_users_get_404_on_every_url_of_a_design(bob_client, alice_design, method):
    for name, url in design_urls(alice_design):
        response = getattr(bob_client, method)(url)
        assert response.status_code == 404, (
            f"{method.upper()} {name} answered {response.status_code}"
        )
    alice_design.refresh_from_db()
    assert alice_design.deleted_at is None
    assert Design.objects.owned_by(alice_design.owner).count() == 1
    assert Design.objects.filter(owner__username="bob").count() == 0


def test_the_404_does_not_show_the_design_name(bob_client, alice_design):
    response = bob_client.get(reverse("design", args=[alice_design.slug]))
    assert response.status_code == 404
    assert alice_design.name not in response.content.decode()


# Addresses that lead on to another page of the design.
REDIRECTS = {"component", "design_pack_opt_in"}


def test_the_owner_can_open_every_page_of_their_design(alice_client, alice_design):
    for name, url in design_urls(alice_design):
        response = alice_client.get(url, follow=name in REDIRECTS)
        assert response.status_code == 200, f"{name} answered {response.status_code}"


def test_anonymous_visitors_are_sent_to_sign_in_for_a_private_design(client, alice_design):
    for name, url in design_urls(alice_design):
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login") + "?next="), name


def test_anonymous_visitors_get_the_same_redirect_for_a_slug_that_does_not_exist(client):
    response = client.get(reverse("design", args=["no-such-design"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["design_new", "design_upload_new", "password_change"])
def test_anonymous_visitors_are_sent_to_sign_in_for_account_pages(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=" + reverse(name)


@pytest.mark.parametrize(
    "name", ["design", "design_download", "design_history", "revision", "revision_download"]
)
def test_examples_are_readable_by_everyone(client, example_design, name):
    kwargs = {"slug": example_design.slug}
    if name.startswith("revision"):
        kwargs["number"] = 1
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["design_edit", "design_upload", "design_delete", "design_copy"])
def test_anonymous_visitors_must_sign_in_to_change_or_copy_an_example(client, example_design, name):
    response = client.post(reverse(name, args=[example_design.slug]))
    assert response.status_code == 302
    # A POST cannot be replayed, so signing in leads back to the design's page.
    design_url = reverse("design", args=[example_design.slug])
    assert response["Location"] == reverse("login") + "?next=" + design_url
    assert Design.objects.count() == 1


@pytest.mark.parametrize("name", ["design_edit", "design_upload", "design_delete"])
def test_users_cannot_change_examples(bob_client, example_design, name):
    response = bob_client.post(reverse(name, args=[example_design.slug]))
    assert response.status_code == 403
    assert "Copy it into your designs" in response.content.decode()
    example_design.refresh_from_db()
    assert example_design.deleted_at is None


def test_staff_can_change_examples(client, staff, example_design):
    client.force_login(staff)
    assert client.get(reverse("design_edit", args=[example_design.slug])).status_code == 200
    response = client.post(reverse("design_delete", args=[example_design.slug]))
    assert response.status_code == 302
    example_design.refresh_from_db()
    assert example_design.deleted_at is not None


def test_staff_cannot_see_other_users_designs(client, staff, alice_design):
    client.force_login(staff)
    assert client.get(reverse("design", args=[alice_design.slug])).status_code == 404


def test_a_signed_in_user_copies_an_example_into_their_designs(bob_client, bob, example_design):
    url = reverse("design_copy", args=[example_design.slug])
    response = bob_client.post(url, {"name": "Our shop"})
    copy = Design.objects.owned_by(bob).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("design", args=[copy.slug])
    assert copy.name == "Our shop"
    assert copy.components.count() == example_design.components.count()
    page = bob_client.get(response["Location"]).content.decode()
    assert "This copy is yours" in page
    assert f"Copied “{example_design.name}” as “Our shop”" in page


def test_the_copy_step_proposes_a_name_of_its_own(bob_client, example_design):
    response = bob_client.get(reverse("design_copy", args=[example_design.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'value="Copy of {example_design.name}"' in page
    assert Design.objects.count() == 1


def test_the_design_page_leads_to_the_copy_step(bob_client, example_design):
    page = bob_client.get(example_design.get_absolute_url()).content.decode()
    assert f'href="{reverse("design_copy", args=[example_design.slug])}"' in page


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("x" * 121, "at most 120 characters"),
        ("Two\nlines", "one line without control characters"),
    ],
)
def test_a_bad_name_for_a_copy_is_refused_and_nothing_is_saved(
    bob_client, example_design, name, message
):
    url = reverse("design_copy", args=[example_design.slug])
    response = bob_client.post(url, {"name": name})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'class="field has-error"' in page
    assert Design.objects.count() == 1


def test_deleted_designs_answer_404_to_their_owner(alice_client, alice_design):
    alice_client.post(reverse("design_delete", args=[alice_design.slug]))
    assert alice_client.get(reverse("design", args=[alice_design.slug])).status_code == 404
