"""A design whose texts are script payloads, and every page that shows them."""

import contextlib

from django.urls import NoReverseMatch, reverse

from evaluator.engine.spec import design_from_dict

from .hostile import SCRIPT_PAYLOADS


def payload_spec(summary_suffix=""):
    return design_from_dict(
        {
            "format": "tradeoff-evaluator/1",
            "name": SCRIPT_PAYLOADS["name"],
            "summary": SCRIPT_PAYLOADS["summary"] + summary_suffix,
            "context": {"team_size": 5},
            "components": [
                {
                    "name": SCRIPT_PAYLOADS["component"],
                    "kind": "api",
                    "depends_on": [{"component": SCRIPT_PAYLOADS["dependency"], "style": "sync"}],
                    "answers": {"peak_rps": 50, "caller_waits": True},
                },
                {"name": SCRIPT_PAYLOADS["dependency"], "kind": "data_store", "answers": {}},
            ],
        }
    )


def payload_design(owner):
    """A design of ``owner``'s whose texts are payloads, saved twice (two revisions)."""
    from evaluator.web import services

    design = services.create_design(owner, payload_spec())
    services.save_design(
        design, payload_spec(" <b>again</b>"), author=owner, base_version=design.version
    )
    design.refresh_from_db()
    return design


def pages_showing(design):
    slug = design.slug
    pages = [
        ("home", reverse("home")),
        ("design page", reverse("design", args=[slug])),
        ("editor", reverse("design_edit", args=[slug])),
        ("drill-down", reverse("component_option", args=[slug, 1, "serverless"])),
        ("compare revisions", reverse("compare_revisions", args=[slug]) + "?a=1&b=2"),
        ("compare designs", reverse("compare_designs") + f"?a={slug}&b={slug}"),
        ("review preview", reverse("design_review", args=[slug])),
        ("history", reverse("design_history", args=[slug])),
        ("revision", reverse("revision", args=[slug, 2])),
    ]
    with contextlib.suppress(NoReverseMatch):  # the YAML editor may not be there
        pages.append(("yaml editor", reverse("design_edit_yaml", args=[slug])))
    return pages
