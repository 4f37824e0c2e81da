"""A design's address says nothing about other users' designs."""

import pytest
from django.test import Client
from django.urls import reverse

from evaluator.engine.spec import design_from_dict
from evaluator.web import services
from evaluator.web.models import Design

pytestmark = pytest.mark.django_db


def spec(name):
    return design_from_dict({"format": "tradeoff-evaluator/1", "name": name})


def test_two_owners_get_the_same_address_for_the_same_name(alice, bob):
    theirs = services.create_design(bob, spec("Hostile target"))
    mine = services.create_design(alice, spec("Hostile target"))
    # No "-2": nothing tells Alice that Bob has a design of that name.
    assert mine.slug == theirs.slug == "hostile-target"


def test_each_owner_opens_their_own_design_at_that_address(alice, bob, password):
    services.create_design(bob, spec("Hostile target"))
    services.create_design(alice, spec("Hostile target"))
    for user in ("alice", "bob"):
        client = Client()
        client.login(username=user, password=password)
        url = reverse("design", args=["hostile-target"])
        page = client.get(url)
        assert page.status_code == 200
        assert page.context["design"].owner.username == user


def test_a_second_design_of_the_same_name_gets_a_number_among_its_owners_own(alice, bob):
    services.create_design(bob, spec("Shop"))
    services.create_design(bob, spec("Shop"))
    assert services.create_design(alice, spec("Shop")).slug == "shop"
    assert services.create_design(alice, spec("Shop")).slug == "shop-2"


def test_an_owners_address_never_equals_an_examples(alice):
    example = services.create_design(None, spec("Online shop"), is_example=True)
    mine = services.create_design(alice, spec("Online shop"))
    assert mine.slug != example.slug
    # Examples avoid every address in use, owners' included.
    services.create_design(alice, spec("Ledger"))
    assert services.create_design(None, spec("Ledger"), is_example=True).slug == "ledger-2"


def test_an_address_from_before_keeps_working_for_its_owner(alice_client, alice):
    # Addresses were unique across all users before; such a one is still the owner's.
    old = services.create_design(alice, spec("Inventory"))
    Design.objects.filter(pk=old.pk).update(slug="inventory-7")
    assert alice_client.get(reverse("design", args=["inventory-7"])).status_code == 200


def test_the_database_refuses_two_designs_of_one_owner_at_one_address(alice):
    from django.db import IntegrityError, transaction

    services.create_design(alice, spec("Twin"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Design.objects.create(owner=alice, name="Twin", slug="twin")
