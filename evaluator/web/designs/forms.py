"""Forms: check what people typed or uploaded and turn it into a ``DesignSpec``.

Forms never save; views hand the cleaned spec to ``services``.
"""

from __future__ import annotations

from pathlib import PurePath

import yaml
from django import forms

from evaluator.engine.errors import DesignError
from evaluator.engine.reading import read_design
from evaluator.engine.safeyaml import DEFAULT_MAX_BYTES, load_yaml
from evaluator.engine.spec import (
    FORMAT,
    MAX_NAME_LENGTH,
    MAX_SUMMARY_LENGTH,
    DesignSpec,
    design_from_dict,
)

from .. import services

BODY_KEYS = ("context", "priorities", "components")
MAX_SHOWN_ERRORS = 10
_LOST_VERSION = (
    "The form lost track of which version you started from. Copy your text, reload the "
    "page and apply your changes again."
)


def describe(error: DesignError, *, with_file: bool = True) -> str:
    """A design error as one sentence; without the file name when the user typed the text."""
    if with_file:
        return str(error)
    text = error.message
    if error.where:
        text = f"{error.where}: {text}"
    if error.line is not None:
        where = f"Line {error.line}"
        if error.column is not None:
            where += f", column {error.column}"
        text = f"{where}: {text}"
    if error.hint:
        text = f"{text} {error.hint}"
    return text[:1].upper() + text[1:]


def design_body_text(spec: DesignSpec) -> str:
    """Context, priorities and components as the YAML shown in the edit box."""
    data = spec.to_dict()
    body = {key: data[key] for key in BODY_KEYS}
    return yaml.safe_dump(
        body, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )


def _checked_spec(form: forms.Form, fields: dict) -> DesignSpec | None:
    """A design of just these fields, or None with the engine's reason added to the form.

    Names and summaries typed into any form are checked by the same rules as a file's.
    """
    try:
        return design_from_dict({"format": FORMAT, **fields}, filename="the form")
    except DesignError as error:
        field = error.path[0] if error.path and error.path[0] in form.fields else None
        form.add_error(field, error.message[:1].upper() + error.message[1:])
        return None


class NewDesignForm(forms.Form):
    name = forms.CharField(max_length=MAX_NAME_LENGTH)
    summary = forms.CharField(
        max_length=MAX_SUMMARY_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One paragraph: what the system does and for whom.",
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        spec = _checked_spec(self, {"name": cleaned["name"], "summary": cleaned["summary"]})
        if spec is not None:
            cleaned["spec"] = spec
        return cleaned


class CopyDesignForm(forms.Form):
    """The name a copy gets: its own, so lists and comparisons tell the two apart."""

    name = forms.CharField(max_length=MAX_NAME_LENGTH, label="Name of the copy")

    @staticmethod
    def initial_for(source_name: str) -> dict:
        return {"name": f"Copy of {source_name}"[:MAX_NAME_LENGTH]}

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            _checked_spec(self, {"name": cleaned["name"]})
        return cleaned


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Design file",
        help_text="A YAML file in the tradeoff-evaluator/1 format, at most 256 KiB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,application/yaml"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Only the last part of the name, cut short: it is shown back in messages.
        filename = PurePath(upload.name or "upload.yaml").name[:100] or "upload.yaml"
        if upload.size > DEFAULT_MAX_BYTES:
            raise forms.ValidationError(
                f"{filename}: the file is {upload.size:,} bytes; at most "
                f"{DEFAULT_MAX_BYTES:,} bytes are accepted. Split the design or shorten long texts."
            )
        source = upload.read(DEFAULT_MAX_BYTES + 1)
        try:
            self.cleaned_data["spec"] = services.parse_design_file(source, filename=filename)
        except DesignError as error:
            raise forms.ValidationError(describe(error)) from None
        return upload


class EditDesignForm(forms.Form):
    """Name and summary as fields; context, priorities and components as YAML."""

    name = forms.CharField(max_length=MAX_NAME_LENGTH)
    summary = forms.CharField(
        max_length=MAX_SUMMARY_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    body = forms.CharField(
        label="Context, priorities and components (YAML)",
        required=False,
        strip=False,
        max_length=DEFAULT_MAX_BYTES,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "class": "code"}),
    )
    base_version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _LOST_VERSION,
            "invalid": _LOST_VERSION,
            "min_value": _LOST_VERSION,
        },
    )

    # The first line of the body with an error, for the page to take the caret to.
    error_line: int | None = None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        body = cleaned.get("body") or ""
        try:
            document = load_yaml(body, filename="the YAML box") if body.strip() else None
        except DesignError as error:
            self.add_error("body", describe(error, with_file=False))
            self.error_line = error.line
            return cleaned
        data = document.data if document is not None else {}
        if data is None:
            data = {}
        if not isinstance(data, dict):
            self.add_error(
                "body",
                "The YAML must be a mapping with the keys context, priorities and components.",
            )
            return cleaned
        for key in ("format", "name", "summary"):
            if key in data:
                line, column = document.position((key,)) or (None, None)
                self.error_line = line
                self.add_error(
                    "body",
                    f"Line {line}, column {column}: '{key}' does not belong in the YAML box. "
                    + (
                        "Use the field above for it."
                        if key != "format"
                        else "The format is added for you."
                    ),
                )
                return cleaned
        full = {"format": FORMAT, "name": cleaned["name"], "summary": cleaned["summary"], **data}

        def locate(path):
            if not path or path[0] not in BODY_KEYS:
                return None
            return document.position(path) if document is not None else None

        reading = read_design(full, services.knowledge(), filename="the YAML box", locate=locate)
        for error in reading.errors[:MAX_SHOWN_ERRORS]:
            field = error.path[0] if error.path and error.path[0] in ("name", "summary") else "body"
            self.add_error(field, describe(error, with_file=False))
            if field == "body" and error.line is not None and self.error_line is None:
                self.error_line = error.line
        if len(reading.errors) > MAX_SHOWN_ERRORS:
            more = len(reading.errors) - MAX_SHOWN_ERRORS
            self.add_error("body", f"And {more} more; fix these first.")
        if reading.ok:
            cleaned["spec"] = reading.spec
        return cleaned
