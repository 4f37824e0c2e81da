import pytest

# The browser fixtures (one Chromium, a context per test, console errors and CSP
# violations failing the test) are shared with tests/browser.
from tests.browser.conftest import browser, context, page, problems, sign_in  # noqa: F401


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # These tests sign in dozens of times; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
