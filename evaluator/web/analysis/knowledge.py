"""The knowledge browser: every option, question and rule, with its source and date."""

from __future__ import annotations

import re

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from evaluator import charts

from .. import packstore, services
from ..judgements import cited_by_rule

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def _rationale_parts(kb, text):
    """The rationale split into (text, is_placeholder) pieces, placeholders named by their
    question's label, so the page shows where an answer is quoted."""
    parts = []
    last = 0
    for match in _PLACEHOLDER.finditer(text):
        parts.append((text[last : match.start()], False))
        question = kb.by_id.get(match.group(1))
        parts.append((question.label if question else match.group(1), True))
        last = match.end()
    parts.append((text[last:], False))
    return [part for part in parts if part[0]]


def rule_rows(kb, rules, cited=None):
    """What the rule template (``knowledge/partials/rule.html``) shows of each rule, read
    against ``kb`` (which knows the variants and questions the rules name), vetoes first;
    with ``cited`` (rule id to cases), the documented decisions each rule gives the
    reason for."""
    cited = cited or {}
    labels = {a.id: a.label for a in kb.attributes}
    rows = []
    for rule in rules:
        variant_names = {v.id: v.name for v in kb.option(rule.option).variants}
        rows.append(
            {
                "rule": rule,
                "attributes": [labels.get(a, a) for a in rule.attributes],
                "rationale": _rationale_parts(kb, rule.rationale),
                "variants": [variant_names.get(v, v) for v in rule.variants],
                "cases": cited.get(rule.id, ()),
            }
        )
    rows.sort(key=lambda row: (row["rule"].veto is None, row["rule"].id))
    return rows


@require_GET
def index(request):
    kb = services.knowledge()
    options = [
        {
            "option": option,
            "label": charts.option_label(option.id, option.name),
            "rules": len(kb.rules_by_option.get(option.id, ())),
            "vetoes": sum(
                1 for i in kb.rules_by_option.get(option.id, ()) if kb.rules[i].veto is not None
            ),
        }
        for option in kb.options
    ]
    return render(
        request,
        "knowledge/index.html",
        {"kb": kb, "options": options, "rule_count": len(kb.rules)},
    )


@require_GET
def questions(request):
    kb = services.knowledge()
    groups = []
    for group in kb.groups:
        questions = [q for q in kb.questions if q.group == group.id]
        if questions:
            groups.append({"group": group, "questions": questions})
    return render(
        request,
        "knowledge/questions.html",
        {"kb": kb, "groups": groups, "attributes": kb.attributes},
    )


@require_GET
def option(request, option):
    kb = services.knowledge()
    kb_option = kb.option_by_id.get(option)
    if kb_option is None:
        raise Http404("No such option.")
    return render(
        request,
        "knowledge/option.html",
        {
            "kb": kb,
            "kb_option": kb_option,
            "label": charts.option_label(option, kb_option.name),
            "rules": rule_rows(
                kb, (kb.rules[i] for i in kb.rules_by_option.get(option, ())), cited_by_rule(kb)
            ),
            "switched_off": packstore.switched_off(option),
            "options": [(o.id, charts.option_label(o.id, o.name)) for o in kb.options],
        },
    )
