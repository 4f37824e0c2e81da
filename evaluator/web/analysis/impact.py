"""The impact preview's page: its progress while it runs, then what would change."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django_htmx.http import HttpResponseClientRefresh

from .. import services
from ..access import can_manage_packs
from ..models import Design, ImpactRun
from .cases import option_name

# The page polls while the run goes on; the task writes progress twice as often.
POLL_SECONDS = 1
DESIGNS_PER_PAGE = 25


def _designs(request, run: ImpactRun) -> tuple[Page, int]:
    """One page of the changed designs the user may open, each with its changed
    components, and how many other changed designs there are (counted, never named)."""
    changed = Design.objects.filter(pk__in=run.changes.values("design"))
    visible = changed.filter(pk__in=Design.objects.visible_to(request.user).values("pk"))
    page = Paginator(visible.order_by("name", "pk"), DESIGNS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = run.changes.filter(design__in=list(page.object_list)).order_by("position")
    by_design: dict[int, list[dict]] = {}
    for row in rows:
        by_design.setdefault(row.design_id, []).append(row.change)
    for design in page.object_list:
        design.impact = by_design.get(design.pk, [])
    return page, changed.count() - visible.count()


def _case_rows(found: ImpactRun, kb) -> list[dict]:
    """The cases whose verdict the pack changes, with the options named."""
    return [
        change
        | {
            "decided": option_name(kb, change["decision"]),
            "was": option_name(kb, change["before"]),
            "now": option_name(kb, change["after"]),
        }
        for change in found.cases.get("changes", ())
    ]


@login_required
@require_GET
def run(request, run_id: int):
    """One impact preview; htmx polls it for the progress part while it runs."""
    found = get_object_or_404(ImpactRun.objects.select_related("pack"), pk=run_id)
    context = {
        "run": found,
        "poll_seconds": POLL_SECONDS,
        "kb": services.knowledge(),
        "can_manage": can_manage_packs(request.user),
    }
    if request.htmx:
        if found.finished:
            return HttpResponseClientRefresh()  # the whole page, with the result
        return render(request, "knowledge/partials/impact_progress.html", context)
    if found.status == ImpactRun.Status.DONE:
        context["page"], context["hidden"] = _designs(request, found)
        context["case_rows"] = _case_rows(found, context["kb"])
    return render(request, "knowledge/impact.html", context)
