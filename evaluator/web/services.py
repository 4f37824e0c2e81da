"""Where designs are read, written and checked; views and commands only call in here.

Every write goes through ``create_design`` or ``save_design``, which update the rows and
append a chained revision in one transaction, so the history always matches the design.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from evaluator.engine import KnowledgeBase, default_knowledge
from evaluator.engine.spec import (
    FORMAT,
    DesignSpec,
    canonical_json,
    design_from_dict,
    parse_design,
)

from . import packstore
from .models import GENESIS_HASH, Component, Design, Revision, chain_hash

# Path segments of the design URLs that a slug must never take.
RESERVED_SLUGS = frozenset({"new", "upload", "import", "examples"})


class StaleDesignError(Exception):
    """The design changed after the user opened it; their save was not applied."""

    def __init__(self, design: Design) -> None:
        super().__init__(
            f"Someone else changed “{design.name}” since you opened it, so your changes were "
            "not saved. Your text is kept below: copy what you need, reload the design, and "
            "apply your changes again."
        )
        self.design = design


def knowledge(design: Design | None = None) -> KnowledgeBase:
    """The knowledge base: the built-in one with the organisation's active packs.

    For a ``design``, without the packs it opted out of: what it is scored with. Without
    one, with every active pack: the catalogue designs are read and checked against.
    The one place that decides which knowledge applies (``packstore.knowledge_for``).
    """
    return packstore.knowledge_for(design)


# --- Reading ---------------------------------------------------------------------------


def _in_catalogue_order(facts, order: dict[str, int]):
    if not isinstance(facts, dict):
        return facts  # not a mapping: left for design_from_dict to refuse
    return {key: facts[key] for key in sorted(facts, key=lambda k: (order.get(k, len(order)), k))}


def _catalogue_ordered(data: dict) -> dict:
    """``data`` (file shape) with context, priorities and answers in catalogue order.

    PostgreSQL's jsonb, and the sorted keys of a snapshot, keep keys in an order of their
    own; putting them back in the catalogue's makes a design read, and export, the same
    from every database and every revision.
    """
    kb = knowledge()
    questions = {question.id: index for index, question in enumerate(kb.questions)}
    attributes = {attribute.id: index for index, attribute in enumerate(kb.attributes)}
    return {
        **data,
        "context": _in_catalogue_order(data.get("context"), questions),
        "priorities": _in_catalogue_order(data.get("priorities"), attributes),
        "components": [
            {**component, "answers": _in_catalogue_order(component.get("answers"), questions)}
            if isinstance(component, dict)
            else component
            for component in data.get("components") or []
        ]
        if isinstance(data.get("components"), list)
        else data.get("components"),
    }


def design_to_dict(design: Design) -> dict:
    """The rows of a design in the file shape that ``design_from_dict`` reads."""
    return _catalogue_ordered(
        {
            "format": FORMAT,
            "name": design.name,
            "summary": design.summary,
            "context": design.context or {},
            "priorities": design.priorities or {},
            "components": [
                {
                    "name": component.name,
                    "kind": component.kind,
                    "depends_on": [
                        {"component": dep["component"], "style": dep["style"]}
                        for dep in component.depends_on or []
                    ],
                    "answers": component.answers or {},
                }
                for component in design.components.all()
            ],
        }
    )


def spec_from_design(design: Design) -> DesignSpec:
    """The engine's view of a stored design."""
    return design_from_dict(
        design_to_dict(design), filename=f"design '{design.slug}'", catalogue=knowledge()
    )


def spec_from_snapshot(revision: Revision) -> DesignSpec:
    """The design as it was saved in ``revision``."""
    data = json.loads(revision.snapshot)
    if isinstance(data, dict):
        data = _catalogue_ordered(data)
    return design_from_dict(
        data,
        filename=f"{revision.design.slug} revision {revision.number}",
        catalogue=knowledge(),
    )


