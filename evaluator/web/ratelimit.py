"""Slow down password guessing: a few failed sign-ins, then a pause.

After ``MAX_FAILURES`` failed sign-ins for one username from one address within
``WINDOW``, further attempts for that pair are refused with 429 until the oldest of those
failures is older than the window; a successful sign-in clears the pair. Failures are rows
in the database, so the count is shared by every app server.

The key is username *and* address: someone guessing from one address is stopped, while
the real user signing in from elsewhere is not locked out by them.
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import LoginFailure

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


def client_ip(request) -> str:
    """The address the request came from.

    Behind a TLS-terminating proxy (``BEHIND_PROXY=1``) every request comes from the proxy,
    so the address the proxy saw is taken from the last ``X-Forwarded-For`` entry, the one
    the proxy itself appended.
    """
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last[:45]
    return (request.META.get("REMOTE_ADDR") or "unknown")[:45]


def _key(username: str) -> str:
    return (username or "").strip().casefold()[:150]


def retry_after(username: str, ip: str) -> int:
    """Seconds until another attempt is allowed; 0 when one is allowed now."""
    now = timezone.now()
    recent = list(
        LoginFailure.objects.filter(username=_key(username), ip=ip, created_at__gt=now - WINDOW)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:MAX_FAILURES]
    )
    if len(recent) < MAX_FAILURES:
        return 0
    # Allowed again once the oldest of the last MAX_FAILURES failures leaves the window.
    return max(1, math.ceil((recent[-1] + WINDOW - now).total_seconds()))


def record_failure(username: str, ip: str) -> None:
    now = timezone.now()
    LoginFailure.objects.create(username=_key(username), ip=ip, created_at=now)
    # Keep the table small: nothing older than the window is ever read again.
    LoginFailure.objects.filter(created_at__lt=now - WINDOW).delete()


def clear(username: str, ip: str) -> None:
    LoginFailure.objects.filter(username=_key(username), ip=ip).delete()
