"""The values a knowledge base is made of: quality attributes, question groups, questions
and their choices, options and their variants, and rules. Plain frozen dataclasses; the
files are read into them by the modules next to this one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from evaluator.engine.conditions import Condition
from evaluator.engine.errors import did_you_mean
from evaluator.engine.spec import COMPONENT_KINDS, kind_label
from evaluator.engine.uncertain import RANGE_KEYS

__all__ = [
    "Attribute",
    "Choice",
    "DERIVED_QUESTIONS",
    "Group",
    "HeadStart",
    "OPTION_IDS",
    "Option",
    "PRIORITY_WEIGHTS",
    "PackRef",
    "QUESTION_TYPES",
    "Question",
    "Rule",
    "SCOPES",
    "Variant",
]

# The six options, simplest first: ties in a recommendation go to the earlier one.
OPTION_IDS: tuple[str, ...] = (
    "baseline",
    "event_driven",
    "serverless",
    "microservices",
    "consensus",
    "blockchain",
)
PRIORITY_WEIGHTS: Mapping[str, float] = MappingProxyType({"high": 1.5, "medium": 1.0, "low": 0.5})
QUESTION_TYPES = ("bool", "number", "choice", "multi")
SCOPES = ("component", "system")


# --- Values ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Attribute:
    """A quality attribute that priorities rank and rules bear on."""

    id: str
    label: str
    help: str = ""


@dataclass(frozen=True)
class Group:
    """A heading under which questions are asked."""

    id: str
    label: str
    scope: str
    help: str = ""


@dataclass(frozen=True)
class Choice:
    """One allowed answer of a choice or multi question."""

    value: str
    label: str
    help: str = ""


_TRUE_TEXTS = frozenset({"true", "yes", "on", "1"})
_FALSE_TEXTS = frozenset({"false", "no", "off", "0"})


def _number_from_text(text: str) -> Any:
    cleaned = text.replace("_", "").replace(",", "")
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        value = float(cleaned)
    except ValueError:
        return text
    return value if math.isfinite(value) else text


@dataclass(frozen=True)
class Question:
    """One fact rules can read. ``derived`` questions are computed from the design."""

    id: str
    label: str
    type: str
    scope: str
    group: str
    help: str = ""
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = False
    choices: tuple[Choice, ...] = ()
    derived: bool = False
    source: str = ""
    as_of: str = ""
    choice_values: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "choice_values", frozenset(c.value for c in self.choices))

    def from_text(self, text: str | None) -> Any:
        """An answer typed as a form or the command line gives it, as a file would hold it.

        Empty text is None (not known). Yes/no reads true/false, yes/no, on/off and 1/0;
        numbers may use ``,`` or ``_`` between digits; a multi answer is a comma-separated
        list. An uncertain answer comes back as the mapping a file would hold: a range as
        ``200..5000`` or ``200..800..5000`` (low..likely..high), weights as
        ``spiky=0.6, steady=0.4`` (see ``uncertain.py``). Nothing is checked: text that is
        not what the question asks for comes back as it is, for the design reader to
        refuse with its usual message.
        """
        text = (text or "").strip()
        if not text:
            return None
        found = _uncertain_text(text, self.type, _number_from_text)
        if found is not None:
            return found
        if self.type == "bool":
            lowered = text.lower()
            if lowered in _TRUE_TEXTS:
                return True
            return False if lowered in _FALSE_TEXTS else text
        if self.type == "number":
            return _number_from_text(text)
        if self.type == "multi":
            return [part.strip() for part in text.split(",") if part.strip()]
        return text

    def choice_label(self, value: str) -> str:
        """The label of a choice value, or the value itself when it has none."""
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return value

    def check(self, value: Any) -> str | None:
        """Why ``value`` is not a valid answer to this question, or None when it is."""
        kind = self.type
        if kind == "bool":
            if not isinstance(value, bool):
                return f"expected yes or no (true/false), got {value!r}."
            return None
        if kind == "number":
            if isinstance(value, bool) or not isinstance(value, int | float):
                return f"expected a number, got {value!r}."
            # Only floats can be infinite or NaN; an int of thousands of digits cannot
            # become a float at all, so it is never passed to isfinite.
            if isinstance(value, float) and not math.isfinite(value):
                return "expected a finite number."
            if self.integer and value != int(value):
                return f"expected a whole number, got {value!r}."
            if self.min is not None and value < self.min:
                return f"{_number(value)} is below the minimum of {_number(self.min)}."
            if self.max is not None and value > self.max:
                return f"{_number(value)} is above the maximum of {_number(self.max)}."
            return None
        if kind == "choice":
            if not isinstance(value, str) or value not in self.choice_values:
                return f"{value!r} is not one of {', '.join(c.value for c in self.choices)}."
            return None
        # multi
        if not isinstance(value, list | tuple):
            return f"expected a list of choices, got {value!r}."
        seen: set[str] = set()
        for item in value:
            if not isinstance(item, str) or item not in self.choice_values:
                return f"{item!r} is not one of {', '.join(c.value for c in self.choices)}."
            if item in seen:
                return f"{item!r} is listed twice."
            seen.add(item)
        return None

    def hint(self, value: Any = None) -> str | None:
        """A sentence saying what to write instead, with a "did you mean" where one fits."""
        if self.type == "bool":
            return "Write true or false."
        if self.type == "number":
            unit = f" ({self.unit})" if self.unit else ""
            whole = "a whole number" if self.integer else "a number"
            bounds = ""
            if self.min is not None and self.max is not None:
                bounds = f" between {_number(self.min)} and {_number(self.max)}"
            elif self.min is not None:
                bounds = f" of at least {_number(self.min)}"
            elif self.max is not None:
                bounds = f" of at most {_number(self.max)}"
            return f"Write {whole}{unit}{bounds}."
        values = [c.value for c in self.choices]
        items = value if isinstance(value, list | tuple) else [value]
        for item in items:
            if isinstance(item, str) and item not in self.choice_values:
                suggestion = did_you_mean(item, values)
                if suggestion:
                    return suggestion
        if self.type == "multi":
            return f"Write a list drawn from: {', '.join(values)}."
        return f"Write one of: {', '.join(values)}."


@dataclass(frozen=True)
class Variant:
    """A concrete form of an option; the first whose ``when`` holds is recommended."""

    id: str
    name: str
    summary: str = ""
    technologies: tuple[str, ...] = ()
    when: Condition | None = None


@dataclass(frozen=True)
class HeadStart:
    """How many points the baseline starts above the patterns, and why."""

    points: int
    reason: str = ""


@dataclass(frozen=True)
class Option:
    """The baseline or one of the five patterns."""

    id: str
    name: str
    start: int
    summary: str = ""
    key_features: tuple[str, ...] = ()
    use_cases: tuple[str, ...] = ()
    considerations: tuple[str, ...] = ()
    variants: tuple[Variant, ...] = ()


@dataclass(frozen=True)
class Rule:
    """One piece of knowledge: when ``condition`` holds, add ``points`` or ``veto`` the option."""

    id: str
    option: str
    title: str
    condition: Condition
    points: int | None
    veto: str | None
    attributes: tuple[str, ...]
    rationale: str
    risks: tuple[str, ...]
    mitigations: tuple[str, ...]
    source: str
    as_of: str
    placeholders: tuple[str, ...] = ()
    file: str = ""
    line: int | None = None
    # The variants of its option the rule is about; empty for the option as a whole. A
    # veto on some variants rules out those variants only, and points count only while
    # one of them is the variant the option would be built as.
    variants: tuple[str, ...] = ()
    # The name of the pack that added the rule; empty for a built-in rule.
    pack: str = ""

    @property
    def reads(self) -> frozenset[str]:
        return self.condition.reads


@dataclass(frozen=True)
class PackRef:
    """Which pack, in which version and exact content, a knowledge base was built with."""

    name: str
    version: str
    sha256: str


# --- Derived facts ---------------------------------------------------------------------

_COUNT_UNIT = "components"


def _count_question(qid: str, label: str, help_: str, scope: str = "component") -> Question:
    return Question(
        id=qid,
        label=label,
        type="number",
        scope=scope,
        group="derived",
        help=help_,
        unit=_COUNT_UNIT,
        min=0,
        integer=True,
        derived=True,
    )


DERIVED_QUESTIONS: Mapping[str, Question] = MappingProxyType(
    {
        "kind": Question(
            id="kind",
            label="Component kind",
            type="choice",
            scope="component",
            group="derived",
            help="What sort of part this is, as declared in the design.",
            choices=tuple(Choice(kind, kind_label(kind)) for kind in COMPONENT_KINDS),
            derived=True,
        ),
        "component_count": _count_question(
            "component_count",
            "Components in the design",
            "How many components the whole design has.",
            scope="system",
        ),
        "sync_callers": _count_question(
            "sync_callers",
            "Synchronous callers",
            "How many components call this one and wait for the answer.",
        ),
        "async_callers": _count_question(
            "async_callers",
            "Asynchronous senders",
            "How many components send messages to this one.",
        ),
        "sync_dependencies": _count_question(
            "sync_dependencies",
            "Synchronous dependencies",
            "How many components this one calls and waits for.",
        ),
        "async_dependencies": _count_question(
            "async_dependencies",
            "Asynchronous dependencies",
            "How many components this one sends messages to.",
        ),
    }
)


def _number(value: float) -> str:
    if isinstance(value, int):
        # Quoted back in messages: a number of thousands of digits is described instead
        # (and Python will not even turn one of over 4,300 digits into text).
        if value.bit_length() > 100:
            return f"a number of about {int(value.bit_length() * 0.30103):,} digits"
        return f"{value:,}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def _uncertain_text(text: str, kind: str, number: Any) -> Any:
    """The plain data of an uncertain answer typed as text, or None when ``text`` is not
    one: ``200..5000`` or ``200..800..5000`` for a number, ``spiky=0.6, steady=0.4`` for a
    choice or yes/no. ``number`` reads one number (``Question.from_text``'s rules).
    Nothing is checked here; the design reader does that."""
    if kind == "number" and ".." in text:
        parts = [part.strip() for part in text.split("..")]
        keys = {2: ("low", "high"), 3: RANGE_KEYS}.get(len(parts))
        if keys is None:
            return None
        # An empty part is a key left out ("300.." has no high), which the reader names.
        return {key: number(part) for key, part in zip(keys, parts, strict=True) if part}
    if kind in ("bool", "choice") and "=" in text:
        out: dict[str, Any] = {}
        for item in text.split(","):
            key, sep, weight = item.partition("=")
            if not sep:
                return None
            out[key.strip().lower() if kind == "bool" else key.strip()] = number(weight.strip())
        return out
    return None
