"""Design pages: list, show, create, edit, delete, upload, download, history, copy.

Views only connect: a form checks the input, ``services`` does the work, a template shows
the result. Every refused input re-renders its form with the reason and a 4xx status.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from evaluator.engine.errors import DesignError
from evaluator.engine.spec import dump_design, kind_label

from . import services
from .access import can_change, design_view
from .catalogue import describe_facts, grouped_facts, priority_rows, question_count
from .forms import CopyDesignForm, EditDesignForm, NewDesignForm, UploadForm, design_body_text
from .models import Design


@require_GET
def home(request):
    query = request.GET.get("q", "").strip()[:120]
    designs = Design.objects.annotate(component_count=Count("components"))
    if query:
        designs = designs.filter(name__icontains=query)
    mine = designs.filter(pk__in=Design.objects.owned_by(request.user)).order_by("-updated_at")
    examples = designs.filter(pk__in=Design.objects.examples()).order_by("name")
    return render(
        request,
        "home.html",
        {"mine": mine, "examples": examples, "query": query},
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
def design_new(request):
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
def design_upload_new(request):
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
def design_copy(request, design):
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


# --- Reading -----------------------------------------------------------------------------


@design_view()
@require_GET
def design_detail(request, design):
    spec = services.spec_from_design(design)
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
        },
    )


def _yaml_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    # Slugs are [a-z0-9-] only, so the name needs no quoting beyond the quotes.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@design_view()
@require_GET
def design_download(request, design):
    text = dump_design(services.spec_from_design(design))
    return _yaml_response(text, f"{design.slug}.yaml")


@design_view()
@require_GET
def design_history(request, design):
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


def _snapshot_yaml(revision) -> str | None:
    """The revision as YAML, or None when its stored snapshot no longer reads as a design."""
    try:
        return dump_design(services.spec_from_snapshot(revision))
    except (ValueError, DesignError):
        return None


@design_view()
@require_GET
def revision_detail(request, design, number):
    revision = _revision(design, number)
    return render(
        request,
        "designs/revision.html",
        {
            "design": design,
            "revision": revision,
            "text": _snapshot_yaml(revision),
            "intact": revision.hash == revision.expected_hash(),
            "can_change": can_change(request.user, design),
        },
    )


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
    return _yaml_response(text, f"{design.slug}-r{revision.number}.yaml")


# --- Changing ----------------------------------------------------------------------------


def _save(request, design, form, base_version: int) -> tuple[bool, int]:
    """Save the form's design from ``base_version``: (saved, status if not saved).

    A save from an old version is refused with the reason on the form and 409, so the
    person keeps what they wrote.
    """
    try:
        services.save_design(
            design, form.cleaned_data["spec"], author=request.user, base_version=base_version
        )
    except services.StaleDesignError as error:
        form.add_error(None, str(error))
        return False, 409
    design.refresh_from_db()
    _saved_message(request, design, base_version)
    return True, 200


def _saved_message(request, design, before_version):
    if design.version == before_version:
        messages.info(request, "Nothing changed, so no new revision was made.")
    else:
        number = design.revisions.order_by("-number").values_list("number", flat=True).first()
        messages.success(request, f"Saved “{design.name}” as revision {number}.")


@design_view(change=True)
@require_http_methods(["GET", "POST"])
def design_edit(request, design):
    status = 200
    if request.method == "POST":
        form = EditDesignForm(request.POST)
        status = 400
        if form.is_valid():
            saved, status = _save(request, design, form, form.cleaned_data["base_version"])
            if saved:
                return redirect(design)
    else:
        spec = services.spec_from_design(design)
        form = EditDesignForm(
            initial={
                "name": spec.name,
                "summary": spec.summary,
                "body": design_body_text(spec),
                "base_version": design.version,
            }
        )
    return render(request, "designs/edit.html", {"design": design, "form": form}, status=status)


@design_view(change=True)
@require_http_methods(["GET", "POST"])
def design_upload(request, design):
    """A changed file onto an existing design: a new revision of it."""
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        status = 400
        base_version = _int_or_none(request.POST.get("base_version"))
        if base_version is None:
            form.add_error(None, "The form is missing its version; reload the page and retry.")
        elif form.is_valid():
            saved, status = _save(request, design, form, base_version)
            if saved:
                return redirect(design)
    else:
        form = UploadForm()
        base_version = design.version
    return render(
        request,
        "designs/upload.html",
        {"design": design, "form": form, "base_version": base_version or design.version},
        status=status,
    )


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@design_view(change=True)
@require_http_methods(["GET", "POST"])
def design_delete(request, design):
    if request.method == "POST":
        services.delete_design(design)
        messages.success(request, f"Deleted “{design.name}”.")
        return redirect("home")
    return render(request, "designs/delete.html", {"design": design})