def find_design(reference: str) -> Design:
    """The (not deleted) design named on the command line: ``SLUG`` or ``OWNER/SLUG``.

    Addresses are unique per owner, so a bare slug that several owners use is refused
    with the ``OWNER/SLUG`` forms that would pick one. Raises ``Design.DoesNotExist`` with
    a message saying what to write.
    """
    owner, _, slug = reference.rpartition("/")
    found = Design.objects.alive().filter(slug=slug).select_related("owner").order_by("pk")
    if owner:
        found = found.filter(owner__username=owner)
    designs = list(found[:10])
    if not designs:
        whose = f" of the user '{owner}'" if owner else ""
        raise Design.DoesNotExist(f"There is no design{whose} with the slug '{slug}'.")
    if len(designs) > 1:
        choices = ", ".join(
            f"{design.owner.username}/{slug}" for design in designs if design.owner is not None
        )
        raise Design.DoesNotExist(
            f"Several designs have the slug '{slug}'; name one as OWNER/SLUG: {choices}."
        )
    return designs[0]


def design_spec_for_slug(reference: str) -> DesignSpec:
    """The spec of the design ``find_design`` finds; raises ``Design.DoesNotExist``."""
    return spec_from_design(find_design(reference))


def parse_design_file(source: bytes | str, *, filename: str) -> DesignSpec:
    """A design file checked for structure and against the question catalogue."""
    return parse_design(source, filename=filename, knowledge=knowledge())


# --- Writing ---------------------------------------------------------------------------


def _fill_rows(design: Design, spec: DesignSpec) -> None:
    data = spec.to_dict()
    design.name = data["name"]
    design.summary = data["summary"]
    design.context = data["context"]
    design.priorities = data["priorities"]


def _replace_components(design: Design, spec: DesignSpec) -> None:
    design.components.all().delete()
    Component.objects.bulk_create(
        Component(
            design=design,
            position=position,
            name=item["name"],
            kind=item["kind"],
            depends_on=item.get("depends_on", []),
            answers=item.get("answers", {}),
        )
        for position, item in enumerate(spec.to_dict()["components"])
    )


def knowledge_record(kb: KnowledgeBase) -> dict:
    """What a revision records of the knowledge its design was scored with."""
    return {
        "version": kb.version,
        "builtin": default_knowledge().digest,
        "packs": [[pack.name, pack.version, pack.sha256] for pack in kb.packs],
    }


def _append_revision(design: Design, snapshot: str, author) -> Revision:
    last = design.revisions.order_by("-number").first()
    previous_hash = last.hash if last else GENESIS_HASH
    return Revision.objects.create(
        design=design,
        number=(last.number + 1) if last else 1,
        author=author,
        snapshot=snapshot,
        previous_hash=previous_hash,
        hash=chain_hash(previous_hash, snapshot),
        knowledge=knowledge_record(knowledge(design)),
    )


