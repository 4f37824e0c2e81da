"""The WSGI entry point: the app, loaded before the first request.

A server without its production settings refuses to start here, saying what is missing;
the knowledge base is read and compiled here rather than on the first request. How
gunicorn runs it (and its garbage-collector setting) is in ``gunicorn.conf.py``.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "evaluator.settings")


def _require_serving_settings() -> None:
    # Before Django starts, which would fail on an empty key less clearly.
    from evaluator.web.checks import require_serving_settings

    require_serving_settings()


_require_serving_settings()
application = get_wsgi_application()


def _warm() -> None:
    # The built-in knowledge only: packs are in the database, read on the first request.
    from evaluator.engine import default_knowledge

    default_knowledge()


_warm()
