"""The read-only knowledge browser: options, questions and every rule."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from evaluator.web import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def kb():
    return services.knowledge()


def test_index_lists_every_option_with_its_summary(client, kb):
    response = client.get(reverse("knowledge"))
    assert response.status_code == 200
    page = response.content.decode()
    for option in kb.options:
        assert escape(option.name) in page
        assert escape(option.summary) in page
        assert reverse("knowledge_option", args=[option.id]) in page
        for text in (*option.key_features, *option.use_cases, *option.considerations):
            assert escape(text) in page


def test_option_pages_list_every_rule_id_once(client, kb):
    seen = []
    for option in kb.options:
        response = client.get(reverse("knowledge_option", args=[option.id]))
        assert response.status_code == 200
        page = response.content.decode()
        ids = [rule.id for rule in kb.rules if rule.option == option.id]
        for rule_id in ids:
            assert page.count(f'id="rule-{rule_id}"') == 1
        seen.extend(ids)
    assert sorted(seen) == sorted(rule.id for rule in kb.rules)


def test_a_rule_shows_condition_effect_rationale_and_source(client, kb):
    page = client.get(reverse("knowledge_option", args=["serverless"])).content.decode()
    for rule in (r for r in kb.rules if r.option == "serverless"):
        assert escape(rule.title) in page
        assert escape(rule.condition.text) in page
        # Placeholders such as {job_duration_s} read as the question's label.
        for piece in re.split(r"\{[a-z_0-9]+\}", rule.rationale):
            assert escape(piece) in page
        for qid in re.findall(r"\{([a-z_0-9]+)\}", rule.rationale):
            assert f"‹{escape(kb.by_id[qid].label)}›" in page
        assert f"as of {rule.as_of}" in page
        if rule.veto:
            assert escape(rule.veto) in page
        for text in (*rule.risks, *rule.mitigations):
            assert escape(text) in page


def test_option_page_lists_variants_with_technologies(client, kb):
    option = kb.option("event_driven")
    page = client.get(reverse("knowledge_option", args=[option.id])).content.decode()
    for variant in option.variants:
        assert escape(variant.name) in page
        if variant.when is not None:
            assert escape(variant.when.text) in page
        for technology in variant.technologies:
            assert escape(technology) in page


def test_questions_page_lists_every_question_under_its_group(client, kb):
    response = client.get(reverse("knowledge_questions"))
    assert response.status_code == 200
    page = response.content.decode()
    for question in kb.questions:
        assert f'id="q-{question.id}"' in page
        assert escape(question.label) in page
        for choice in question.choices:
            assert escape(choice.label) in page
    for group in kb.groups:
        if any(q.group == group.id for q in kb.questions):
            assert escape(group.label) in page
    # Ranges read as numbers are written: with thousands separators.
    assert "Whole number in people (from 1 to 100,000)" in page


def test_unknown_option_is_404(client):
    assert client.get(reverse("knowledge_option", args=["mainframe"])).status_code == 404


def test_the_knowledge_base_is_read_only(client):
    assert client.post(reverse("knowledge")).status_code == 405


def test_every_page_links_to_the_knowledge_base(client, alice_client):
    for c in (client, alice_client):
        page = c.get(reverse("home")).content.decode()
        assert f'href="{reverse("knowledge")}"' in page
        assert f'href="{reverse("compare_designs")}"' in page


def test_a_rule_about_some_variants_names_them(client, kb):
    page = client.get(reverse("knowledge_option", args=["serverless"])).content.decode()
    article = page[page.index('id="rule-serverless.job-over-lambda-limit"') :]
    article = article[: article.index("</article>")]
    assert "Rules out only" in article and "Functions as a service" in article


def test_the_index_states_the_head_start_and_its_reason(client, kb):
    page = client.get(reverse("knowledge")).content.decode()
    assert f"head start: {kb.head_start.points} points" in page
    assert escape(kb.head_start.reason) in page


def test_every_question_shows_its_source_and_date(client, kb):
    page = client.get(reverse("knowledge_questions")).content.decode()
    for question in kb.questions:
        block = page[page.index(f'id="q-{question.id}"') :]
        block = block[: block.index("</div>")]
        assert f"as of {question.as_of}" in block, question.id
