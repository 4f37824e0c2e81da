"""Reading well-formed YAML on libyaml's C parser, under the same guards as ``safeyaml``.

PyYAML's Python scanner is slow: a 250 KB design takes over a second. libyaml does the same
work in C, but its composer recurses in C, expands aliases, and words its errors its own
way. So this path only ever *accepts*: the events are scanned first (no recursion, nothing
built) and anything the guards would refuse - an alias or anchor, nesting past the limit, a
second document - sends the text back to the Python reader, which refuses it with its usual
message. Only then is the tree composed in C, checked node by node with the shared checks,
and turned into data. Any error on the way also goes back to the Python reader: errors are
rare, and the person reads the same words either way.

Where libyaml reads text differently from PyYAML (it takes a tab as a space between
tokens, skips a byte order mark at the start of any line, treats the Unicode line
separators its own way, resolves a few explicit tags its own way, and allows a comment right after a block scalar's header), the
text goes to the Python reader without trying libyaml. ``tests/fuzz/test_fuzz_yaml_paths``
looks for more such differences.
"""

from __future__ import annotations

import re
from typing import Any

from yaml.constructor import SafeConstructor
from yaml.cyaml import CParser
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from .errors import Path
from .yamlnodes import CONSTRUCTORS, CORE, TRIMMED_RESOLVERS, check_keys, check_tag

# Characters libyaml and PyYAML's Python scanner read differently (see the module's text).
_READ_DIFFERENTLY = ("\t", "\ufeff", "\x85", "\u2028", "\u2029")
# A block scalar's header with a comment right after it ("|#"): PyYAML refuses it.
_HEADER_COMMENT = re.compile(r"[|>][-+0-9]*#")

_STR, _MAP, _SEQ = CORE + "str", CORE + "map", CORE + "seq"


class _Declined(Exception):
    """This text is for the Python reader: it would refuse it, or libyaml might misread it."""


class _CLoader(CParser, SafeConstructor, Resolver):
    yaml_implicit_resolvers = TRIMMED_RESOLVERS

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)


for _tag, _construct in CONSTRUCTORS.items():
    _CLoader.add_constructor(_tag, _construct)


def read_fast(text: str, max_depth: int) -> tuple[Any, dict[Path, tuple[int, int]]] | None:
    """The data and positions of ``text``, or None when the Python reader must read it.

    None means: libyaml may read this text differently, or some guard refuses it, or it
    is not well-formed YAML. Data returned here is what the Python reader returns too
    (``tests/fuzz/test_fuzz_yaml_paths`` compares the two).
    """
    if any(char in text for char in _READ_DIFFERENTLY) or _HEADER_COMMENT.search(text):
        return None
    try:
        scan_events(text, max_depth)
        loader = _CLoader(text)
        root = loader.get_single_node()
        if root is None:
            return None
        positions: dict[Path, tuple[int, int]] = {}
        data = _build(loader, root, (), positions)
    except Exception:  # noqa: BLE001 - whatever went wrong, the Python reader says it
        return None
    return data, positions


def scan_events(text: str, max_depth: int) -> None:
    """Raise ``_Declined`` at the first alias, anchor, explicit tag, node deeper than
    ``max_depth`` or second document, before anything is composed (the C parser keeps its
    own stack). Tags are few in real files, and libyaml resolves some (``!``, ``%TAG``)
    differently, so a tagged text is the Python reader's."""
    parser = CParser(text)
    open_collections = 0
    documents = 0
    while True:
        event = parser.get_event()
        kind = type(event)
        if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
            # The node's own depth: the root is 1, as in the Python reader's count.
            if event.anchor is not None or event.tag is not None or open_collections >= max_depth:
                raise _Declined
            if kind is not ScalarEvent:
                open_collections += 1
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            open_collections -= 1
        elif kind is AliasEvent:
            raise _Declined
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Declined
        elif event is None:
            return


def _build(loader: _CLoader, node: Node, path: Path, positions: dict) -> Any:
    """The node's data, checked as the Python reader checks it, positions recorded.

    Builds text, lists and mappings directly (what ``construct_document`` would build for
    these tags, without its generators); other scalars go through the loader's constructors.
    """
    check_tag(node)
    tag = node.tag
    if tag == _STR and isinstance(node, ScalarNode):
        return node.value
    if tag == _MAP and isinstance(node, MappingNode):
        check_keys(node)
        mapping = {}
        for key, value in node.value:
            child = (*path, key.value)
            mark = key.start_mark
            positions[child] = (mark.line + 1, mark.column + 1)
            mapping[key.value] = _build(loader, value, child, positions)
        return mapping
    if tag == _SEQ and isinstance(node, SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = (*path, index)
            mark = item.start_mark
            positions[child] = (mark.line + 1, mark.column + 1)
            items.append(_build(loader, item, child, positions))
        return items
    return loader.construct_object(node, deep=True)
