"""Write the design review of a design file or a saved design: markdown, MADR or JSON."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluator.engine.errors import did_you_mean
from evaluator.reports import (
    CHECKS,
    attention,
    madr_records,
    madr_zip,
    render_json,
    render_review,
)
from evaluator.reports.against import render_against, render_against_json
from evaluator.reports.comparison import compare
from evaluator.reports.meta import check_date
from evaluator.reports.regressions import REGRESSION_CHECKS, parse_regression, regressions

from ..packoptions import add_pack_arguments
from ..sampling import add_sampling_arguments, sampling_options
from ..sides import read_side

# Distinct from 1 (bad input), so a merge check can tell "the design has findings" from
# "the check itself failed".
FINDINGS_EXIT_CODE = 3


class Command(BaseCommand):
    help = (
        "Write the design review of a design file (PATH, read without any database), of a"
        " saved design (SLUG or OWNER/SLUG, at its latest revision or at @N) or of a file in"
        " git (git:REF:PATH). With --against OLD (any of the same forms), write instead what"
        " changed from OLD to the design, as markdown for a pull-request comment (or"
        " --format json). --format md gives the markdown review,"
        " json the evaluation with the review's metadata, madr one decision record per"
        " component: into a directory, or into a zip when -o ends in .zip. The same design"
        " always gives the same bytes: the date is the revision's, or --date; a file without"
        " --date gets no date. Exit status: 0 when done; 1 on bad input, with nothing"
        f" written; {FINDINGS_EXIT_CODE} when --fail-on finds any of its checks (the output"
        " is still written and the findings are listed on standard error)."
    )

    def add_arguments(self, parser):
        parser.add_argument("design", metavar="PATH|SLUG[@N]|git:REF:PATH")
        parser.add_argument(
            "--against",
            metavar="OLD",
            help="An earlier version of the design to compare with: a file, SLUG,"
            " OWNER/SLUG, SLUG@N (revision N) or git:REF:PATH (the file at a git revision,"
            " PATH from the top of the repository).",
        )
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
            " no-good-option (the best scores under 55); with --against also"
            " recommendation-changed, new-veto (a hard limit that did not hold before),"
            " score-drop:N (an option's score falls by more than N points) and"
            " confidence-drop (a recommendation less sure than it was).",
        )
        parser.add_argument(
            "--date",
            metavar="YYYY-MM-DD",
            help="The date to print in the review, instead of the revision's.",
        )
        add_sampling_arguments(parser)
        add_pack_arguments(parser)

    def handle(self, *args, design, against, output, format, fail_on, date, **options):
        checks, regression, score_drop = self._checks(fail_on, against)
        samples, seed = sampling_options(options)
        try:
            date = check_date(date)
        except ValueError as error:
            raise CommandError(f"--date: {error}") from None
        if against is not None and format == "madr":
            raise CommandError("--against writes --format md or json, not madr.")
        role = "NEW" if against is not None else ""
        packs = {"pack": options["pack"], "no_packs": options["no_packs"]}
        # A comparison shows no tipping or trade-off points: neither side works them out.
        sides = {"date": date, "samples": samples, "seed": seed, "packs": packs}
        new = read_side(design, role=role, what_if=against is None, **sides)
        found = []
        if against is None:
            self._write_review(new, format, output)
        else:
            old = read_side(against, role="--against", what_if=False, **sides)
            comparison = compare(
                old.kb, old.spec, old.evaluation, new.spec, new.evaluation, kb_b=new.kb
            )
            render = render_against if format == "md" else render_against_json
            self._write_text(render(comparison, new=new.meta, old=old.meta), output)
            found = regressions(comparison, regression, score_drop)
        found = [item for item in attention(new.kb, new.evaluation) if item.check in checks] + found
        if found:
            asked = checks | (regression - {"score-drop"})
            if score_drop is not None:
                asked.add(f"score-drop:{score_drop}")
            lines = [f"{len(found)} finding(s) for --fail-on {','.join(sorted(asked))}:"]
            lines += [f"  [{item.check}] {item.message}" for item in found]
            raise CommandError("\n".join(lines), returncode=FINDINGS_EXIT_CODE)

    def _write_review(self, side, format, output) -> None:
        if format == "madr":
            records = madr_records(side.spec, side.evaluation, side.kb, meta=side.meta)
            self._write_madr(records, output)
        else:
            render = render_review if format == "md" else render_json
            self._write_text(render(side.spec, side.evaluation, side.kb, meta=side.meta), output)

    # -- input ---------------------------------------------------------------------------

    def _checks(self, text: str, against: str | None) -> tuple[set[str], set[str], int | None]:
        """(checks of the new design, checks of the comparison, N of score-drop:N)."""
        checks, regression, score_drop = set(), set(), None
        valid = (*CHECKS, *REGRESSION_CHECKS)
        for part in text.split(","):
            name = part.strip().lower().replace("_", "-")
            if not name:
                continue
            if name in CHECKS:
                checks.add(name)
                continue
            try:
                found = parse_regression(name)
            except ValueError as error:
                raise CommandError(f"--fail-on: {error}") from None
            if found is None:
                hint = did_you_mean(name.partition(":")[0], [v.partition(":")[0] for v in valid])
                raise CommandError(
                    f"--fail-on: unknown check {part.strip()!r}."
                    + (f" {hint}" if hint else "")
                    + f" Choose from {', '.join(valid)}."
                )
            if against is None:
                raise CommandError(
                    f"--fail-on: {part.strip()} compares two designs; name the earlier one"
                    " with --against OLD."
                )
            regression.add(found[0])
            if found[1] is not None:
                score_drop = found[1]
        return checks, regression, score_drop

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
