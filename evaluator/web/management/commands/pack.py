"""Store, list, activate and retire the organisation's packs (docs/packs.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluator.engine import EvaluatorError, default_knowledge
from evaluator.engine.knowledge import read_pack

from ... import packstore
from ...models import PackVersion


class Command(BaseCommand):
    help = (
        "Organisation packs: 'add FILE' stores a new version (checked first against the"
        " built-in knowledge and the other active packs), 'list' shows every stored version,"
        " 'activate NAME VERSION' makes a version the active one of its name (checked again),"
        " 'retire NAME' leaves no version of it active. Exit status 1 on bad input, with"
        " nothing stored or changed."
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

    def handle(self, *args, verb, **options):
        try:
            if verb == "add":
                self._add(options["file"])
            elif verb == "list":
                self._list()
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
