"""Judge the knowledge base by the case library of documented decisions."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluator.cases import CASES_DIR, judge, load_cases, summarise
from evaluator.cases.changes import case_changes
from evaluator.engine import EvaluatorError, load_knowledge
from evaluator.engine.explain import signed

from ..packoptions import with_pack_files


class Command(BaseCommand):
    help = (
        "Evaluate every case of the case library: does the recommendation agree with the"
        " documented decision, for its reason, by what margin, and which single plausible"
        " change of an estimated answer would flip it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", metavar="DIR", default=str(CASES_DIR))
        parser.add_argument(
            "--knowledge", metavar="DIR", help="A knowledge directory other than the project's."
        )
        parser.add_argument(
            "--pack",
            action="append",
            default=[],
            metavar="FILE",
            help="Judge with this pack file applied (repeatable), then list the cases whose"
            " verdict it changes against the knowledge without it.",
        )
        parser.add_argument(
            "--lenient",
            action="store_true",
            help="Drop the answers the knowledge base cannot read (to judge an older one).",
        )

    def handle(self, *args, cases, knowledge=None, lenient=False, pack=(), **options):
        try:
            base = load_knowledge(knowledge)
        except EvaluatorError as error:
            raise CommandError(str(error)) from None
        kb = with_pack_files(base, pack) if pack else base
        verdicts = self._judged(kb, Path(cases), lenient)
        out = self.stdout.write
        named = f" with {', '.join(pack)}" if pack else ""
        out(f"Knowledge base {kb.version}{named}, {len(verdicts)} cases\n")
        for verdict in verdicts:
            self._case(verdict)
        self._summary(summarise(verdicts))
        if pack:
            without = self._judged(base, Path(cases), lenient)
            self._against(without, verdicts)

    def _judged(self, kb, cases, lenient):
        try:
            library = load_cases(kb, cases, lenient=lenient)
        except (EvaluatorError, OSError) as error:
            raise CommandError(str(error)) from None
        if not library:
            raise CommandError(f"No case files (*.yaml) in {cases}.")
        return [judge(case, kb) for case in library]

    def _against(self, without, verdicts):
        """The figures without the packs and with them, and each case whose verdict
        they change (``cases.changes``)."""
        out = self.stdout.write
        before, after = summarise(without), summarise(verdicts)
        out("")
        out("Against the knowledge without the packs:")
        out(f"  Agreeing: {before.agreeing} -> {after.agreeing} of {after.cases}")
        out(f"  Agreeing for the documented reason: {before.with_reason} -> {after.with_reason}")
        out(f"  Close calls: {before.close_calls} -> {after.close_calls}")
        out(f"  Flipped by one plausible change: {before.flipped} -> {after.flipped}")
        changes = case_changes(without, verdicts)
        if not changes:
            out("  No case's verdict changes.")
        for change in changes:
            said = f"{change.before or 'nothing'} -> {change.after or 'nothing'}"
            if change.before == change.after:
                said = f"{change.after or 'nothing'} (unchanged)"
                if change.variant_before != change.variant_after:
                    said += f"; variant {change.variant_before} -> {change.variant_after}"
            if change.agreed != change.agrees:
                said += "; now agrees" if change.agrees else "; no longer agrees"
            if change.close_before != change.close_after:
                said += "; now a close call" if change.close_after else "; no longer close"
            said += f"; flipped by {change.flips_before} -> {change.flips_after} changes"
            out(f"  {change.slug}: {said}")

    def _case(self, verdict):
        case = verdict.case
        out = self.stdout.write
        mark = "agrees" if verdict.agrees else "DISAGREES"
        chosen = verdict.recommendation or "nothing"
        if verdict.variant:
            chosen += f" ({verdict.variant})"
        expected = case.decision + (f" ({case.variant})" if case.variant else "")
        margin = "—" if verdict.margin is None else signed(round(verdict.margin, 1))
        out(f"{case.slug} ({case.year}): {mark}. Engine: {chosen}; decided: {expected}.")
        close = ", a close call" if verdict.close_call else ""
        out(f"  margin {margin} over {verdict.runner_up or 'nothing'}{close}")
        out(f"  decisive reason: {verdict.decisive or 'not among the top contributions'}")
        if verdict.flips:
            for flip in verdict.flips:
                out(
                    f"  flips: {flip.question} {flip.current} -> {flip.new}"
                    f" gives {flip.recommendation or 'nothing'}"
                )
        else:
            out(f"  no single plausible change flips it ({verdict.changes_tried} tried)")
        if case.dropped:
            out(f"  answers this knowledge base cannot read: {', '.join(case.dropped)}")

    def _summary(self, summary):
        out = self.stdout.write
        median = "—" if summary.median_margin_clear is None else f"{summary.median_margin_clear:g}"
        out("")
        out(f"Agreeing: {summary.agreeing}/{summary.cases}")
        out(f"Agreeing for the documented reason: {summary.with_reason}/{summary.cases}")
        out(f"Close calls: {summary.close_calls}/{summary.cases}")
        out(f"Median margin of the clear agreeing cases: {median}")
        out(f"Flipped by one plausible change: {summary.flipped}/{summary.cases}")
