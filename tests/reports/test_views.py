"""The review pages: preview and downloads, with the design's access rules."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from evaluator.web import services

from .conftest import gfm_design, hostile_design
from .test_gfm import check_page, typed
from .test_review import parse_tags

pytestmark = pytest.mark.django_db


def preview_url(design):
    return reverse("design_review", args=[design.slug])


def download_url(design, fmt):
    return reverse("design_review_download", args=[design.slug, fmt])


def command_output(*args) -> str:
    out = io.StringIO()
    call_command("review", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_owner_sees_the_preview(alice_client, alice_design):
    response = alice_client.get(preview_url(alice_design))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="review-1">Design review: Corner Shop</h2>' in html
    assert re.search(r'<pre class="code"[^>]*><code>flowchart LR', html)
    assert "<script" not in html  # no inline script: the CSP forbids it
    assert download_url(alice_design, "madr") in html


def test_the_preview_has_one_h1_and_a_table_of_contents(alice_client, alice_design):
    html = alice_client.get(preview_url(alice_design)).content.decode()
    assert html.count("<h1") == 1
    toc = html[html.index('<nav class="card toc"') :]
    toc = toc[: toc.index("</nav>")]
    links = dict(
        (text, target) for target, text in re.findall(r'<a href="#([^"]+)">([^<]+)</a>', toc)
    )
    for number, component in enumerate(services.spec_from_design(alice_design).components, 1):
        target = links[f"{number}. {component.name}"]
        # Each entry leads to the heading of that component's section in the review.
        assert re.search(rf'<h4 id="{target}">{number}\. {re.escape(component.name)}</h4>', html)
    assert {"Summary", "Components", "Next steps"} <= set(links)


def test_other_users_get_404(bob_client, alice_design):
    for url in (
        preview_url(alice_design),
        download_url(alice_design, "md"),
        download_url(alice_design, "madr"),
        download_url(alice_design, "json"),
        reverse("design_review_record", args=[alice_design.slug, 1]),
    ):
        assert bob_client.get(url).status_code == 404, url


def test_anonymous_visitors_are_sent_to_sign_in_for_a_private_design(client, alice_design):
    response = client.get(preview_url(alice_design))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_anonymous_visitors_read_an_example(client, example_design):
    assert client.get(preview_url(example_design)).status_code == 200
    assert client.get(download_url(example_design, "md")).status_code == 200


def test_markdown_download_headers_and_bytes(alice_client, alice_design):
    response = alice_client.get(download_url(alice_design, "md"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="corner-shop-r2-review.md"'
    assert response["X-Content-Type-Options"] == "nosniff"
    body = response.content.decode("utf-8")
    revision = alice_design.revisions.order_by("-number").first()
    assert f"- **Revision:** 2 (`{revision.hash[:12]}`)" in body
    assert f"- **Date:** {revision.created_at.date().isoformat()}" in body
    # The page and the command line give the same document.
    assert body == command_output(alice_design.slug)


def test_json_download(alice_client, alice_design):
    response = alice_client.get(download_url(alice_design, "json"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="corner-shop-r2-review.json"'
    data = json.loads(response.content)
    assert data["review"]["revision"] == 2
    assert data["review"]["source"] == alice_design.slug


def test_madr_zip_download_holds_one_record_per_component(alice_client, alice_design):
    response = alice_client.get(download_url(alice_design, "madr"))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="corner-shop-r2-decisions.zip"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() == [
            "0001-storefront.md",
            "0002-orders-api.md",
            "0003-order-events.md",
        ]


def test_single_record_download(alice_client, alice_design):
    url = reverse("design_review_record", args=[alice_design.slug, 2])
    response = alice_client.get(url)
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="corner-shop-r2-0002-orders-api.md"'
    )
    assert "status: proposed" in response.content.decode()
    for index in (0, 4):
        missing = reverse("design_review_record", args=[alice_design.slug, index])
        assert alice_client.get(missing).status_code == 404


def test_unknown_format_is_404(alice_client, alice_design):
    assert alice_client.get(download_url(alice_design, "pdf")).status_code == 404


def test_downloads_refuse_post(alice_client, alice_design):
    assert alice_client.post(download_url(alice_design, "md")).status_code == 405


def test_design_page_links_to_the_export(alice_client, alice_design):
    html = alice_client.get(reverse("design", args=[alice_design.slug])).content.decode()
    assert "Export review" in html
    assert preview_url(alice_design) in html
    assert download_url(alice_design, "json") in html


def test_hostile_names_are_sanitised_in_the_page_and_file_names(alice, alice_client):
    spec = hostile_design(line_breaks=False)
    design = services.create_design(alice, spec)
    html = alice_client.get(preview_url(design)).content.decode()
    article = html[html.index("<article") : html.index("</article>")].lower()
    for needle in ("<script", "<img", "<!--", 'href="javascript'):
        assert needle not in article, needle
    for tag, attrs in parse_tags(article):
        assert not [name for name, _ in attrs if name.startswith("on")], tag
    response = alice_client.get(download_url(design, "md"))
    disposition = response["Content-Disposition"]
    assert disposition.isascii()
    assert disposition == f'attachment; filename="{design.slug}-r1-review.md"'


def test_the_preview_shows_stored_names_as_typed(alice, alice_client):
    # Saved and read back: the names survive the database, and the page shows them
    # with no link made of them and no override reaching past its own name.
    spec = gfm_design()
    design = services.create_design(alice, spec)
    html = alice_client.get(preview_url(design)).content.decode()
    article = html[html.index("<article") : html.index("</article>")]
    parsed = check_page(article)
    # The page has its own h1, so the review's component headings (h3) are h4 here.
    headings = {typed(text) for tag, text in parsed.blocks if tag == "h4"}
    for index, component in enumerate(spec.components, 1):
        assert f"{index}. {typed(component.name)}" in headings


def test_command_reads_a_slug_at_its_latest_revision(alice_design):
    text = command_output(alice_design.slug, "--date", "2026-03-04")
    assert "- **Revision:** 2 (" in text
    assert "- **Date:** 2026-03-04" in text
    assert f"- **Source:** {alice_design.slug}" in text
    # The second revision changed the team size to 7.
    assert "| Engineers on the system | 7 people |" in text
