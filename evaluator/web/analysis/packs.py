"""Rule packs in the knowledge browser: the list, one version, a diff, the file itself.

Everyone signed in reads them; changing which version applies is in ``packedit``.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from evaluator.engine import default_knowledge
from evaluator.engine.knowledge.packdiff import diff_packs

from .. import packstore, services
from ..access import can_manage_packs
from ..models import ImpactRun, PackVersion
from .knowledge import rule_rows


def find(name: str, version: str) -> PackVersion:
    return get_object_or_404(
        PackVersion.objects.select_related("stored_by"), name=name, version=version
    )


def counts(pack) -> dict[str, int]:
    return {
        "questions": len(pack.questions),
        "rules": len(pack.rules),
        "variants": len(pack.variants),
        "technologies": sum(len(t.technologies) for t in pack.technologies),
        "changes": len(pack.changes),
    }


def latest_preview(row: PackVersion) -> ImpactRun | None:
    """The last preview of this version that ran to its end."""
    return row.impact_runs.filter(status=ImpactRun.Status.DONE).first()


@login_required
@require_GET
def pack_list(request):
    packs: dict[str, list[PackVersion]] = {}
    for row in PackVersion.objects.select_related("stored_by").order_by(
        "name", "-stored_at", "-pk"
    ):
        row.counts = counts(packstore.pack_of(row))
        packs.setdefault(row.name, []).append(row)
    return render(
        request,
        "knowledge/packs/list.html",
        {
            "kb": services.knowledge(),
            "packs": packs.items(),
            "can_manage": can_manage_packs(request.user),
        },
    )


def _changes(pack) -> list[dict]:
    """Each change with the built-in rule it changes (its points today, its page)."""
    builtin = {rule.id: rule for rule in default_knowledge().rules}
    return [{"change": change, "rule": builtin[change.rule]} for change in pack.changes]


def _variants(pack, kb) -> list[dict]:
    return [
        {
            "new": new,
            "option": kb.option(new.option),
            "before": next(v for v in kb.option(new.option).variants if v.id == new.before),
        }
        for new in pack.variants
    ]


@login_required
@require_GET
def version(request, name: str, version: str):
    row = find(name, version)
    against = request.GET.get("against", "").strip()
    if against:
        return redirect("pack_diff", name, version, against)
    pack = packstore.pack_of(row)
    pack_kb = packstore.knowledge_of(row)
    groups = {group.id: group.label for group in pack_kb.groups}
    return render(
        request,
        "knowledge/packs/version.html",
        {
            "kb": services.knowledge(),
            "row": row,
            "pack": pack,
            "counts": counts(pack),
            "questions": [(q, groups.get(q.group, q.group)) for q in pack.questions],
            "rules": rule_rows(pack_kb, pack.rules),
            "variants": _variants(pack, pack_kb),
            "technologies": [(t, pack_kb.option(t.option)) for t in pack.technologies],
            "changes": _changes(pack),
            "others": PackVersion.objects.filter(name=name)
            .exclude(pk=row.pk)
            .values_list("version", flat=True),
            "preview": latest_preview(row),
            "can_manage": can_manage_packs(request.user),
        },
    )


@login_required
@require_GET
def diff(request, name: str, version: str, against: str):
    """What changed from version ``against`` to version ``version`` of the pack."""
    row = find(name, version)
    other = find(name, against)
    return render(
        request,
        "knowledge/packs/diff.html",
        {
            "kb": services.knowledge(),
            "row": row,
            "other": other,
            "diff": diff_packs(packstore.pack_of(other), packstore.pack_of(row)),
        },
    )


@login_required
@require_GET
def download(request, name: str, version: str):
    """The file exactly as it was stored."""
    row = find(name, version)
    response = HttpResponse(row.text, content_type="text/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{row.name}-{row.version}.yaml"'
    return response
