"""The form a pack is uploaded with, as a file or as pasted text."""

from __future__ import annotations

from pathlib import PurePath

from django import forms

from evaluator.engine.knowledge.packs import MAX_PACK_BYTES

LIMIT = f"{MAX_PACK_BYTES // 1024} KiB"


class PackUploadForm(forms.Form):
    file = forms.FileField(
        label="Pack file",
        required=False,
        help_text=f"A YAML file in the tradeoff-evaluator-pack/1 format, at most {LIMIT}.",
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,application/yaml"}),
    )
    text = forms.CharField(
        label="Or paste its text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false", "class": "code"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload:
            return None
        # Only the last part of the name, cut short: it is shown back in messages.
        name = PurePath(upload.name or "pack.yaml").name[:100] or "pack.yaml"
        if upload.size > MAX_PACK_BYTES:
            raise forms.ValidationError(
                f"{name} is {upload.size:,} bytes; a pack is at most {LIMIT}"
                f" ({MAX_PACK_BYTES:,} bytes). Split it into several packs."
            )
        raw = upload.read(MAX_PACK_BYTES + 1)
        try:
            return name, raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                f"{name} is not UTF-8 text (byte {error.start + 1:,} cannot be read)."
                " Save it as UTF-8 and upload it again."
            ) from None

    def clean_text(self):
        text = self.cleaned_data["text"]
        if text.strip() and len(text.encode("utf-8")) > MAX_PACK_BYTES:
            raise forms.ValidationError(
                f"The text is {len(text.encode('utf-8')):,} bytes; a pack is at most {LIMIT}"
                f" ({MAX_PACK_BYTES:,} bytes). Split it into several packs."
            )
        return text

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        given = [
            source
            for source in (cleaned.get("file"), ("pasted text", cleaned.get("text") or ""))
            if source and source[1].strip()
        ]
        if not given:
            raise forms.ValidationError("Choose a pack file, or paste the text of one.")
        if len(given) > 1:
            raise forms.ValidationError(
                "Give the pack once: choose a file or paste its text, not both."
            )
        cleaned["filename"], cleaned["source"] = given[0]
        return cleaned
