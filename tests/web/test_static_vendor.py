"""Plotly's JS comes from the installed plotly package, never from a CDN."""

from pathlib import Path

import plotly
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.templatetags.static import static
from django.test import override_settings

from evaluator.web.staticfinders import PackageFilesFinder

BUNDLE = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


def test_the_finder_serves_the_package_bundle():
    assert finders.find("vendor/plotly.min.js") == str(BUNDLE)
    assert finders.find("vendor/plotly.min.js", find_all=True) == [str(BUNDLE)]
    assert PackageFilesFinder().find("vendor/other.js") is None
    assert PackageFilesFinder().find("plotly.min.js") is None
    assert PackageFilesFinder().check() == []


def test_collectstatic_hashes_the_bundle(tmp_path):
    with override_settings(
        STATIC_ROOT=tmp_path,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
            },
        },
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        assert (tmp_path / "vendor" / "plotly.min.js").read_bytes() == BUNDLE.read_bytes()
        url = static("vendor/plotly.min.js")
        assert url.startswith("/static/vendor/plotly.min.") and url.endswith(".js")
        assert url != "/static/vendor/plotly.min.js"  # hashed, so it can be cached for ever
        assert (tmp_path / url.removeprefix("/static/")).is_file()
