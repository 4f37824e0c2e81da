# ruff: noqa: E402  (the standard library is imported after sys.path is cleaned, below)
"""Load: the app under gunicorn, 32 clients for a bounded time, then a check that nothing was lost.

    python bench/load.py                       # 60 s on SQLite, then 60 s on PostgreSQL
    python bench/load.py --seconds 10 --db sqlite
    python bench/load.py --db postgres --postgres-url postgres://u:p@127.0.0.1:5432/postgres

For each database the script builds a fresh one (a new SQLite file, or a PostgreSQL
database it creates and drops), collects static files, migrates, loads the example
designs, makes one user with one design for every two clients (at most 16), and starts gunicorn on 127.0.0.1 with
production settings (DEBUG=0, a generated SECRET_KEY, no TLS redirect).

Then, first, a reference: the same clients fetch the sign-in page anonymously (a view that
renders a template and touches no database) for a sixth of the time. Then the mix: each
client signs in (two clients per user, so two people edit each design) and loops until
the time is up over

    open     GET a design page (its own, or an example)            35 %
    rescore  POST the editor form to the live rescoring endpoint   30 %
    save     POST the editor form with base_version                20 %
    export   GET the markdown review download                      15 %

A client keeps its editor form for a while (rescoring it) before saving, as a person
would, so the two editors of a design overtake each other and some saves are refused
with 409: an expected outcome, not an error. After a save, saved or refused, the client
reloads the editor.

Printed: requests per second and p50/p95/p99 latency overall and per operation, the
ratio to the reference, errors by kind, how often the log says "database is locked", and
the check afterwards: every save a client saw succeed is in its design's history exactly
once (its unique text in one revision), every refused save is in none, each design's
revision count is one plus its successful saves, every design's rows equal its latest
revision (nothing half-saved), and ``manage.py verify_history`` passes. The exit status
is non-zero when any of that fails.

Pure standard library on the client side (threads and ``http.client``); 127.0.0.1 only;
every loop ends at its deadline and every server started is stopped.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds a script called http.py; with the script's folder first on sys.path it
# would stand in for the standard library's http package.
_BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _BENCH]

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.formfields import form_fields  # what a browser would post

PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
HOST = "127.0.0.1"
MAX_USERS = 16  # two clients per user at 32 clients: two people edit each design
REQUEST_TIMEOUT = 30

MIX = {"open": 35, "rescore": 30, "save": 20, "export": 15}


# --- The server ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """A fresh database, the app set up on it, and gunicorn serving it on 127.0.0.1."""

    def __init__(self, db: str, *, postgres_url: str, workers: int, threads: int) -> None:
        self.db = db
        self.workers = workers
        self.threads = threads
        self.workdir = Path(tempfile.mkdtemp(prefix=f"evaluator-{db}-"))
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log_path = self.workdir / "gunicorn.log"
        self.password = secrets.token_urlsafe(16)
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "SQLITE_PATH", "DJANGO_SETTINGS_MODULE")
        }
        self.env.update(
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS=HOST,
            SECURE_SSL_REDIRECT="0",
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        self.pg_admin_url = None
        self.pg_name = None
        if db == "sqlite":
            self.sqlite_path = self.workdir / "db.sqlite3"
            self.env["SQLITE_PATH"] = str(self.sqlite_path)
        else:
            self.pg_admin_url = postgres_url
            self.pg_name = f"evaluator_bench_{os.getpid()}_{secrets.token_hex(3)}"
            parts = urllib.parse.urlsplit(postgres_url)
            self.env["DATABASE_URL"] = urllib.parse.urlunsplit(
                parts._replace(path="/" + self.pg_name)
            )

    @property
    def label(self) -> str:
        return "SQLite" if self.db == "sqlite" else "PostgreSQL"

    def manage(self, *args: str, stdin: str | None = None, env: dict | None = None, check=True):
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            input=stdin,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
            )
        return result

    def _pg(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.pg_admin_url, autocommit=True) as conn:
            conn.execute(sql)

    def prepare(self, users: int = MAX_USERS) -> dict:
        """Create the database and fill it; returns the designs and examples to use."""
        if self.pg_name:
            self._pg(f'CREATE DATABASE "{self.pg_name}"')
        self.manage("collectstatic", "--noinput")
        self.manage("migrate", "--noinput")
        self.manage("import_designs", "--examples", "designs/")
        result = self.manage(
            "shell",
            "-c",
            SEED_SCRIPT,
            env={"LOAD_PASSWORD": self.password, "LOAD_USERS": str(users)},
        )
        return json.loads(result.stdout.strip().splitlines()[-1])

    def start(self, *, settings_module: str | None = None, pythonpath: str | None = None) -> None:
        env = dict(self.env)
        if settings_module:
            env["DJANGO_SETTINGS_MODULE"] = settings_module
        command = [
            GUNICORN,
            "evaluator.wsgi",
            "--bind", f"{HOST}:{self.port}",
            "--workers", str(self.workers),
            "--worker-class", "gthread",
            "--threads", str(self.threads),
            "--timeout", "60",
            "--graceful-timeout", "5",
        ]  # fmt: skip
        if pythonpath:
            command += ["--pythonpath", pythonpath]
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_path.read_text()[-3000:]}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", "/accounts/login/")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer within 30 s")

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self.process = None
            return
        pgid = os.getpgid(self.process.pid)
        os.killpg(pgid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.process.wait(timeout=5)
        self.process = None

    def log_count(self, text: str) -> int:
        try:
            return self.log_path.read_text(errors="replace").count(text)
        except OSError:
            return 0

    def drop(self) -> None:
        self.stop()
        if self.pg_name:
            self._pg(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


SEED_SCRIPT = """
import json, os
from django.contrib.auth import get_user_model
from evaluator.web import services
from evaluator.web.models import Design
examples = list(Design.objects.examples().order_by("slug"))
source = next((d for d in examples if d.slug == "online-shop"), None) or examples[0]
out = []
for i in range(int(os.environ["LOAD_USERS"])):
    user = get_user_model().objects.create_user(f"load{i:02d}", password=os.environ["LOAD_PASSWORD"])
    out.append({"user": user.username, "slug": services.copy_design(source, user).slug})
