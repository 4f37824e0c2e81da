"""What a browser would submit from a form: used by the tests and by bench/load.py.

Standard library only, so the load benchmark can use it without Django.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    """The fields a browser would submit from one form, in document order."""

    def __init__(self, form_id: str, scripted: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.scripted = scripted
        self.inside = False
        self.fields: list[list[str]] = []
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if self.scripted and "data-omit-empty" in a and not (a.get("value") or "").strip():
                return
            self.fields.append([name, a.get("value") or ""])
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select is not None:
            value = a.get("value") or ""
            if self._select_first is None:
                self._select_first = value
            if "selected" in a and not self._select_chosen:
                self.fields.append([self._select, value])
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            if not self._select_chosen and self._select_first is not None:
                self.fields.append([self._select, self._select_first])
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea[1]
            # Browsers drop one newline right after <textarea>.
            self.fields.append([self._textarea[0], text[1:] if text.startswith("\n") else text])
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def form_fields(html: str, form_id: str = "editor", *, scripted: bool = False) -> list[list[str]]:
    """The fields of the form ``form_id`` as a browser would post them; ``scripted``: as the
    editor's script posts a rescoring, without the empty fields marked ``data-omit-empty``."""
    reader = _FormReader(form_id, scripted)
    reader.feed(html)
    return reader.fields
