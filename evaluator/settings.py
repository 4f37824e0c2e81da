"""Settings, read from environment variables.

Every variable has a development default so that `make run` needs nothing, except in
production (DEBUG=0), where SECRET_KEY and ALLOWED_HOSTS must be given. A value that
cannot be parsed stops start-up with a message naming the variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value; use 1 or 0.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# Django's own deploy check calls a key weak below these (security.W009).
MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_CHARACTERS = 5


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` is not fit to sign production sessions, or None."""
    if len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < MIN_SECRET_KEY_CHARACTERS:
        return (
            f"SECRET_KEY is too short or too plain: use at least {MIN_SECRET_KEY_LENGTH} "
            f"random characters (e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if key.startswith("django-insecure") or key.startswith("dev-only"):
        return "SECRET_KEY is a development key; generate a random one for production."
    return None


# Off unless asked for. `make run` and `manage.py runserver` ask for it (see manage.py);
# the WSGI app that serves production never assumes it.
DEBUG = env_bool("DEBUG", False)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
else:
    # Command-line use (evaluate, review, import) needs neither a key nor hosts, so their
    # absence is refused where the app is served (``web.checks.require_serving_settings``,
    # called by the WSGI entry and `check --deploy`). A key that is given must be strong.
    SECRET_KEY = (env_str("SECRET_KEY") or "").strip()
    if SECRET_KEY and (problem := secret_key_problem(SECRET_KEY)):
        raise ImproperlyConfigured(problem)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Sign-up can be closed on a private installation; accounts are then made by an admin.
SIGNUP_ENABLED = env_bool("SIGNUP_ENABLED", True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "evaluator.web",
]

# Background work (the impact preview of a rule pack) through Django's tasks API, as the
# django-tasks backport has it: queued in the database, run by `manage.py db_worker`
# (`make run` starts one beside the server). An installation that outgrows one machine
# swaps the backend for a Celery one (see docs/tasks.md); the tasks do not change.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND") or "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    # First: a body too large is refused before anything reads it.
    "evaluator.web.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, which serves static files compressed ahead of time; pages are
    # compressed here (an editor page of 20 components is some 200 KB, about 15 KB sent).
    "evaluator.web.compression.PageGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "evaluator.web.middleware.PackScopeMiddleware",
    # Under DEBUG, Django's 404 page lists every URL pattern; visitors get the plain one.
    "evaluator.web.middleware.FriendlyNotFoundMiddleware",
    # Last, so its 503 page still passes through the header middleware above.
    "evaluator.web.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "evaluator.urls"
WSGI_APPLICATION = "evaluator.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "evaluator.web.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite by default, in var/ (outside the tracked tree). WAL lets readers run beside one
# writer; IMMEDIATE transactions take the write lock up front, so two writers queue on the
# busy timeout instead of one failing half-way with "database is locked".
SQLITE_PATH = Path(env_str("SQLITE_PATH") or BASE_DIR / "var" / "evaluator.sqlite3")
DATABASE_URL = env_str("DATABASE_URL")

if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    except Exception as exc:  # dj_database_url raises several kinds
        raise ImproperlyConfigured(f"DATABASE_URL could not be read: {exc}") from None
    DATABASES["default"].setdefault("TEST", {})
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": env_int("SQLITE_TIMEOUT", 20),
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # A file, not memory, so tests see the same WAL database the app runs on and
            # browser tests can share it with the live server thread.
            "TEST": {"NAME": SQLITE_PATH.with_name("test-" + SQLITE_PATH.name)},
            # Opening the file and running the PRAGMAs above cost more than a simple view.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sessions live in the database, so several app servers behind one load balancer share
# them; reads go through the cache first (Django's cached_db engine), which saves a query
# on every request. A session missing from one server's cache is read from the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
# WhiteNoise warns on every request when the folder is missing, before collectstatic ran.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # Plotly's JS from the installed plotly package, as vendor/plotly.min.js.
    "evaluator.web.staticfinders.PackageFilesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: a design file is at most 256 KiB; refuse anything much larger before parsing.
# No request body the app takes is larger than MAX_REQUEST_BODY; bigger ones are refused
# before being read. The largest is the editor's form for the largest design allowed
# (below): some 35 bytes a field, about 5 MiB.
MAX_REQUEST_BODY = 6 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# The editor posts its whole form on every change. Its fields, for the largest design
# allowed (engine.spec: 500 components of at most 50 dependencies each):
#   per component: its key, name and kind (3) + a target and a style per dependency
#   (2 x 50) + its questions' fields: one each, and a low and a high for a number or a
#   weight per choice for a choice or yes/no ("not sure?"; 117 today, room for 200) = 303
#   the design: name, summary, version, open, action, token, the system questions'
#   fields (9 questions, 31 fields) and 10 priorities: under 100
# 500 x 303 + 100 = 151,600. tests/web/test_editor.py holds the catalogue to it.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 151_600

# --- Security -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is a promise to browser vendors that is slow to take back: only on request.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # The deploy check's reminder that preloading is off (W021): off on purpose.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    if env_bool("BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# django-csp 4: no inline script, no eval; styles only from our own files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Plotly sets style attributes on the SVG it draws.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
