"""Comparisons: two revisions of a design, or two designs, side by side."""

from __future__ import annotations

from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from evaluator.engine.errors import DesignError
from evaluator.reports.comparison import compare

from .. import evaluations, services
from ..access import can_change, design_view
from ..models import Design


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def view_of_changes(request) -> dict:
    """Changes only (the default) or everything, and the address of the other view."""
    show_all = request.GET.get("show") == "all"
    query = request.GET.copy()
    if show_all:
        query.pop("show")
    else:
        query["show"] = "all"
    return {"show_all": show_all, "other_view_url": f"{request.path}?{query.urlencode()}"}


def _readable(evaluate, *args):
    try:
        return evaluate(*args)
    except (ValueError, DesignError):
        return None


@design_view()
@require_GET
def compare_revisions(request, design):
    revisions = list(design.revisions.select_related("author").order_by("-number"))
    numbers = [r.number for r in revisions]
    a, b = _int(request.GET.get("a")), _int(request.GET.get("b"))
    if a is None and b is None and len(numbers) >= 2:
        a, b = numbers[1], numbers[0]
    context = {
        "design": design,
        "can_change": can_change(request.user, design),
        "revisions": revisions,
        "a": a,
        "b": b,
        "comparison": None,
        "problem": None,
        **view_of_changes(request),
    }
    status = 200
    if a is not None or b is not None:
        by_number = {r.number: r for r in revisions}
        rev_a, rev_b = by_number.get(a), by_number.get(b)
        if rev_a is None or rev_b is None:
            context["problem"] = "Pick two revisions from the lists."
            status = 404 if (a is not None and b is not None) else 400
        else:
            left = _readable(evaluations.for_revision, rev_a)
            right = _readable(evaluations.for_revision, rev_b)
            if left is None or right is None:
                context["problem"] = (
                    "One of these revisions was stored in a form that no longer reads as a "
                    "design, so it cannot be compared."
                )
                status = 409
            else:
                context.update(
                    rev_a=rev_a,
                    rev_b=rev_b,
                    label_a=f"Revision {rev_a.number}",
                    label_b=f"Revision {rev_b.number}",
                    comparison=compare(
                        services.knowledge(design),
                        left.spec,
                        left.evaluation,
                        right.spec,
                        right.evaluation,
                    ),
                )
    return render(request, "analysis/compare_revisions.html", context, status=status)


@require_GET
def compare_designs(request):
    visible = Design.objects.visible_to(request.user).annotate(component_count=Count("components"))
    choices = list(visible.order_by("is_example", "name"))
    slug_a, slug_b = request.GET.get("a", "").strip(), request.GET.get("b", "").strip()
    context = {
        "choices": choices,
        "a": slug_a,
        "b": slug_b,
        "comparison": None,
        **view_of_changes(request),
    }
    if slug_a or slug_b:
        found = {d.slug: d for d in choices if d.slug in (slug_a, slug_b)}
        design_a, design_b = found.get(slug_a), found.get(slug_b)
        if design_a is None or design_b is None:
            raise Http404("No design with this address.")
        left, right = evaluations.for_design(design_a), evaluations.for_design(design_b)
        context.update(
            design_a=design_a,
            design_b=design_b,
            label_a=design_a.name,
            label_b=design_b.name,
            comparison=compare(
                services.knowledge(), left.spec, left.evaluation, right.spec, right.evaluation
            ),
        )
    return render(request, "analysis/compare_designs.html", context)
