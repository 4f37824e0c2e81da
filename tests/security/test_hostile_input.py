"""Hostile input through every door: refused with a message and a 4xx, nothing saved, no 500.

Doors: uploading a new design, uploading onto a design, the import command, the new-design
form, the YAML edit box, and the editor's save and htmx endpoints. Files come from
``hostile.HOSTILE_BODIES`` and, for the doors the web tests do not already cover, from
``tests/web/bad_files.BAD_FILES``.
"""

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from evaluator.web import services
from evaluator.web.editor import form as editor
from tests.editor_fields import editor_fields

from ..web.bad_files import BAD_FILES
from .hostile import HEAD, HOSTILE_BODIES, SCRIPT_PAYLOADS
from .pages import has_url, row_counts, yaml_edit_data, yaml_edit_url
from .payloads import pages_showing, payload_design

pytestmark = pytest.mark.django_db

HOSTILE_FILES = [(name, HEAD + body, words) for name, body, words in HOSTILE_BODIES]
ALL_FILES = HOSTILE_FILES + [(f"web-{name}", content, words) for name, content, words in BAD_FILES]


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def assert_refused(response, words, label):
    assert response.status_code == 400, f"{label}: answered {response.status_code}"
    text = page_text(response)
    assert words in text, f"{label}: the page does not say {words!r}"
    assert "Traceback" not in text


# --- Files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "words"), HOSTILE_FILES, ids=[f[0] for f in HOSTILE_FILES]
)
def test_upload_of_a_new_design_refuses(alice_client, name, content, words):
    before = row_counts()
    response = alice_client.post(
        reverse("design_upload_new"), {"file": SimpleUploadedFile(f"{name}.yaml", content)}
    )
    assert_refused(response, words, name)
    assert row_counts() == before


def test_upload_onto_a_design_refuses_every_hostile_file(alice_client, alice_design):
    before = row_counts()
    for name, content, words in ALL_FILES:
        response = alice_client.post(
            reverse("design_upload", args=[alice_design.slug]),
            {
                "file": SimpleUploadedFile(f"{name}.yaml", content),
                "base_version": alice_design.version,
            },
        )
        assert_refused(response, words, name)
    assert row_counts() == before
    alice_design.refresh_from_db()
    assert alice_design.version == 2


def test_import_command_refuses_every_hostile_file(tmp_path, alice):
    before = row_counts()
    for name, content, words in HOSTILE_FILES:
        path = tmp_path / f"{name}.yaml"
        path.write_bytes(content)
        with pytest.raises(CommandError) as refused:
            call_command(
                "import_designs",
                str(path),
                owner="alice",
                stdout=io.StringIO(),
                stderr=io.StringIO(),
            )
        assert words in str(refused.value), name
    assert row_counts() == before


def test_an_upload_far_over_the_limit_is_refused_before_it_is_read(alice_client):
    before = row_counts()
    from django.conf import settings

    content = HEAD + b"summary: " + b"x" * (settings.MAX_REQUEST_BODY + 1024 * 1024) + b"\n"
    response = alice_client.post(
        reverse("design_upload_new"), {"file": SimpleUploadedFile("big.yaml", content)}
    )
    # Refused on its Content-Length, before the body is read (see test_limits.py).
    assert response.status_code == 413
    assert "A design file is at most 256 KiB" in page_text(response)
    assert row_counts() == before


def test_an_upload_over_the_file_limit_but_under_the_body_limit_names_the_limit(alice_client):
    before = row_counts()
    content = HEAD + b"summary: " + b"x" * (300 * 1024) + b"\n"
    response = alice_client.post(
        reverse("design_upload_new"), {"file": SimpleUploadedFile("big.yaml", content)}
    )
    assert_refused(response, "at most 262,144 bytes", "300 KiB upload")
    assert row_counts() == before


# --- Forms ------------------------------------------------------------------------------


