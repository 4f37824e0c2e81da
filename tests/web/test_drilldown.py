"""The drill-down page of one score, its what-if fragment, and the scores on the design
page and home."""

import html
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from evaluator.engine import OPTION_IDS, evaluate
from evaluator.engine.spec import parse_design
from evaluator.web import evaluations, services
from tests.figures import figures

pytestmark = pytest.mark.django_db

BATCH_YAML = """\
format: tradeoff-evaluator/1
name: Nightly batch
priorities: {cost: high}
components:
  - name: Report builder
    kind: batch_job
    answers: {job_duration_s: 3600, memory_mb: 2048, caller_waits: false}
"""


@pytest.fixture
def batch_design(alice):
    spec = parse_design(BATCH_YAML, knowledge=services.knowledge())
    return services.create_design(alice, spec)


@pytest.fixture
def huge_batch_design(alice):
    # More memory than AWS Lambda or AWS Fargate gives: serverless is ruled out whole.
    text = BATCH_YAML.replace("memory_mb: 2048", "memory_mb: 200000").replace(
        "Nightly batch", "Huge nightly batch"
    )
    return services.create_design(alice, parse_design(text, knowledge=services.knowledge()))


def drill(design, position=1, option="baseline"):
    return reverse("component_option", args=[design.slug, position, option])


# --- Who may see it ---------------------------------------------------------------------------


def test_the_owner_sees_every_option_of_every_component(alice_client, alice_design):
    for position in (1, 2, 3):
        for option in OPTION_IDS:
            response = alice_client.get(drill(alice_design, position, option))
            assert response.status_code == 200, (position, option)


def test_examples_are_readable_by_anyone(client, example_design):
    response = client.get(drill(example_design, 2, "serverless"))
    assert response.status_code == 200
    assert "Serverless" in response.content.decode()


def test_other_users_get_404(bob_client, alice_design):
    assert bob_client.get(drill(alice_design)).status_code == 404
    response = bob_client.get(drill(alice_design), HTTP_HX_REQUEST="true")
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in_for_a_private_design(client, alice_design):
    response = client.get(drill(alice_design))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("position", "option"), [(0, "baseline"), (4, "baseline"), (1, "nope")])
def test_unknown_positions_and_options_are_404(alice_client, alice_design, position, option):
    assert alice_client.get(drill(alice_design, position, option)).status_code == 404


def test_it_rejects_post(alice_client, alice_design):
    assert alice_client.post(drill(alice_design)).status_code == 405


# --- What it shows ----------------------------------------------------------------------------


def test_it_explains_every_contribution(alice_client, alice_design):
    spec = services.spec_from_design(alice_design)
    result = evaluate(spec, services.knowledge()).components[1].option("baseline")
    assert result.contributions
    page = alice_client.get(drill(alice_design, 2, "baseline")).content.decode()
    for item in result.contributions:
        assert item.rule_id in page
        assert item.title in page
        for fact in item.values:
            assert fact.text in page
    assert f'<span class="big">{result.score}</span>' in page


def test_a_veto_quotes_its_limit_and_source(alice_client, huge_batch_design):
    response = alice_client.get(drill(huge_batch_design, 1, "serverless"))
    page = response.content.decode()
    assert "Why it is ruled out" in page
    assert "serverless.memory-over-fargate-limit" in page
    assert "AWS Fargate gives a task at most 120 GB of memory" in page
    assert "serverless.job-over-lambda-limit" in page
    assert "as of 2026" in page


def test_a_limit_of_one_form_names_it_and_the_form_left(alice_client, batch_design):
    # 3,600 s is too long for AWS Lambda, not for a serverless batch job.
    page = alice_client.get(drill(batch_design, 1, "serverless")).content.decode()
    assert "Why it is ruled out" not in page
    assert "Serverless batch jobs" in page
    forms = page[page.index("Forms a hard limit rules out") :]
    forms = forms[: forms.index("</ul>")]
    assert "serverless.job-over-lambda-limit" in forms
    assert "AWS Lambda ends an invocation after 900 s" in forms


def test_it_shows_the_variant_risks_sources_and_open_questions(alice_client, batch_design):
    kb = services.knowledge()
    spec = services.spec_from_design(batch_design)
    component = evaluate(spec, kb).components[0]
    result = component.option("baseline")
    page = alice_client.get(drill(batch_design, 1, "baseline")).content.decode()
    variant = next(v for v in kb.option("baseline").variants if v.id == result.variant)
    assert variant.name in page
    for technology in variant.technologies:
        assert technology in page
    for risk in result.risks:
        assert risk in page
    for item in result.contributions:
        assert item.as_of in page
    open_here = [q for q in component.open_questions if "baseline" in q.options]
    assert open_here
    for question in open_here:
        assert escape(question.label) in page


