"""The "knowledge editor" permission and the group that holds it (migration 0007)."""

import pytest
from django.contrib.auth.models import Group

from evaluator.web.access import can_manage_packs

pytestmark = pytest.mark.django_db


def test_the_editors_group_holds_the_permission(django_user_model):
    group = Group.objects.get(name="Knowledge editors")
    assert [p.codename for p in group.permissions.all()] == ["manage_packs"]
    erin = django_user_model.objects.create_user("erin", password="not-used-here")
    erin.groups.add(group)
    assert can_manage_packs(django_user_model.objects.get(pk=erin.pk))


def test_superusers_have_it_and_other_users_do_not(django_user_model):
    root = django_user_model.objects.create_superuser("root", password="x-long-passphrase-1")
    staff = django_user_model.objects.create_user("sam", password="x", is_staff=True)
    alice = django_user_model.objects.create_user("alice", password="x")
    assert can_manage_packs(root)
    assert not can_manage_packs(staff)  # staff rights alone: only what they are granted
    assert not can_manage_packs(alice)


def test_anonymous_visitors_do_not_have_it():
    from django.contrib.auth.models import AnonymousUser

    assert not can_manage_packs(AnonymousUser())
