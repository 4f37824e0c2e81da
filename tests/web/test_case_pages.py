"""The case library in the knowledge browser: the judgement of every case, one case's
page, and copying a case into one's designs."""

import shutil

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import escape

from evaluator.cases import CASES_DIR, judge, load_cases
from evaluator.engine import default_knowledge
from evaluator.web import evaluations, judgements, services
from evaluator.web.models import Design

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def verdicts():
    # With no pack active, the knowledge the pages use is the built-in one.
    kb = default_knowledge()
    return {case.slug: judge(case, kb) for case in load_cases(kb, CASES_DIR)}


def _disagreeing(verdicts):
    return [v for v in verdicts.values() if not v.agrees]


def test_the_list_shows_every_case_and_marks_each_verdict(client, verdicts):
    response = client.get(reverse("cases"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<tr class="agrees">') == sum(v.agrees for v in verdicts.values())
    assert page.count('<tr class="disagrees">') == len(_disagreeing(verdicts))
    for slug, verdict in verdicts.items():
        assert reverse("case", args=[slug]) in page
        assert escape(verdict.case.system) in page
    agreeing = sum(v.agrees for v in verdicts.values())
    assert f"<dd>{agreeing} of {len(verdicts)}</dd>" in page


def test_the_knowledge_browser_links_to_the_case_library(client):
    page = client.get(reverse("knowledge")).content.decode()
    assert f'href="{reverse("cases")}"' in page


def test_a_case_page_gives_decision_source_reason_and_firmness(client, verdicts):
    # A case some plausible change flips, so the page must list the changes.
    verdict = next(v for v in verdicts.values() if v.flips)
    case = verdict.case
    response = client.get(reverse("case", args=[case.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(case.reason) in page
    assert escape(case.source.title) in page
    assert escape(verdict.result.verdict) in page
    kb = services.knowledge()
    for flip in verdict.flips:
        line = f"{kb.by_id[flip.question].label}: {flip.current} → {flip.new}"
        assert escape(line) in page
    for rule_id in case.decisive:
        assert rule_id in page


def test_a_case_no_change_flips_says_how_many_were_tried(client, verdicts):
    verdict = next(v for v in verdicts.values() if not v.flips)
    page = client.get(reverse("case", args=[verdict.case.slug])).content.decode()
    assert f"None of the {verdict.changes_tried} plausible changes" in page


def test_an_unknown_case_is_not_found(client):
    assert client.get(reverse("case", args=["no-such-case"])).status_code == 404


def test_the_judgement_is_made_once_per_knowledge_and_library(client, monkeypatch):
    cache.clear()
    made = []
    real = judgements.judge
    monkeypatch.setattr(judgements, "judge", lambda case, kb: made.append(case) or real(case, kb))
    client.get(reverse("cases"))
    first = len(made)
    client.get(reverse("cases"))
    client.get(reverse("case", args=[made[0].slug]))
    assert first > 0 and len(made) == first


def test_a_changed_case_file_is_judged_again(client, tmp_path, monkeypatch):
    for path in CASES_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path)
    monkeypatch.setattr(judgements, "CASES_DIR", tmp_path)
    target = tmp_path / "asx-chess-replacement.yaml"
    text = target.read_text()
    assert "system: ASX CHESS replacement" in text
    client.get(reverse("cases"))
    target.write_text(text.replace("system: ASX CHESS replacement", "system: ASX renamed"))
    page = client.get(reverse("cases")).content.decode()
    assert "ASX renamed" in page


def test_a_case_file_that_does_not_read_is_reported_not_a_server_error(
    client, tmp_path, monkeypatch
):
    source = (CASES_DIR / "bitcoin.yaml").read_text()
    assert "decision: blockchain" in source
    (tmp_path / "bitcoin.yaml").write_text(source.replace("decision: blockchain", "decision: x"))
    monkeypatch.setattr(judgements, "CASES_DIR", tmp_path)
    response = client.get(reverse("cases"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "cannot be judged" in page
    assert "bitcoin.yaml" in page
    assert client.get(reverse("case", args=["bitcoin"])).status_code == 404


def test_an_empty_library_says_so(client, tmp_path, monkeypatch):
    monkeypatch.setattr(judgements, "CASES_DIR", tmp_path)
    page = client.get(reverse("cases")).content.decode()
    assert "There is no case file" in page


def test_copying_a_case_makes_a_design_of_ones_own(alice_client, alice, verdicts):
    case = next(iter(verdicts.values())).case
    url = reverse("case", args=[case.slug])
    assert "Copy into my designs" in alice_client.get(url).content.decode()
    response = alice_client.post(reverse("case_copy", args=[case.slug]))
    design = Design.objects.get(owner=alice)
    assert response.status_code == 302 and response.url == design.get_absolute_url()
    spec = services.spec_from_design(design)
    assert [c.name for c in spec.components] == [c.name for c in case.spec.components]
    assert spec.component(case.component).answers == case.spec.component(case.component).answers
    assert spec.context == case.spec.context


def test_copying_needs_a_signed_in_user(client, verdicts):
    slug = next(iter(verdicts))
    response = client.post(reverse("case_copy", args=[slug]))
    assert response.status_code == 302 and reverse("login") in response.url
    page = client.get(reverse("case", args=[slug])).content.decode()
    assert "Copy into my designs" not in page and "Sign in" in page
    assert not Design.objects.exists()


def test_copying_only_answers_a_post(alice_client, verdicts):
    slug = next(iter(verdicts))
    assert alice_client.get(reverse("case_copy", args=[slug])).status_code == 405
    assert not Design.objects.exists()


def test_copying_an_unknown_case_is_not_found(alice_client):
    assert alice_client.post(reverse("case_copy", args=["no-such-case"])).status_code == 404
    assert not Design.objects.exists()


def test_a_rules_card_links_the_cases_it_gives_the_reason_for(client, verdicts):
    cited = {}
    for verdict in verdicts.values():
        for rule_id in verdict.case.decisive:
            cited.setdefault(rule_id, []).append(verdict.case)
    assert cited
    for rule_id, cases in cited.items():
        page = client.get(reverse("knowledge_option", args=[rule_id.split(".")[0]]))
        card = page.content.decode().split(f'id="rule-{rule_id}"', 1)[1].split("</article>")[0]
        for case in cases:
            assert reverse("case", args=[case.slug]) in card
    # A rule no case cites says nothing about cases.
    page = client.get(reverse("knowledge_option", args=["serverless"])).content.decode()
    uncited = next(
        r.id for r in services.knowledge().rules if r.option == "serverless" and r.id not in cited
    )
    card = page.split(f'id="rule-{uncited}"', 1)[1].split("</article>")[0]
    assert "The documented reason in" not in card


def test_a_drill_down_links_the_cases_each_rule_behind_the_score_explains(
    client, example_design, verdicts
):
    cited = {}
    for verdict in verdicts.values():
        for rule_id in verdict.case.decisive:
            cited.setdefault(rule_id, []).append(verdict.case)
    evaluation = evaluations.for_design(example_design).evaluation
    shown = 0
    for position, result in enumerate(evaluation.components, start=1):
        for option in result.options:
            items = (*option.vetoes, *option.contributions)
            linked = [item.rule_id for item in items if item.rule_id in cited]
            if not linked:
                continue
            url = reverse("component_option", args=[example_design.slug, position, option.option])
            page = client.get(url).content.decode()
            assert page.count("The documented reason in") == len(linked)
            for rule_id in linked:
                for case in cited[rule_id]:
                    assert reverse("case", args=[case.slug]) in page
            shown += 1
    assert shown, "the shop's scores rest on some rule a case cites"


def test_the_home_page_points_to_the_case_library(client, tmp_path, monkeypatch):
    page = client.get(reverse("home")).content.decode()
    files = len(list(CASES_DIR.glob("*.yaml")))
    assert f"{files} published architecture decisions" in page
    assert f'href="{reverse("cases")}"' in page
    monkeypatch.setattr(judgements, "CASES_DIR", tmp_path)
    assert reverse("cases") not in client.get(reverse("home")).content.decode()
