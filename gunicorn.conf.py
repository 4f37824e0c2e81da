"""gunicorn's settings for this app: `gunicorn evaluator.wsgi` reads this file from here.

Workers default to two per core, and can be set with WEB_CONCURRENCY as usual.
"""

import gc
import multiprocessing
import os

wsgi_app = "evaluator.wsgi:application"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))


def post_worker_init(worker):
    """Once a worker has loaded the app, keep what start-up made out of the collector's way.

    Modules, templates and the compiled knowledge base live as long as the worker; after
    ``gc.freeze`` the collector no longer walks them on every pass. A rescoring allocates
    tens of thousands of short-lived objects, so young objects are collected every 10,000
    allocations rather than every 700. Measured with bench/http.py (see README, Benchmarks).
    """
    if os.environ.get("GC_TUNING", "1") == "0":
        return
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)