def test_the_yaml_box_refuses_every_hostile_body(alice_client, alice_design):
    before = row_counts()
    for name, content, _words in ALL_FILES:
        text = content.decode("utf-8", "replace")
        # The box holds what follows the head; the head's fields are form fields.
        body = text.split("\n", 2)[2] if text.startswith(HEAD.decode()) else text
        data = yaml_edit_data(alice_design, body=body)
        response = alice_client.post(yaml_edit_url(alice_design.slug), data)
        assert response.status_code == 400, f"{name}: {response.status_code}"
        assert "Traceback" not in page_text(response)
        assert response.context["form"].errors, name
        # The person's text is shown back to them.
        if body.strip() and "\x00" not in body and len(body) < 5000:
            assert body.strip().splitlines()[0][:40] in page_text(response), name
    assert row_counts() == before


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("name", "", "This field is required"),
        ("name", "N" * 121, "at most 120 characters"),
        ("name", "bad\x00name", "Null characters are not allowed"),
        ("name", "line\nbreak", "control characters"),
        ("summary", "s" * 4001, "at most 4000 characters"),
        ("summary", "nul\x00", "Null characters are not allowed"),
    ],
)
def test_the_new_design_form_refuses(alice_client, field, value, words):
    before = row_counts()
    data = {"name": "Fine", "summary": "", field: value}
    response = alice_client.post(reverse("design_new"), data)
    assert_refused(response, words, f"{field}={value[:20]!r}")
    assert row_counts() == before


def test_the_yaml_edit_form_refuses_hostile_fields(alice_client, alice_design):
    before = row_counts()
    for changes, words in [
        ({"name": "x" * 500}, "at most 120 characters"),
        ({"name": "\x00"}, "Null characters are not allowed"),
        ({"summary": "s" * 10_000}, "at most 4000 characters"),
        ({"base_version": "NaN"}, "lost track of which version"),
        ({"base_version": "-1"}, "lost track of which version"),
        ({"base_version": "9" * 400}, "Someone else changed"),  # a number, but not this one
        ({"body": "x" * 300_000}, "at most 262144 characters"),
    ]:
        response = alice_client.post(
            yaml_edit_url(alice_design.slug), yaml_edit_data(alice_design, **changes)
        )
        assert response.status_code in (400, 409), changes.keys()
        assert words in page_text(response), words
    assert row_counts() == before


# --- The editor (htmx) ---------------------------------------------------------------------

needs_editor = pytest.mark.skipif(not has_url("design_edit_score"), reason="no editor yet")


def editor_data(design, **changes):
    kb = services.knowledge()
    form = editor.from_spec(services.spec_from_design(design), kb, design.version)
    data = {}
    for name, value in editor_fields(form, kb):
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    return data


def first_key(data):
    return data["component"][0]


EDITOR_CASES = [
    # (label, changes made to the posted fields of a stored design, words shown)
    ("nan", lambda k: {f"c{k}.a.peak_rps": "NaN"}, "peak"),
    ("infinity", lambda k: {f"c{k}.a.peak_rps": "inf"}, "peak"),
    ("overflow", lambda k: {f"c{k}.a.peak_rps": "1e999"}, "peak"),
    ("negative", lambda k: {f"c{k}.a.peak_rps": "-5"}, "minimum"),
    ("absurd", lambda k: {f"c{k}.a.peak_rps": "9" * 5000}, "peak"),
    ("not-a-number", lambda k: {f"c{k}.a.peak_rps": "lots"}, "peak"),
    ("wrong-choice", lambda k: {f"c{k}.a.traffic_pattern": "chaotic"}, "chaotic"),
    ("wrong-bool", lambda k: {f"c{k}.a.caller_waits": "perhaps"}, "perhaps"),
    ("wrong-kind", lambda k: {f"c{k}.kind": "mainframe"}, "kind"),
    ("nul-in-name", lambda k: {f"c{k}.name": "A\x00B"}, "one line"),
    ("long-name", lambda k: {f"c{k}.name": "n" * 10_000}, "120"),
    ("empty-name", lambda k: {f"c{k}.name": ""}, "name"),
    ("design-name-nul", lambda k: {"name": "x\x00"}, "one line"),
    ("long-summary", lambda k: {"summary": "s" * 5000}, "4,000"),
    ("missing-dependency", lambda k: {f"c{k}.dep": "99999", f"c{k}.style": "sync"}, "depend"),
    ("self-dependency", lambda k: {f"c{k}.dep": k, f"c{k}.style": "sync"}, "itself"),
    ("bad-style", lambda k: {f"c{k}.dep": str(int(k) + 1), f"c{k}.style": "telepathy"}, "style"),
    ("bad-priority", lambda k: {"priority.cost": "extreme"}, "is not high, medium or low"),
    ("bad-context", lambda k: {"context.team_size": "-3"}, "team"),
    ("base-version-nan", lambda k: {"base_version": "NaN"}, "version"),
]


