"""Tradeoff Evaluator: the rules engine, its reports and charts, and the Django app."""

import os

# numpy's matrix products (the engine's sampled scoring) run in OpenBLAS, which by default
# starts a thread per core for each product. The products here are small and many, and a
# server already runs one worker per core: extra threads only contend for the cores (on
# two busy cores they made sampling several times slower). One thread, unless the
# environment says otherwise; this must be set before numpy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