def unique_slug(name: str, owner=None, *, is_example: bool = False) -> str:
    """A slug for ``name`` that is free among the owner's designs and the examples.

    Only those are looked at, so the address a user gets says nothing of other users'
    designs. Examples (made by staff) avoid every slug in use, so no user's address ever
    equals an example's. Deleted designs keep theirs: old links never change meaning.
    """
    base = slugify(name)[:120].strip("-") or "design"
    candidates = Design.objects.filter(slug__startswith=base)
    if not is_example:
        candidates = candidates.filter(Q(owner=owner) | Q(is_example=True))
    taken = set(candidates.values_list("slug", flat=True)) | RESERVED_SLUGS
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def create_design(owner, spec: DesignSpec, *, is_example: bool = False) -> Design:
    """A new design with its first revision (authored by ``owner``)."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                slug = unique_slug(spec.name, owner, is_example=is_example)
                design = Design(owner=owner, is_example=is_example, slug=slug)
                _fill_rows(design, spec)
                design.save()
                _replace_components(design, spec)
                _append_revision(design, canonical_json(spec), owner)
                return design
        except IntegrityError:
            # Another design of the same name took the slug at the same moment: try the
            # next free one. Any other integrity failure repeats and is raised.
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def save_design(design: Design, spec: DesignSpec, *, author, base_version: int) -> Revision:
    """Store ``spec`` as the design's new content, if nobody saved since ``base_version``.

    Raises ``StaleDesignError`` when the stored version has moved on. Saving content equal
    to the latest revision changes nothing and returns that revision.
    """
    snapshot = canonical_json(spec)
    with transaction.atomic():
        latest = design.revisions.order_by("-number").first()
        if latest is not None and latest.snapshot == snapshot:
            current = Design.objects.alive().filter(pk=design.pk, version=base_version)
            if not current.exists():
                raise StaleDesignError(design)
            return latest
        data = spec.to_dict()
        changed = (
            Design.objects.alive()
            .filter(pk=design.pk, version=base_version)
            .update(
                version=F("version") + 1,
                name=data["name"],
                summary=data["summary"],
                context=data["context"],
                priorities=data["priorities"],
                updated_at=timezone.now(),
            )
        )
        if not changed:
            raise StaleDesignError(design)
        design.refresh_from_db()
        _replace_components(design, spec)
        return _append_revision(design, snapshot, author)


def copy_design(source: Design, owner, *, name: str | None = None) -> Design:
    """A copy of ``source`` (an example, or one of the owner's designs) owned by ``owner``,
    named ``name`` (checked like any design's name) or as the source is."""
    spec = spec_from_design(source)
    if name is not None:
        spec = design_from_dict({**spec.to_dict(), "name": name}, filename="the copy")
    return create_design(owner, spec)


def delete_design(design: Design) -> None:
    """Hide the design; its revisions stay, as history is never deleted."""
    Design.objects.filter(pk=design.pk).update(deleted_at=timezone.now())


# --- Import ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    design: Design
    status: str  # "created", "updated" or "unchanged"


def _scope(owner, examples: bool):
    if examples:
        return Design.objects.examples()
    return Design.objects.owned_by(owner)


def find_import_target(spec: DesignSpec, *, owner=None, examples: bool = False) -> Design | None:
    """The design a re-import of ``spec`` updates: same owner (or the examples), same slug.

    A design whose slug needed a number (``shop-2``, because ``shop`` was taken elsewhere)
    still matches when its name gives the same base slug.
    """
    base = slugify(spec.name)[:120].strip("-") or "design"
    candidates = _scope(owner, examples).filter(slug__startswith=base).order_by("pk")
    for design in candidates:
        if design.slug == base:
            return design
    for design in candidates:
        suffix = design.slug[len(base) :]
        if suffix[:1] == "-" and suffix[1:].isdigit() and slugify(design.name) == base:
            return design
    return None


def import_spec(spec: DesignSpec, *, owner=None, examples: bool = False) -> ImportResult:
    """Create the design, or update the matching one when its content differs."""
    if examples == (owner is not None):
        raise ValueError("Import either as examples or for an owner, not both or neither.")
    target = find_import_target(spec, owner=owner, examples=examples)
    if target is None:
        return ImportResult(create_design(owner, spec, is_example=examples), "created")
    before = target.version
    save_design(target, spec, author=owner, base_version=target.version)
    target.refresh_from_db()
    return ImportResult(target, "updated" if target.version != before else "unchanged")


def import_design_file(
    source: bytes | str | Path, *, owner=None, examples: bool = False, filename: str | None = None
) -> ImportResult:
    """Read, check and import one design file (a path, or its bytes)."""
    if isinstance(source, Path):
        filename = filename or str(source)
        source = source.read_bytes()
    spec = parse_design_file(source, filename=filename or "<upload>")
    return import_spec(spec, owner=owner, examples=examples)


# --- History ---------------------------------------------------------------------------


def verify_chain(design: Design) -> Revision | None:
    """The first revision whose number, link or hash does not check out, or None."""
    expected_previous = GENESIS_HASH
    for expected_number, revision in enumerate(design.revisions.order_by("number"), start=1):
        if (
            revision.number != expected_number
            or revision.previous_hash != expected_previous
            or revision.hash != revision.expected_hash()
        ):
            return revision
        expected_previous = revision.hash
    return None
