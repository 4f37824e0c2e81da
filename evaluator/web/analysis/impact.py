"""The impact preview's page: its progress while it runs, then what would change."""

from __future__ import annotations

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django_htmx.http import HttpResponseClientRefresh

from .. import services
from ..models import Design, ImpactRun

# The page polls while the run goes on; the task writes progress twice as often.
POLL_SECONDS = 1


def _designs(run: ImpactRun, user) -> tuple[list[dict], int]:
    """The changed designs the user may open, each with its changed components, and how
    many other changed designs there are (counted at the top, never named here)."""
    changed = {entry["design"] for entry in run.changes}
    visible = set(
        Design.objects.visible_to(user).filter(pk__in=changed).values_list("pk", flat=True)
    )
    shown = []
    entries = [entry for entry in run.changes if entry["design"] in visible]
    for _pk, group in groupby(entries, key=lambda entry: entry["design"]):
        components = list(group)
        first = components[0]
        shown.append({"slug": first["slug"], "name": first["name"], "components": components})
    return shown, len(changed - visible)


@login_required
@require_GET
def run(request, run_id: int):
    """One impact preview; htmx polls it for the progress part while it runs."""
    found = get_object_or_404(ImpactRun, pk=run_id)
    context = {"run": found, "poll_seconds": POLL_SECONDS, "kb": services.knowledge()}
    if request.htmx:
        if found.finished:
            return HttpResponseClientRefresh()  # the whole page, with the result
        return render(request, "knowledge/partials/impact_progress.html", context)
    if found.status == ImpactRun.Status.DONE:
        context["designs"], context["hidden"] = _designs(found, request.user)
    return render(request, "knowledge/impact.html", context)
