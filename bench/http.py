"""HTTP: live rescoring under gunicorn against a minimal view, measured in the same run.

    python bench/http.py [--seconds 10] [--clients 32]

Starts the app under gunicorn (2 workers) on a free 127.0.0.1 port with production
settings (DEBUG=0, a generated SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, a temporary SQLite
file, no TLS redirect) after ``migrate`` and ``collectstatic``, creates a user and a
fully answered 20-component design, then drives each phase with the same number of
concurrent keep-alive clients (threads and ``http.client``) for a bounded time:

1. reference: ``GET /healthz`` -- the whole middleware stack around a view that only
   answers "ok";
2. rescoring: the editor form of the 20-component design posted to the score endpoint
   as htmx does, one answer different in every request (as when someone types), so one
   component is scored afresh and the others come from the per-process cache;
3. rescoring, every component afresh: the team size (a system-wide answer) different in
   every request, so all 20 components are scored again.

Printed: requests per second of each, the ratio of each rescoring to the reference
(aim: >= 0.3 for phase 2) and p50/p95 latency (aim: p95 <= 100 ms). Latency includes
queueing: 32 clients share 2 single-threaded workers, so it is about clients divided by
throughput. The server is stopped at the end, whatever happens.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is called http.py: with its own folder first on sys.path it would stand in
# for the standard library's http package. Drop that folder before importing anything.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
ROOT = _HERE.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402

HOST = "127.0.0.1"
WORKERS = 2

# Runs in a child process with the benchmark's settings: one user, one design, the form.
SETUP = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from django.conf import settings
from bench.engine import make_design
from evaluator.web import editor, services

kb = services.knowledge()
user = get_user_model().objects.create_user("bench", password=None)
design = services.create_design(user, make_design(kb, 20, seed=20261129))
form = editor.from_spec(services.spec_from_design(design), kb, design.version)
client = Client()
client.force_login(user)
print(json.dumps({
    "slug": design.slug,
    "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
    "session_cookie": settings.SESSION_COOKIE_NAME,
    "fields": editor.to_post(form, kb),
    "answered": sum(len(c.answers) for c in services.spec_from_design(design).components),
}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def environment(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        SQLITE_PATH=str(workdir / "bench.sqlite3"),
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env, *args) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def start_server(env, port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "evaluator.wsgi", "--bind", f"{HOST}:{port}", "--workers", str(WORKERS)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not answer within 30 s")


class Phase:
    """Many clients sending one kind of request until a deadline."""

    def __init__(self, port: int, make_request, clients: int, seconds: float) -> None:
        self.port = port
        self.make_request = make_request  # n -> (method, path, body, headers)
        self.clients = clients
        self.seconds = seconds
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}
        self.counter = 0
        self.lock = threading.Lock()

    def _next(self) -> int:
        with self.lock:
            self.counter += 1
            return self.counter

    def _client(self, deadline: float) -> None:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        latencies = []
        while time.monotonic() < deadline:
            method, path, body, headers = self.make_request(self._next())
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                self._error(type(error).__name__)
                continue
            if response.status != 200:
                self._error(f"HTTP {response.status}")
                continue
            latencies.append(time.perf_counter() - started)
        conn.close()
        with self.lock:
            self.latencies.extend(latencies)

    def _error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1

    def run(self) -> Phase:
        deadline = time.monotonic() + self.seconds
        threads = [
            threading.Thread(target=self._client, args=(deadline,)) for _ in range(self.clients)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(self.seconds + 60)
        self.elapsed = time.monotonic() - started
        return self

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def form_requests(setup: dict, vary: str, values):
    """Request makers that post the editor form with the field ``vary`` set to a new value."""
    cookie = f"{setup['session_cookie']}={setup['session']}; csrftoken={CSRF}"
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie,
        "HX-Request": "true",
        "HX-Target": "score-panel",
    }
    fields = [(k, v) for k, v in setup["fields"] if k != vary]
    before = urllib.parse.urlencode([("csrfmiddlewaretoken", CSRF), *fields])
    path = f"/designs/{setup['slug']}/edit/score/"

    def make(n: int):
        body = f"{before}&{urllib.parse.urlencode([(vary, values(n))])}".encode()
        return "POST", path, body, headers

    return make


CSRF = secrets.token_hex(16)  # an unmasked secret: Django accepts it in cookie and form alike


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each phase")
    parser.add_argument("--clients", type=int, default=32)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-http-") as tmp:
        env = environment(Path(tmp))
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        setup_run = subprocess.run(
            [sys.executable, "-c", SETUP, str(ROOT)],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "evaluator.settings"},
            check=True,
            capture_output=True,
            text=True,
        )
        setup = json.loads(setup_run.stdout.strip().splitlines()[-1])
        first_key = next(v for k, v in setup["fields"] if k == "component")
        port = free_port()
        server = start_server(env, port)
        try:
            warm = form_requests(setup, "context.team_size", lambda n: str(1 + n % 500))
            Phase(port, warm, 4, 2.0).run()  # load code and templates in both workers

            def health(n):
                return "GET", "/healthz", None, {}

            phases = [
                ("minimal view (GET /healthz)", health),
                (
                    "rescoring, one answer changed",
                    form_requests(setup, f"c{first_key}.a.peak_rps", lambda n: str(1000 + n)),
                ),
                (
                    "rescoring, all 20 components afresh",
                    form_requests(setup, "context.team_size", lambda n: str(1000 + n)),
                ),
            ]
            # One answer changes in a varying component, not always the first.
            keys = [v for k, v in setup["fields"] if k == "component"]

            def one_answer(n):
                key = keys[n % len(keys)]
                return form_requests(setup, f"c{key}.a.peak_rps", lambda _n: str(1000 + n))(n)

            phases[1] = (phases[1][0], one_answer)
            results = []
            for label, make in phases:
                results.append((label, Phase(port, make, args.clients, args.seconds).run()))
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()

    print(
        f"gunicorn {WORKERS} workers, {args.clients} clients, {args.seconds:g} s per phase; "
        f"design of 20 components, {setup['answered']} answers"
    )
    reference = results[0][1].rate
    for label, phase in results:
        errors = ", ".join(f"{k}: {v}" for k, v in phase.errors.items()) or "no errors"
        print(
            f"  {label:38} {phase.rate:7.1f} req/s  ratio {phase.rate / reference:5.2f}  "
            f"p50 {phase.percentile(0.50):6.1f} ms  p95 {phase.percentile(0.95):6.1f} ms  "
            f"({len(phase.latencies)} requests, {errors})"
        )
    rescoring = results[1][1]
    ratio = rescoring.rate / reference
    print(
        f"rescoring / minimal view: {ratio:.2f} (aim >= 0.3); rescoring p95 "
        f"{rescoring.percentile(0.95):.0f} ms (aim <= 100 ms); "
        f"median server-side work per rescoring ~{statistics.median(rescoring.latencies) * 1000 / max(1, args.clients / WORKERS):.1f} ms"
        if rescoring.latencies
        else "no rescoring request succeeded"
    )
    return 0 if rescoring.latencies and not rescoring.errors else 1


if __name__ == "__main__":
    sys.exit(main())
