"""Recompute the hash chain of every design's history and report the first break."""

from django.core.management.base import BaseCommand, CommandError

from evaluator.web import services
from evaluator.web.models import Design


class Command(BaseCommand):
    help = (
        "Check that every revision's hash matches its snapshot and the revision before it. "
        "Exits with an error naming the first revision that does not."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="Only this design (deleted ones included).")

    def handle(self, *args, slug, **options):
        designs = Design.objects.order_by("slug")
        if slug is not None:
            designs = designs.filter(slug=slug)
            if not designs.exists():
                raise CommandError(f"There is no design with the slug '{slug}'.")

        broken = []
        checked_designs = checked_revisions = 0
        for design in designs.iterator():
            bad = services.verify_chain(design)
            checked_designs += 1
            checked_revisions += design.revisions.count()
            if bad is not None:
                broken.append(
                    f"{design.slug}: revision {bad.number} does not match its recorded hash "
                    "or the revision before it; the history was changed after it was saved."
                )
        if broken:
            raise CommandError(
                "History check failed for " + f"{len(broken)} design(s):\n" + "\n".join(broken)
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"History intact: {checked_revisions} revision(s) of {checked_designs} "
                "design(s) checked."
            )
        )
