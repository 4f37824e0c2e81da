"""The settings the test suite runs under: the development settings.

DEBUG is read when the settings are imported (it picks the static files storage and the
allowed hosts); pytest-django then turns DEBUG off while each test runs, as production
has it. Tests of production settings start a fresh process with DEBUG=0.
"""

import os

os.environ.setdefault("DEBUG", "1")

from evaluator.settings import *  # noqa: E402, F403
