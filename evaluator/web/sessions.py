"""Django's database sessions, with the read every signed-in request makes written out.

The read is the same as Django's (the key, and not expired) in plain SQL (see ``rows``);
saving, deleting and everything else are Django's own.
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from .rows import one_row


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        key = self.session_key  # None when the cookie held no valid key
        if key is None:
            return None
        found = one_row(
            self.model, [("session_key", "=", key), ("expire_date", ">", timezone.now())]
        )
        if found is None:
            self._session_key = None  # as Django does: a new key is made if it is saved
        return found