def test_it_shows_the_tipping_point_sentences(alice_client, alice_design):
    spec = services.spec_from_design(alice_design)
    component = evaluate(spec, services.knowledge()).components[2]
    assert component.tipping_points
    page = alice_client.get(drill(alice_design, 3, "event_driven")).content.decode()
    for point in component.tipping_points:
        assert escape(point.sentence) in page


def test_the_page_carries_three_charts_with_fixed_heights(alice_client, alice_design):
    page = alice_client.get(drill(alice_design, 1, "baseline")).content.decode()
    found = figures(page)
    assert set(found) == {"waterfall", "impact", "whatif-chart"}
    for figure in found.values():
        assert f"height: {figure['layout']['height']}px" in page
    assert found["waterfall"]["data"][0]["type"] == "waterfall"
    assert "vendor/plotly.min.js" in page and "js/charts.js" in page
    assert "<script>" not in page  # no inline script
    assert "<script type" not in page  # no data in script elements: figures ride in attributes
    assert not re.search(r"\son[a-z]+=", page)  # no event-handler attributes


# --- What if: one URL, full page or fragment -------------------------------------------------


def test_whatif_fragment_for_htmx(alice_client, batch_design):
    url = drill(batch_design, 1, "serverless") + "?question=job_duration_s"
    response = alice_client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<div id="whatif-result"' in page
    assert "<html" not in page and "Why it is ruled out" not in page
    figure = figures(page)["whatif-chart"]
    assert "Longest unit of work" in figure["layout"]["xaxis"]["title"]["text"]
    assert "HX-Request" in response["Vary"]


def test_whatif_full_page_without_htmx(alice_client, batch_design):
    url = drill(batch_design, 1, "serverless") + "?question=memory_mb"
    response = alice_client.get(url)
    page = response.content.decode()
    assert "<html" in page and '<div id="whatif-result"' in page
    assert '<option value="memory_mb" selected>' in page
    assert "HX-Request" in response["Vary"]
    figure = figures(page)["whatif-chart"]
    assert "Memory" in figure["layout"]["title"]["text"]


def test_whatif_with_an_unknown_question_falls_back_with_a_message(alice_client, batch_design):
    url = drill(batch_design, 1, "serverless") + "?question=traffic_pattern"
    response = alice_client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "not one of the number questions" in response.content.decode()
    assert "whatif-chart" in figures(response.content.decode())


def test_whatif_form_works_without_javascript(alice_client, batch_design):
    page = alice_client.get(drill(batch_design, 1, "serverless")).content.decode()
    form = re.search(r'<form method="get"[^>]*class="whatif-form".*?</form>', page, re.S).group(0)
    assert 'hx-get="' in form and 'hx-target="#whatif-result"' in form
    assert '<label for="whatif-question">' in form
    assert '<button type="submit">' in form


def _table(page, css_class):
    """A table's rows as lists of cell texts (tags dropped, spaces collapsed)."""
    table = re.search(rf'<table class="[^"]*\b{css_class}\b[^"]*">(.*?)</table>', page, re.S)
    assert table, f"no {css_class} table"
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1), re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells])
    return rows


def test_whatif_table_gives_the_curve_in_numbers(alice_client, batch_design):
    url = drill(batch_design, 1, "serverless") + "?question=memory_mb"
    page = alice_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    head, *rows = _table(page, "whatif-table")
    assert head == [
        "Memory needed",
        "Baseline",
        "Event-driven",
        "Serverless",
        "Microservices",
        "Consensus",
        "Blockchain",
    ]
    figure = figures(page)["whatif-chart"]
    serverless = figure["data"][2]
    # Every score of every curve is in the table, in the row whose range holds its answer.
    assert len(rows) == 2  # up to the limit, and beyond it
    for trace, column in zip(figure["data"], range(1, 7), strict=True):
        shown = {row[column].replace("★", "").replace("(recommended)", "").strip() for row in rows}
        drawn = {"✕ ruled out" if y is None else str(y) for y in trace["y"]}
        assert shown == drawn, trace["name"]
    # The job is too long for AWS Lambda at any memory; batch jobs on AWS Fargate stand up to
    # 120 GB and nothing serverless beyond. The answer (2,048 MB) is in the first row.
    assert None in serverless["y"]
    assert rows[-1][3] == "✕ ruled out" and "now" in rows[0][0]
    assert rows[0][0] == "204.8 to 122,880 MB now"


