"""Who may see and change which design.

A design is its owner's. To anyone else every URL of it answers 404, as if it did not
exist, so its name and slug never leak. Examples are readable by everyone, signed in or
not; only staff change or delete them.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from .models import Design


def can_change(user, design: Design) -> bool:
    if not user.is_authenticated:
        return False
    if design.is_example:
        return user.is_staff
    return design.owner_id == user.pk


def design_view(*, change: bool = False, account: bool = False):
    """Look the slug up among the designs the user may see and pass the design on.

    ``change``: the view alters the design (owner, or staff for examples).
    ``account``: the view needs a signed-in user even for an example (copying).
    An anonymous visitor who cannot see the design is sent to sign in — they may be its
    owner — whether or not the slug exists, so the redirect says nothing either.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            user = request.user
            # After signing in, come back to a page: the same one for a GET, the design
            # itself for a POST (which cannot be replayed by a redirect).
            back = request.get_full_path() if request.method == "GET" else None
            if (change or account) and not user.is_authenticated:
                return redirect_to_login(back or reverse("design", args=[slug]))
            try:
                # Slugs are unique per owner and never equal an example's (see
                # services.unique_slug), so at most one visible design has this one.
                design = get_object_or_404(Design.objects.visible_to(user), slug=slug)
            except Http404:
                if not user.is_authenticated:
                    return redirect_to_login(back or reverse("design", args=[slug]))
                raise
            if change and not can_change(user, design):
                return render(
                    request, "designs/example_readonly.html", {"design": design}, status=403
                )
            return view(request, design, *args, **kwargs)

        return wrapper

    return decorator


# --- Rule packs -----------------------------------------------------------------------

PACK_PERMISSION = "web.manage_packs"
EDITORS_GROUP = "Knowledge editors"


def can_manage_packs(user) -> bool:
    """Upload, preview, activate and retire packs: what changes every design's scores."""
    return user.is_authenticated and user.has_perm(PACK_PERMISSION)


def pack_editor(view):
    """Knowledge editors only: anonymous visitors are sent to sign in, anyone else signed
    in is told who may do this (403)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_manage_packs(request.user):
            return render(
                request, "knowledge/packs/not_editor.html", {"group": EDITORS_GROUP}, status=403
            )
        return view(request, *args, **kwargs)

    return wrapper
