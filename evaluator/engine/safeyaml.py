"""Guarded YAML reading for files people upload and files the project ships.

PyYAML's safe loader already refuses Python objects, but it still accepts things a design
file has no use for and that can hurt: aliases (a few lines can expand into gigabytes),
unbounded nesting (the composer recurses), binary and set tags, several documents in one
file, duplicate keys (the last silently wins). This module refuses all of them, with the
line and column of the offending text, and records where every key and list item stood so
that later validation can point at a line too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node

from .errors import DesignError, EvaluatorError, Path
from .yamlfast import read_fast
from .yamlnodes import (
    CONSTRUCTORS,
    TRIMMED_RESOLVERS,
    Refused,
    check_keys,
    check_tag,
    record_positions,
)

DEFAULT_MAX_BYTES = 256 * 1024
DEFAULT_MAX_DEPTH = 32


@dataclass
class YamlDocument:
    """Loaded data plus the (line, column) of every key and list item, by path."""

    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path) -> tuple[int, int] | None:
        """Where ``path`` (or its nearest recorded ancestor) stands in the text."""
        path = tuple(path)
        while True:
            found = self.positions.get(path)
            if found is not None or not path:
                return found
            path = path[:-1]


class _GuardedLoader(yaml.SafeLoader):
    """PyYAML's Python loader refusing each node as it is composed: the reference reader."""

    yaml_implicit_resolvers = TRIMMED_RESOLVERS

    def __init__(self, stream: str, max_depth: int) -> None:
        super().__init__(stream)
        self._depth = 0
        self._max_depth = max_depth

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise Refused(
                "aliases (*name) are not allowed.",
                event.start_mark,
                "Write the value out in full instead of referring to an anchor.",
            )
        if getattr(event, "anchor", None) is not None:
            raise Refused(
                "anchors (&name) are not allowed.",
                event.start_mark,
                "Remove the anchor and write each value out in full.",
            )
        self._depth += 1
        try:
            if self._depth > self._max_depth:
                raise Refused(
                    f"the data is nested more than {self._max_depth} levels deep.",
                    event.start_mark,
                )
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        check_tag(node)
        if isinstance(node, MappingNode):
            check_keys(node)
        return node


for _tag, _construct in CONSTRUCTORS.items():
    _GuardedLoader.add_constructor(_tag, _construct)


def _line_col_at(text: bytes, offset: int) -> tuple[int, int]:
    line = text.count(b"\n", 0, offset) + 1
    start = text.rfind(b"\n", 0, offset) + 1
    return line, offset - start + 1


def _checked_text(
    source: bytes | str, filename: str, max_bytes: int, error: type[EvaluatorError]
) -> str:
    """The source as text: within the size limit, UTF-8, without a NUL or a BOM."""
    raw = source.encode("utf-8") if isinstance(source, str) else bytes(source)
    if len(raw) > max_bytes:
        raise error(
            f"the file is {len(raw):,} bytes; at most {max_bytes:,} bytes are accepted.",
            file=filename,
            hint="Split the design or shorten long texts.",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_col_at(raw, exc.start)
        raise error(
            "the file is not UTF-8 text.",
            file=filename,
            line=line,
            column=column,
            hint="Save it with UTF-8 encoding.",
        ) from None
    text = text.removeprefix("\ufeff")
    nul = text.find("\x00")
    if nul >= 0:
        line, column = _line_col_at(text.encode("utf-8"), len(text[:nul].encode("utf-8")))
        raise error("the file contains a NUL byte.", file=filename, line=line, column=column)
    return text


def _yaml_error(exc: yaml.YAMLError, filename: str, error: type[EvaluatorError]):
    """The located error for what PyYAML refused."""
    if isinstance(exc, yaml.composer.ComposerError) and "single document" in (
        f"{exc.context} {exc.problem}"
    ):
        return _at(
            error,
            "the file holds more than one YAML document; one design per file.",
            exc.problem_mark,
            filename,
            "Remove the '---' separator and split the file.",
        )
    if isinstance(exc, yaml.MarkedYAMLError):
        problem = exc.problem or exc.context or "unreadable YAML"
        return _at(error, f"YAML could not be read: {problem}.", exc.problem_mark, filename)
    return error(f"YAML could not be read: {exc}.", file=filename)


def load_yaml(
    source: bytes | str,
    *,
    filename: str = "<input>",
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    error: type[EvaluatorError] = DesignError,
) -> YamlDocument:
    """Read one YAML document under the guards above.

    Raises ``error`` (a ``DesignError`` by default) naming file, line and column.
    """
    text = _checked_text(source, filename, max_bytes, error)
    fast = read_fast(text, max_depth)
    if fast is not None:
        return YamlDocument(*fast)
    return _read_guarded(text, filename, max_depth, error)


def _read_guarded(
    text: str, filename: str, max_depth: int, error: type[EvaluatorError]
) -> YamlDocument:
    """The Python reader: slower, but the one whose refusals people read."""
    try:
        # The reader refuses unprintable characters as soon as it is built.
        loader = _GuardedLoader(text, max_depth)
    except yaml.reader.ReaderError as exc:
        line, column = _line_col_at(text.encode("utf-8"), len(text[: exc.position].encode("utf-8")))
        raise error(
            f"the file contains a control character YAML does not allow (U+{exc.character:04X}).",
            file=filename,
            line=line,
            column=column,
            hint="Remove control characters other than tabs and line breaks.",
        ) from None
    try:
        root = loader.get_single_node()
        if root is None:
            raise error("the file is empty.", file=filename)
        positions: dict[Path, tuple[int, int]] = {}
        record_positions(root, (), positions)
        data = loader.construct_document(root)
    except Refused as exc:
        raise _at(error, exc.message, exc.mark, filename, exc.hint) from None
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, filename, error) from None
    except RecursionError:
        raise error("the data is nested too deeply.", file=filename) from None
    finally:
        loader.dispose()
    return YamlDocument(data, positions)


def _at(
    error: type[EvaluatorError],
    message: str,
    mark: yaml.Mark | None,
    filename: str,
    hint: str | None = None,
) -> EvaluatorError:
    if mark is None:
        return error(message, file=filename, hint=hint)
    return error(message, file=filename, line=mark.line + 1, column=mark.column + 1, hint=hint)
