"""Write the design review of a design file or a saved design: markdown, MADR or JSON."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluator.engine import EvaluatorError, evaluate
from evaluator.engine.errors import did_you_mean
from evaluator.engine.sampling import DEFAULT_SAMPLES, DEFAULT_SEED
from evaluator.engine.spec import parse_design
from evaluator.reports import (
    CHECKS,
    attention,
    madr_records,
    madr_zip,
    render_json,
    render_review,
    review_meta,
)
from evaluator.reports.meta import check_date

from ..packoptions import add_pack_arguments, file_knowledge, refuse_for_saved
from ..sampling import add_sampling_arguments, sampling_options

# Distinct from 1 (bad input), so a merge check can tell "the design has findings" from
# "the check itself failed".
FINDINGS_EXIT_CODE = 3


class Command(BaseCommand):
    help = (
        "Write the design review of a design file (PATH, read without any database) or of a"
        " saved design (SLUG, at its latest revision). --format md gives the markdown review,"
        " json the evaluation with the review's metadata, madr one decision record per"
        " component: into a directory, or into a zip when -o ends in .zip. The same design"
        " always gives the same bytes: the date is the revision's, or --date; a file without"
        " --date gets no date. Exit status: 0 when done; 1 on bad input, with nothing"
        f" written; {FINDINGS_EXIT_CODE} when --fail-on finds any of its checks (the output"
        " is still written and the findings are listed on standard error)."
    )

    def add_arguments(self, parser):
        parser.add_argument("design", metavar="PATH|SLUG")
        parser.add_argument(
            "-o",
            "--output",
            default="-",
            metavar="PATH",
            help="Where to write; '-' (the default) is standard output. For --format madr:"
            " a directory (created if missing) or a .zip file.",
        )
        parser.add_argument("--format", choices=("md", "madr", "json"), default="md")
        parser.add_argument(
            "--fail-on",
            default="",
            metavar="CHECKS",
            help="Comma-separated checks that make the command exit with status"
            f" {FINDINGS_EXIT_CODE}: ruled-out (a hard limit removes the option that would"
            " otherwise score best), close-call (the two best within 10 points, where every"
            " answer is a single value), toss-up (where answers are ranges or weights, no"
            " option wins 60%% of the samples), low-confidence (too many answers missing),"
            " no-good-option (the best scores under 55).",
        )
        parser.add_argument(
            "--date",
            metavar="YYYY-MM-DD",
            help="The date to print in the review, instead of the revision's.",
        )
        add_sampling_arguments(parser)
        add_pack_arguments(parser)

    def handle(self, *args, design, output, format, fail_on, date, **options):
        checks = self._checks(fail_on)
        samples, seed = sampling_options(options)
        try:
            date = check_date(date)
        except ValueError as error:
            raise CommandError(f"--date: {error}") from None
        spec, evaluation, kb, meta = self._inputs(design, date, options)
        if (samples, seed) != (DEFAULT_SAMPLES, DEFAULT_SEED):
            evaluation = evaluate(spec, kb, samples=samples, seed=seed)

        if format == "madr":
            records = madr_records(spec, evaluation, kb, meta=meta)
            self._write_madr(records, output)
        else:
            render = render_review if format == "md" else render_json
            self._write_text(render(spec, evaluation, kb, meta=meta), output)

        found = [item for item in attention(kb, evaluation) if item.check in checks]
        if found:
            lines = [f"{len(found)} finding(s) for --fail-on {','.join(sorted(checks))}:"]
            lines += [f"  [{item.check}] {item.message}" for item in found]
            raise CommandError("\n".join(lines), returncode=FINDINGS_EXIT_CODE)

    # -- input ---------------------------------------------------------------------------

    def _checks(self, text: str) -> set[str]:
        checks = set()
        for part in text.split(","):
            name = part.strip().lower().replace("_", "-")
            if not name:
                continue
            if name not in CHECKS:
                hint = did_you_mean(name, CHECKS)
                raise CommandError(
                    f"--fail-on: unknown check {part.strip()!r}."
                    + (f" {hint}" if hint else "")
                    + f" Choose from {', '.join(CHECKS)}."
                )
            checks.add(name)
        return checks

    def _inputs(self, design: str, date: str | None, options: dict):
        path = Path(design)
        if not (path.is_file() or design.endswith((".yaml", ".yml"))):
            refuse_for_saved(options, design)
            return self._saved_inputs(design, date)
        kb = file_knowledge(options)
        try:
            source = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{design}: cannot be read ({error.strerror}).") from None
        try:
            spec = parse_design(source, filename=design, knowledge=kb)
        except EvaluatorError as error:
            raise CommandError(str(error)) from None
        # The file's name only, so a review does not change with the checkout's path.
        meta = review_meta(spec, kb, source=path.name, date=date)
        return spec, evaluate(spec, kb), kb, meta

    def _saved_inputs(self, slug: str, date: str | None):
        # Not a file: a saved design's slug. Only now is the database needed. The web
        # app's own function reads it, so the command and the download give equal bytes.
        from django.db import DatabaseError

        from evaluator.web import services
        from evaluator.web.models import Design
        from evaluator.web.review.services import review_inputs

        try:
            found = services.find_design(slug)
        except Design.DoesNotExist as error:
            raise CommandError(f"{error} (And there is no file of that name.)") from None
        try:
            return review_inputs(found, date=date)
        except DatabaseError as error:
            raise CommandError(
                f"'{slug}' is not a file and the database cannot be read: {error}"
            ) from None
        except EvaluatorError as error:
            raise CommandError(str(error)) from None

    # -- output --------------------------------------------------------------------------

    def _write_text(self, text: str, output: str) -> None:
        if output == "-":
            self.stdout.write(text, ending="")
            return
        target = Path(output)
        if target.is_dir():
            raise CommandError(f"-o {output}: is a directory; give a file name.")
        _write_atomic(target, text.encode("utf-8"), output)
        self.stderr.write(f"Wrote {output}.")

    def _write_madr(self, records, output: str) -> None:
        if output == "-":
            parts = [f"<!-- {record.filename} -->\n{record.text}" for record in records]
            self.stdout.write("\n".join(parts), ending="")
            return
        target = Path(output)
        if output.lower().endswith(".zip"):
            if target.is_dir():
                raise CommandError(f"-o {output}: is a directory, not a zip file.")
            _write_atomic(target, madr_zip(records), output)
            self.stderr.write(f"Wrote {len(records)} decision record(s) to {output}.")
            return
        if target.exists() and not target.is_dir():
            raise CommandError(
                f"-o {output}: exists and is not a directory. For --format madr give a"
                " directory, or a file name ending in .zip."
            )
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"-o {output}: cannot create it ({error.strerror}).") from None
        for record in records:
            _write_atomic(target / record.filename, record.text.encode("utf-8"), output)
        self.stderr.write(f"Wrote {len(records)} decision record(s) to {output}.")


def _write_atomic(target: Path, data: bytes, shown: str) -> None:
    """Write through a temporary file in the same directory, so a failure leaves nothing."""
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise CommandError(f"-o {shown}: the directory {directory} does not exist.")
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".review-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise CommandError(f"-o {shown}: cannot be written ({error.strerror}).") from None


__all__ = ["FINDINGS_EXIT_CODE", "Command"]
