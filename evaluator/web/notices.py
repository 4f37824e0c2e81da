"""Messages shown after an action, said the same way wherever the action happened."""

from django.contrib import messages


def say_saved(request, design, before_version: int) -> None:
    """After a save from ``before_version``: the new revision's number, or that nothing changed."""
    design.refresh_from_db()
    if design.version == before_version:
        messages.info(request, "Nothing changed, so no new revision was made.")
        return
    number = design.revisions.order_by("-number").values_list("number", flat=True).first()
    messages.success(request, f"Saved “{design.name}” as revision {number}.")
