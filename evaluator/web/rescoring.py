"""Live rescoring by changes: the page posts its form once, then only what differs.

A 20-component design is some 800 form fields. Posting all of them on every keystroke
costs the browser little, but the server must read, check and compare all of them each
time, and that was most of a rescoring. So the editor's script (``static/js/editor.js``)
posts the whole form once as a *base*, under an id it makes up, and from then on only the
fields that differ from that base. The server remembers recent bases per process; reading
a change to one answer then means reading that one component again.

What the page posts is the form's fields as always, plus one field, ``delta``, holding
JSON::

    {"base": "<id>", "register": true, "changes": {"c3.a.peak_rps": ["1200"]}}

``register: true``: the other fields of the request are the base, to be remembered under
the id. Without it, the request holds only ``delta`` (and the CSRF token) and the base
must be known. ``changes`` names each field whose values differ from the base, with its
values now; an empty list means the field is no longer posted.

A process that does not know the base (another worker served it, it was restarted, or it
forgot the base to make room) answers 204 No Content with the htmx event
``BASE_UNKNOWN_EVENT`` in ``HX-Trigger``, and the page posts the base again with
``register``, changes and all. A page without JavaScript posts the whole form, which is
read as it always was. Bases are kept per user and design, so no one can read from
another's.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from django.conf import settings

from evaluator.engine import KnowledgeBase

from . import editor
from .lru import LruCache

DELTA_FIELD = "delta"
BASE_UNKNOWN_EVENT = "rescoring-base-unknown"
CSRF_FIELD = "csrfmiddlewaretoken"
# Per process. A 20-component form is some 800 fields, a few hundred kilobytes once
# read; the field budget bounds the memory whatever the size of the forms.
MAX_BASES = 64
MAX_BASE_FIELDS = 200_000
MAX_NAME_LENGTH = 200
_ID_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class BadDelta(ValueError):
    """The ``delta`` field cannot be read; the message says what is wrong."""


class UnknownBase(LookupError):
    """This process does not know the base the request refers to."""


@dataclass(frozen=True)
class Delta:
    base: str
    register: bool
    changes: dict[str, list[str]]


@dataclass(frozen=True)
class Base:
    posted: dict[str, list[str]]  # field name -> values, as the page posted them
    form: editor.EditorForm  # read and checked


_bases: LruCache[Base] = LruCache(MAX_BASES, max_weight=MAX_BASE_FIELDS)


def clear() -> None:
    _bases.clear()


def read_delta(text: str) -> Delta:
    """The delta posted in ``text``; raises ``BadDelta`` saying what is wrong."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise BadDelta("The “delta” field is not JSON.") from error
    if not isinstance(data, dict):
        raise BadDelta("The “delta” field must be a JSON object.")
    base = data.get("base")
    if not isinstance(base, str) or not _ID_RE.match(base):
        raise BadDelta("The “delta” field needs a “base”: 8 to 64 letters, digits, “-” or “_”.")
    register = data.get("register", False)
    if not isinstance(register, bool):
        raise BadDelta("“register” in the “delta” field must be true or false.")
    changes = data.get("changes", {})
    if not isinstance(changes, dict):
        raise BadDelta("“changes” in the “delta” field must map field names to lists.")
    count = 0
    for name, values in changes.items():
        if len(name) > MAX_NAME_LENGTH:
            raise BadDelta(f"A field name in “changes” is over {MAX_NAME_LENGTH} characters.")
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise BadDelta(f"“changes” must give a list of texts for {name!r}.")
        count += len(values) or 1
    if count > settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:
        raise BadDelta("“changes” in the “delta” field names too many fields.")
    return Delta(base, register, changes)


def posted_form(data, user, design, kb: KnowledgeBase) -> editor.EditorForm:
    """The checked form the request posts: whole, or as changes to a base.

    ``data`` is ``request.POST``. Raises ``BadDelta`` (answer 400) or ``UnknownBase``
    (the page is to post its base again).
    """
    text = data.get(DELTA_FIELD)
    if text is None:
        return editor.check(editor.read_post(data, kb), kb)
    delta = read_delta(text)
    key = (user.pk, design.pk, delta.base)
    if delta.register:
        posted = {
            name: values
            for name, values in dict.items(data)
            if name != DELTA_FIELD and name != CSRF_FIELD
        }
        base = Base(posted, editor.check(editor.read_fields(posted, kb), kb))
        _bases.put(key, base, weight=sum(len(values) for values in posted.values()))
    else:
        base = _bases.find(key)
        if base is None:
            raise UnknownBase(delta.base)
    return editor.apply_changes(base.posted, base.form, delta.changes, kb)
