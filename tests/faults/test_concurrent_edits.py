"""Two people save the same design from the same version at the same moment, over HTTP.

Real threads, each with its own database connection, meet at a barrier and post at
once; on SQLite the immediate transactions queue them, on PostgreSQL the row update does.
Exactly one save wins; the other gets 409 with a message and its edits shown back.
"""

import html
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from evaluator.web import services
from evaluator.web.models import Design

from ..security.pages import editor_post, has_url, yaml_edit_data, yaml_edit_url

pytestmark = pytest.mark.django_db(transaction=True)


def two_clients(user):
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def post_at_once(requests):
    """Run each (client, url, data) in its own thread, released together."""
    barrier = threading.Barrier(len(requests))
    responses = [None] * len(requests)

    def run(index, client, url, data):
        try:
            barrier.wait(timeout=10)
            responses[index] = client.post(url, data)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(i, *request)) for i, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(r is not None for r in responses), "a save did not finish"
    return responses


def check_one_winner(design, responses, edits, conflict_words):
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [302, 409], statuses
    loser = next(r for r in responses if r.status_code == 409)
    winner_index = next(i for i, r in enumerate(responses) if r.status_code == 302)
    page = html.unescape(loser.content.decode())
    assert conflict_words in page
    # The loser keeps what they typed.
    assert edits[1 - winner_index] in page
    design.refresh_from_db()
    assert design.summary == edits[winner_index]
    assert design.version == 3
    assert design.revisions.count() == 3
    assert services.verify_chain(design) is None
    assert Design.objects.count() == 1


def test_two_saves_in_the_yaml_editor_one_wins(alice, alice_design):
    clients = two_clients(alice)
    edits = ["Left person's summary.", "Right person's summary."]
    requests = [
        (client, yaml_edit_url(alice_design.slug), yaml_edit_data(alice_design, summary=edit))
        for client, edit in zip(clients, edits, strict=True)
    ]
    responses = post_at_once(requests)
    check_one_winner(alice_design, responses, edits, "Someone else changed")


@pytest.mark.skipif(not has_url("design_edit_score"), reason="no editor yet")
def test_two_saves_in_the_editor_one_wins(alice, alice_design):
    clients = two_clients(alice)
    edits = ["Summary from the first tab.", "Summary from the second tab."]
    url = reverse("design_edit", args=[alice_design.slug])
    # Both open the editor first, so both start from the same version.
    forms = [editor_post(client, alice_design) for client in clients]
    requests = [
        (client, url, {**form, "summary": [edit], "action": ["save"]})
        for client, form, edit in zip(clients, forms, edits, strict=True)
    ]
    responses = post_at_once(requests)
    check_one_winner(alice_design, responses, edits, "someone else saved")


def test_many_saves_at_once_from_the_same_version_exactly_one_wins(alice, alice_design):
    clients = []
    for _ in range(6):
        client = Client()
        client.force_login(alice)
        clients.append(client)
    edits = [f"Edit number {i}." for i in range(len(clients))]
    requests = [
        (client, yaml_edit_url(alice_design.slug), yaml_edit_data(alice_design, summary=edit))
        for client, edit in zip(clients, edits, strict=True)
    ]
    responses = post_at_once(requests)
    assert sorted(r.status_code for r in responses) == [302] + [409] * 5
    alice_design.refresh_from_db()
    assert alice_design.revisions.count() == 3
    assert services.verify_chain(alice_design) is None
