"""Saving, importing, copying and checking designs through the service layer."""

import dataclasses

import pytest
from django.db import connection

from evaluator.engine.spec import canonical_json, parse_design
from evaluator.web import services
from evaluator.web.models import Component, Design, Revision

pytestmark = pytest.mark.django_db


def renamed(spec, name):
    return dataclasses.replace(spec, name=name)


def test_create_design_stores_rows_and_the_first_revision(alice, shop_spec):
    design = services.create_design(alice, shop_spec)
    assert design.slug == "corner-shop"
    assert design.version == 1
    assert list(design.components.values_list("name", flat=True)) == [
        "Storefront",
        "Orders API",
        "Order events",
    ]
    assert design.revisions.get().author == alice
    assert services.spec_from_design(design) == shop_spec


def test_slugs_are_unique_and_avoid_reserved_words(alice, shop_spec):
    first = services.create_design(alice, shop_spec)
    second = services.create_design(alice, shop_spec)
    reserved = services.create_design(alice, renamed(shop_spec, "New"))
    assert (first.slug, second.slug) == ("corner-shop", "corner-shop-2")
    assert reserved.slug == "new-2"


def test_save_design_bumps_the_version_and_appends_a_revision(alice, shop_spec):
    design = services.create_design(alice, shop_spec)
    changed = renamed(shop_spec, "Corner Shop v2")
    revision = services.save_design(design, changed, author=alice, base_version=1)
    design.refresh_from_db()
    assert revision.number == 2
    assert design.version == 2
    assert design.name == "Corner Shop v2"
    assert design.slug == "corner-shop"  # addresses stay put when the name changes
    assert revision.snapshot == canonical_json(changed)


def test_save_design_on_an_old_version_is_refused_and_changes_nothing(alice, bob, shop_spec):
    design = services.create_design(alice, shop_spec)
    services.save_design(design, renamed(shop_spec, "First"), author=alice, base_version=1)
    with pytest.raises(services.StaleDesignError, match="Someone else changed"):
        services.save_design(design, renamed(shop_spec, "Second"), author=alice, base_version=1)
    design.refresh_from_db()
    assert design.name == "First"
    assert design.version == 2
    assert design.revisions.count() == 2


def test_saving_unchanged_content_adds_no_revision(alice, shop_spec):
    design = services.create_design(alice, shop_spec)
    revision = services.save_design(design, shop_spec, author=alice, base_version=1)
    design.refresh_from_db()
    assert revision.number == 1
    assert design.version == 1
    assert design.revisions.count() == 1


def test_saving_unchanged_content_on_an_old_version_is_still_refused(alice, shop_spec):
    design = services.create_design(alice, shop_spec)
    services.save_design(design, renamed(shop_spec, "Other"), author=alice, base_version=1)
    with pytest.raises(services.StaleDesignError):
        services.save_design(design, renamed(shop_spec, "Other"), author=alice, base_version=1)


def test_a_failed_save_leaves_components_as_they_were(alice, shop_spec, monkeypatch):
    design = services.create_design(alice, shop_spec)
    fewer = dataclasses.replace(shop_spec, components=shop_spec.components[2:])

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_append_revision", broken)
    with pytest.raises(RuntimeError):
        services.save_design(design, fewer, author=alice, base_version=1)
    design.refresh_from_db()
    assert design.components.count() == 3
    assert design.version == 1


def test_copy_design_gives_the_user_their_own_copy(bob, example_design):
    copy = services.copy_design(example_design, bob)
    assert copy.owner == bob
    assert not copy.is_example
    assert copy.slug != example_design.slug
    assert services.spec_from_design(copy) == services.spec_from_design(example_design)
    assert copy.revisions.get().author == bob


def test_a_copy_takes_the_name_it_is_given(bob, example_design):
    copy = services.copy_design(example_design, bob, name="Our shop")
    assert copy.name == "Our shop"
    original = services.spec_from_design(example_design)
    assert services.spec_from_design(copy) == dataclasses.replace(original, name="Our shop")