@needs_editor
def test_the_editor_save_refuses_hostile_fields_and_saves_nothing(alice_client, alice_design):
    before = row_counts()
    url = reverse("design_edit", args=[alice_design.slug])
    for label, change, words in EDITOR_CASES:
        data = editor_data(alice_design, action="save")
        data.update({k: [v] for k, v in change(first_key(data)).items()})
        response = alice_client.post(url, data)
        assert response.status_code == 400, f"{label}: {response.status_code}"
        text = page_text(response)
        assert words.lower() in text.lower(), f"{label}: no {words!r} in the page"
        assert "Traceback" not in text
    assert row_counts() == before


@needs_editor
def test_the_editor_save_refuses_duplicate_names(alice_client, alice_design):
    data = editor_data(alice_design, action="save")
    keys = data["component"]
    data[f"c{keys[1]}.name"] = data[f"c{keys[0]}.name"]
    response = alice_client.post(reverse("design_edit", args=[alice_design.slug]), data)
    assert response.status_code == 400
    assert "twice" in page_text(response) or "already" in page_text(response)
    assert alice_design.revisions.count() == 2


@needs_editor
def test_the_editor_refuses_thousands_of_components_without_dropping_any(
    alice_client, alice_design
):
    data = editor_data(alice_design, action="save")
    for key in range(100, 2100):
        data["component"].append(str(key))
        data[f"c{key}.name"] = [f"Component {key}"]
        data[f"c{key}.kind"] = ["api"]
    response = alice_client.post(reverse("design_edit", args=[alice_design.slug]), data)
    assert response.status_code == 400
    assert "2,003 components; at most 500 are allowed" in page_text(response)
    assert alice_design.revisions.count() == 2
    assert alice_design.components.count() == 3


@needs_editor
def test_the_htmx_endpoints_show_hostile_fields_as_errors_and_never_save(
    alice_client, alice_design
):
    before = row_counts()
    score = reverse("design_edit_score", args=[alice_design.slug])
    components = reverse("design_edit_components", args=[alice_design.slug])
    for label, change, _words in EDITOR_CASES:
        data = editor_data(alice_design)
        data.update({k: [v] for k, v in change(first_key(data)).items()})
        # A preview renders its own errors with 200 and keeps the input.
        response = alice_client.post(score, data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, f"score {label}: {response.status_code}"
        for action in ["add", "remove:99999", "up:abc", "dep-add:" + "9" * 50, "x" * 1000]:
            response = alice_client.post(
                components, {**data, "action": [action]}, HTTP_HX_REQUEST="true"
            )
            assert response.status_code in (200, 400), f"{label} {action}: {response.status_code}"
    assert row_counts() == before


# --- Texts that try to become markup ------------------------------------------------------


def test_script_payloads_are_saved_as_text_and_escaped_on_every_page(alice_client, alice):
    design = payload_design(alice)
    for label, url in pages_showing(design):
        response = alice_client.get(url)
        assert response.status_code == 200, label
        body = response.content.decode()
        for payload in SCRIPT_PAYLOADS.values():
            assert payload not in body, f"{label} shows a payload unescaped"
        assert "<script>window.__pwned" not in body, label
        assert "onerror=alert" not in body.replace("&quot;", '"').replace("&#x27;", "'") or (
            "<img src=x onerror" not in body
        ), label
