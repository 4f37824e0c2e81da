"""The form editor: full pages and htmx fragments, live scores, component operations, save."""

import json

import pytest
from django.urls import reverse

from evaluator import charts
from evaluator.engine import evaluate
from evaluator.engine.spec import parse_design
from evaluator.web import services
from evaluator.web.editor import form as editor
from evaluator.web.models import Revision
from tests.figures import figures

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
EDITOR_URLS = ("design_edit", "design_edit_score", "design_edit_components")


def form_data(design, **changes):
    """What the editor page posts for ``design``, as the browser would send it."""
    kb = services.knowledge()
    form = editor.from_spec(services.spec_from_design(design), kb, design.version)
    data = {"name": form.name, "summary": form.summary, "base_version": form.base_version}
    for question in kb.questions_in_scope("system"):
        data[editor.context_field(question.id)] = form.context.get(question.id, "")
    for attribute, level in form.priorities.items():
        data[editor.priority_field(attribute)] = level
    data["component"] = [str(row.key) for row in form.components]
    for row in form.components:
        data[editor.component_field(row.key, "name")] = row.name
        data[editor.component_field(row.key, "kind")] = row.kind
        data[editor.component_field(row.key, "dep")] = [dep.target for dep in row.depends_on]
        data[editor.component_field(row.key, "style")] = [dep.style for dep in row.depends_on]
        for question in kb.questions_in_scope("component"):
            data[editor.answer_field(row.key, question.id)] = row.answers.get(question.id, "")
    data.update(changes)
    return data


def url(name, design):
    return reverse(name, args=[design.slug])


def revisions(design):
    return Revision.objects.filter(design=design).count()


# --- Pages and fragments ---------------------------------------------------------------


def test_the_edit_page_shows_every_question_with_not_known(alice_client, alice_design):
    response = alice_client.get(url("design_edit", alice_design))
    assert response.status_code == 200
    page = response.content.decode()
    kb = services.knowledge()
    for question in kb.questions_in_scope("component"):
        assert f'name="c1.a.{question.id}"' in page
    assert '<input type="radio" name="c1.a.state" value="" checked> Not known' in page
    assert "<span>Not known</span>" in page
    assert 'value="Storefront"' in page
    assert 'id="score-panel"' in page
    assert reverse("design_edit_yaml", args=[alice_design.slug]) in page
    assert "HX-Request" in response["Vary"]


