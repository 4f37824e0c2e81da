"""Failed sign-ins and sign-ups are counted in the database; after a few, a pause."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluator.web.accounts import ratelimit
from evaluator.web.models import Attempt

pytestmark = pytest.mark.django_db


def sign_in(client, username, password, ip="203.0.113.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def fail(client, times, username="alice", ip="203.0.113.7"):
    for _ in range(times):
        assert sign_in(client, username, "wrong", ip).status_code == 400


def test_after_the_limit_further_attempts_get_429_with_a_clear_message(client, alice, password):
    fail(client, ratelimit.SIGN_IN.limit)
    response = sign_in(client, "alice", password)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many sign-in attempts" in body
    assert "wait about 15 minutes" in body
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    # Even the right password does not get in while the pause lasts.
    assert "_auth_user_id" not in client.session


def test_refused_attempts_do_not_extend_the_pause(client, alice):
    fail(client, ratelimit.SIGN_IN.limit)
    for _ in range(3):
        assert sign_in(client, "alice", "wrong").status_code == 429
    assert Attempt.objects.filter(action="sign-in").count() == ratelimit.SIGN_IN.limit


def test_fewer_failures_than_the_limit_still_let_the_user_in(client, alice, password):
    fail(client, ratelimit.SIGN_IN.limit - 1)
    assert sign_in(client, "alice", password).status_code == 302
    # Success clears the count for that username and address.
    assert not Attempt.objects.filter(action="sign-in", key__startswith="alice|").exists()


def test_the_limit_is_per_username_and_address(client, alice, bob, password):
    fail(client, ratelimit.SIGN_IN.limit, username="alice", ip="203.0.113.7")
    assert sign_in(Client(), "alice", password, ip="198.51.100.4").status_code == 302
    assert sign_in(Client(), "bob", password, ip="203.0.113.7").status_code == 302


def test_usernames_are_counted_case_insensitively(client, alice):
    for name in ["alice", "Alice", "ALICE", " alice", "aLiCe"]:
        sign_in(client, name, "wrong")
    assert sign_in(client, "alice", "wrong").status_code == 429


def test_the_pause_ends_when_the_window_has_passed(client, alice, password):
    fail(client, ratelimit.SIGN_IN.limit)
    Attempt.objects.update(
        created_at=timezone.now() - ratelimit.SIGN_IN.window - timedelta(seconds=1)
    )
    assert sign_in(client, "alice", password).status_code == 302


def test_failures_older_than_the_window_are_removed(client, alice):
    Attempt.objects.create(
        action="sign-in", key="old|192.0.2.1", created_at=timezone.now() - timedelta(days=2)
    )
    fail(client, 1)
    assert not Attempt.objects.filter(key="old|192.0.2.1").exists()


def test_the_count_lives_in_the_database_so_every_app_server_sees_it(alice, password):
    # Failures from several "servers" (separate clients, no shared memory) add up.
    for _ in range(ratelimit.SIGN_IN.limit):
        fail(Client(), 1)
    assert sign_in(Client(), "alice", password).status_code == 429


def test_behind_a_proxy_the_forwarded_address_counts(client, alice, password, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for _ in range(ratelimit.SIGN_IN.limit):
        client.post(
            reverse("login"),
            {"username": "alice", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.9",
        )
    other_user_of_the_proxy = Client().post(
        reverse("login"),
        {"username": "alice", "password": password},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    assert other_user_of_the_proxy.status_code == 302
    counted = Attempt.objects.filter(action="sign-in", key="alice|203.0.113.9")
    assert counted.count() == ratelimit.SIGN_IN.limit


def test_the_admin_signs_in_through_the_limited_sign_in(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/admin/"


@pytest.mark.parametrize(
    "look_alike",
    [
        "\uff43arol",  # full-width c, which NFKC reads as c
        "\uff23AROL",  # full-width C, upper case
        "car\u1d52l",  # modifier letter small o
        "Carol",  # plain case folding, as a control
    ],
)
def test_look_alike_spellings_of_a_name_share_its_budget(client, django_user_model, look_alike):
    django_user_model.objects.create_user("carol", password="a-long-test-passphrase-42")
    fail(client, ratelimit.SIGN_IN.limit, username="carol")
    # Django's sign-in form would read the look-alike as "carol" and check her password.
    response = sign_in(client, look_alike, "a-long-test-passphrase-42")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_many_names_from_one_address_meet_the_address_budget(client, alice, password):
    for index in range(ratelimit.SIGN_IN_ADDRESS.limit):
        sign_in(client, f"someone{index}", "wrong")
    # Alice has no failures of her own, but this address has spent its budget.
    assert sign_in(client, "alice", password).status_code == 429
    # From another address she signs in as usual.
    assert sign_in(Client(), "alice", password, ip="198.51.100.4").status_code == 302


def test_a_success_clears_only_the_names_own_count(client, alice, password):
    for index in range(ratelimit.SIGN_IN_ADDRESS.limit - 1):
        sign_in(client, f"someone{index}", "wrong")
    assert sign_in(client, "alice", password).status_code == 302
    assert Attempt.objects.filter(action="sign-in-address").count() == (
        ratelimit.SIGN_IN_ADDRESS.limit - 1
    )


def sign_up(client, username, ip="203.0.113.7"):
    return client.post(
        reverse("signup"),
        {
            "username": username,
            "password1": "a-long-test-passphrase-42",
            "password2": "a-long-test-passphrase-42",
        },
        REMOTE_ADDR=ip,
    )


def test_sign_up_is_limited_per_address(client):
    for index in range(ratelimit.SIGN_UP.limit):
        response = sign_up(Client(), f"new{index}")
        assert response.status_code == 302, response.content
    response = sign_up(Client(), "one-too-many")
    assert response.status_code == 429
    assert "Too many sign-up attempts" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="one-too-many").exists()
    # Another address is not affected.
    assert sign_up(Client(), "from-elsewhere", ip="198.51.100.4").status_code == 302


def test_refused_sign_ups_count_too(client, alice):
    # A refusal ("that name is taken") tells whether an account exists: it is an attempt.
    for _ in range(ratelimit.SIGN_UP.limit):
        assert sign_up(Client(), "alice").status_code == 400
    assert sign_up(Client(), "someone-new").status_code == 429
