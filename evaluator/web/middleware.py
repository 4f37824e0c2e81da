"""Turn a database that will not take a write into a clear 503 page.

A full disk, a read-only database file, a database in recovery or a lost connection all
reach a view as an ``OperationalError`` (PostgreSQL's read-only transactions as an
``InternalError`` with SQLSTATE 25006). Every save runs in one transaction, so when it
fails nothing of it is stored; what the person needs to hear is that, and to try again
later, not a generic "server error". The page is a standalone template: it must render
with no database at all.
"""

from __future__ import annotations

import logging

from django.db import InternalError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("evaluator.web.database")

READ_ONLY_SQLSTATE = "25006"
RETRY_AFTER_SECONDS = 60


def is_unavailable(error: BaseException) -> bool:
    """Whether ``error`` means the database cannot take the request now (not a bug)."""
    if isinstance(error, OperationalError):
        return True
    if isinstance(error, InternalError):
        cause = error.__cause__
        return getattr(cause, "sqlstate", None) == READ_ONLY_SQLSTATE
    return False


def unavailable_response(request) -> HttpResponse:
    body = render_to_string(
        "503.html",
        {"method": request.method, "path": request.path},
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 with a human message when a view fails on the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_unavailable(exception):
            return None
        # The log keeps the database's own words ("database is locked", "disk full").
        logger.error(
            "Database unavailable during %s %s: %s",
            request.method,
            request.path,
            exception,
            exc_info=exception,
        )
        return unavailable_response(request)
