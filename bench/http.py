"""HTTP: live rescoring under gunicorn against a minimal view, measured in the same run.

    python bench/http.py [--seconds 10] [--clients 32]

Starts the app under gunicorn (2 workers) on a free 127.0.0.1 port with production
settings (DEBUG=0, a generated SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, a temporary SQLite
file, no TLS redirect) after ``migrate`` and ``collectstatic``, creates a user and a
fully answered 20-component design, then drives each phase with the same number of
concurrent keep-alive clients (threads and ``http.client``) for a bounded time:

1. reference: ``GET /healthz`` -- the whole middleware stack around a view that only
   answers "ok";
2. rescoring as the editor's script does it: each client posts the form of the
   20-component design once as its base, then only the answer that changed, a different
   one in every request (as when someone types), so one component is scored afresh and
   the others come from the per-process cache. A worker that does not know a client's
   base answers 204 and the client posts the base again; one rescoring is then two round
   trips, timed and counted as one;
3. the same, every component afresh: the team size (a system-wide answer) changes in
   every request, so all 20 components are scored again;
4. for comparison, phase 2's changes with the whole form (some 800 fields) posted every
   time, as the page does when its script cannot run.

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
    """Many clients sending one kind of request until a deadline.

    ``make_client(index)`` gives each client thread its own request maker: a callable
    ``(n) -> (method, path, body, headers)`` that may also have ``answered(status)``,
    told each response's status, which returns True to send the request again at once
    (a rescoring whose base the server does not know: one user-visible rescoring, two
    round trips, timed as one).
    """

    def __init__(self, port: int, make_client, clients: int, seconds: float) -> None:
        self.port = port
        self.make_client = make_client
        self.clients = clients
        self.seconds = seconds
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}
        self.repeated = 0
        self.counter = 0
        self.lock = threading.Lock()

    def _next(self) -> int:
        with self.lock:
            self.counter += 1
            return self.counter

    def _client(self, index: int, deadline: float) -> None:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        make = self.make_client(index)
        answered = getattr(make, "answered", None)
        latencies = []
        repeated = 0
        while time.monotonic() < deadline:
            n = self._next()
            started = time.perf_counter()
            for _attempt in range(2):
                method, path, body, headers = make(n)
                try:
                    conn.request(method, path, body=body, headers=headers)
                    response = conn.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException) as error:
                    conn.close()
                    status = type(error).__name__
                    break
                status = response.status
                if answered is None or not answered(status):
                    break
                repeated += 1
            if status != 200:
                self._error(status if isinstance(status, str) else f"HTTP {status}")
                continue
            latencies.append(time.perf_counter() - started)
        conn.close()
        with self.lock:
            self.latencies.extend(latencies)
            self.repeated += repeated

    def _error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1

    def run(self) -> Phase:
        deadline = time.monotonic() + self.seconds
        threads = [
            threading.Thread(target=self._client, args=(index, deadline))
            for index in range(self.clients)
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


CSRF = secrets.token_hex(16)  # an unmasked secret: Django accepts it in cookie and form alike
ACCEPT_ENCODING = "gzip, deflate, br, zstd"  # what Chromium sends


def _headers(setup: dict) -> dict[str, str]:
    return {
        "Accept-Encoding": ACCEPT_ENCODING,
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"{setup['session_cookie']}={setup['session']}; csrftoken={CSRF}",
        "HX-Request": "true",
        "HX-Target": "score-panel",
    }


def _score_path(setup: dict) -> str:
    return f"/designs/{setup['slug']}/edit/score/"


def whole_form(setup: dict, change):
    """Clients that post the whole form each time, as the page does without its script.

    ``change(n)`` gives the (field, value) that differs in request ``n``.
    """
    headers = _headers(setup)
    path = _score_path(setup)
    # The rest of the form, encoded once per field changed (clients are not the subject).
    rest: dict[str, str] = {}

    def make(n: int):
        name, value = change(n)
        if name not in rest:
            fields = [(k, v) for k, v in setup["fields"] if k != name]
            rest[name] = urllib.parse.urlencode([("csrfmiddlewaretoken", CSRF), *fields])
        body = f"{rest[name]}&{urllib.parse.urlencode([(name, value)])}".encode()
        return "POST", path, body, headers

    return lambda index: make


def by_changes(setup: dict, change):
    """Clients that rescore as the editor's script does (see ``evaluator/web/rescoring``).

    Each client posts the form once as its base, then only the field that differs from
    it; when a worker does not know the base (204) the client posts the base again, with
    the change, at once.
    """
    headers = _headers(setup)
    path = _score_path(setup)
    base_fields = urllib.parse.urlencode([("csrfmiddlewaretoken", CSRF), *setup["fields"]])

    def client(index: int):
        base = f"bench-{index}-{secrets.token_hex(6)}"
        state = {"registered": False, "registering": False}

        def make(n: int):
            name, value = change(n)
            delta = {"base": base, "changes": {name: [value]}}
            state["registering"] = not state["registered"]
            if state["registering"]:
                delta["register"] = True
                extra = urllib.parse.urlencode([("delta", json.dumps(delta))])
                return "POST", path, f"{base_fields}&{extra}".encode(), headers
            body = urllib.parse.urlencode(
                [("csrfmiddlewaretoken", CSRF), ("delta", json.dumps(delta))]
            )
            return "POST", path, body.encode(), headers

        def answered(status: int) -> bool:
            if status == 200 and state["registering"]:
                state["registered"] = True
            if status == 204 and not state["registering"]:
                state["registered"] = False
                return True
            return False

        make.answered = answered
        return make

    return client


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
        port = free_port()
        server = start_server(env, port)
        try:
            keys = [v for k, v in setup["fields"] if k == "component"]

            def one_answer(n):
                # One answer changes in a varying component, not always the first.
                return f"c{keys[n % len(keys)]}.a.peak_rps", str(1000 + n)

            def team_size(n):
                return "context.team_size", str(1000 + n)

            def health(index):
                return lambda n: ("GET", "/healthz", None, {"Accept-Encoding": ACCEPT_ENCODING})

            # Load code and templates in both workers.
            Phase(port, whole_form(setup, team_size), 4, 2.0).run()
            phases = [
                ("minimal view (GET /healthz)", health),
                ("rescoring, one answer changed", by_changes(setup, one_answer)),
                ("rescoring, all 20 components afresh", by_changes(setup, team_size)),
                ("rescoring, whole form posted", whole_form(setup, one_answer)),
            ]
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
            f"({len(phase.latencies)} requests, {errors}"
            + (f", {phase.repeated} sent again after 204" if phase.repeated else "")
            + ")"
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
