"""A design's history: every save, one revision, and a revision as a file."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from evaluator.engine.errors import DesignError
from evaluator.engine.spec import dump_design

from .. import services
from ..access import can_change, design_view
from ..analysis.compare import view_of_changes
from .files import yaml_response
from .provenance import knowledge_context


@design_view()
@require_GET
def history(request, design):
    revisions = design.revisions.select_related("author").order_by("-number")
    return render(
        request,
        "designs/history.html",
        {
            "design": design,
            "revisions": revisions,
            "broken": services.verify_chain(design),
            "can_change": can_change(request.user, design),
        },
    )


def _revision(design, number):
    revision = design.revisions.select_related("author").filter(number=number).first()
    if revision is None:
        raise Http404("No revision with this number.")
    return revision


def _snapshot_spec(revision):
    """The revision's design, or None when its stored snapshot no longer reads as one."""
    try:
        return services.spec_from_snapshot(revision)
    except (ValueError, DesignError):
        return None


def _snapshot_yaml(revision) -> str | None:
    """The revision as YAML, or None when its stored snapshot no longer reads as a design."""
    spec = _snapshot_spec(revision)
    return None if spec is None else dump_design(spec)


@design_view()
@require_GET
def revision_detail(request, design, number):
    revision = _revision(design, number)
    spec = _snapshot_spec(revision)
    context = {
        "design": design,
        "revision": revision,
        "text": None if spec is None else dump_design(spec),
        "intact": revision.hash == revision.expected_hash(),
        "can_change": can_change(request.user, design),
        **view_of_changes(request),
    }
    if spec is not None:
        context.update(knowledge_context(design, revision, spec))
    return render(request, "designs/revision.html", context)


@design_view()
@require_GET
def revision_download(request, design, number):
    revision = _revision(design, number)
    text = _snapshot_yaml(revision)
    if text is None:
        return HttpResponse(
            "This revision's stored snapshot cannot be read as a design.\n",
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    return yaml_response(text, f"{design.slug}-r{revision.number}.yaml")