print(json.dumps({"designs": out, "examples": [d.slug for d in examples]}))
"""

CHECK_SCRIPT = """
import json, sys
from evaluator.engine.spec import canonical_json
from evaluator.web import services
from evaluator.web.models import Design
out = {}
for design in Design.objects.filter(is_example=False).select_related("owner").order_by("slug"):
    revisions = list(design.revisions.order_by("number"))
    latest = revisions[-1] if revisions else None
    try:
        rows = canonical_json(services.spec_from_design(design))
    except Exception as error:
        rows = f"unreadable: {error}"
    # Addresses are unique per owner: a design is its owner's name and its slug.
    out[f"{design.owner.username}/{design.slug}"] = {
        "version": design.version,
        "summaries": [json.loads(r.snapshot).get("summary", "") for r in revisions],
        "rows_match_latest": latest is not None and rows == latest.snapshot,
        "chain_ok": services.verify_chain(design) is None,
    }
print(json.dumps(out))
"""


# --- The client ------------------------------------------------------------------------


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    saves: list[tuple[str, str, str]] = field(default_factory=list)  # owner/slug, token, outcome
    lock = threading.Lock()

    def record(self, op: str, seconds: float, status) -> None:
        with self.lock:
            self.latencies[op].append(seconds)
            self.statuses[f"{op} {status}"] += 1

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] += 1


class RequestFailed(Exception):
    pass


class Client:
    """One person's browser: cookies, a connection, an editor form."""

    def __init__(self, port: int, results: Results, deadline: float, rng: random.Random) -> None:
        self.port, self.results, self.deadline, self.rng = port, results, deadline, rng
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
        return self.conn

    def request(self, op, method, path, data=None, headers=None, expect=(200,)):
        """Send one request; returns (status, headers, body). Records time and errors."""
        body = urllib.parse.urlencode(data, doseq=True) if data is not None else None
        # One connection per request: a kept-alive connection that the server closes while
        # idle fails the next request on it, which says nothing about the app.
        sent = {"Host": f"{HOST}:{self.port}", "Connection": "close", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            conn = self._connection()
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            self.results.error(f"{op}: {type(error).__name__}")
            raise RequestFailed(type(error).__name__) from None
        elapsed = time.perf_counter() - start
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        conn.close()
        self.conn = None
        self.results.record(op, elapsed, response.status)
        if response.status not in expect:
            self.results.error(f"{op}: HTTP {response.status}")
            raise RequestFailed(f"HTTP {response.status}")
        return response.status, response, content.decode("utf-8", "replace")

    def post_headers(self, path: str) -> dict:
        # Same-origin, as a browser would send; Django's CSRF check reads the cookie.
        return {"X-CSRFToken": self.cookies.get("csrftoken", "")}

    def sign_in(self, username: str, password: str) -> None:
        self.request("sign-in", "GET", "/accounts/login/")
        data = {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
        }
        self.request("sign-in", "POST", "/accounts/login/", data, expect=(302,))

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


class Editor(Client):
    """A signed-in client working on its own design, with the examples to look at."""

    def __init__(self, number, port, results, deadline, rng, design, examples, rescore_path):
        super().__init__(port, results, deadline, rng)
        self.number = number
        self.slug = design["slug"]
        self.user = design["user"]
        self.examples = examples
        self.rescore_path = rescore_path
        self.form: list[list[str]] | None = None
        self.saves = 0

    def load_editor(self) -> None:
        _, _, page = self.request("editor", "GET", f"/designs/{self.slug}/edit/")
        self.form = form_fields(page)
        if not any(name == "base_version" for name, _ in self.form):
            raise RuntimeError("the editor page has no form with a base_version")

    def _changed_form(self, **changes) -> dict[str, list[str]]:
        data: dict[str, list[str]] = {}
        for name, value in self.form:
            data.setdefault(name, []).append(value)
        # What a person does between saves: try another peak rate on a component.
        rates = [name for name in data if re.fullmatch(r"c\d+\.a\.peak_rps", name)]
        if rates:
            data[self.rng.choice(rates)] = [str(self.rng.randint(1, 20000))]
        for name, value in changes.items():
            data[name] = [value]
        data["csrfmiddlewaretoken"] = [self.cookies.get("csrftoken", "")]
        return data

    def op_open(self) -> None:
        slug = self.slug if self.rng.random() < 0.5 else self.rng.choice(self.examples)
        self.request("open", "GET", f"/designs/{slug}/")

    def op_rescore(self) -> None:
        if self.form is None:
            self.load_editor()
        headers = {**self.post_headers(self.rescore_path), "HX-Request": "true"}
        data = self._changed_form()
        # Keep the change, as the person's form would.
        self.form = [
            [k, v] for k, values in data.items() for v in values if k != "csrfmiddlewaretoken"
        ]
        self.request("rescore", "POST", self.rescore_path.format(slug=self.slug), data, headers)

    def op_save(self) -> None:
        if self.form is None:
            self.load_editor()
        self.saves += 1
        token = f"edit-{self.number:02d}-{self.saves:05d}-{secrets.token_hex(3)}"
        data = self._changed_form(summary=f"Load test design. Last edit {token}.", action="save")
        outcome = "error"
        try:
            status, _, body = self.request(
                "save", "POST", f"/designs/{self.slug}/edit/", data, expect=(302, 409)
            )
            if status == 302:
                outcome = "saved"
            else:
                outcome = "conflict"
                # The person must be told, and keep what they typed.
                if "someone else saved" not in body or token not in body:
                    self.results.error("save: 409 without the message or the edits")
        finally:
            with self.results.lock:
                self.results.saves.append((f"{self.user}/{self.slug}", token, outcome))
            self.form = None  # reload before the next edit, saved or refused

    def op_export(self) -> None:
        self.request("export", "GET", f"/designs/{self.slug}/review/download/md/")

    def try_sign_in(self, password: str) -> None:
        try:
            self.sign_in(self.user, password)
            self.signed_in = True
        except RequestFailed:
            self.signed_in = False  # counted among the errors

    def run(self, operations: dict[str, int]) -> None:
        names, weights = list(operations), list(operations.values())
        while time.monotonic() < self.deadline:
            op = self.rng.choices(names, weights)[0]
            try:
                getattr(self, f"op_{op}")()
            except RequestFailed:
                time.sleep(0.05)  # the error is counted; carry on
        self.close()


def reference_loop(port: int, results: Results, deadline: float) -> None:
    client = Client(port, results, deadline, random.Random())
    while time.monotonic() < deadline:
        try:
            client.request("reference", "GET", "/accounts/login/")
            client.cookies.clear()
        except RequestFailed:
            time.sleep(0.05)
    client.close()


def run_threads(targets) -> float:
    threads = [threading.Thread(target=t, daemon=True) for t in targets]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=REQUEST_TIMEOUT * 3 + 600)
    return time.perf_counter() - start


