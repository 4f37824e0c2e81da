"""The checks a composed YAML node must pass, shared by both ways of reading YAML.

``safeyaml`` reads with PyYAML's Python loader, which composes node by node and lets these
checks refuse each node as it is made; ``yamlfast`` composes with libyaml's C parser and runs
the same checks over the finished tree. Either way a node has only core tags, a mapping's
keys are text and appear once, and scalars are resolved without timestamps and merge keys.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Path

CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = frozenset(
    CORE + name for name in ("str", "int", "float", "bool", "null", "seq", "map")
)


class Refused(Exception):
    """A guard's refusal: the message, where in the text, and what to write instead."""

    def __init__(self, message: str, mark: yaml.Mark | None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.hint = hint


def _resolvers_without(*tags: str) -> dict:
    """Implicit resolvers minus the given tags: dates stay text, ``<<`` stays a plain key."""
    trimmed = {}
    for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [(tag, regexp) for tag, regexp in entries if tag not in tags]
        if kept:
            trimmed[first] = kept
    return trimmed


TRIMMED_RESOLVERS = _resolvers_without(CORE + "timestamp", CORE + "merge")


def construct_int(loader: yaml.constructor.SafeConstructor, node: ScalarNode) -> int:
    """An integer scalar, or a refusal when it has more digits than Python will convert."""
    # Python refuses to read an integer of more than 4,300 digits (a guard against slow
    # conversions); that ValueError must reach the person as a refusal, not a crash.
    try:
        return yaml.SafeLoader.construct_yaml_int(loader, node)
    except (ValueError, IndexError):
        if len(node.value) <= sys.get_int_max_str_digits():
            _refuse_value(node, "a whole number")
        raise Refused(
            f"the number has {len(node.value):,} characters; it is far too long.",
            node.start_mark,
            "Write a number of ordinary size.",
        ) from None


def construct_float(loader: yaml.constructor.SafeConstructor, node: ScalarNode) -> float:
    """A number scalar; ``!!float`` on text that is no number is refused, not a crash."""
    try:
        return yaml.SafeLoader.construct_yaml_float(loader, node)
    except (ValueError, IndexError):
        _refuse_value(node, "a number")


def construct_bool(loader: yaml.constructor.SafeConstructor, node: ScalarNode) -> bool:
    """A yes/no scalar; ``!!bool`` on another word is refused, not a crash."""
    try:
        return yaml.SafeLoader.construct_yaml_bool(loader, node)
    except KeyError:
        _refuse_value(node, "yes or no")


def _refuse_value(node: ScalarNode, kind: str) -> NoReturn:
    # Only an explicit tag (!!int, !!float, !!bool) can put such a value under these tags.
    raise Refused(
        f"the value {node.value!r} is tagged {short_tag(node.tag)} but is not {kind}.",
        node.start_mark,
        "Remove the tag, or write a value of that kind.",
    ) from None


CONSTRUCTORS = {
    CORE + "int": construct_int,
    CORE + "float": construct_float,
    CORE + "bool": construct_bool,
}


def short_tag(tag: str) -> str:
    return "!!" + tag[len(CORE) :] if tag.startswith(CORE) else tag


def check_tag(node: Node) -> None:
    """Refuse a node whose tag is not one of the core data tags."""
    if node.tag not in ALLOWED_TAGS:
        raise Refused(
            f"the tag {short_tag(node.tag)} is not allowed.",
            node.start_mark,
            "Only plain text, numbers, yes/no, lists and mappings can be used.",
        )


def check_keys(node: MappingNode) -> None:
    """Refuse keys that are not text or appear twice; plain yes/no keys become text."""
    seen: set[str] = set()
    for key, _value in node.value:
        if isinstance(key, ScalarNode) and key.tag == CORE + "bool" and not key.style:
            # A plain key yes, no, true or false is the word itself: {yes: 0.7, no: 0.3}
            # gives the weights of a yes/no answer.
            key.tag = CORE + "str"
        if not isinstance(key, ScalarNode) or key.tag != CORE + "str":
            shown = key.value if isinstance(key, ScalarNode) else "a list or mapping"
            raise Refused(
                f"keys must be text, but {shown!r} is not.",
                key.start_mark,
                "Put the key in quotes if it is meant as text.",
            )
        if key.value in seen:
            raise Refused(
                f"the key '{key.value}' appears twice in the same mapping.", key.start_mark
            )
        seen.add(key.value)


def record_positions(node: Node, path: Path, positions: dict[Path, tuple[int, int]]) -> None:
    """Store the 1-based (line, column) of every key and list item under ``node``."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            child = (*path, key.value)
            positions[child] = (key.start_mark.line + 1, key.start_mark.column + 1)
            record_positions(value, child, positions)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            positions[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
            record_positions(item, child, positions)
