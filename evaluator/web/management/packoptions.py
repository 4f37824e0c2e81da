"""The --pack and --no-packs options that ``evaluate`` and ``review`` share: which
knowledge a design file is scored with; ``judge`` applies --pack files too."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.db import DatabaseError, connection

from evaluator.engine import EvaluatorError, KnowledgeBase, default_knowledge
from evaluator.engine.knowledge import with_packs


def add_pack_arguments(parser) -> None:
    parser.add_argument(
        "--pack",
        action="append",
        default=[],
        metavar="FILE",
        help="Apply this pack file (repeatable) instead of the stored active packs; no"
        " database is needed. For design files only.",
    )
    parser.add_argument(
        "--no-packs",
        action="store_true",
        help="Score with the built-in knowledge alone. For design files only.",
    )


def refuse_for_saved(options: dict, reference: str) -> None:
    """A saved design is scored with the active packs it has not opted out of."""
    if options["pack"] or options["no_packs"]:
        raise CommandError(
            f"'{reference}' is a saved design, scored with the active packs it has not opted"
            " out of; --pack and --no-packs apply to design files."
        )


def file_knowledge(options: dict) -> KnowledgeBase:
    """The knowledge a design file is scored with: the --pack files, none with
    --no-packs, else the active packs when a database is there."""
    files, none = options["pack"], options["no_packs"]
    if files and none:
        raise CommandError("--pack and --no-packs cannot be used together.")
    if none:
        return default_knowledge()
    if not files:
        return _stored_knowledge()
    return with_pack_files(default_knowledge(), files)


def with_pack_files(kb: KnowledgeBase, files: list[str]) -> KnowledgeBase:
    """``kb`` with the pack files applied; a ``CommandError`` naming the file, and the line
    when the pack says, for one that cannot be read or applied."""
    sources = []
    for name in files:
        try:
            sources.append((Path(name).read_bytes(), name))
        except OSError as error:
            raise CommandError(f"--pack {name}: cannot be read ({error.strerror}).") from None
    try:
        return with_packs(kb, sources)[0]
    except EvaluatorError as error:
        raise CommandError(str(error)) from None


def _stored_knowledge() -> KnowledgeBase:
    # A SQLite file that is not there is no database: connecting would create it.
    name = str(connection.settings_dict.get("NAME") or "")
    in_memory = name.startswith(("file:", ":memory:"))
    if connection.vendor == "sqlite" and not in_memory and not Path(name).exists():
        return default_knowledge()
    from evaluator.web import services

    try:
        return services.knowledge()
    except DatabaseError:
        return default_knowledge()