# --- Checking and reporting ----------------------------------------------------------------


def check_history(server: Server, saves, *, initial_revisions: dict[str, int] | None = None):
    """Every save seen to succeed is stored once; every refused one is not; rows match."""
    state = json.loads(server.manage("shell", "-c", CHECK_SCRIPT).stdout.strip().splitlines()[-1])
    verify = server.manage("verify_history", check=False)
    problems = []
    stored: dict[str, Counter] = {}
    for slug, info in state.items():
        tokens = Counter()
        for summary in info["summaries"]:
            match = re.search(r"edit-\d+-\d+-[0-9a-f]+", summary)
            if match:
                tokens[match.group()] += 1
        stored[slug] = tokens
        if not info["rows_match_latest"]:
            problems.append(f"{slug}: rows differ from the latest revision (half-saved)")
        if not info["chain_ok"]:
            problems.append(f"{slug}: history chain broken")
        if info["version"] != len(info["summaries"]):
            problems.append(
                f"{slug}: version {info['version']} but {len(info['summaries'])} revisions"
            )
    counts = Counter()
    saved_per_slug = Counter()
    for slug, token, outcome in saves:
        found = stored.get(slug, Counter())[token]
        counts[outcome] += 1
        if outcome == "saved":
            saved_per_slug[slug] += 1
            if found != 1:
                problems.append(
                    f"{slug}: save {token} succeeded but is in {found} revisions (lost)"
                )
        elif outcome in ("conflict", "unavailable"):
            if found:
                problems.append(f"{slug}: save {token} was refused but is in the history")
        else:
            counts["unknown-but-stored" if found == 1 else "unknown-not-stored"] += 1
            if found > 1:
                problems.append(f"{slug}: save {token} is in {found} revisions")
    unknown_stored = Counter(
        slug
        for slug, token, outcome in saves
        if outcome == "error" and stored.get(slug, {}).get(token)
    )
    for slug, info in state.items():
        base = (initial_revisions or {}).get(slug, 1)
        expected = base + saved_per_slug[slug] + unknown_stored[slug]
        if len(info["summaries"]) != expected:
            problems.append(
                f"{slug}: {len(info['summaries'])} revisions, expected {expected} "
                f"({base} before + {saved_per_slug[slug]} saved + {unknown_stored[slug]} unknown)"
            )
    if verify.returncode != 0:
        problems.append("verify_history failed: " + (verify.stdout + verify.stderr).strip()[-500:])
    return {
        "saves": dict(counts),
        "designs": len(state),
        "revisions": sum(len(i["summaries"]) for i in state.values()),
        "verify_history": verify.returncode == 0,
        "problems": problems,
    }


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index] * 1000


