"""The session store reads exactly what Django's database store reads."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from evaluator.web.sessions import SessionStore

pytestmark = pytest.mark.django_db


def saved(**data):
    store = SessionStore()
    store.update(data)
    store.save()
    return store.session_key


def test_a_live_session_reads_as_django_reads_it():
    key = saved(user="alice", n=3)
    assert SessionStore(key).load() == DjangoStore(key).load() == {"user": "alice", "n": 3}
    assert SessionStore(key).session_key == key


@pytest.mark.parametrize("key", ["", "short", "x" * 32, "'; DROP TABLE django_session; --"])
def test_an_unknown_key_reads_as_nothing_and_is_dropped(key):
    saved(user="alice")
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None
    assert Session.objects.count() == 1


def test_an_expired_session_reads_as_nothing():
    key = saved(user="alice")
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    store = SessionStore(key)
    assert store.load() == {} == DjangoStore(key).load()
    assert store.session_key is None


def test_signing_out_ends_the_session_everywhere(client, alice):
    client.force_login(alice)
    key = client.session.session_key
    assert SessionStore(key).load()
    client.post("/accounts/logout/")
    assert SessionStore(key).load() == {}


def test_the_backend_reads_the_user_as_django_does(alice, django_user_model):
    from django.contrib.auth.backends import ModelBackend as DjangoBackend

    from evaluator.web.backends import ModelBackend

    assert ModelBackend().get_user(alice.pk) == DjangoBackend().get_user(alice.pk) == alice
    assert (
        ModelBackend().get_user(alice.pk).get_session_auth_hash() == alice.get_session_auth_hash()
    )
    assert ModelBackend().get_user(alice.pk + 1000) is None
    django_user_model.objects.filter(pk=alice.pk).update(is_active=False)
    assert ModelBackend().get_user(alice.pk) is None is DjangoBackend().get_user(alice.pk)


def test_a_password_change_elsewhere_signs_the_session_out(client, alice):
    client.force_login(alice)
    assert client.get("/").wsgi_request.user == alice
    alice.set_password("a new password for alice")
    alice.save()
    assert not client.get("/").wsgi_request.user.is_authenticated
