"""Slow down password guessing and mass sign-up: a few attempts, then a pause.

Each ``Budget`` allows ``limit`` attempts per key within ``window``; past that, further
attempts are refused with 429 until the oldest counted attempt leaves the window. The
attempts are rows in the database, so every app server counts the same ones.

Sign-in is counted per user name *and* address: someone guessing from one address is
stopped, while the real user signing in from elsewhere is not locked out by them. The
name is counted as Django reads it when it checks the password (Unicode NFKC, then
case-folded), so ``ｃarol`` with a full-width c spends ``carol``'s budget. A second, larger
budget per address alone stops one address from trying a few passwords on many names.
Sign-up is counted per address.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from ..models import Attempt


@dataclass(frozen=True)
class Budget:
    action: str  # stored with each attempt
    limit: int
    window: timedelta


SIGN_IN = Budget("sign-in", 5, timedelta(minutes=15))
SIGN_IN_ADDRESS = Budget("sign-in-address", 30, timedelta(minutes=15))
SIGN_UP = Budget("sign-up", 10, timedelta(hours=1))
KEY_LENGTH = 200


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


def username_key(username: str) -> str:
    """The user name as the sign-in form reads it (NFKC), case-folded.

    Case folding can undo NFKC for a few characters, so the text is normalised again.
    """
    text = unicodedata.normalize("NFKC", username or "").strip()
    return unicodedata.normalize("NFKC", text.casefold())


def sign_in_key(username: str, ip: str) -> str:
    return f"{username_key(username)}|{ip}"[:KEY_LENGTH]


def retry_after(budget: Budget, key: str) -> int:
    """Seconds until another attempt under ``key`` is allowed; 0 when one is allowed now."""
    now = timezone.now()
    recent = list(
        Attempt.objects.filter(
            action=budget.action, key=key[:KEY_LENGTH], created_at__gt=now - budget.window
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: budget.limit]
    )
    if len(recent) < budget.limit:
        return 0
    # Allowed again once the oldest of the last ``limit`` attempts leaves the window.
    return max(1, math.ceil((recent[-1] + budget.window - now).total_seconds()))


def record(budget: Budget, key: str) -> None:
    now = timezone.now()
    Attempt.objects.create(action=budget.action, key=key[:KEY_LENGTH], created_at=now)
    # Keep the table small: nothing older than the longest window is ever read again.
    longest = max(SIGN_IN.window, SIGN_IN_ADDRESS.window, SIGN_UP.window)
    Attempt.objects.filter(created_at__lt=now - longest).delete()


def clear(budget: Budget, key: str) -> None:
    Attempt.objects.filter(action=budget.action, key=key[:KEY_LENGTH]).delete()
