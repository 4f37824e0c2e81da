"""Playwright against a live server, in Debian's Chromium.

One browser for all the tests in this folder, a fresh context (cookies, storage) per
test. Every
console error, uncaught page error and Content-Security-Policy violation fails the test
that caused it. Without a Chromium the tests skip and say why.
"""

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Runs in every page before its own scripts: a CSP violation becomes a console error.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error(
    "CSP violation: " + event.violatedDirective + " blocked " +
    (event.blockedURI || "inline code") + " in " + event.sourceFile + ":" + event.lineNumber
  );
});
"""


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="package")
def browser():
    """Chromium, from the first browser test to the last one in this folder.

    Playwright's sync API keeps an event loop running in this thread while it is open, and
    Django's ORM refuses to run beside one (the tests create users and designs directly):
    DJANGO_ALLOW_ASYNC_UNSAFE says that is fine here. Both end with the last browser test,
    so later tests (and the subprocesses they start) see neither.
    """
    path = chromium_path()
    if not path:
        pytest.skip("No Chromium found: install Debian's chromium package or set CHROMIUM_PATH.")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Problems(list):
    """Console errors, page errors and CSP violations seen during one test."""

    def __init__(self):
        super().__init__()
        self.expected: list[str] = []

    def expect(self, text: str) -> None:
        """Allow one console error containing ``text`` (e.g. a 400 page loaded on purpose)."""
        self.expected.append(text)

    def unexpected(self) -> list[str]:
        left = list(self.expected)
        out = []
        for problem in self:
            match = next((text for text in left if text in problem), None)
            if match is None:
                out.append(problem)
            else:
                left.remove(match)
        return out


@pytest.fixture
def problems():
    return Problems()


@pytest.fixture
def context_options():
    """Extra options for the browser context; a test module overrides this fixture (a
    phone's viewport, say) to run its tests in a differently made browser."""
    return {}


@pytest.fixture
def context(browser, live_server, problems, context_options):
    options = {"viewport": {"width": 1280, "height": 900}, **context_options}
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(10_000)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    yield context
    context.close()


@pytest.fixture
def page(context, problems):
    page = context.new_page()

    def on_console(message):
        if message.type == "error":
            location = message.location or {}
            problems.append(f"console error: {message.text} ({location.get('url', '')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    yield page
    unexpected = problems.unexpected()
    if unexpected:
        pytest.fail("The browser reported problems:\n" + "\n".join(unexpected), pytrace=False)


@pytest.fixture
def sign_in(context, live_server):
    """Sign a user in by giving the browser a session cookie (the sign-in form has its own test)."""
    from django.conf import settings
    from django.test import Client

    def sign_in(user):
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )

    return sign_in
