"""Store, list, activate and retire the organisation's packs (docs/packs.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from evaluator.engine import EvaluatorError, default_knowledge
from evaluator.engine.knowledge import read_pack

from ... import impact, packstore
from ...models import ImpactRun, PackVersion


class Command(BaseCommand):
    help = (
        "Organisation packs: 'add FILE' stores a new version (checked first against the"
        " built-in knowledge and the other active packs), 'list' shows every stored version,"
        " 'activate NAME VERSION' makes a version the active one of its name (checked again),"
        " 'retire NAME' leaves no version of it active, 'preview NAME VERSION' scores every"
        " stored design with that version active and lists what would change (as the"
        " browser's impact preview; --queue leaves it to the background worker). Exit"
        " status 1 on bad input, with nothing stored or changed."
    )

    def add_arguments(self, parser):
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        add = verbs.add_parser("add", help="Store a new pack version from FILE.")
        add.add_argument("file", metavar="FILE")
        verbs.add_parser("list", help="List the stored pack versions.")
        activate = verbs.add_parser("activate", help="Make NAME VERSION the active version.")
        activate.add_argument("name", metavar="NAME")
        activate.add_argument("version", metavar="VERSION")
        retire = verbs.add_parser("retire", help="Leave no version of NAME active.")
        retire.add_argument("name", metavar="NAME")
        preview = verbs.add_parser(
            "preview", help="What NAME VERSION would change in the stored designs."
        )
        preview.add_argument("name", metavar="NAME")
        preview.add_argument("version", metavar="VERSION")
        preview.add_argument(
            "--queue",
            action="store_true",
            help="Queue it for the background worker (manage.py db_worker) and print the"
            " run's number instead of waiting.",
        )

    def handle(self, *args, verb, **options):
        try:
            if verb == "add":
                self._add(options["file"])
            elif verb == "list":
                self._list()
            elif verb == "preview":
                self._preview(options["name"], options["version"], options["queue"])
            elif verb == "activate":
                row = packstore.activate(options["name"], options["version"])
                self.stdout.write(f"Pack {row.name} {row.version} is now active.")
            else:
                row = packstore.retire(options["name"])
                self.stdout.write(f"Pack {row.name} is retired ({row.version} was active).")
        except (EvaluatorError, packstore.PackError) as error:
            raise CommandError(str(error)) from None

    def _add(self, file: str) -> None:
        try:
            raw = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: cannot be read ({error.strerror}).") from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is None:
            # The guarded reader names the line and column of the first bad byte.
            read_pack(raw, default_knowledge(), filename=file)
            raise CommandError(f"{file}: the file is not UTF-8 text.")
        row, created = packstore.store_pack(text, file)
        state = "stored" if created else "already stored with the same content; nothing changed"
        self.stdout.write(f"Pack {row.name} {row.version}: {state}.")

    def _list(self) -> None:
        rows = list(PackVersion.objects.select_related("stored_by").order_by("name", "stored_at"))
        if not rows:
            self.stdout.write("No packs are stored.")
            return
        self.stdout.write(
            f"{'Name':<24} {'Version':<12} {'Active':<6} {'Stored':<17} {'By':<12}"
            " Rules added / changed / off"
        )
        for row in rows:
            pack = read_pack(row.text, default_knowledge(), filename=str(row))
            changed = sum(1 for c in pack.changes if not c.off)
            off = len(pack.changes) - changed
            by = row.stored_by.username if row.stored_by else "-"
            self.stdout.write(
                f"{row.name[:24]:<24} {row.version[:12]:<12} {'yes' if row.active else 'no':<6}"
                f" {row.stored_at:%Y-%m-%d %H:%M} {by[:12]:<12}"
                f" {len(pack.rules)} / {changed} / {off}"
            )

    def _preview(self, name: str, version: str, queue: bool) -> None:
        candidate = packstore.find_version(name, version)
        if queue:
            run = impact.start(candidate)
            page = reverse("impact_run", args=[run.pk])
            self.stdout.write(
                f"Impact preview {run.pk} of {name} {version} queued; a worker"
                f" (manage.py db_worker) runs it. Its page: {page}"
            )
            return
        run = impact.run_preview(ImpactRun.objects.create(pack=candidate).pk)
        counts = run.counts
        self.stdout.write(
            f"{name} {version} would change {counts['designs_changed']} of"
            f" {counts['designs']} designs: {counts['recommendations']} recommendations,"
            f" {counts['vetoes_added']} new hard limits, {counts['vetoes_lifted']} lifted,"
            f" {counts['bands']} band changes."
        )
        for row in run.changes.select_related("design__owner"):
            self.stdout.write(_change_line(row.design, row.change))
        for line in counts["unreadable"]:
            self.stdout.write(f"  not read: {line}")


def _change_line(design, change: dict) -> str:
    owner = f"{design.owner.get_username()}/" if design.owner else ""
    parts = []
    if change["before"] != change["after"]:
        parts.append(f"{change['before'] or 'none'} -> {change['after'] or 'none'}")
    parts += [f"new limit {v['rule_id']}" for v in change["vetoes_added"]]
    parts += [f"limit lifted {v['rule_id']}" for v in change["vetoes_lifted"]]
    parts += [f"{b['option']} {b['before']} -> {b['after']}" for b in change["bands"]]
    return f"  {owner}{design.slug} #{change['position']} {change['component']}: " + "; ".join(
        parts
    )
