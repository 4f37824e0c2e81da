"""Sign up (and switching it off), sign in, sign out, change password."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_sign_up_creates_the_account_and_signs_in(client, password):
    response = client.post(
        reverse("signup"),
        {"username": "carol", "password1": password, "password2": password},
    )
    assert response.status_code == 302
    assert get_user_model().objects.filter(username="carol").exists()
    home = client.get(reverse("home"))
    assert home.context["user"].username == "carol"


def test_sign_up_with_mismatched_passwords_is_refused(client, password):
    response = client.post(
        reverse("signup"),
        {"username": "carol", "password1": password, "password2": password + "x"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["password2"]
    assert not get_user_model().objects.filter(username="carol").exists()


def test_sign_up_can_be_switched_off(client, settings, password):
    settings.SIGNUP_ENABLED = False
    assert client.get(reverse("signup")).status_code == 404
    response = client.post(
        reverse("signup"),
        {"username": "carol", "password1": password, "password2": password},
    )
    assert response.status_code == 404
    assert not get_user_model().objects.filter(username="carol").exists()
    assert reverse("signup") not in client.get(reverse("login")).content.decode()


def test_sign_in_and_go_where_you_were_going(client, alice, password):
    response = client.post(
        reverse("login") + "?next=/designs/new/",
        {"username": "alice", "password": password, "next": "/designs/new/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/designs/new/"


def test_a_wrong_password_is_refused(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "nope"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_a_post(alice_client):
    assert alice_client.get(reverse("logout")).status_code == 405
    response = alice_client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in alice_client.session


def test_change_password(alice_client, alice, password):
    response = alice_client.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "another-long-passphrase-7",
            "new_password2": "another-long-passphrase-7",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("another-long-passphrase-7")


def test_change_password_with_a_wrong_old_one_is_refused(alice_client, alice, password):
    response = alice_client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "another-long-passphrase-7",
            "new_password2": "another-long-passphrase-7",
        },
    )
    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.check_password(password)
