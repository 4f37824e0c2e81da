"""Static files taken from installed packages instead of copies in the repository.

Plotly's browser bundle ships inside the ``plotly`` Python package. Exposing it as
``vendor/plotly.min.js`` keeps one version (the pinned package's) in use, works offline,
and lets ``collectstatic`` and WhiteNoise hash and cache it like any other static file.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage


def _plotly_dir() -> Path | None:
    try:
        import plotly
    except ImportError:
        return None
    return Path(plotly.__file__).resolve().parent / "package_data"


# static path -> (directory finder, file name inside it)
PREFIX = "vendor"
FILES = {"plotly.min.js": _plotly_dir}


class PackageFilesFinder(BaseFinder):
    """Finds the few files listed in ``FILES`` under the ``vendor/`` prefix."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storages: dict[Path, FileSystemStorage] = {}
        self.files: dict[str, Path] = {}
        for name, directory in FILES.items():
            folder = directory()
            if folder is None or not (folder / name).is_file():
                continue
            self.files[name] = folder
            if folder not in self.storages:
                storage = FileSystemStorage(location=folder)
                # collectstatic and WhiteNoise put a storage's files under its prefix.
                storage.prefix = PREFIX
                self.storages[folder] = storage

    def check(self, **kwargs):
        missing = [name for name in FILES if name not in self.files]
        return [
            Error(
                f"The static file {PREFIX}/{name} could not be found in its package.",
                hint="Install the project's dependencies (pip install -e .).",
                id="web.E010",
            )
            for name in missing
        ]

    def find(self, path, find_all=False, **kwargs):
        if kwargs:
            find_all = self._check_deprecated_find_param(find_all=find_all, **kwargs)
        prefix, _, name = path.partition("/")
        folder = self.files.get(name) if prefix == PREFIX else None
        if folder is None:
            return [] if find_all else None
        found = str(folder / name)
        return [found] if find_all else found

    def list(self, ignore_patterns):
        for name, folder in self.files.items():
            yield name, self.storages[folder]
