"""Designs with ranges and weights through the web: upload, the YAML box, the editor's
form, the stored rows and the history, and every page that shows a design."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluator import charts
from evaluator.engine.spec import canonical_json, parse_design
from evaluator.engine.uncertain import Range, Weights
from evaluator.web import services
from evaluator.web.models import Component, Design, Revision

from .test_editor import form_data

pytestmark = pytest.mark.django_db

UNCERTAIN_YAML = """\
format: tradeoff-evaluator/1
name: Unsure Shop
context:
  team_size: {low: 4, high: 12}
  budget_sensitivity: {low: 0.5, high: 0.5}
components:
  - name: Checkout
    kind: api
    answers:
      peak_rps: {low: 200, likely: 800, high: 5000}
      traffic_pattern: {spiky: 0.6, steady: 0.4}
      caller_waits: {yes: 0.7, no: 0.3}
      job_duration_s: 2
  - name: Refresh
    kind: batch_job
    answers:
      job_duration_s: {low: 300, high: 1500}
      traffic_pattern: mostly_idle
"""


def counts():
    return (Design.objects.count(), Component.objects.count(), Revision.objects.count())


def upload(content: bytes, name="unsure.yaml"):
    return SimpleUploadedFile(name, content, content_type="application/yaml")


@pytest.fixture
def unsure(alice, alice_client):
    response = alice_client.post(
        reverse("design_upload_new"), {"file": upload(UNCERTAIN_YAML.encode())}
    )
    assert response.status_code == 302
    return Design.objects.owned_by(alice).get()


def test_an_upload_keeps_every_range_and_weight_in_the_rows_and_the_history(unsure):
    expected = parse_design(UNCERTAIN_YAML, knowledge=services.knowledge())
    stored = services.spec_from_design(unsure)
    assert canonical_json(stored) == canonical_json(expected)
    checkout = unsure.components.get(name="Checkout")
    assert checkout.answers["peak_rps"] == {"low": 200, "likely": 800, "high": 5000}
    assert checkout.answers["caller_waits"] == {"yes": 0.7, "no": 0.3}
    revision = unsure.revisions.get()
    assert canonical_json(services.spec_from_snapshot(revision)) == canonical_json(expected)


def test_the_download_gives_the_ranges_back(alice_client, unsure):
    text = alice_client.get(reverse("design_download", args=[unsure.slug])).content.decode()
    spec = parse_design(text, knowledge=services.knowledge())
    assert spec.component("Checkout").answers["peak_rps"] == Range(200, 5000, 800)
    assert spec.context["budget_sensitivity"] == Weights((("low", 0.5), ("high", 0.5)))


def test_every_page_of_an_uncertain_design_shows_it(alice_client, unsure):
    slug = unsure.slug
    page = alice_client.get(reverse("design", args=[slug])).content.decode()
    assert html.escape("200–5,000 requests/s (likely 800)") in page
    assert "yes 70%, no 30%" in page
    urls = [
        reverse("design_history", args=[slug]),
        reverse("revision", args=[slug, 1]),
        reverse("revision_download", args=[slug, 1]),
        reverse("component", args=[slug, 1]),
        reverse("component_option", args=[slug, 1, "serverless"]),
        reverse("component", args=[slug, 2]),
        reverse("design_review", args=[slug]),
        reverse("design_edit", args=[slug]),
        reverse("design_edit_yaml", args=[slug]),
    ]
    urls += [reverse("design_review_download", args=[slug, fmt]) for fmt in ("md", "json", "madr")]
    for url in urls:
        assert alice_client.get(url, follow=True).status_code == 200, url
    review = alice_client.get(reverse("design_review", args=[slug])).content.decode()
    assert "How sure is this?" in review


def test_the_editor_shows_ranges_as_text_and_saving_keeps_them(alice_client, unsure):
    page = alice_client.get(reverse("design_edit", args=[unsure.slug])).content.decode()
    # A range: its likely value in the question's field, low and high in its disclosure.
    assert 'name="c1.a.peak_rps" value="800"' in page
    assert 'name="c1.a.peak_rps.low" value="200"' in page
    assert 'name="c1.a.peak_rps.high" value="5000"' in page
    assert 'name="c1.a.caller_waits.w.yes" value="0.7"' in page
    assert 'name="c1.a.caller_waits.w.no" value="0.3"' in page
    assert 'name="c1.a.traffic_pattern.w.spiky" value="0.6"' in page
    assert 'name="context.team_size.low" value="4"' in page
    # The saved form posts each answer as one text (as closed components do).
    data = form_data(unsure, name="Unsure Shop (renamed)")
    response = alice_client.post(reverse("design_edit", args=[unsure.slug]), data)
    assert response.status_code == 302
    unsure.refresh_from_db()
    stored = services.spec_from_design(unsure)
    assert stored.component("Checkout").answers["peak_rps"] == Range(200, 5000, 800)
    assert stored.component("Checkout").answers["caller_waits"] == Weights(
        (("yes", 0.7), ("no", 0.3))
    )
    assert stored.context["team_size"] == Range(4, 12)


def test_the_editor_puts_a_bad_range_beside_its_field_and_saves_nothing(alice_client, unsure):
    before = counts()
    data = form_data(unsure)
    key = next(k for k in data["component"])
    data[f"c{key}.a.peak_rps"] = "5000..200"
    response = alice_client.post(reverse("design_edit", args=[unsure.slug]), data)
    assert response.status_code == 400
    assert "above its high" in response.context["form"].errors[f"c{key}.a.peak_rps"]
    assert counts() == before


@pytest.mark.parametrize(
    ("answer", "words", "column"),
    [
        ("write_rps: {low: 5000, high: 200}", "above its high", 17),
        ("state: {stateless: 0.5, session: 0.3}", "within 0.01", 5),
        ("state: {low: 1, high: 2}", "only fits a number question", 5),
    ],
)
def test_the_yaml_box_refuses_bad_uncertain_answers_with_line_and_column(
    alice_client, unsure, answer, words, column
):
    from evaluator.web.designs.forms import design_body_text

    spec = services.spec_from_design(unsure)
    lines = design_body_text(spec).splitlines()
    # First among Checkout's answers.
    line = lines.index("  answers:") + 2
    lines.insert(line - 1, f"    {answer}")
    data = {
        "name": spec.name,
        "summary": spec.summary,
        "body": "\n".join(lines) + "\n",
        "base_version": unsure.version,
    }
    before = counts()
    response = alice_client.post(reverse("design_edit_yaml", args=[unsure.slug]), data)
    assert response.status_code == 400
    error = " ".join(response.context["form"].errors["body"])
    assert words in error
    assert error.startswith(f"Line {line}, column {column}:")
    assert counts() == before


def test_the_yaml_box_saves_ranges(alice_client, alice_design):
    from evaluator.web.designs.forms import design_body_text

    spec = services.spec_from_design(alice_design)
    body = design_body_text(spec).replace("peak_rps: 40", "peak_rps: {low: 20, high: 400}")
    data = {
        "name": spec.name,
        "summary": spec.summary,
        "body": body,
        "base_version": alice_design.version,
    }
    response = alice_client.post(reverse("design_edit_yaml", args=[alice_design.slug]), data)
    assert response.status_code == 302
    stored = services.spec_from_design(alice_design)
    assert stored.component("Orders API").answers["peak_rps"] == Range(20, 400)
    assert alice_design.revisions.count() == 3


@pytest.mark.parametrize(
    ("field", "text", "words"),
    [
        ("peak_rps", "5000..200", "above its high"),
        ("traffic_pattern", "spikey=1", "Did you mean"),
        ("caller_waits", "yes=0.5, no=0.3", "within 0.01"),
    ],
)
def test_live_rescoring_puts_a_bad_uncertain_answer_beside_its_field(
    alice_client, unsure, field, text, words
):
    before = counts()
    data = form_data(unsure)
    key = next(k for k in data["component"])
    name = f"c{key}.a.{field}"
    data[name] = text
    response = alice_client.post(
        reverse("design_edit_score", args=[unsure.slug]), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert words in body
    assert f"f-c{key}-a-{field}" in body  # the message names the field it belongs to
    assert "1 answer to fix" in body
    assert counts() == before


def _fields(unsure, **changes):
    """The editor's form for ``unsure`` with Checkout's answers given field by field."""
    data = form_data(unsure)
    for name in ("peak_rps", "traffic_pattern", "caller_waits"):
        data[f"c1.a.{name}"] = ""
    data.update(changes)
    return data


def test_ranges_and_weights_typed_in_their_own_fields_are_scored_and_saved(alice_client, unsure):
    data = _fields(
        unsure,
        **{
            "c1.a.peak_rps.low": "100",
            "c1.a.peak_rps": "",
            "c1.a.peak_rps.high": "20,000",
            "c1.a.traffic_pattern": "steady",  # weights, once given, count instead
            "c1.a.traffic_pattern.w.steady": "0.25",
            "c1.a.traffic_pattern.w.spiky": "0.75",
            "c1.a.caller_waits.w.yes": "1",
            "c1.a.caller_waits.w.no": "",
        },
    )
    response = alice_client.post(reverse("design_edit", args=[unsure.slug]), data)
    assert response.status_code == 302
    answers = services.spec_from_design(unsure).component("Checkout").answers
    assert answers["peak_rps"] == Range(100, 20000)
    assert answers["traffic_pattern"] == Weights((("steady", 0.25), ("spiky", 0.75)))
    assert answers["caller_waits"] == Weights((("yes", 1),))


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"c1.a.peak_rps.low": "300"}, "peak_rps", "high"),
        ({"c1.a.peak_rps.low": "9000", "c1.a.peak_rps.high": "10"}, "peak_rps", "above its high"),
        ({"c1.a.peak_rps.low": "1", "c1.a.peak_rps.high": "lots"}, "peak_rps", "lots"),
        ({"c1.a.traffic_pattern.w.spiky": "0.6"}, "traffic_pattern", "add up to 1"),
        ({"c1.a.caller_waits.w.yes": "2"}, "caller_waits", "from 0 to 1"),
    ],
)
def test_a_bad_range_or_weight_field_is_refused_beside_its_question(
    alice_client, unsure, changes, field, words
):
    before = counts()
    data = _fields(unsure, **changes)
    response = alice_client.post(reverse("design_edit", args=[unsure.slug]), data)
    assert response.status_code == 400
    assert words in response.context["form"].errors[f"c1.a.{field}"]
    page = response.content.decode()
    for name, value in changes.items():  # what was typed is shown again
        assert f'name="{name}" value="{value}"' in page
    assert counts() == before


def _rows(page: str) -> list[str]:
    return page.split("<tr data-component=")[1:]


def test_the_live_panel_shows_each_options_chance_and_the_verdict(alice_client, unsure):
    from evaluator.engine import evaluate
    from evaluator.engine.explain import format_percent
    from evaluator.engine.sampling import DEFAULT_SAMPLES

    spec = parse_design(UNCERTAIN_YAML, knowledge=services.knowledge())
    expected = evaluate(spec, services.knowledge(), analyse=False, samples=DEFAULT_SAMPLES)
    response = alice_client.post(
        reverse("design_edit_score", args=[unsure.slug]),
        form_data(unsure),
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    rows = _rows(page)
    assert len(rows) == len(expected.components)
    for row, result in zip(rows, expected.components, strict=True):
        found = result.uncertainty
        assert f">{found.verdict}</span>" in row
        for option in result.options:
            chance = format_percent(found.recommended[option.option])
            assert f"recommended in {chance} of samples</span>" in row
            assert f'<span class="chance" aria-hidden="true">{chance}</span>' in row
    assert f"over {DEFAULT_SAMPLES:,} samples" in page
    # The design page's table shows the same chances (from its cached evaluation).
    design_page = alice_client.get(reverse("design", args=[unsure.slug])).content.decode()
    for row, result in zip(_rows(design_page), expected.components, strict=True):
        top = result.uncertainty.top
        chance = format_percent(result.uncertainty.recommended[top])
        assert f'data-option="{top}"' in row
        assert f"recommended in {chance} of samples" in row


def test_a_design_of_single_values_shows_no_chances(alice_client, alice_design):
    response = alice_client.post(
        reverse("design_edit_score", args=[alice_design.slug]),
        form_data(alice_design),
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert _rows(page)
    assert 'class="chance"' not in page
    assert "of samples" not in page


def test_the_drill_down_shows_the_sampled_scores_and_drivers_with_tables(alice_client, unsure):
    from evaluator.engine import evaluate
    from evaluator.engine.explain import format_percent

    url = reverse("component_option", args=[unsure.slug, 1, "serverless"])
    response = alice_client.get(url)
    page = response.content.decode()
    expected = evaluate(services.spec_from_design(unsure), services.knowledge()).components[0]
    found = expected.uncertainty
    assert "How sure is this?" in page
    assert 'id="spread"' in page and 'id="drivers"' in page
    assert response.context["spread_figure"] == charts.spread_figure(expected)
    assert response.context["drivers_figure"] == charts.drivers_figure(expected)
    table = page[page.index('class="chart-table spread-table"') :]
    for option in expected.options:
        spread = found.scores[option.option]
        chance = format_percent(found.recommended[option.option])
        assert (
            f'<tr data-option="{option.option}"><th scope="row">'
            f"{charts.option_label(option.option)}</th><td "
            f'class="num">{chance}</td>'
        ) in table
        assert f'<td class="num">{spread.p90}</td></tr>' in table
    drivers = page[page.index('class="chart-table drivers-table"') :]
    for driver in found.drivers:
        assert html.escape(driver.label, quote=False) in drivers


def test_a_drill_down_of_single_values_has_no_sampled_section(alice_client, alice_design):
    url = reverse("component_option", args=[alice_design.slug, 1, "serverless"])
    page = alice_client.get(url).content.decode()
    assert "How sure is this?" not in page
    assert 'id="spread"' not in page


def test_the_design_page_can_colour_its_heatmap_by_chance(alice_client, unsure):
    from evaluator.web import evaluations

    url = reverse("design", args=[unsure.slug])
    page = alice_client.get(url).content.decode()
    evaluation = evaluations.for_design(unsure).evaluation
    assert 'href="?heatmap=chance#heatmap-colour"' in page
    assert html.escape(json_figure(charts.heatmap_figure(evaluation))) in page
    by_chance = alice_client.get(url, {"heatmap": "chance"}).content.decode()
    assert 'href="?heatmap=score#heatmap-colour"' in by_chance
    assert html.escape(json_figure(charts.chance_heatmap_figure(evaluation))) in by_chance


def test_a_design_of_single_values_has_no_chance_heatmap(alice_client, alice_design):
    url = reverse("design", args=[alice_design.slug])
    page = alice_client.get(url, {"heatmap": "chance"}).content.decode()
    assert "heatmap=chance" not in page
    assert "Chance of being recommended" not in page


def json_figure(figure) -> str:
    from evaluator.web.templatetags.scores import figure_json

    return figure_json(figure)


def test_a_rescoring_without_the_empty_not_sure_fields_scores_the_same(alice_client, unsure):
    """The editor's script leaves empty "not sure?" fields out of a rescoring: a missing
    one must read as an empty one, so the panel is the same either way."""
    from tests.formfields import form_fields

    page = alice_client.get(reverse("design_edit", args=[unsure.slug])).content.decode()
    whole = form_fields(page)
    scripted = form_fields(page, scripted=True)
    # Most "not sure?" fields are empty; the stored ranges and weights still go.
    assert len(scripted) < len(whole) * 0.7
    assert ["c1.a.peak_rps.low", "200"] in scripted
    assert ["c1.a.caller_waits.w.no", "0.3"] in scripted
    assert not any(name.endswith(".high") and not value for name, value in scripted)

    def panel(fields):
        body = {}
        for name, value in fields:
            body.setdefault(name, []).append(value)
        response = alice_client.post(
            reverse("design_edit_score", args=[unsure.slug]), body, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200
        return response.content.decode()

    assert panel(scripted) == panel(whole)
