"""Which rule packs apply to a design, and its owner's opting out of one (and back in).

``packstore`` decides; these views only take the owner's word and say what changed.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from .. import packstore
from ..access import design_view

REASON_REQUIRED = "Say why this design opts out of the pack: its review prints the reason."


def pack_section(design) -> dict:
    """What the design page's "Rule packs" part shows: the packs that apply, those the
    design opted out of (with why), and the active ones it could still opt out of."""
    opted_out = packstore.opt_outs(design)
    skipped = {name for name, _reason in opted_out}
    return {
        "applied": packstore.active_versions(design),
        "opted_out": opted_out,
        "choices": [name for name, _v, _sha in packstore.active_versions() if name not in skipped],
    }


class OptOutForm(forms.Form):
    name = forms.ChoiceField(label="Pack")
    reason = forms.CharField(
        label="Why this design does not take it",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REASON_REQUIRED},
        help_text="Printed in the design's review beside the pack's name.",
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].choices = [(name, name) for name in choices]


def _page(request, design, form, status=200):
    return render(
        request,
        "designs/pack_opt_out.html",
        {"design": design, "form": form, "can_change": True},
        status=status,
    )


@design_view(change=True)
@require_http_methods(["GET", "POST"])
def opt_out(request, design):
    choices = pack_section(design)["choices"]
    if request.method == "GET":
        return _page(request, design, OptOutForm(choices=choices))
    form = OptOutForm(request.POST, choices=choices)
    if not form.is_valid():
        return _page(request, design, form, status=400)
    name = form.cleaned_data["name"]
    try:
        packstore.opt_out(design, name, form.cleaned_data["reason"], user=request.user)
    except packstore.PackError as error:
        form.add_error("reason", str(error))
        return _page(request, design, form, status=400)
    messages.success(request, f"“{design.name}” no longer takes the pack {name}.")
    return redirect(reverse("design", args=[design.slug]) + "#packs")


@design_view(change=True)
@require_http_methods(["GET", "POST"])
def opt_in(request, design, name: str):
    """Take the pack ``name`` again (POST); a GET, such as a link followed after signing
    in, only leads back to the design."""
    if request.method == "GET":
        return redirect(reverse("design", args=[design.slug]) + "#packs")
    packstore.opt_in(design, name)
    messages.success(request, f"“{design.name}” takes the pack {name} again while it is active.")
    return redirect(reverse("design", args=[design.slug]) + "#packs")
