"""gunicorn's settings for this app: `gunicorn evaluator.wsgi` reads this file from here.

Workers default to two per core, and can be set with WEB_CONCURRENCY as usual. The
garbage collector keeps Python's defaults: freezing start-up objects and collecting young
ones less often made no difference bench/http.py could measure (28.5 against 28.9 ms of
CPU per rescoring, p95 within noise), so it is not done.
"""

import multiprocessing
import os

wsgi_app = "evaluator.wsgi:application"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
