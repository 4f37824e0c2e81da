"""Production settings: strict, and refusing to start on a bad or missing value."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 30 + "a-production-like-key-with-enough-variety-8472",
    "ALLOWED_HOSTS": "arch.example.com",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            # Browser tests set this for Playwright; production never does.
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        )
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_in_production():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_serve_without(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    deploy = _manage("check", "--deploy", **env)
    assert deploy.returncode != 0
    # Django's own check of the key may speak first ("must not be empty").
    assert missing in deploy.stderr
    # The WSGI app that gunicorn loads refuses to start, naming what is missing.
    served = _python(
        "import evaluator.wsgi", **{"DJANGO_SETTINGS_MODULE": "evaluator.settings", **env}
    )
    assert served.returncode != 0
    assert f"{missing} must be set when DEBUG is off" in served.stderr


def test_the_wsgi_app_starts_with_production_settings():
    result = _python(
        "import evaluator.wsgi; print('served')",
        DJANGO_SETTINGS_MODULE="evaluator.settings",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert "served" in result.stdout


def test_debug_is_off_unless_asked_for():
    code = "from django.conf import settings; print(settings.DEBUG, settings.SECURE_HSTS_PRELOAD)"
    result = _python(
        "import django; django.setup(); " + code,
        DJANGO_SETTINGS_MODULE="evaluator.settings",
        SECRET_KEY=PRODUCTION["SECRET_KEY"],
        ALLOWED_HOSTS="arch.example.com",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


def test_hsts_preload_only_when_asked_for():
    code = "from django.conf import settings; print(settings.SECURE_HSTS_PRELOAD)"
    result = _python(
        "import django; django.setup(); " + code,
        DJANGO_SETTINGS_MODULE="evaluator.settings",
        SECURE_HSTS_PRELOAD="1",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
    # And then the deploy check has nothing to remind about either.
    deploy = _manage(
        "check", "--deploy", "--fail-level", "WARNING", SECURE_HSTS_PRELOAD="1", **PRODUCTION
    )
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr


@pytest.mark.parametrize(
    "key",
    [
        "short-key",
        "a" * 80,
        "django-insecure-" + "x1y2z3w4" * 8,
        "dev-only-insecure-key-do-not-use-in-production",
    ],
)
def test_a_weak_secret_key_is_refused_in_production(key):
    result = _manage("check", **{**PRODUCTION, "SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_command_line_needs_no_production_settings():
    # evaluate and review read files; they sign nothing and serve nothing.
    result = _manage("evaluate", "designs/shop.yaml")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [("DEBUG", "perhaps"), ("SQLITE_TIMEOUT", "soon"), ("DATABASE_URL", "nonsense://")],
)
def test_a_bad_value_stops_start_up_naming_the_variable(name, value):
    result = _manage("check", **{name: value})
    assert result.returncode != 0
    assert name in result.stderr


def test_production_hashes_passwords_with_a_slow_hasher():
    # The suite swaps in a fast hasher (tests/conftest.py); production must not have it.
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth.hashers import get_hashers;"
        "print(' '.join(h.algorithm for h in get_hashers()))",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    algorithms = result.stdout.splitlines()[-1].split()
    assert algorithms[0] in ("pbkdf2_sha256", "argon2", "bcrypt_sha256", "scrypt"), algorithms
    assert "md5" not in algorithms


def test_the_suite_hashes_passwords_fast(db, django_user_model):
    user = django_user_model.objects.create_user("hasty", password="a-passphrase")
    assert user.password.startswith("md5$")
    assert user.check_password("a-passphrase")