def test_the_score_endpoint_answers_a_fragment_to_htmx(alice_client, alice_design):
    response = alice_client.post(
        url("design_edit_score", alice_design), form_data(alice_design), **HTMX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert 'class="score-table"' in body
    assert 'data-status="Scores updated for 3 components."' in body
    assert "HX-Request" in response["Vary"]


def test_the_score_endpoint_answers_the_whole_page_without_htmx(alice_client, alice_design):
    response = alice_client.post(url("design_edit_score", alice_design), form_data(alice_design))
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert 'id="editor"' in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_scores_follow_unsaved_answers(alice_client, alice_design):
    before = alice_client.post(
        url("design_edit_score", alice_design), form_data(alice_design), **HTMX
    )
    data = form_data(alice_design, **{"c2.a.peak_rps": "90000", "c2.a.traffic_pattern": "spiky"})
    after = alice_client.post(url("design_edit_score", alice_design), data, **HTMX)
    assert before.content != after.content
    assert "Scores of your unsaved edits" in after.content.decode()


def test_a_bad_number_keeps_the_text_and_says_what_to_write(alice_client, alice_design):
    data = form_data(alice_design, **{"c2.a.peak_rps": "lots"})
    response = alice_client.post(url("design_edit_score", alice_design), data, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Expected a number, got &#x27;lots&#x27;" in body or "got 'lots'" in body
    assert "Write a number (requests/s)" in body
    assert "f-c2-a-peak_rps" in body  # the message names the field it belongs to
    assert 'class="score-table"' in body  # the other answers are still scored
    assert "1 answer to fix" in body

    page = alice_client.post(url("design_edit", alice_design), {**data, "action": "check"})
    assert page.status_code == 200
    text = page.content.decode()
    assert 'value="lots"' in text
    assert 'id="f-c2-a-peak_rps-error"' in text


@pytest.mark.parametrize(
    "action, names",
    [
        ("add", ["Storefront", "Orders API", "Order events", "Component 4"]),
        ("duplicate:1", ["Storefront", "Storefront (copy)", "Orders API", "Order events"]),
        ("up:2", ["Orders API", "Storefront", "Order events"]),
        ("down:1", ["Orders API", "Storefront", "Order events"]),
        ("remove:2", ["Storefront", "Order events"]),
    ],
)
def test_component_operations_return_the_list_and_the_scores(
    alice_client, alice_design, action, names
):
    before = revisions(alice_design)
    response = alice_client.post(
        url("design_edit_components", alice_design),
        {**form_data(alice_design), "action": action},
        **HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="components"')
    assert 'id="score-panel" hx-swap-oob="innerHTML"' in body
    positions = [body.index(f'value="{name}"') for name in names]
    assert positions == sorted(positions)
    assert body.count('name="component"') == len(names)
    assert "HX-Request" in response["Vary"]
    assert revisions(alice_design) == before


def test_removing_a_component_drops_the_dependencies_on_it(alice_client, alice_design):
    response = alice_client.post(
        url("design_edit_components", alice_design),
        {**form_data(alice_design), "action": "remove:2"},
        **HTMX,
    )
    body = response.content.decode()
    assert 'value="Orders API"' not in body
    assert 'name="c1.dep"' not in body  # Storefront depended on Orders API only


def test_edits_kept_through_an_operation(alice_client, alice_design):
    data = form_data(alice_design, **{"c1.a.peak_rps": "321", "summary": "Changed, unsaved"})
    response = alice_client.post(
        url("design_edit_components", alice_design), {**data, "action": "add"}, **HTMX
    )
    assert 'value="321"' in response.content.decode()


def test_component_operations_without_javascript_render_the_page(alice_client, alice_design):
    before = revisions(alice_design)
    response = alice_client.post(
        url("design_edit", alice_design), {**form_data(alice_design), "action": "dep-add:3"}
    )
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert 'id="f-c3-dep-0"' in response.content.decode()
    assert revisions(alice_design) == before


def test_dependency_rows_can_be_added_and_removed(alice_client, alice_design):
    data = {**form_data(alice_design), "action": "dep-remove:1:0"}
    response = alice_client.post(url("design_edit_components", alice_design), data, **HTMX)
    assert 'id="f-c1-dep-0"' not in response.content.decode()


# --- Saving ----------------------------------------------------------------------------------


def test_save_creates_a_revision(alice_client, alice_design):
    before = revisions(alice_design)
    data = form_data(alice_design, **{"c2.a.peak_rps": "900", "action": "save"})
    response = alice_client.post(url("design_edit", alice_design), data)
    assert response.status_code == 302
    assert response["Location"] == alice_design.get_absolute_url()
    assert revisions(alice_design) == before + 1
    saved = services.spec_from_design(alice_design)
    assert saved.component("Orders API").answers["peak_rps"] == 900
    assert saved.component("Storefront").depends_on[0].component == "Orders API"


def test_save_of_the_unchanged_form_makes_no_revision(alice_client, alice_design):
    before = revisions(alice_design)
    response = alice_client.post(
        url("design_edit", alice_design), {**form_data(alice_design), "action": "save"}
    )
    assert response.status_code == 302
    assert revisions(alice_design) == before


def test_a_stale_save_answers_409_and_keeps_the_edits(alice_client, alice_design, alice):
    data = form_data(alice_design, **{"c2.a.peak_rps": "777", "action": "save"})
    other = services.spec_from_design(alice_design)
    services.save_design(
        alice_design,
        parse_design(
            "format: tradeoff-evaluator/1\nname: Corner Shop\ncomponents:\n  - {name: Solo, kind: api}\n"
        ),
        author=alice,
        base_version=alice_design.version,
    )
    before = revisions(alice_design)
    response = alice_client.post(url("design_edit", alice_design), data)
    assert response.status_code == 409
    body = response.content.decode()
    assert "someone else saved" in body
    assert 'value="777"' in body
    assert 'value="Storefront"' in body
    assert revisions(alice_design) == before
    assert other.component("Storefront")


def test_a_save_with_errors_answers_400_and_saves_nothing(alice_client, alice_design):
    before = revisions(alice_design)
    data = form_data(alice_design, **{"c2.name": "storefront", "action": "save"})
    response = alice_client.post(url("design_edit", alice_design), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "is used twice: component 1 (&#x27;Storefront&#x27;) is already called that" in body
    assert 'value="storefront"' in body
    assert revisions(alice_design) == before


def test_a_save_without_its_version_is_refused(alice_client, alice_design):
    data = form_data(alice_design, base_version="", action="save")
    response = alice_client.post(url("design_edit", alice_design), data)
    assert response.status_code == 400
    assert "lost track of which version" in response.content.decode()


# --- Nothing saved by scoring, access ----------------------------------------------------


def test_scoring_and_operations_never_save(alice_client, alice_design):
    before = (revisions(alice_design), alice_design.version)
    data = form_data(alice_design, **{"name": "Renamed", "c1.name": "Shop UI"})
    alice_client.post(url("design_edit_score", alice_design), data, **HTMX)
    for action in ("add", "remove:1", "duplicate:2", "up:3", "dep-add:2"):
        alice_client.post(
            url("design_edit_components", alice_design), {**data, "action": action}, **HTMX
        )
    alice_design.refresh_from_db()
    assert (revisions(alice_design), alice_design.version) == before
    assert alice_design.name == "Corner Shop"


@pytest.mark.parametrize("name", EDITOR_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_other_users_get_404(bob_client, alice_design, name, method):
    response = getattr(bob_client, method)(url(name, alice_design), form_data(alice_design), **HTMX)
    assert response.status_code == 404


@pytest.mark.parametrize("name", EDITOR_URLS)
def test_anonymous_visitors_are_sent_to_sign_in(client, alice_design, name):
    response = client.post(url(name, alice_design), form_data(alice_design), **HTMX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_examples_are_read_only_for_other_users(alice_client, example_design):
    response = alice_client.post(url("design_edit_score", example_design), **HTMX)
    assert response.status_code == 403


# --- The form itself ----------------------------------------------------------------------


def test_the_form_reads_back_the_spec_it_was_filled_from(shop_spec):
    kb = services.knowledge()
    form = editor.check(editor.from_spec(shop_spec, kb, 1), kb)
    assert form.errors == {}
    assert form.spec == shop_spec


def test_not_known_and_none_of_these_differ_for_a_multi_answer():
    kb = services.knowledge()
    form = editor.EditorForm(name="X", base_version="1", context={"regulation": []})
    assert "regulation" not in editor.check(form, kb).spec.context
    form.context["regulation"] = [editor.NONE_CHOSEN]
    assert editor.check(form, kb).spec.context["regulation"] == []
    form.context["regulation"] = ["gdpr", editor.NONE_CHOSEN]
    assert "context.regulation" in editor.check(form, kb).errors


BIG_YAML = "format: tradeoff-evaluator/1\nname: Big\ncomponents:\n" + "".join(
    f"  - {{name: Part {n}, kind: worker, answers: {{peak_rps: {n}0, caller_waits: false}}}}\n"
    for n in range(1, 7)
)


@pytest.fixture
def big_design(alice):
    return services.create_design(alice, parse_design(BIG_YAML))


def test_closed_components_carry_their_values_as_hidden_fields(alice_client, big_design):
    response = alice_client.get(url("design_edit", big_design))
    page = response.content.decode()
    assert 'name="c1.a.peak_rps" value="10"' in page  # open: a text field
    assert '<input type="hidden" name="c6.a.peak_rps" value="60">' in page  # closed
    assert '<input type="hidden" name="c6.a.caller_waits" value="no">' in page
    assert 'id="f-c6-a-peak_rps"' not in page
    assert '"action": "expand:6"' in page


def test_expanding_a_component_returns_it_with_its_questions(alice_client, big_design):
    before = revisions(big_design)
    data = {**form_data(big_design, **{"c6.a.peak_rps": "65"}), "action": "expand:6"}
    response = alice_client.post(url("design_edit_components", big_design), data, **HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith('<section class="ed-component" id="c6"')
    assert '<details class="ed-component-details" id="d-c6" open>' in body
    assert 'id="f-c6-a-peak_rps" name="c6.a.peak_rps" value="65"' in body
    assert revisions(big_design) == before


# --- The score panel, from the same table template as the design page -----------------------


def panel_for(client, design, spec):
    """The panel the score endpoint sends for ``spec`` posted as the editor's form."""
    kb = services.knowledge()
    form = editor.from_spec(spec, kb, design.version)
    data = {"name": form.name, "summary": form.summary, "base_version": form.base_version}
    for qid, value in form.context.items():
        data[editor.context_field(qid)] = value
    for attribute, level in form.priorities.items():
        data[editor.priority_field(attribute)] = level
    data["component"] = [str(row.key) for row in form.components]
    for row in form.components:
        data[editor.component_field(row.key, "name")] = row.name
        data[editor.component_field(row.key, "kind")] = row.kind
        data[editor.component_field(row.key, "dep")] = [dep.target for dep in row.depends_on]
        data[editor.component_field(row.key, "style")] = [dep.style for dep in row.depends_on]
        for qid, value in row.answers.items():
            data[editor.answer_field(row.key, qid)] = value
    response = client.post(url("design_edit_score", design), data, **HTMX)
    assert response.status_code == 200
    return response.content.decode()


def test_the_panel_shows_names_and_messages_as_text(alice_client, alice_design):
    spec = parse_design(
        "format: tradeoff-evaluator/1\nname: X\ncomponents:\n"
        "  - {name: '<img src=x onerror=alert(1)> & \"q\"', kind: api}\n"
        "  - {name: '<b>second</b>', kind: api, answers: {peak_rps: 10}}\n"
    )
    html = panel_for(alice_client, alice_design, spec)
    assert "<img" not in html and "<b>second" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;" in html


def test_field_messages_ride_in_a_json_script_for_the_page(alice_client, alice_design):
    data = form_data(alice_design, **{"c2.a.peak_rps": "<script>x</script>"})
    body = alice_client.post(url("design_edit_score", alice_design), data, **HTMX).content.decode()
    start = body.index('<script id="editor-errors" type="application/json">')
    text = body[start:].split(">", 1)[1].split("</script>", 1)[0]
    assert "<script>x" not in text  # escaped for a script element
    errors = json.loads(text)
    assert [e["id"] for e in errors] == ["f-c2-a-peak_rps"]
    assert "<script>x</script>" in errors[0]["message"]


def test_the_panel_shows_every_score_and_the_recommendation(alice_client, shop_spec, alice_design):
    evaluation = evaluate(shop_spec, services.knowledge(), analyse=False)
    html = panel_for(alice_client, alice_design, shop_spec)
    rows = html.split("<tr data-component=")[1:]
    assert len(rows) == len(evaluation.components)
    for row, result in zip(rows, evaluation.components, strict=True):
        assert f'<span class="row-name">{result.name}</span>' in row
        for option in result.options:
            if option.ruled_out:
                said = f"{option.name} for {result.name}: ruled out"
            else:
                said = f"{option.name} for {result.name}: {option.score}"
            if option.option == result.recommendation:
                said += ", recommended"
            # Each score is named in words for a screen reader, not "★ 74".
            assert f'<span class="visually-hidden">{said}</span>' in row


def test_only_components_saved_at_the_same_place_link_to_their_explanation(
    alice_client, shop_spec, alice_design
):
    from dataclasses import replace

    moved = replace(
        shop_spec,
        components=(
            shop_spec.components[0],
            replace(shop_spec.components[1], name="Somewhere else"),
            shop_spec.components[2],
        ),
    )
    moved = replace(
        moved,
        components=tuple(
            replace(c, depends_on=()) if c.name == "Storefront" else c for c in moved.components
        ),
    )
    html = panel_for(alice_client, alice_design, moved)
    rows = html.split("<tr data-component=")[1:]
    first = reverse("component_option", args=[alice_design.slug, 1, "baseline"])
    assert f'<a href="{first}">' in rows[0]
    assert "<a href" not in rows[1]
    assert "/components/3/serverless/" in rows[2]
    assert "Select a score to see why (as last saved)." in html


def test_an_empty_design_asks_for_a_component(alice_client, alice_design):
    spec = parse_design("format: tradeoff-evaluator/1\nname: Empty\n")
    html = panel_for(alice_client, alice_design, spec)
    assert "Add a component to see how each option scores for it." in html
    assert "score-table" not in html


def test_the_panel_heatmap_is_the_design_pages_heatmap(alice_client, shop_spec, alice_design):
    html = panel_for(alice_client, alice_design, shop_spec)
    evaluation = evaluate(shop_spec, services.knowledge(), analyse=False)
    figure = figures(html)["editor-heatmap"]
    assert figure == json.loads(json.dumps(charts.heatmap_figure(evaluation, rules_in_hover=False)))


def test_the_design_page_and_the_panel_share_the_score_table(alice_client, alice_design):
    page = alice_client.get(alice_design.get_absolute_url()).content.decode()
    panel = alice_client.post(
        url("design_edit_score", alice_design), form_data(alice_design), **HTMX
    ).content.decode()
    for body in (page, panel):
        assert '<table class="score-table">' in body
        assert "Serverless for Orders API:" in body


def test_a_rescoring_needs_no_state_kept_between_requests(alice_client, alice_design):
    # Any worker can answer: the same form posted twice, by fresh clients, gives the same panel.
    from django.test import Client

    data = form_data(alice_design, **{"c2.a.peak_rps": "4321"})
    bodies = []
    for _ in range(2):
        client = Client()
        client.force_login(alice_design.owner)
        bodies.append(client.post(url("design_edit_score", alice_design), data, **HTMX).content)
    assert bodies[0] == bodies[1]


def test_the_form_takes_the_most_fields_the_largest_design_posts(settings):
    from evaluator.engine.spec import MAX_COMPONENTS, MAX_DEPENDENCIES
    from evaluator.web.editor import unsure

    kb = services.knowledge()
    per_component = 3 + 2 * MAX_DEPENDENCIES
    per_component += sum(unsure.field_count(q) for q in kb.questions_in_scope("component"))
    system = sum(unsure.field_count(q) for q in kb.questions_in_scope("system"))
    design = 6 + system + len(kb.attributes)
    assert MAX_COMPONENTS * per_component + design <= settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
