"""Names and summaries that carry script never run, on any page that shows them.

A real Chromium opens every page that shows a design's texts, with payloads that would
set ``window.__pwned`` or open an ``alert`` if they ever ran; Content-Security-Policy
violations are reported by this folder's browser fixtures and fail the test too. The
payloads and the page list are shared with ``tests/security/test_hostile_input.py``.
"""

import pytest

from tests.security.hostile import SCRIPT_PAYLOADS
from tests.security.payloads import pages_showing, payload_design

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_payload_runs_on_any_page_that_shows_it(page, sign_in, alice, problems):
    design = payload_design(alice)
    sign_in(alice)
    dialogs = []

    def on_dialog(dialog):
        if dialog.type == "beforeunload":  # leaving the editor with unsaved edits: go on
            dialog.accept()
            return
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