def test_whatif_thresholds_are_listed_in_words(alice_client, batch_design):
    url = drill(batch_design, 1, "serverless") + "?question=job_duration_s"
    page = alice_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    thresholds = re.search(r'<details class="thresholds">(.*?)</details>', page, re.S).group(1)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", thresholds)).split())
    assert "900 s : Longest job exceeds the AWS Lambda time limit" in text
    assert "( serverless.job-over-lambda-limit )" in text


def test_quality_attribute_table_gives_the_chart_in_numbers(alice_client, batch_design):
    page = alice_client.get(drill(batch_design, 1, "baseline")).content.decode()
    head, *rows = _table(page, "impact-table")
    assert head[0] == "Quality attribute" and len(head) == 7
    figure = figures(page)["impact"]
    assert [row[0] for row in rows] == [html.unescape(y) for y in figure["data"][0]["y"]]
    for column, trace in enumerate(figure["data"], start=1):
        for row, value in zip(rows, trace["x"], strict=True):
            assert float(row[column].replace("+", "")) == value


# --- Design page and home -----------------------------------------------------------------------


def test_design_page_links_every_score_to_its_drilldown(alice_client, alice_design):
    page = alice_client.get(alice_design.get_absolute_url()).content.decode()
    for position in (1, 2, 3):
        for option in OPTION_IDS:
            assert f'href="{drill(alice_design, position, option)}"' in page
    figure = figures(page)["heatmap"]
    assert figure["data"][0]["type"] == "heatmap"
    assert figure["data"][0]["y"] == ["Storefront", "Orders API", "Order events"]


def test_design_page_marks_recommendation_and_ruled_out(alice_client, huge_batch_design):
    page = alice_client.get(huge_batch_design.get_absolute_url()).content.decode()
    assert "score-cell band-ruled_out" in page
    assert "recommended" in page
    assert "Across components" in page or "No problems show up across components" in page


def test_design_page_without_components(alice_client, alice):
    spec = parse_design("format: tradeoff-evaluator/1\nname: Empty\ncomponents: []\n")
    design = services.create_design(alice, spec)
    response = alice_client.get(design.get_absolute_url())
    assert response.status_code == 200
    assert "Nothing to score yet" in response.content.decode()


def test_home_shows_recommendations_at_a_glance(alice_client, alice_design, example_design):
    page = alice_client.get(reverse("home")).content.decode()
    assert page.count('class="badges"') == 2
    assert "Storefront" in page and "Conventional baseline" not in page.split("badges")[0]
    assert '<span class="badge-option">Baseline' in page


def test_evaluations_follow_the_saved_content(alice_design, alice):
    first = evaluations.for_design(alice_design)
    assert evaluations.for_design(alice_design) == first
    changed = parse_design(BATCH_YAML)
    services.save_design(alice_design, changed, author=alice, base_version=alice_design.version)
    alice_design.refresh_from_db()
    second = evaluations.for_design(alice_design)
    assert second.spec.components[0].name == "Report builder"
    assert second.evaluation.components[0].name == "Report builder"


def test_a_cached_evaluation_equals_a_fresh_one(alice_design):
    from evaluator.engine import evaluate

    evaluations.for_design(alice_design)  # now in the cache
    cached = evaluations.for_design(alice_design)
    assert cached.evaluation == evaluate(cached.spec, services.knowledge())


def test_home_survives_a_design_that_no_longer_reads(alice_client, alice_design):
    # Rows written around the services (an old import, a hand edit) can break a design;
    # the list still shows, and says so for that one design.
    alice_design.components.filter(name="Order events").update(name="Renamed")
    page = alice_client.get(reverse("home"))
    assert page.status_code == 200
    assert "Cannot be evaluated" in page.content.decode()


def test_a_components_address_leads_to_its_recommendation(alice_client, alice_design):
    evaluated = evaluations.for_design(alice_design)
    for position, result in enumerate(evaluated.evaluation.components, start=1):
        response = alice_client.get(reverse("component", args=[alice_design.slug, position]))
        assert response.status_code == 302
        expected = reverse(
            "component_option", args=[alice_design.slug, position, result.recommendation]
        )
        assert response["Location"] == expected
    missing = reverse("component", args=[alice_design.slug, 99])
    assert alice_client.get(missing).status_code == 404
