"""The form editor: full pages and htmx fragments, live scores, component operations, save."""

import dataclasses

import pytest
from django.urls import reverse

from evaluator import charts
from evaluator.engine import evaluate
from evaluator.engine.spec import parse_design
from evaluator.web import editor, score_panel, services
from evaluator.web.models import Revision

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
    assert 'value="">Not known</option>' in page
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
    assert 'class="score-grid"' in body
    assert 'id="score-status" hx-swap-oob="innerHTML"' in body
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
    assert 'class="score-grid"' in body  # the other answers are still scored

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
    assert "Another component is already called" in body
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


def test_cached_component_scores_equal_a_fresh_evaluation(shop_spec):
    kb = services.knowledge()
    editor.component_cache.clear()
    first = editor.score(shop_spec, kb)
    again = editor.score(shop_spec, kb)
    assert first == again == evaluate(shop_spec, kb, analyse=False)


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
    assert body.lstrip().startswith('<details class="ed-component" id="d-c6" open>')
    assert 'id="f-c6-a-peak_rps" name="c6.a.peak_rps" value="65"' in body
    assert revisions(big_design) == before


# --- The score panel, built in Python ------------------------------------------------------


def _panel_for(spec, design, **kwargs):
    kb = services.knowledge()
    return score_panel.render(
        editor.score(spec, kb),
        kwargs.get("errors", []),
        kwargs.get("general_errors", []),
        unsaved=kwargs.get("unsaved", True),
        drilldown=score_panel.drilldown_prefix(design, kwargs.get("stored", [])),
    )


def test_the_panel_shows_names_and_messages_as_text(alice_design):
    spec = parse_design(
        "format: tradeoff-evaluator/1\nname: X\ncomponents:\n"
        "  - {name: '<img src=x onerror=alert(1)> & \"q\"', kind: api}\n"
    )
    errors = [{"id": 'f-"x', "label": "<b>label</b>", "message": "<script>m</script>"}]
    html = _panel_for(spec, alice_design, errors=errors, general_errors=["<i>general</i>"])
    assert "<img" not in html and "<b>label" not in html and "<script>m" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;" in html
    assert "&lt;b&gt;label&lt;/b&gt;</a>: &lt;script&gt;m&lt;/script&gt;" in html
    assert '<a href="#f-&quot;x">' in html
    assert "&lt;i&gt;general&lt;/i&gt;" in html
    # The field messages for editor.js ride in a JSON script element, escaped for it.
    assert '"message": "\\u003Cscript\\u003Em\\u003C/script\\u003E"' in html


def test_the_panel_shows_every_score_and_the_recommendation(shop_spec, alice_design):
    evaluation = evaluate(shop_spec, services.knowledge(), analyse=False)
    html = _panel_for(shop_spec, alice_design)
    rows = html.split("<tr>")[2:]  # after the header row
    assert len(rows) == len(evaluation.components)
    for row, result in zip(rows, evaluation.components, strict=True):
        assert f'<span class="row-name">{result.name}</span>' in row
        for option in result.options:
            if option.ruled_out:
                text = "✕"
            elif option.option == result.recommendation:
                text = f"★ {option.score}"
            else:
                text = str(option.score)
            assert f'data-option="{option.option}">{text}</td>' in row


def test_only_components_saved_at_the_same_place_link_to_their_explanation(shop_spec, alice_design):
    stored = ["Storefront", "Somewhere else", "Order events"]
    html = _panel_for(shop_spec, alice_design, stored=stored)
    rows = html.split("<tr>")[2:]
    prefix = reverse("component_option", args=[alice_design.slug, 1, "baseline"])
    assert f'<a href="{prefix}">' in rows[0]
    assert "<a href" not in rows[1]
    assert "/components/3/serverless/" in rows[2]
    assert "Select a score to see why (as last saved)." in html


def test_an_empty_design_asks_for_a_component(alice_design):
    spec = parse_design("format: tradeoff-evaluator/1\nname: Empty\n")
    html = _panel_for(spec, alice_design)
    assert "Add a component to see how each option scores for it." in html
    assert "score-grid" not in html


def test_the_panel_heatmap_is_the_design_heatmap_less_what_the_panel_does_not_draw(shop_spec):
    evaluation = evaluate(shop_spec, services.knowledge(), analyse=False)
    full = charts.heatmap_figure(evaluation)
    panel = score_panel.panel_heatmap(evaluation)
    assert panel["data"][0]["z"] == full["data"][0]["z"]
    assert panel["data"][1]["z"] == full["data"][1]["z"]
    assert panel["data"][0]["y"] == full["data"][0]["y"] == [c.name for c in evaluation.components]
    for trace in panel["data"]:
        assert "hovertext" not in trace and "colorbar" not in trace
    assert "annotations" not in panel["layout"] and "shapes" not in panel["layout"]
    labels = [cell for row in panel["data"][0]["text"] for cell in row if cell]
    assert labels and all(cell.lstrip("★ ").isdigit() for cell in labels)


def test_rows_are_reused_only_for_the_same_result(shop_spec, alice_design):
    kb = services.knowledge()
    first = editor.score(shop_spec, kb).components[0]
    copy = dataclasses.replace(first, name="Renamed")
    assert "Renamed" in score_panel._cached_row(copy, None)
    assert "Renamed" not in score_panel._cached_row(first, None)


def test_checked_answers_are_remembered_but_each_spec_has_its_own(shop_spec):
    kb = services.knowledge()
    form = editor.from_spec(shop_spec, kb, 1)
    form.context["regulation"] = ["gdpr"]
    first = editor.check(form, kb).spec
    again = editor.check(form, kb).spec
    assert first == again
    assert first.context["regulation"] == ["gdpr"]
    assert first.context["regulation"] is not again.context["regulation"]
    form.context["regulation"] = ["gdpr", "nonsense"]
    changed = editor.check(form, kb)
    assert "regulation" not in changed.spec.context
    assert "context.regulation" in changed.errors
