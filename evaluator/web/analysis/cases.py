"""The case library in the knowledge browser: documented decisions of real teams, what
the knowledge base recommends for each, and how firmly.

The judgement is ``evaluator.cases``'s, made with the knowledge designs are scored with
(the built-in one and the active packs) and cached (``judgements``). A case can be
copied into the reader's own designs, to open in the editor.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from evaluator import charts
from evaluator.cases import Verdict, in_place
from evaluator.engine import EvaluatorError, KnowledgeBase
from evaluator.engine.explain import signed

from .. import services
from ..judgements import judged


def option_name(kb: KnowledgeBase, option_id: str | None) -> str:
    """An option's name; "no option" where every one is ruled out."""
    if option_id is None:
        return "no option"
    return kb.option(option_id).name


def _chosen(kb: KnowledgeBase, option_id: str | None, variant_id: str | None) -> str:
    """An option's name, with its variant's when one is given."""
    name = option_name(kb, option_id)
    if option_id is None or variant_id is None:
        return name
    variants = {v.id: v.name for v in kb.option(option_id).variants}
    return f"{name} ({variants.get(variant_id, variant_id)})"


def _row(kb: KnowledgeBase, verdict: Verdict) -> dict:
    case = verdict.case
    margin = None if verdict.margin is None else signed(round(verdict.margin, 1))
    return {
        "verdict": verdict,
        "case": case,
        "decided": _chosen(kb, case.decision, case.variant),
        "engine": _chosen(kb, verdict.recommendation, verdict.variant),
        "runner_up": option_name(kb, verdict.runner_up) if verdict.runner_up else None,
        "margin": margin,
        "rejected": [
            option_name(kb, option)
            + (" (the fashionable answer)" if option == case.fashionable else "")
            for option in case.rejected
        ],
        "fashionable": option_name(kb, case.fashionable) if case.fashionable else None,
    }


def _coverage(kb: KnowledgeBase, verdicts) -> list[dict]:
    """Per option: in how many cases it was the decision, and in how many turned down."""
    return [
        {
            "label": charts.option_label(option.id, option.name),
            "decided": sum(1 for v in verdicts if v.case.decision == option.id),
            "rejected": sum(1 for v in verdicts if option.id in v.case.rejected),
        }
        for option in kb.options
    ]


def _judgement_or_error(kb):
    try:
        judgement = judged(kb)
    except EvaluatorError as error:
        return None, str(error)
    if not judgement.verdicts:
        return None, "There is no case file (*.yaml) in the case library (designs/cases/)."
    return judgement, None


@require_GET
def case_list(request):
    kb = services.knowledge()
    judgement, error = _judgement_or_error(kb)
    context = {"kb": kb, "error": error}
    if judgement is not None:
        context |= {
            "summary": judgement.summary,
            "rows": [_row(kb, verdict) for verdict in judgement.verdicts],
            "coverage": _coverage(kb, judgement.verdicts),
        }
    return render(request, "knowledge/cases.html", context)


def _find(kb: KnowledgeBase, slug: str) -> Verdict:
    judgement, error = _judgement_or_error(kb)
    if error is not None:
        raise Http404(error)
    for verdict in judgement.verdicts:
        if verdict.case.slug == slug:
            return verdict
    raise Http404("No such case in the case library.")


def _scores(kb: KnowledgeBase, verdict: Verdict) -> list[dict]:
    result = verdict.result
    rows = []
    for option in sorted(result.options, key=lambda o: (o.ruled_out, -o.score)):
        rows.append(
            {
                "option": option,
                "label": _chosen(kb, option.option, option.variant),
                "recommended": option.option == result.recommendation,
                "decided": option.option == verdict.case.decision,
                "rejected": option.option in verdict.case.rejected,
            }
        )
    return rows


@require_GET
def case_detail(request, case_slug):
    kb = services.knowledge()
    verdict = _find(kb, case_slug)
    case = verdict.case
    flips = [
        {
            "label": kb.by_id[flip.question].label,
            "current": flip.current,
            "new": flip.new,
            "gives": option_name(kb, flip.recommendation),
        }
        for flip in verdict.flips
    ]
    estimated = [kb.by_id[qid].label for qid in case.estimated if qid in kb.by_id]
    decisive = [
        {
            "rule": kb.rule_by_id.get(rule_id),
            "id": rule_id,
            "in_place": in_place(verdict.result, rule_id),
        }
        for rule_id in case.decisive
    ]
    return render(
        request,
        "knowledge/case.html",
        {
            "kb": kb,
            "row": _row(kb, verdict),
            "scores": _scores(kb, verdict),
            "flips": flips,
            "estimated": estimated,
            "decisive": decisive,
        },
    )


@login_required
@require_POST
def case_copy(request, case_slug):
    """Copy the case's design into the reader's designs, and open it."""
    verdict = _find(services.knowledge(), case_slug)
    design = services.create_design(request.user, verdict.case.spec)
    messages.success(
        request,
        f"Copied the case “{verdict.case.system}” as “{design.name}”. This copy is yours:"
        " change its answers and watch the scores.",
    )
    return redirect(design)
