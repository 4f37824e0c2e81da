"""Evaluate a design headless: from a YAML file (no database) or a stored design's slug."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluator.engine import (
    DesignError,
    EvaluatorError,
    evaluate,
    evaluation_to_dict,
    what_if,
)
from evaluator.engine.spec import kind_label, parse_design
from evaluator.reports.meta import packs_text

from ..packoptions import add_pack_arguments, file_knowledge, refuse_for_saved
from ..sampling import add_sampling_arguments, sampling_options


class Command(BaseCommand):
    help = (
        "Evaluate a design file (PATH) or a stored design (SLUG) and print the scores as a"
        " table or as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("design", metavar="PATH|SLUG")
        parser.add_argument("--format", choices=("table", "json"), default="table")
        parser.add_argument(
            "--what-if",
            action="append",
            default=[],
            metavar="ID=VALUE",
            help="Change one answer before evaluating (repeatable). Component questions apply"
            " to --component, or to every component when it is not given; an empty VALUE"
            " makes the answer unknown.",
        )
        parser.add_argument("--component", metavar="NAME", help="Show only this component.")
        add_sampling_arguments(parser)
        add_pack_arguments(parser)

    def handle(self, *args, design, format, component, **options):
        samples, seed = sampling_options(options)
        spec, kb = self._load(design, options)
        if component is not None and component not in {c.name for c in spec.components}:
            names = ", ".join(c.name for c in spec.components)
            raise CommandError(f"'{component}' is not a component of {spec.name} ({names}).")
        changes = {}
        for item in options["what_if"]:
            qid, sep, text = item.partition("=")
            qid = qid.strip()
            if not sep or not qid:
                raise CommandError(f"--what-if {item!r}: write it as id=value, e.g. peak_rps=500.")
            try:
                changes[qid] = kb.parse_answer(qid, text)
            except DesignError as error:
                raise CommandError(f"--what-if {item!r}: {error}") from None
        if changes:
            spec = what_if(spec, changes, kb, component=component)
        evaluation = evaluate(spec, kb, samples=samples, seed=seed)

        if format == "json":
            data = evaluation_to_dict(evaluation)
            if component is not None:
                data["components"] = [c for c in data["components"] if c["name"] == component]
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self.stdout.write(render_table(evaluation, component, changes))

    def _load(self, design: str, options: dict):
        """The design's spec and the knowledge base it is scored with."""
        path = Path(design)
        if path.is_file() or design.endswith((".yaml", ".yml")):
            kb = file_knowledge(options)
            try:
                source = path.read_bytes()
            except OSError as error:
                raise CommandError(f"{design}: cannot be read ({error.strerror}).") from None
            try:
                return parse_design(source, filename=design, knowledge=kb), kb
            except EvaluatorError as error:
                raise CommandError(str(error)) from None
        # Not a file: a stored design's slug. Only now is the database needed.
        from django.db import DatabaseError

        from evaluator.web import services
        from evaluator.web.models import Design

        refuse_for_saved(options, design)
        try:
            found = services.find_design(design)
            return services.spec_from_design(found), services.knowledge(found)
        except Design.DoesNotExist as error:
            raise CommandError(f"{error} (and there is no file of that name).") from None
        except DatabaseError as error:
            raise CommandError(
                f"'{design}' is not a file and the database cannot be read: {error}"
            ) from None


def render_table(evaluation, only: str | None = None, changes: dict | None = None) -> str:
    """The evaluation as plain text that reads well in an 80-column terminal."""
    lines = [f"{evaluation.design_name} (knowledge base {evaluation.knowledge_version})"]
    if evaluation.packs:
        lines.append(f"Packs: {packs_text(evaluation.packs)}")
    if changes:
        shown = ", ".join(f"{qid}={value!r}" for qid, value in changes.items())
        lines.append(f"What if: {shown}")
    for result in evaluation.components:
        if only is not None and result.name != only:
            continue
        lines.append("")
        lines.append(f"{result.name} ({kind_label(result.kind)})")
        lines.append(f"  {'Option':<30} {'Score':>5}  {'Band':<10} {'Confidence':<10} Variant")
        for option in result.options:
            marker = "*" if option.option == result.recommendation else " "
            lines.append(
                f"{marker} {option.name[:30]:<30} {option.score:>5}  {option.band:<10}"
                f" {option.confidence_label:<10} {option.variant_name or ''}"
            )
        sure = result.uncertainty
        sampled = sure is not None and bool(sure.inputs)
        if result.recommendation_name:
            lines.append(
                f"  Recommendation: {result.recommendation_name}, confidence"
                f" {result.confidence_label} ({result.confidence:.0%})"
                + (f"; {sure.verdict}" if sampled else "; close call" if result.close_call else "")
                + ("; no good option" if result.no_good_option else "")
            )
        lines.append(f"  {sure.sentence if sampled else result.verdict}")
        if sampled:
            lines += [f"  - {driver.sentence}" for driver in sure.drivers[:3] if driver.swing > 0]
        if sure is not None:
            lines += [f"  - {flip.sentence}" for flip in sure.priority_flips[:3]]
        for tipping in result.tipping_points[:3]:
            lines.append(f"  - {tipping.sentence}")
        if result.open_questions:
            top = ", ".join(q.question for q in result.open_questions[:5])
            lines.append(f"  Open questions: {top}")
    if evaluation.findings:
        lines.append("")
        lines.append("Findings")
        for finding in evaluation.findings:
            names = ", ".join(finding.components)
            lines.append(f"  [{finding.severity}] {finding.title} ({names})")
            lines.append(f"    {finding.message}")
    return "\n".join(lines)
