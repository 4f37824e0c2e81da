"""Security headers on every HTML page, and HSTS under the production settings."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from .routes import design_urls, other_urls

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def directives(policy):
    found = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            found[words[0]] = words[1:]
    return found


def assert_secure_headers(response, label):
    policy = response.get("Content-Security-Policy")
    assert policy, f"{label}: no Content-Security-Policy"
    rules = directives(policy)
    script = rules.get("script-src") or rules.get("default-src")
    assert script, f"{label}: no script-src"
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, label
    assert "*" not in script and "data:" not in script, label
    assert rules.get("object-src") == ["'none'"], label
    assert rules.get("frame-ancestors") == ["'none'"], label
    assert rules.get("base-uri") == ["'self'"], label
    assert response.get("X-Frame-Options") == "DENY", label
    assert response.get("X-Content-Type-Options") == "nosniff", label
    assert response.get("Referrer-Policy") == "same-origin", label


def html_pages(alice_design, example_design):
    """(label, client, url) for every page that answers HTML, as someone allowed to see it."""
    owner = Client()
    owner.force_login(alice_design.owner)
    anonymous = Client()
    pages = []
    for name, url, route in design_urls(alice_design.slug):
        if route.html and route.get == 200:
            pages.append((f"{name} (owner)", owner, url))
    for name, url, route in design_urls(example_design.slug):
        if route.html and route.get == 200 and route.access == "read":
            pages.append((f"{name} (example, anonymous)", anonymous, url))
    for name, url, route in other_urls():
        if route.html and route.get == 200:
            pages.append((f"{name} (anonymous)", anonymous, url))
            pages.append((f"{name} (signed in)", owner, url))
    # Error pages are pages too.
    pages.append(("404", owner, "/designs/no-such-design/"))
    pages.append(("403", owner, reverse("design_delete", args=[example_design.slug])))
    return pages


def test_every_html_page_carries_the_security_headers(alice_design, example_design):
    seen = 0
    for label, client, url in html_pages(alice_design, example_design):
        response = client.get(url)
        if response.status_code == 302:  # signed-in users are sent on from sign-in pages
            continue
        assert response["Content-Type"].startswith("text/html"), label
        assert_secure_headers(response, label)
        seen += 1
    assert seen >= 25


def test_downloads_are_not_sniffed_into_html(alice_client, alice_design):
    for name, url, route in design_urls(alice_design.slug):
        if not route.html and route.get == 200:
            response = alice_client.get(url)
            assert response.status_code == 200, name
            assert response["X-Content-Type-Options"] == "nosniff", name
            assert not response["Content-Type"].startswith("text/html"), name


def production_security_settings():
    """The security settings as production (DEBUG=0) reads them, from a fresh process."""
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECURE_SSL_REDIRECT")}
    env.update(
        DEBUG="0",
        SECRET_KEY="k" * 20 + "-a-production-like-key-for-the-header-test-93",
        ALLOWED_HOSTS="testserver",
    )
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({n: getattr(s, n)"
        " for n in ['SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS',"
        " 'SECURE_HSTS_PRELOAD', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE',"
        " 'CSRF_COOKIE_SECURE']}))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_on_every_html_page(alice_design, example_design):
    production = production_security_settings()
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    with override_settings(**production):
        for label, client, url in html_pages(alice_design, example_design):
            response = client.get(url, secure=True)
            if response.status_code == 302:
                continue
            assert_secure_headers(response, label)
            hsts = response.get("Strict-Transport-Security", "")
            assert "max-age=31536000" in hsts and "includeSubDomains" in hsts, label
        # Plain HTTP is sent to HTTPS before any page is served.
        plain = Client().get(reverse("home"))
        assert plain.status_code == 301
        assert plain["Location"].startswith("https://")
