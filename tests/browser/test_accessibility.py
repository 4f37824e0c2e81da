"""Every page checked by axe-core, the accessibility engine browsers' own tools build on.

axe-core comes from npm (``package.json``; ``make test`` installs it into
``node_modules/``). The pages forbid inline script (``script-src 'self'``), which is what
``add_script_tag(content=...)`` makes, so these tests run in a browser context that
ignores the page's Content-Security-Policy; the other tests keep it on, and the last test
here shows it would stop the injection.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from .site import make_site, visit_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test`, or `npm ci` in the project folder.")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def context_options():
    return {"bypass_csp": True}


def axe_violations(axe_source):
    def check(page, name):
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(
            """async () => (await axe.run(document)).violations.map(v => ({
                id: v.id,
                help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ")),
            }))"""
        )
        return [
            f"{v['id']} ({v['help']}) on {len(v['nodes'])}: {', '.join(v['nodes'][:4])}"
            for v in violations
        ]

    return check


def test_axe_finds_no_violation_on_any_page(page, sign_in, alice, axe_source):
    site = make_site(alice)
    problems = visit_all(page, site, sign_in, axe_violations(axe_source))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("context_options", [{}])  # the pages' own policy, as users get it
def test_without_bypassing_the_policy_the_checker_could_not_run(page, problems, context_options):
    page.goto("/accounts/login/")
    problems.expect("CSP violation: script-src")  # our listener's report
    problems.expect("violates the following Content Security Policy directive")  # Chromium's
    reported = page.expect_console_message(lambda message: "CSP violation" in message.text)
    refused = pytest.raises(PlaywrightError, match="Content Security Policy")
    with reported, refused:
        page.add_script_tag(content="window.injected = true;")
    assert page.evaluate("window.injected === undefined")
