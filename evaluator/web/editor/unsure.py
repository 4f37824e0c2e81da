"""'Not sure?' in the editor: a range for a number, weights for a choice or yes/no.

A number question keeps its one text field, which holds the most likely value; its
disclosure adds a low and a high field. A choice or yes/no question gets one weight
field per choice. ``posted`` folds these fields into the one text a form field or
``--what-if`` takes (``200..800..5000``, ``spiky=0.6, steady=0.4``), which
``Question.from_text`` turns into the data a design file holds, so the design reader
checks a range from the form exactly as it checks one from a file. ``shown`` splits that
text back into the fields, so a page drawn again shows what was typed.

Field names, beside the question's own ``<field>``:

    <field>.low, <field>.high       a range (the question's own field is its likely value)
    <field>.w.<choice>              the weight of one choice (yes / no for yes/no)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evaluator.engine.knowledge import Question

RANGE_TYPES = ("number",)
WEIGHT_TYPES = ("bool", "choice")
_BOOL_CHOICES = (("yes", "Yes"), ("no", "No"))


def low_field(name: str) -> str:
    return f"{name}.low"


def high_field(name: str) -> str:
    return f"{name}.high"


def weight_field(name: str, choice: str) -> str:
    return f"{name}.w.{choice}"


def choices(question: Question) -> tuple[tuple[str, str], ...]:
    """The (value, label) pairs a question's weights are given for."""
    if question.type == "bool":
        return _BOOL_CHOICES
    return tuple((choice.value, choice.label) for choice in question.choices)


def field_count(question: Question) -> int:
    """How many fields a question posts at most: its own (a multi, one per ticked choice
    and "none of these"), and its range or weights."""
    if question.type == "multi":
        return len(question.choices) + 1
    if question.type in RANGE_TYPES:
        return 3
    if question.type in WEIGHT_TYPES:
        return 1 + len(choices(question))
    return 1


def posted(data, name: str, question: Question) -> str:
    """The answer a question's fields post, as one text (see the module's docstring):
    a range or weights when any of their fields is filled in, else the field itself."""
    value = data.get(name, "")
    if question.type in RANGE_TYPES:
        low = data.get(low_field(name), "").strip()
        high = data.get(high_field(name), "").strip()
        if low or high:
            likely = value.strip()
            return f"{low}..{likely}..{high}" if likely else f"{low}..{high}"
    elif question.type in WEIGHT_TYPES:
        given = [
            (choice, data.get(weight_field(name, choice), "").strip())
            for choice, _label in choices(question)
        ]
        given = [(choice, weight) for choice, weight in given if weight]
        if given:
            return ", ".join(f"{choice}={weight}" for choice, weight in given)
    return value


@dataclass(frozen=True)
class Weight:
    choice: str
    label: str
    name: str
    value: str


@dataclass(frozen=True)
class Unsure:
    """What a question's fields show: the main field's text, and the range or weights."""

    value: str  # the question's own field (the likely value of a range)
    low: str = ""
    high: str = ""
    weights: tuple[Weight, ...] = ()

    @property
    def given(self) -> bool:
        """Whether a range or weights are given (the disclosure is then drawn open)."""
        return bool(self.low or self.high or any(w.value for w in self.weights))


def _range_parts(text: str) -> tuple[str, str, str] | None:
    parts = [part.strip() for part in text.split("..")]
    if len(parts) == 2:
        return parts[0], "", parts[1]
    if len(parts) == 3:
        return parts[0], parts[1], parts[2]
    return None


def _weight_parts(text: str, lower: bool) -> dict[str, str] | None:
    out = {}
    for item in text.split(","):
        key, sep, weight = item.partition("=")
        if not sep:
            return None
        key = key.strip()
        out[key.lower() if lower else key] = weight.strip()
    return out


def shown(question: Question, name: str, raw: Any) -> Unsure:
    """The fields of ``question`` for its posted or stored text ``raw``. Text that does
    not split into the fields stays whole in the main field, so nothing typed is lost."""
    text = raw if isinstance(raw, str) else ""
    if question.type in RANGE_TYPES:
        parts = _range_parts(text) if ".." in text else None
        if parts is None:
            return Unsure(text)
        low, likely, high = parts
        return Unsure(likely, low=low, high=high)
    if question.type not in WEIGHT_TYPES:
        return Unsure(text)
    given = _weight_parts(text, question.type == "bool") if "=" in text else None
    known = {choice for choice, _label in choices(question)}
    if given is not None and not set(given) <= known:
        given = None  # an unknown choice: kept as typed, for the reader to name
    weights = tuple(
        Weight(choice, label, weight_field(name, choice), (given or {}).get(choice, ""))
        for choice, label in choices(question)
    )
    return Unsure("" if given is not None else text, weights=weights)
