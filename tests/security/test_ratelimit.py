"""Failed sign-ins are counted in the database; after a few, that pair has to wait."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluator.web import ratelimit
from evaluator.web.models import LoginFailure

pytestmark = pytest.mark.django_db


def sign_in(client, username, password, ip="203.0.113.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def fail(client, times, username="alice", ip="203.0.113.7"):
    for _ in range(times):
        assert sign_in(client, username, "wrong", ip).status_code == 400


def test_after_the_limit_further_attempts_get_429_with_a_clear_message(client, alice, password):
    fail(client, ratelimit.MAX_FAILURES)
    response = sign_in(client, "alice", password)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many sign-in attempts" in body
    assert "wait about 15 minutes" in body
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    # Even the right password does not get in while the pause lasts.
    assert "_auth_user_id" not in client.session


def test_refused_attempts_do_not_extend_the_pause(client, alice):
    fail(client, ratelimit.MAX_FAILURES)
    for _ in range(3):
        assert sign_in(client, "alice", "wrong").status_code == 429
    assert LoginFailure.objects.count() == ratelimit.MAX_FAILURES


def test_fewer_failures_than_the_limit_still_let_the_user_in(client, alice, password):
    fail(client, ratelimit.MAX_FAILURES - 1)
    assert sign_in(client, "alice", password).status_code == 302
    # Success clears the count for that username and address.
    assert not LoginFailure.objects.filter(username="alice").exists()


def test_the_limit_is_per_username_and_address(client, alice, bob, password):
    fail(client, ratelimit.MAX_FAILURES, username="alice", ip="203.0.113.7")
    assert sign_in(Client(), "alice", password, ip="198.51.100.4").status_code == 302
    assert sign_in(Client(), "bob", password, ip="203.0.113.7").status_code == 302


def test_usernames_are_counted_case_insensitively(client, alice):
    for name in ["alice", "Alice", "ALICE", " alice", "aLiCe"]:
        sign_in(client, name, "wrong")
    assert sign_in(client, "alice", "wrong").status_code == 429


def test_the_pause_ends_when_the_window_has_passed(client, alice, password):
    fail(client, ratelimit.MAX_FAILURES)
    LoginFailure.objects.update(created_at=timezone.now() - ratelimit.WINDOW - timedelta(seconds=1))
    assert sign_in(client, "alice", password).status_code == 302


def test_failures_older_than_the_window_are_removed(client, alice):
    LoginFailure.objects.create(
        username="old", ip="192.0.2.1", created_at=timezone.now() - timedelta(days=2)
    )
    fail(client, 1)
    assert not LoginFailure.objects.filter(username="old").exists()


def test_the_count_lives_in_the_database_so_every_app_server_sees_it(alice, password):
    # Failures from several "servers" (separate clients, no shared memory) add up.
    for _ in range(ratelimit.MAX_FAILURES):
        fail(Client(), 1)
    assert sign_in(Client(), "alice", password).status_code == 429


def test_behind_a_proxy_the_forwarded_address_counts(client, alice, password, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for _ in range(ratelimit.MAX_FAILURES):
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
    assert LoginFailure.objects.filter(ip="203.0.113.9").count() == ratelimit.MAX_FAILURES


def test_the_admin_signs_in_through_the_limited_sign_in(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/admin/"
