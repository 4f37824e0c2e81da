"""Every URL of the site, found from the URL configuration, with what each one is.

A new page appears here by itself; until it is described in ``ROUTES`` (and any new
URL argument in ``SAMPLE_ARGUMENTS``) the tests that use this module fail, naming it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, reverse

from evaluator.web import urls as web_urls

# A value naming something real, for every URL argument other than the slug.
SAMPLE_ARGUMENTS = {
    "number": 1,
    "fmt": "md",
    "index": 1,
    "position": 1,
    "option": "serverless",
    # Made by tests/security/conftest.py for every test with a database.
    "name": "acme-azure",
    "version": "2026.1",
    "against": "2026.2",
    "run_id": 1,
    "case_slug": "bitcoin",  # a file of the case library, designs/cases/
}

READ, CHANGE, ACCOUNT, PUBLIC, SIGNED_IN, ANONYMOUS, EDITOR = (
    "read",
    "change",
    "account",
    "public",
    "signed-in",
    "anonymous",
    "editor",
)


@dataclass(frozen=True)
class Route:
    """What a URL is, and what an allowed visitor gets for a GET and an empty POST.

    access, for design URLs: READ (owner, or anyone for an example), CHANGE (owner, or
    staff for an example), ACCOUNT (any signed-in user who can see the design).
    For other URLs: PUBLIC, SIGNED_IN (others are sent to sign in), ANONYMOUS (pages for
    visitors who are not signed in; a signed-in user is sent on) or EDITOR (knowledge
    editors: visitors are sent to sign in, other users get 403).
    """

    access: str
    get: int
    post: int
    html: bool = True  # whether a GET answers with an HTML page


ROUTES = {
    # Pages of one design.
    "design": Route(READ, 200, 405),
    "design_edit": Route(CHANGE, 200, 400),
    "design_edit_yaml": Route(CHANGE, 200, 400),
    "design_edit_score": Route(CHANGE, 200, 200),
    "design_edit_components": Route(CHANGE, 200, 200),
    "design_upload": Route(CHANGE, 200, 400),
    "design_download": Route(READ, 200, 405, html=False),
    "design_delete": Route(CHANGE, 200, 302),
    "design_copy": Route(ACCOUNT, 200, 400),
    "design_history": Route(READ, 200, 405),
    "revision": Route(READ, 200, 405),
    "revision_download": Route(READ, 200, 405, html=False),
    "design_review": Route(READ, 200, 405),
    "design_review_download": Route(READ, 200, 405, html=False),
    "design_review_record": Route(READ, 200, 405, html=False),
    "design_pack_opt_out": Route(CHANGE, 200, 400),
    "design_pack_opt_in": Route(CHANGE, 302, 302, html=False),
    "component": Route(READ, 302, 405, html=False),
    "component_option": Route(READ, 200, 405),
    "compare_revisions": Route(READ, 200, 405),
    # Everything else.
    "home": Route(PUBLIC, 200, 405),
    "signup": Route(ANONYMOUS, 200, 400),
    "login": Route(ANONYMOUS, 200, 400),
    "logout": Route(PUBLIC, 405, 302, html=False),
    "password_change": Route(SIGNED_IN, 200, 400),
    "design_new": Route(SIGNED_IN, 200, 400),
    "design_upload_new": Route(SIGNED_IN, 302, 400, html=False),
    "compare_designs": Route(PUBLIC, 200, 405),
    "knowledge": Route(PUBLIC, 200, 405),
    "knowledge_questions": Route(PUBLIC, 200, 405),
    "knowledge_option": Route(PUBLIC, 200, 405),
    "cases": Route(PUBLIC, 200, 405),
    "case": Route(PUBLIC, 200, 405),
    "case_copy": Route(SIGNED_IN, 405, 302, html=False),
    "impact_run": Route(SIGNED_IN, 200, 405),
    "packs": Route(SIGNED_IN, 200, 405),
    "pack_version": Route(SIGNED_IN, 200, 405),
    "pack_diff": Route(SIGNED_IN, 200, 405),
    "pack_download": Route(SIGNED_IN, 200, 405, html=False),
    "pack_upload": Route(EDITOR, 200, 400),
    "pack_preview": Route(EDITOR, 405, 302, html=False),
    "pack_activate": Route(EDITOR, 200, 302),
    "pack_retire": Route(EDITOR, 400, 400),
}


def _patterns():
    for pattern in web_urls.urlpatterns:
        assert isinstance(pattern, URLPattern), f"{pattern!r}: include()s are not walked yet"
        assert pattern.name, f"{pattern.pattern} has no name"
        assert pattern.name in ROUTES, (
            f"the URL '{pattern.name}' ({pattern.pattern}) is not described in "
            "tests/security/routes.py ROUTES: say who may open it and what they get"
        )
        yield pattern


def _kwargs(pattern, slug):
    kwargs = {}
    for name in pattern.pattern.converters:
        if name == "slug":
            kwargs[name] = slug
        else:
            assert name in SAMPLE_ARGUMENTS, (
                f"add a sample value for <{name}> (used by '{pattern.name}') to "
                "tests/security/routes.py SAMPLE_ARGUMENTS"
            )
            kwargs[name] = SAMPLE_ARGUMENTS[name]
    return kwargs


def design_urls(slug: str) -> list[tuple[str, str, Route]]:
    """(name, url, route) for every URL of one design, deleting last."""
    found = [
        (p.name, reverse(p.name, kwargs=_kwargs(p, slug)), ROUTES[p.name])
        for p in _patterns()
        if "slug" in p.pattern.converters
    ]
    return sorted(found, key=lambda item: item[0] == "design_delete")


def other_urls() -> list[tuple[str, str, Route]]:
    """(name, url, route) for every URL that is not about one design, signing out last."""
    found = [
        (p.name, reverse(p.name, kwargs=_kwargs(p, None)), ROUTES[p.name])
        for p in _patterns()
        if "slug" not in p.pattern.converters
    ]
    return sorted(found, key=lambda item: item[0] == "logout")


def described_but_gone() -> set[str]:
    return set(ROUTES) - {p.name for p in web_urls.urlpatterns}
