"""The knowledge base: questions, options and rules, loaded, validated and compiled.

The knowledge base is data under ``evaluator/knowledge/``. Loading reads every file through
the guarded YAML reader, checks each field against the format in ``docs/architecture.md``,
and compiles every condition once. Any mistake raises :class:`KnowledgeError` naming the
file, line and column, with a "did you mean" where one helps.

- ``values``: the frozen dataclasses (questions, options, variants, rules) and constants;
- ``base``: :class:`KnowledgeBase`, lookups and the checking of answers;
- ``reader``: one file read, every mistake located;
- ``questions``, ``options``, ``rules``: one reader per kind of file;
- ``loading``: :func:`load_knowledge` and :func:`default_knowledge`;
- ``packvalues``, ``packreader``, ``packs``: an organisation's packs read, checked and applied on top
  (:func:`read_pack`, :func:`apply_packs`; ``docs/packs.md``).
"""

from .base import KnowledgeBase
from .loading import default_knowledge, load_knowledge
from .packs import Pack, apply_packs, read_pack, with_packs
from .values import (
    DERIVED_QUESTIONS,
    OPTION_IDS,
    PRIORITY_WEIGHTS,
    Attribute,
    Choice,
    Group,
    HeadStart,
    Option,
    PackRef,
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
    "Pack",
    "PackRef",
    "Question",
    "Rule",
    "Variant",
    "apply_packs",
    "default_knowledge",
    "load_knowledge",
    "read_pack",
    "with_packs",
]
