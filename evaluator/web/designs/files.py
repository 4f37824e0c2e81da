"""A design as a file: download it, upload a new version of it, or edit it as YAML."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from evaluator.engine.spec import dump_design

from .. import services
from ..access import design_view
from ..notices import say_saved
from .forms import EditDesignForm, UploadForm, design_body_text


def yaml_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    # Slugs are [a-z0-9-] only, so the name needs no quoting beyond the quotes.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@design_view()
@require_GET
def download(request, design):
    text = dump_design(services.spec_from_design(design))
    return yaml_response(text, f"{design.slug}.yaml")


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
    say_saved(request, design, base_version)
    return True, 200


@design_view(change=True)
@require_http_methods(["GET", "POST"])
def edit_yaml(request, design):
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
def upload(request, design):
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
