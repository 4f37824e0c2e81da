"""What the sample URL arguments in ``routes.SAMPLE_ARGUMENTS`` name: a pack in two
versions and a finished impact preview, made for every test that has a database."""

from pathlib import Path

import pytest

from . import routes

EXAMPLE_PACK = Path(__file__).resolve().parents[2] / "designs" / "packs" / "acme-azure.yaml"


@pytest.fixture(autouse=True)
def sample_pack_objects(request, monkeypatch):
    if "db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("db")
    from evaluator.web import packstore
    from evaluator.web.models import ImpactRun

    text = EXAMPLE_PACK.read_text()
    first = packstore.store_pack(text, "acme-azure.yaml")[0]
    packstore.store_pack(text.replace('version: "2026.1"', 'version: "2026.2"'), "acme.yaml")
    # Numbered by the database, so a run a test creates later gets the next number (an
    # explicit pk would leave PostgreSQL's sequence behind it).
    run = ImpactRun.objects.create(pack=first, status=ImpactRun.Status.DONE)
    monkeypatch.setitem(routes.SAMPLE_ARGUMENTS, "run_id", run.pk)