def describe(values: list[float]) -> str:
    return f"p50 {pct(values, 50):7.1f} ms  p95 {pct(values, 95):7.1f} ms  p99 {pct(values, 99):7.1f} ms"


def run_database(db: str, args) -> dict:
    server = Server(db, postgres_url=args.postgres_url, workers=args.workers, threads=args.threads)
    print(
        f"\n== {server.label}: {args.clients} clients, {args.seconds:g} s, gunicorn "
        f"{args.workers} workers × {args.threads} threads on {HOST}:{server.port}",
        flush=True,
    )
    try:
        seed = server.prepare(users=max(1, min(MAX_USERS, args.clients // 2)))
        server.start()
        # Is the live rescoring endpoint there? (It came with the editor.)
        probe = Client(server.port, Results(), 0, random.Random())
        operations = dict(MIX)
        rescore_path = "/designs/{slug}/edit/score/"
        try:
            probe.sign_in(seed["designs"][0]["user"], server.password)
            probe.request("probe", "GET", rescore_path.format(slug=seed["designs"][0]["slug"]))
        except RequestFailed:
            operations.pop("rescore")
            print("   (no rescoring endpoint answered; the mix runs without it)")
        probe.close()

        reference = Results()
        ref_seconds = max(2.0, args.seconds / 6)
        deadline = time.monotonic() + ref_seconds
        ref_elapsed = run_threads(
            [lambda: reference_loop(server.port, reference, deadline)] * args.clients
        )
        ref_count = len(reference.latencies["reference"])

        results = Results()
        deadline = time.monotonic() + 3600  # set below, once everyone is signed in
        clients = [
            Editor(
                i,
                server.port,
                results,
                deadline,
                random.Random(args.seed * 1000 + i),
                seed["designs"][i % len(seed["designs"])],
                seed["examples"],
                rescore_path,
            )
            for i in range(args.clients)
        ]
        # Signing in hashes a password on purpose slowly; it is not part of the timed mix.
        run_threads([lambda c=c: c.try_sign_in(server.password) for c in clients])
        results.latencies.pop("sign-in", None)
        deadline = time.monotonic() + args.seconds
        for client in clients:
            client.deadline = deadline
        elapsed = run_threads([lambda c=c: c.run(operations) for c in clients if c.signed_in])
        server.stop()
        locked = server.log_count("database is locked")
        check = check_history(server, results.saves)
    finally:
        server.drop()

    # Loading the editor before rescoring or saving counts as a request of its own.
    shown = [*operations, "editor"]
    all_latencies = [v for op in shown for v in results.latencies[op]]
    count = len(all_latencies)
    rps, ref_rps = count / elapsed, ref_count / ref_elapsed
    ref_p50 = pct(reference.latencies["reference"], 50)
    print(
        f"   reference (anonymous sign-in page, no database): {ref_rps:7.1f} req/s   "
        f"{describe(reference.latencies['reference'])}"
    )
    print(
        f"   mix: {count} requests in {elapsed:.1f} s = {rps:.1f} req/s "
        f"({rps / ref_rps:.2f}× the reference)   {describe(all_latencies)}"
    )
    for op in shown:
        values = results.latencies[op]
        print(
            f"     {op:8} {len(values):6d}  {describe(values)}   "
            f"p50 {pct(values, 50) / ref_p50:5.1f}× the reference"
        )
    print(f"   saves: {check['saves']}")
    errors = dict(results.errors) | {f"reference {k}": v for k, v in reference.errors.items()}
    print(f"   errors by kind: {errors or 'none'}")
    print(f"   'database is locked' in the server log: {locked}")
    print(
        f"   afterwards: {check['designs']} designs, {check['revisions']} revisions, "
        f"verify_history {'passes' if check['verify_history'] else 'FAILS'}, "
        f"lost or half-saved: {len(check['problems'])}"
    )
    for problem in check["problems"][:20]:
        print(f"     ! {problem}")
    return {
        "database": db,
        "clients": args.clients,
        "seconds": args.seconds,
        "requests": count,
        "rps": round(rps, 1),
        "reference_rps": round(ref_rps, 1),
        "p50_ms": round(pct(all_latencies, 50), 1),
        "p95_ms": round(pct(all_latencies, 95), 1),
        "p99_ms": round(pct(all_latencies, 99), 1),
        "per_operation": {
            op: {
                "count": len(results.latencies[op]),
                "p50_ms": round(pct(results.latencies[op], 50), 1),
                "p95_ms": round(pct(results.latencies[op], 95), 1),
                "p99_ms": round(pct(results.latencies[op], 99), 1),
            }
            for op in shown
        },
        "errors": errors,
        "database_locked": locked,
        "saves": check["saves"],
        "problems": check["problems"],
        "verify_history": check["verify_history"],
        "ok": not errors and not locked and not check["problems"] and check["verify_history"],
    }


def default_postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        parts = urllib.parse.urlsplit(url)
        return urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    return "postgres://evaluator:evaluator@127.0.0.1:5432/postgres"


def databases(choice: str) -> list[str]:
    if choice == "both":
        return ["sqlite", "postgres"]
    if choice == "current":  # whatever the test suite runs on
        return [
            "postgres" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
        ]
    return [choice]


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--seconds", type=float, default=60.0, help="length of each timed run")
    p.add_argument("--clients", type=int, default=32)
    p.add_argument("--db", choices=["sqlite", "postgres", "both", "current"], default="both")
    p.add_argument(
        "--postgres-url",
        default=default_postgres_url(),
        help="a PostgreSQL URL whose role may create databases",
    )
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--json", type=Path, help="also write the figures here")
    return p


def main() -> int:
    args = parser("Drive the app under gunicorn with concurrent clients.").parse_args()
    if not 0 < args.seconds <= 3600 or not 0 < args.clients <= 256:
        raise SystemExit("--seconds must be in (0, 3600] and --clients in (0, 256]")
    figures = [run_database(db, args) for db in databases(args.db)]
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    ok = all(f["ok"] for f in figures)
    print("\n" + ("all goals hold" if ok else "GOALS NOT MET"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
