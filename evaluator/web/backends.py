"""Django's model backend, with the user read every signed-in request makes written out.

The same user, and the same refusal of an inactive one, as Django's ``ModelBackend``;
only the read is plain SQL (see ``rows``). Signing in is Django's own.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from .rows import one_row


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        user = one_row(get_user_model(), [("pk", "=", user_id)])
        return user if user is not None and self.user_can_authenticate(user) else None
