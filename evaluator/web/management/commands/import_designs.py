"""Import design files (or folders of them) as examples or as one user's designs."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from evaluator.engine.errors import DesignError
from evaluator.web import services

SUFFIXES = (".yaml", ".yml")


def design_files(paths: list[str]) -> list[Path]:
    """The files named, plus every *.yaml / *.yml directly inside the folders named."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"{raw}: no such file or folder.")
    return found


class Command(BaseCommand):
    help = (
        "Import design files. Every file is checked before any is saved; a file whose design "
        "already exists (same owner or examples, same slug) updates it with a new revision "
        "when its content changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="YAML files or folders.")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--examples", action="store_true", help="Import as shared examples.")
        target.add_argument("--owner", metavar="USERNAME", help="Import as this user's designs.")

    def handle(self, *args, paths, examples, owner, **options):
        user = None
        if owner is not None:
            User = get_user_model()
            try:
                user = User.objects.get(**{User.USERNAME_FIELD: owner})
            except User.DoesNotExist:
                raise CommandError(f"There is no user called '{owner}'.") from None

        files = design_files(paths)
        if not files:
            raise CommandError("No *.yaml or *.yml files found in " + ", ".join(paths) + ".")

        specs = []
        names: dict[str, Path] = {}
        for path in files:
            try:
                spec = services.parse_design_file(path.read_bytes(), filename=str(path))
            except DesignError as error:
                raise CommandError(f"{error} Nothing was imported.") from None
            except OSError as error:
                raise CommandError(f"{path}: cannot be read ({error.strerror}).") from None
            key = spec.name.casefold()
            if key in names:
                raise CommandError(
                    f"{path} and {names[key]} both hold a design called '{spec.name}'. "
                    "Nothing was imported."
                )
            names[key] = path
            specs.append((path, spec))

        counts = {"created": 0, "updated": 0, "unchanged": 0}
        with transaction.atomic():
            for path, spec in specs:
                result = services.import_spec(spec, owner=user, examples=examples)
                counts[result.status] += 1
                if options["verbosity"] >= 2:
                    self.stdout.write(f"{path}: {result.status} {result.design.slug}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(specs)} design file(s): {counts['created']} created, "
                f"{counts['updated']} updated, {counts['unchanged']} unchanged."
            )
        )
