"""Design pages: the list, one design, creating, copying and deleting.

Views only connect: a form checks the input, ``services`` does the work, a template shows
the result. Every refused input re-renders its form with the reason and a 4xx status.
Files (download, upload, the YAML box) are in ``files``, history in ``history``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from evaluator.engine.spec import kind_label

from .. import services
from ..access import can_change, design_view
from ..judgements import library_size
from ..models import Design
from .catalogue import describe_facts, grouped_facts, priority_rows, question_count
from .forms import CopyDesignForm, NewDesignForm, UploadForm
from .packs import OptOutForm, pack_section


@require_GET
def home(request):
    query = request.GET.get("q", "").strip()[:120]
    # Each design's badges read its components (services.spec_from_design): fetched in
    # one query for the whole list rather than one per design.
    designs = Design.objects.annotate(component_count=Count("components")).prefetch_related(
        "components"
    )
    if query:
        designs = designs.filter(name__icontains=query)
    mine = designs.filter(pk__in=Design.objects.owned_by(request.user)).order_by("-updated_at")
    examples = designs.filter(pk__in=Design.objects.examples()).order_by("name")
    return render(
        request,
        "home.html",
        {"mine": mine, "examples": examples, "query": query, "case_count": library_size()},
    )


# --- Creating ----------------------------------------------------------------------------


def _render_new(request, *, new_form=None, upload_form=None, status=200):
    return render(
        request,
        "designs/new.html",
        {
            "new_form": new_form or NewDesignForm(),
            "upload_form": upload_form or UploadForm(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    if request.method == "GET":
        return _render_new(request)
    form = NewDesignForm(request.POST)
    if not form.is_valid():
        return _render_new(request, new_form=form, status=400)
    design = services.create_design(request.user, form.cleaned_data["spec"])
    messages.success(request, f"Created “{design.name}”. Add its components below.")
    return redirect("design_edit", design.slug)


@login_required
@require_http_methods(["GET", "POST"])
def upload_new(request):
    if request.method == "GET":
        return redirect("design_new")
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_new(request, upload_form=form, status=400)
    design = services.create_design(request.user, form.cleaned_data["spec"])
    messages.success(request, f"Uploaded “{design.name}” as a new design.")
    return redirect(design)


@design_view(account=True)
@require_http_methods(["GET", "POST"])
def copy(request, design):
    """Ask for the copy's name (proposing "Copy of …"), then make the copy."""
    status = 200
    if request.method == "POST":
        form = CopyDesignForm(request.POST)
        status = 400
        if form.is_valid():
            copy = services.copy_design(design, request.user, name=form.cleaned_data["name"])
            messages.success(
                request, f"Copied “{design.name}” as “{copy.name}”. This copy is yours."
            )
            return redirect(copy)
    else:
        form = CopyDesignForm(initial=CopyDesignForm.initial_for(design.name))
    return render(
        request,
        "designs/copy.html",
        {"design": design, "form": form, "can_change": can_change(request.user, design)},
        status=status,
    )


@design_view()
@require_GET
def detail(request, design):
    spec = services.spec_from_design(design)
    packs = pack_section(design)
    return render(
        request,
        "designs/detail.html",
        {
            "design": design,
            "spec": spec,
            "context_rows": describe_facts(spec.context),
            "priority_rows": priority_rows(spec.priorities),
            "components": [
                {
                    "spec": component,
                    "kind": kind_label(component.kind),
                    "groups": grouped_facts(component.answers),
                    "answered": len(component.answers),
                }
                for component in spec.components
            ],
            "component_questions": question_count("component"),
            "can_change": can_change(request.user, design),
            "revision_count": design.revisions.count(),
            "packs": packs,
            "opt_out_form": OptOutForm(choices=packs["choices"], auto_id="opt_%s"),
        },
    )


@design_view(change=True)
@require_http_methods(["GET", "POST"])
def delete(request, design):
    if request.method == "POST":
        services.delete_design(design)
        messages.success(request, f"Deleted “{design.name}”.")
        return redirect("home")
    return render(request, "designs/delete.html", {"design": design})
