"""Names and summaries that carry script never run, on any page that shows them.

A real Chromium opens every page that shows a design's texts, with payloads that would
set ``window.__pwned`` or open an ``alert`` if they ever ran; Content-Security-Policy
violations are reported by the browser fixtures of ``tests/browser`` (imported in this
folder's conftest) and fail the test too.
"""

import contextlib

import pytest
from django.urls import NoReverseMatch, reverse

from evaluator.engine.spec import design_from_dict

from .hostile import SCRIPT_PAYLOADS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def payload_spec(summary_suffix=""):
    return design_from_dict(
        {
            "format": "tradeoff-evaluator/1",
            "name": SCRIPT_PAYLOADS["name"],
            "summary": SCRIPT_PAYLOADS["summary"] + summary_suffix,
            "context": {"team_size": 5},
            "components": [
                {
                    "name": SCRIPT_PAYLOADS["component"],
                    "kind": "api",
                    "depends_on": [{"component": SCRIPT_PAYLOADS["dependency"], "style": "sync"}],
                    "answers": {"peak_rps": 50, "caller_waits": True},
                },
                {"name": SCRIPT_PAYLOADS["dependency"], "kind": "data_store", "answers": {}},
            ],
        }
    )


def payload_design(owner):
    """A design of ``owner``'s whose texts are payloads, saved twice (two revisions)."""
    from evaluator.web import services

    design = services.create_design(owner, payload_spec())
    services.save_design(
        design, payload_spec(" <b>again</b>"), author=owner, base_version=design.version
    )
    design.refresh_from_db()
    return design


def pages_showing(design):
    slug = design.slug
    pages = [
        ("home", reverse("home")),
        ("design page", reverse("design", args=[slug])),
        ("editor", reverse("design_edit", args=[slug])),
        ("drill-down", reverse("component_option", args=[slug, 1, "serverless"])),
        ("compare revisions", reverse("compare_revisions", args=[slug]) + "?a=1&b=2"),
        ("compare designs", reverse("compare_designs") + f"?a={slug}&b={slug}"),
        ("review preview", reverse("design_review", args=[slug])),
        ("history", reverse("design_history", args=[slug])),
        ("revision", reverse("revision", args=[slug, 2])),
    ]
    with contextlib.suppress(NoReverseMatch):  # the YAML editor may not be there
        pages.append(("yaml editor", reverse("design_edit_yaml", args=[slug])))
    return pages


def test_no_payload_runs_on_any_page_that_shows_it(page, sign_in, alice, problems):
    design = payload_design(alice)
    sign_in(alice)
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    for label, url in pages_showing(design):
        response = page.goto(url)
        assert response.status == 200, f"{label}: {response.status}"
        page.wait_for_load_state("load")
        # The name is shown as text, exactly as typed.
        assert SCRIPT_PAYLOADS["name"] in page.locator("body").inner_text(), label
        assert page.evaluate("window.__pwned") is None, f"a payload ran on the {label}"
        if label == "editor":
            # A live rescoring swaps in a fragment that names every component.
            with page.expect_response(lambda r: "/edit/score/" in r.url):
                page.locator("#f-summary").fill(SCRIPT_PAYLOADS["summary"] + " typed")
            page.wait_for_timeout(200)
            assert page.evaluate("window.__pwned") is None, "a payload ran after rescoring"
    assert dialogs == [], f"a payload opened a dialog: {dialogs}"
    assert not problems.unexpected(), problems
