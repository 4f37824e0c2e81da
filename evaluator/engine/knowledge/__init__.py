"""The knowledge base: questions, options and rules, loaded, validated and compiled.

The knowledge base is data under ``evaluator/knowledge/``. Loading reads every file through
the guarded YAML reader, checks each field against the format in ``docs/architecture.md``,
and compiles every condition once. Any mistake raises :class:`KnowledgeError` naming the
file, line and column, with a "did you mean" where one helps.

- ``values``: the frozen dataclasses (questions, options, variants, rules) and constants;
- ``base``: :class:`KnowledgeBase`, lookups and the checking of answers;
- ``reader``: one file read, every mistake located;
- ``questions``, ``options``, ``rules``: one reader per kind of file;
- ``loading``: :func:`load_knowledge` and :func:`default_knowledge`.
"""

from .base import KnowledgeBase
from .loading import default_knowledge, load_knowledge
from .values import (
    DERIVED_QUESTIONS,
    OPTION_IDS,
    PRIORITY_WEIGHTS,
    Attribute,
    Choice,
    Group,
    HeadStart,
    Option,
    Question,
    Rule,
    Variant,
)

__all__ = [
    "Attribute",
    "Choice",
    "DERIVED_QUESTIONS",
    "Group",
    "HeadStart",
    "KnowledgeBase",
    "OPTION_IDS",
    "Option",
    "PRIORITY_WEIGHTS",
    "Question",
    "Rule",
    "Variant",
    "default_knowledge",
    "load_knowledge",
]
