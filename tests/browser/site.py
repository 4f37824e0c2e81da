"""Every page a person can open, with real content, for the whole-site browser checks.

An owner with a design made from the shop example (two revisions, so history and
compare have something to show; the second with a range and weights) and the shop as a shared example, as ``make run`` loads
it. Pages that need an account are opened signed in as the owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from evaluator.engine.spec import design_from_dict

SHOP_FILE = Path(__file__).resolve().parents[2] / "designs" / "shop.yaml"

# (name, signed in), visitors' pages first.
PAGES = (
    ("sign-in", False),
    ("sign-up", False),
    ("home", True),
    ("design", True),
    ("example", True),
    ("history", True),
    ("revision", True),
    ("compare revisions", True),
    ("compare designs", True),
    ("drill-down", True),
    ("review preview", True),
    ("knowledge base", True),
    ("knowledge questions", True),
    ("knowledge option", True),
    ("case library", True),
    ("case", True),
    ("new design", True),
    ("yaml edit", True),
    ("upload", True),
    ("copy", True),
    ("delete", True),
    ("password", True),
    ("editor", True),
)


@dataclass(frozen=True)
class Site:
    owner: object
    urls: dict[str, str]


def make_site(owner) -> Site:
    """The owner's design (two revisions) and the shop example; every page's address."""
    from evaluator.web import services

    example = services.import_design_file(SHOP_FILE, examples=True).design
    design = services.import_design_file(SHOP_FILE, owner=owner).design
    data = services.spec_from_design(design).to_dict()
    data["context"]["team_size"] = 40
    # Ranges and weights, so the pages show what they show for uncertain answers too.
    data["components"][0]["answers"]["peak_rps"] = {"low": 900, "likely": 9000, "high": 20000}
    data["components"][0]["answers"]["traffic_pattern"] = {"spiky": 0.5, "daily_cycle": 0.5}
    services.save_design(design, design_from_dict(data), author=owner, base_version=design.version)
    slug = design.slug
    urls = {
        "sign-in": reverse("login"),
        "sign-up": reverse("signup"),
        "home": reverse("home"),
        "design": reverse("design", args=[slug]),
        "example": reverse("design", args=[example.slug]),
        "history": reverse("design_history", args=[slug]),
        "revision": reverse("revision", args=[slug, 1]),
        "compare revisions": reverse("compare_revisions", args=[slug]) + "?a=1&b=2",
        "compare designs": reverse("compare_designs") + f"?a={example.slug}&b={slug}",
        "drill-down": reverse("component_option", args=[slug, 1, "serverless"]),
        "review preview": reverse("design_review", args=[slug]),
        "knowledge base": reverse("knowledge"),
        "knowledge questions": reverse("knowledge_questions"),
        "knowledge option": reverse("knowledge_option", args=["serverless"]),
        "case library": reverse("cases"),
        "case": reverse("case", args=["asx-chess-replacement"]),
        "new design": reverse("design_new"),
        "yaml edit": reverse("design_edit_yaml", args=[slug]),
        "upload": reverse("design_upload", args=[slug]),
        "copy": reverse("design_copy", args=[example.slug]),
        "delete": reverse("design_delete", args=[slug]),
        "password": reverse("password_change"),
        "editor": reverse("design_edit", args=[slug]),
    }
    assert set(urls) == {name for name, _ in PAGES}
    return Site(owner, urls)


def visit_all(page, site: Site, sign_in, check, *, only=None, leave_out=()) -> list[str]:
    """Open every page (or those named in ``only``) and collect what ``check`` says.

    ``check(page, name)`` returns a list of problems; the result names the page of each.
    Pages for visitors come first, then the owner signs in for the rest.
    """
    problems = []
    signed = False
    for name, signed_in in PAGES:
        if (only is not None and name not in only) or name in leave_out:
            continue
        if signed_in and not signed:
            sign_in(site.owner)
            signed = True
        try:
            # Generous: the first page to load Plotly's 3.5 MB can be slow on a busy machine.
            response = page.goto(site.urls[name], timeout=30_000)
        except PlaywrightError as error:  # e.g. an error status with an empty body
            problems.append(f"{name}: {error.message.splitlines()[0]}")
            continue
        status = response.status if response is not None else None
        if status != 200:
            problems.append(f"{name}: status {status}")
            continue
        page.wait_for_load_state("load")
        # Charts are drawn after load by deferred scripts; measure them drawn.
        page.wait_for_function(
            "[...document.querySelectorAll('[data-figure-json] > .chart')]"
            ".every(box => box.hasAttribute('data-drawn') && box.querySelector('svg'))"
        )
        problems += [f"{name}: {problem}" for problem in check(page, name)]
    return problems
