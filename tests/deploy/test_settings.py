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


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert f"{missing} must be set when DEBUG is off" in result.stderr


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
