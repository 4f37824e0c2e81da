"""Every page on a phone 390 px wide: nothing makes the page scroll sideways.

Wide content (tables, long codes and addresses, charts) scrolls or wraps inside its own
box; the header wraps, and a long user name in it is cut short. Each page is measured
after its charts are drawn.
"""

import pytest

from .site import make_site, visit_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LONG_NAME = "maximilian.alexander.featherstonehaugh-smith"


@pytest.fixture
def context_options():
    return {"viewport": PHONE, "has_touch": True}


def too_wide(page, name):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[1] == PHONE["width"]
    if widths[0] > widths[1]:
        return [f"{widths[0]} px wide on a {widths[1]} px screen"]
    return []


def test_no_page_is_wider_than_a_phone(page, sign_in, django_user_model):
    # A long user name is what pushes the header wider than the screen.
    owner = django_user_model.objects.create_user(LONG_NAME)
    problems = visit_all(page, make_site(owner), sign_in, too_wide)
    assert not problems, "\n".join(problems)