def test_reimport_updates_the_same_design_only_when_content_changed(shop_yaml):
    first = services.import_design_file(shop_yaml.encode(), examples=True)
    again = services.import_design_file(shop_yaml.encode(), examples=True)
    changed = services.import_design_file(
        shop_yaml.replace("team_size: 6", "team_size: 9").encode(), examples=True
    )
    assert (first.status, again.status, changed.status) == ("created", "unchanged", "updated")
    assert first.design.pk == again.design.pk == changed.design.pk
    assert Design.objects.count() == 1
    assert changed.design.revisions.count() == 2
    assert changed.design.context["team_size"] == 9


def test_reimport_for_an_owner_finds_a_design_whose_slug_needed_a_number(
    alice, example_design, shop_yaml
):
    first = services.import_design_file(shop_yaml.encode(), owner=alice)
    assert first.design.slug == "corner-shop-2"
    again = services.import_design_file(
        shop_yaml.replace("team_size: 6", "team_size: 8").encode(), owner=alice
    )
    assert again.design.pk == first.design.pk
    assert again.status == "updated"
    example_design.refresh_from_db()
    assert example_design.context["team_size"] == 6


def test_verify_chain_is_none_for_an_intact_history(alice_design):
    assert services.verify_chain(alice_design) is None


def test_verify_chain_names_the_first_tampered_revision(alice_design):
    first = alice_design.revisions.get(number=1)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Revision._meta.db_table} SET snapshot = %s WHERE id = %s",
            [first.snapshot.replace("Corner Shop", "Corner Shoq"), first.pk],
        )
    bad = services.verify_chain(alice_design)
    assert bad is not None
    assert bad.number == 1


def test_verify_chain_notices_a_rewritten_hash_that_breaks_the_link(alice_design):
    second = alice_design.revisions.get(number=2)
    forged_snapshot = second.snapshot.replace("Corner Shop", "Forged")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Revision._meta.db_table} SET snapshot = %s, hash = %s WHERE id = %s",
            [forged_snapshot, "f" * 64, second.pk],
        )
    assert services.verify_chain(alice_design).number == 2


def test_design_spec_for_slug(alice_design, shop_spec):
    spec = services.design_spec_for_slug(alice_design.slug)
    assert spec.context["team_size"] == 7
    with pytest.raises(Design.DoesNotExist, match="no-such-design"):
        services.design_spec_for_slug("no-such-design")


def test_a_slug_several_owners_use_must_be_named_with_its_owner(alice, bob, shop_spec):
    mine = services.create_design(alice, shop_spec)
    theirs = services.create_design(bob, shop_spec)
    assert mine.slug == theirs.slug
    with pytest.raises(Design.DoesNotExist, match=f"alice/{mine.slug}, bob/{mine.slug}"):
        services.find_design(mine.slug)
    assert services.find_design(f"bob/{mine.slug}") == theirs
    with pytest.raises(Design.DoesNotExist, match="of the user 'carol'"):
        services.find_design(f"carol/{mine.slug}")


def test_spec_key_order_does_not_depend_on_the_database(alice):
    # PostgreSQL's jsonb stores keys in its own order; the spec comes back in catalogue order.
    spec = parse_design(
        "format: tradeoff-evaluator/1\nname: Order\ncontext: {regulation: [gdpr], team_size: 4}\n"
    )
    design = services.create_design(alice, spec)
    assert list(services.spec_from_design(design).context) == ["team_size", "regulation"]


def test_components_keep_their_order(alice, shop_spec):
    design = services.create_design(alice, shop_spec)
    positions = list(Component.objects.filter(design=design).values_list("position", "name"))
    assert positions == [(0, "Storefront"), (1, "Orders API"), (2, "Order events")]


@pytest.mark.django_db(transaction=True)
def test_two_saves_from_the_same_version_at_once_one_wins(alice, shop_spec):
    import threading

    design = services.create_design(alice, shop_spec)
    start = threading.Barrier(2)
    results = []

    def save(name):
        try:
            start.wait(timeout=10)
            services.save_design(
                Design.objects.get(pk=design.pk),
                renamed(shop_spec, name),
                author=alice,
                base_version=1,
            )
            results.append("saved")
        except services.StaleDesignError:
            results.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(name,)) for name in ("Left", "Right")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["saved", "stale"]
    design.refresh_from_db()
    assert design.version == 2
    assert design.revisions.count() == 2
    assert services.verify_chain(design) is None
