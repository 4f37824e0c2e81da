"""A revision records the knowledge it was scored with; its page shows the advice under
that knowledge beside today's."""

import pytest
from django.urls import reverse

from evaluator.engine import default_knowledge
from evaluator.web import packstore, services
from tests.web.test_impact import EXAMPLE_PACK, with_job

pytestmark = pytest.mark.django_db


def save(design, spec, user):
    return services.save_design(design, spec, author=user, base_version=design.version)


def test_a_revision_records_the_version_and_the_packs(alice):
    design = services.create_design(alice, with_job(700))
    first = design.revisions.get()
    assert first.knowledge == {
        "version": default_knowledge().version,
        "builtin": default_knowledge().digest,
        "packs": [],
    }
    pack = packstore.store_pack(EXAMPLE_PACK.read_text(), "acme-azure.yaml")[0]
    packstore.activate(pack.name, pack.version)
    design.refresh_from_db()
    second = save(design, with_job(710), alice)
    assert second.knowledge["packs"] == [[pack.name, pack.version, pack.sha256]]


def test_the_page_compares_the_advice_as_saved_with_todays(alice, alice_client):
    design = services.create_design(alice, with_job(700))
    url = reverse("revision", args=[design.slug, 1])
    page = alice_client.get(url).content.decode()
    assert "The same packs apply today" in page
    assert "As saved" not in page

    pack = packstore.store_pack(EXAMPLE_PACK.read_text(), "acme-azure.yaml")[0]
    packstore.activate(pack.name, pack.version)
    page = alice_client.get(url).content.decode()
    assert "with no packs. Today: version" in page and "acme-azure 2026.1" in page
    assert "Its advice under the knowledge it was saved with" in page
    assert "As saved" in page and "Today" in page
    # The answers are the same: the differences come from the knowledge, not "nothing".
    assert "give the same answers: every difference below comes from the knowledge" in page
    assert "nothing to compare" not in page


def test_a_revision_saved_before_the_record_says_so(alice, alice_client):
    from django.db import connection

    design = services.create_design(alice, with_job(700))
    # As the migration leaves every revision saved before it (history cannot be updated
    # through the ORM, rightly).
    with connection.cursor() as cursor:
        cursor.execute("UPDATE web_revision SET knowledge = %s", ["{}"])
    page = alice_client.get(reverse("revision", args=[design.slug, 1])).content.decode()
    assert "was not recorded" in page
