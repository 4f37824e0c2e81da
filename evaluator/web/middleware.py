"""Requests the app cannot serve, answered with a clear page.

A database that will not take a write gives a 503 page. A full disk, a read-only database file, a database in recovery or a lost connection all
reach a view as an ``OperationalError`` (PostgreSQL's read-only transactions as an
``InternalError`` with SQLSTATE 25006). Every save runs in one transaction, so when it
fails nothing of it is stored; what the person needs to hear is that, and to try again
later, not a generic "server error". The page is a standalone template: it must render
with no database at all.

A request body larger than the site accepts gives a 413 page before it is read.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import InternalError, OperationalError
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.views.defaults import page_not_found

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


class RequestBodyLimitMiddleware:
    """Refuse a request whose body is larger than ``MAX_REQUEST_BODY`` before reading it.

    Django limits what it keeps in memory, but a multipart upload is spooled to disk
    whole before a view (or the sign-in redirect) sees it. Under WSGI a body is read only
    up to its ``Content-Length`` (Django wraps the input in a stream limited to it), so
    checking that header caps what is read at all; a body sent without one is not read.
    Goes first, before anything looks at ``request.POST``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads such a body as empty
        if length > settings.MAX_REQUEST_BODY:
            body = render_to_string(
                "413.html", {"limit_kib": settings.MAX_REQUEST_BODY // 1024}, request=request
            )
            response = HttpResponse(body, status=413)
            # The client may still be sending; it should not reuse this connection.
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class FriendlyNotFoundMiddleware:
    """Under DEBUG, answer a 404 with the site's own page, not Django's debug page.

    The debug page lists every URL pattern of the site; the development server may be
    reached by others on the network, and they should see what production shows.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return page_not_found(request, Http404())
        return response


class PackScopeMiddleware:
    """Looks the active packs up at most once per request (``packstore.request_scope``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .packstore import request_scope

        with request_scope():
            return self.get_response(request)
