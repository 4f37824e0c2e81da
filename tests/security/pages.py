"""Helpers shared by the security and fault tests: URLs, form data, row counts."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from evaluator.web import services
from evaluator.web.models import Component, Design, Revision

from ..formfields import form_fields


def row_counts() -> tuple[int, int, int]:
    return (Design.objects.count(), Component.objects.count(), Revision.objects.count())


def yaml_edit_url(slug: str) -> str:
    """The plain YAML edit form (it moved under edit/yaml/ when the editor arrived)."""
    try:
        return reverse("design_edit_yaml", args=[slug])
    except NoReverseMatch:
        return reverse("design_edit", args=[slug])


def has_url(name: str) -> bool:
    from evaluator.web import urls

    return any(getattr(p, "name", None) == name for p in urls.urlpatterns)


def yaml_edit_data(design, **changes) -> dict:
    from evaluator.web.designs.forms import design_body_text

    spec = services.spec_from_design(design)
    data = {
        "name": spec.name,
        "summary": spec.summary,
        "body": design_body_text(spec),
        "base_version": design.version,
    }
    data.update(changes)
    return data


def as_post(fields: list[list[str]], **changes) -> dict[str, list[str]]:
    """Form fields as test-client POST data (repeated names become lists)."""
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    return data


def editor_post(client, design, **changes) -> dict[str, list[str]]:
    """What the editor page would post for ``design`` as it is stored, with changes."""
    page = client.get(reverse("design_edit", args=[design.slug]))
    assert page.status_code == 200, page.status_code
    fields = form_fields(page.content.decode())
    assert any(name == "base_version" for name, _ in fields), "no editor form found"
    return as_post(fields, **changes)
