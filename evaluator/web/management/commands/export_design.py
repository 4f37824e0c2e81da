"""Write a design as a YAML file (to standard output, or to a file with -o)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluator.engine.spec import dump_design
from evaluator.web import services
from evaluator.web.models import Design


class Command(BaseCommand):
    help = "Export a design, by slug, as a YAML design file."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", metavar="FILE", help="Write here, not to stdout.")

    def handle(self, *args, slug, output, **options):
        try:
            spec = services.design_spec_for_slug(slug)
        except Design.DoesNotExist as error:
            raise CommandError(str(error)) from None
        text = dump_design(spec)
        if output:
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as error:
                raise CommandError(f"{output}: cannot be written ({error.strerror}).") from None
            self.stderr.write(f"Wrote {output}.")
        else:
            self.stdout.write(text, ending="")
