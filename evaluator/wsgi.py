"""The WSGI entry point: the app, loaded and warmed before the first request.

The knowledge base is read and compiled here rather than on the first request, and what
start-up allocated (modules, templates, the compiled rules: long-lived by nature) is then
moved out of the garbage collector's sight with ``gc.freeze``. A worker's collector then
only walks what requests create; its full passes otherwise walk every object the process
holds, several times a second under load.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "evaluator.settings")


def _require_serving_settings() -> None:
    # Before Django starts, which would fail on an empty key less clearly.
    from evaluator.web.checks import require_serving_settings

    require_serving_settings()


_require_serving_settings()
application = get_wsgi_application()


def _warm() -> None:
    from evaluator.web import services

    services.knowledge()


_warm()
gc.collect()
gc.freeze()
# A rescoring allocates tens of thousands of short-lived objects; at the default threshold
# of 700 the collector runs dozens of times per request and a full pass now and then
# holds one for tens of milliseconds. Collecting young objects every 10,000 allocations
# keeps memory in check and took the p95 of bench/http.py's rescoring from about 115 ms
# to 80 ms.
gc.set_threshold(10_000, 20, 20)
