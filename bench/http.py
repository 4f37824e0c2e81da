"""HTTP: how many people can edit at once, with live rescoring, on gunicorn's 2 workers.

    python bench/http.py [--seconds 15] [--series 10,20,30,...] [--worker-class gthread]
                         [--design designs/shop.yaml | --design synthetic-20]
    python bench/http.py --quick        # two small steps, for the smoke test

Starts the app under gunicorn (2 workers, sync unless ``--worker-class gthread``) on a
free 127.0.0.1 port with production settings (DEBUG=0, a generated SECRET_KEY,
ALLOWED_HOSTS=127.0.0.1, a temporary SQLite file, no TLS redirect) after ``migrate`` and
``collectstatic``. Every simulated editor is
a user of its own, signed in, with its own copy of the design: by default the example
``designs/shop.yaml`` (7 components), or with ``--design synthetic-20`` a fully answered
20-component design, the heavier case;
it opens the editor page once (the cookies and the form come from there, as a browser's
do) and then, once a second, changes one answer -- the peak request rate of a random
component, to a value never sent before, so no cache can answer for the engine -- and
posts the whole form the way the page does (url-encoded, the CSRF token among the fields,
``HX-Request: true``), keeping each change as the person's form would.

The load is open loop: each request leaves at its scheduled second whether or not the
earlier ones have been answered, and its latency is counted from that scheduled time, so
a server that falls behind shows it as queueing instead of being given a slower pace. For
each number of editors in the series, one step of ``--seconds``:

1. reference: the same number of clients at the same rate fetching ``GET /healthz``, the
   whole middleware stack around a view that only answers "ok";
2. rescoring as described above.

Printed per step: requests per second, p50/p95/max latency and errors of each, their
ratios, the server's CPU per request, how much of a core the load generator used and what
else the (shared) machine was doing. The series stops after the first step whose
rescoring has a p95 over 100 ms or any error; the last line gives the largest number of
editors that held (aim: >= 50). A response counts as answered only with status 200 and,
for a rescoring, the name of every component in it (the score panel, not an error page);
no answer within ``--timeout`` seconds is an error.

The load generator is one asyncio process: HTTP/1.1 over plain streams, one connection
per editor kept alive when the server allows it (gunicorn's sync workers close each
connection after its response, so against them every request opens one, as a browser's
would) and a second one opened when a request is sent before the previous one has been
answered. The server is stopped at the end, whatever happens. Linux only for the CPU
figures (they come from /proc); elsewhere they are left out.
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
import asyncio  # noqa: E402
import contextlib  # noqa: E402
import gzip  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import secrets  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

from tests.formfields import form_fields  # noqa: E402  (what a browser would post)

HOST = "127.0.0.1"
WORKERS = 2
DESIGN = "designs/shop.yaml"
AIM_P95_MS = 100.0
AIM_EDITORS = 50
SERIES = (10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 120, 150, 200, 250, 300)
QUICK_SERIES = (2, 4)
ACCEPT_ENCODING = "gzip, deflate, br, zstd"  # what Chromium sends
RATE_FIELD = re.compile(r"c\d+\.a\.peak_rps")

# Runs in a child process with the benchmark's settings: users, their designs, sessions.
SETUP = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
first, count, design = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
import django
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from bench.engine import make_design
from evaluator.web import services

if design.startswith("synthetic-"):
    spec = make_design(services.knowledge(), int(design.split("-")[1]), seed=20261129)
else:
    spec = services.parse_design_file(open(design, "rb").read(), filename=design)
editors = []
for number in range(first, first + count):
    user = get_user_model().objects.create_user(f"editor{number:03d}", password=None)
    design = services.create_design(user, spec)
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    editors.append({"slug": design.slug, "cookies": {settings.SESSION_COOKIE_NAME: session}})
print(json.dumps({
    "components": [c.name for c in spec.components],
    "answers": sum(len(c.answers) for c in spec.components) + len(spec.context),
    "editors": editors,
}))
"""


# --- The server ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def environment(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
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


def make_editors(env, first: int, count: int, design: str = DESIGN) -> dict:
    """``count`` new users, each signed in with a design of its own (see ``SETUP``)."""
    run = subprocess.run(
        [sys.executable, "-c", SETUP, str(ROOT), str(first), str(count), design],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "evaluator.settings"},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(run.stdout.strip().splitlines()[-1])


def start_server(env, port: int, log: Path, worker_class: str) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log.open("wb") as output:
        server = subprocess.Popen(
            [
                str(gunicorn),
                "evaluator.wsgi",
                f"--bind={HOST}:{port}",
                f"--workers={WORKERS}",
                f"--worker-class={worker_class}",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=2) as sock:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n" % HOST.encode())
                if sock.recv(64).startswith(b"HTTP/1.1 200 "):
                    return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    server.wait()
    raise SystemExit("gunicorn did not answer within 30 s; its log:\n" + log.read_text()[-3000:])


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# --- The load generator: HTTP/1.1 over asyncio streams ---------------------------------


@dataclass
class Response:
    status: int
    body: bytes
    cookies: dict[str, str]


class NoAnswer(Exception):
    """The server closed the connection before a whole response arrived."""


async def read_response(reader: asyncio.StreamReader) -> tuple[Response, bool]:
    """One response from ``reader`` and whether its connection may carry another request."""
    status_line = await reader.readline()
    if not status_line:
        raise NoAnswer("connection closed before a response")
    version, status, _ = (status_line.decode("latin-1").rstrip("\r\n") + "  ").split(" ", 2)
    headers: dict[str, str] = {}
    cookies: dict[str, str] = {}
    while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip()
        if name == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key.strip()] = rest.split(";", 1)[0]
        else:
            headers[name] = value
    keep_alive = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while size := int((await reader.readline()).split(b";")[0], 16):
            chunks.append(await reader.readexactly(size))
            await reader.readline()
        await reader.readline()  # the blank line after the last chunk (no trailers sent)
        body = b"".join(chunks)
    else:
        body, keep_alive = await reader.read(), False
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return Response(int(status), body, cookies), keep_alive


class Client:
    """One browser tab: its cookies and its connections to the server.

    A request takes an idle kept-alive connection, or opens one (a browser opens another
    when the previous request is still waiting).
    """

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies = dict(cookies or {})
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    def head(self, method: str, path: str, extra: str = "") -> str:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return (
            f"{method} {path} HTTP/1.1\r\nHost: {HOST}:{self.port}\r\n"
            f"Accept-Encoding: {ACCEPT_ENCODING}\r\n"
            + (f"Cookie: {cookie}\r\n" if cookie else "")
            + extra
        )

    async def send(self, message: bytes) -> Response:
        reused = bool(self.idle)
        reader, writer = (
            self.idle.pop() if reused else await asyncio.open_connection(HOST, self.port)
        )
        try:
            writer.write(message)
            response, keep_alive = await read_response(reader)
        except NoAnswer:
            writer.close()
            if not reused:
                raise
            # An idle connection the server had just closed: what a browser retries.
            return await self.send(message)
        except BaseException:
            writer.close()
            raise
        if keep_alive:
            self.idle.append((reader, writer))
        else:
            writer.close()
        self.cookies.update(response.cookies)
        return response

    def close(self) -> None:
        for _, writer in self.idle:
            writer.close()
        self.idle.clear()


class Editor(Client):
    """A person editing a design: the form as a browser would post it, one change at a time."""

    def __init__(self, port: int, slug: str, cookies: dict[str, str], rng: random.Random):
        super().__init__(port, cookies)
        self.slug = slug
        self.rng = rng
        self.parts: list[str] = []
        self.rates: list[int] = []

    async def open_editor(self) -> None:
        message = self.head("GET", f"/designs/{self.slug}/edit/", "\r\n").encode()
        response = await self.send(message)
        if response.status != 200:
            raise SystemExit(f"the editor of {self.slug} answered {response.status}")
        fields = form_fields(response.body.decode(), scripted=True)
        # Encoded once; a change replaces one part, as the person's form keeps it.
        self.parts = [urllib.parse.urlencode([(name, value)]) for name, value in fields]
        self.rates = [i for i, (name, _) in enumerate(fields) if RATE_FIELD.fullmatch(name)]
        if not self.rates or not any(name == "csrfmiddlewaretoken" for name, _ in fields):
            raise SystemExit("the editor form has no peak rates or no CSRF token")

    def rescoring(self, value: int) -> bytes:
        index = self.rng.choice(self.rates)
        name = self.parts[index].partition("=")[0]
        self.parts[index] = f"{name}={value}"
        body = "&".join(self.parts).encode()
        head = self.head(
            "POST",
            f"/designs/{self.slug}/edit/score/",
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n"
            f"Origin: http://{HOST}:{self.port}\r\n"
            "HX-Request: true\r\nHX-Target: score-panel\r\n\r\n",
        )
        return head.encode() + body


def health(client: Client, _value: int) -> bytes:
    return client.head("GET", "/healthz", "\r\n").encode()


# --- Measuring ---------------------------------------------------------------------------


def _ticks(path: str) -> int:
    # utime + stime of one process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat).
    with open(path) as stat:
        fields = stat.read().rpartition(")")[2].split()
    return int(fields[11]) + int(fields[12])


class CpuMeter:
    """CPU used by the load generator, by gunicorn and by the whole machine."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        self.available = Path(f"/proc/{server_pid}/stat").exists()

    def _server(self) -> float:
        children = Path(f"/proc/{self.server_pid}/task/{self.server_pid}/children")
        pids = [self.server_pid, *map(int, children.read_text().split())]
        total = 0
        for pid in pids:
            with contextlib.suppress(OSError):  # a worker that has just been replaced
                total += _ticks(f"/proc/{pid}/stat")
        return total / self.tick

    def _machine(self) -> float:
        with open("/proc/stat") as stat:
            user, nice, system, _idle, _iowait, irq, softirq, steal = map(
                int, stat.readline().split()[1:9]
            )
        return (user + nice + system + irq + softirq + steal) / self.tick

    def snapshot(self) -> tuple[float, ...]:
        generator = time.process_time()
        if not self.available:
            return (time.monotonic(), generator, 0.0, 0.0)
        return (time.monotonic(), generator, self._server(), self._machine())

    def since(self, before: tuple[float, ...], requests: int) -> dict[str, float]:
        """Cores used since ``before`` and CPU milliseconds per request."""
        wall, generator, server, machine = (
            b - a for a, b in zip(before, self.snapshot(), strict=True)
        )
        return {
            "generator": generator / wall,
            "server": server / wall,
            "others": max(0.0, (machine - server - generator) / wall),
            "server_ms_per_request": server * 1000 / max(1, requests),
            "generator_ms_per_request": generator * 1000 / max(1, requests),
        }


@dataclass
class Step:
    """What one kind of request met at one number of clients."""

    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    lags: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    sent: int = 0
    cpu: dict[str, float] = field(default_factory=dict)

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0

    def holds(self) -> bool:
        return bool(self.latencies) and not self.errors and self.percentile(0.95) <= AIM_P95_MS


@dataclass
class Load:
    """Open-loop steps against one server, sharing the run's CPU meter and random source."""

    meter: CpuMeter
    rng: random.Random
    timeout: float
    # Every rescoring sets a value no request has had before, so no cache can answer it.
    values: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    async def step(self, clients, make, check, seconds: float) -> Step:
        """Each client sends ``make(client, value)`` once a second for ``seconds``, starting
        at a random moment of the first second; each request is timed from when it was due.
        """
        loop = asyncio.get_running_loop()
        step = Step(len(clients), seconds)
        start = loop.time() + 0.05

        async def one(client, due: float) -> None:
            await asyncio.sleep(due - loop.time())
            step.lags.append(loop.time() - due)
            try:
                message = make(client, next(self.values))
                response = await asyncio.wait_for(client.send(message), self.timeout)
            except TimeoutError:
                step.errors[f"no answer within {self.timeout:g} s"] += 1
                return
            except (OSError, NoAnswer, asyncio.IncompleteReadError, ValueError) as error:
                step.errors[type(error).__name__] += 1
                return
            problem = check(response)
            if problem:
                step.errors[problem] += 1
            else:
                step.latencies.append(loop.time() - due)

        requests = []
        for client in clients:
            offset = self.rng.random()
            requests.extend(one(client, start + offset + k) for k in range(int(seconds)))
        step.sent = len(requests)
        before = self.meter.snapshot()
        await asyncio.gather(*requests)
        step.cpu = self.meter.since(before, step.sent)
        for client in clients:
            client.close()  # each step starts with no open connection
        return step


def check_rescoring(names: list[str]):
    encoded = [name.encode() for name in names]

    def check(response: Response) -> str | None:
        if response.status != 200:
            return f"HTTP {response.status}"
        if not all(name in response.body for name in encoded):
            return "HTTP 200 without the scores of every component"
        return None

    return check


def check_health(response: Response) -> str | None:
    return None if response.status == 200 else f"HTTP {response.status}"


# --- Report ------------------------------------------------------------------------------


def step_line(label: str, step: Step, cpu_known: bool) -> str:
    errors = ", ".join(f"{v} {k}" for k, v in step.errors.items()) or "no errors"
    line = (
        f"  {label:10} {len(step.latencies) / step.seconds:6.1f}/s  "
        f"p50 {step.percentile(0.50):6.1f}  p95 {step.percentile(0.95):6.1f}  "
        f"max {step.percentile(1.0):7.1f} ms  ({step.sent} sent, {errors})"
    )
    if cpu_known:
        line += f"  server CPU {step.cpu['server_ms_per_request']:.1f} ms/request"
    return line


def report_step(reference: Step, rescoring: Step, cpu_known: bool) -> None:
    print(f"{rescoring.clients} editors:")
    print(step_line("rescoring", rescoring, cpu_known))
    print(step_line("/healthz", reference, cpu_known))
    ratios = (
        f"p50 {rescoring.percentile(0.5) / max(reference.percentile(0.5), 1e-3):.1f}, "
        f"p95 {rescoring.percentile(0.95) / max(reference.percentile(0.95), 1e-3):.1f}"
    )
    lag = max(rescoring.lags, default=0.0) * 1000
    line = f"  ratio rescoring / healthz: {ratios}; generator late by at most {lag:.1f} ms"
    if cpu_known:
        cpu = rescoring.cpu
        line += (
            f"; generator {cpu['generator'] * 100:.0f}% of a core "
            f"({cpu['generator_ms_per_request']:.2f} ms/request), "
            f"server {cpu['server']:.2f} cores, other processes {cpu['others']:.2f} cores"
        )
    print(line, flush=True)


# --- The run -----------------------------------------------------------------------------


class Editors:
    """The simulated editors, made as the series needs them."""

    def __init__(self, env, port: int, rng: random.Random, design: str) -> None:
        self.env, self.port, self.rng, self.design = env, port, rng, design
        self.all: list[Editor] = []
        self.components: list[str] = []
        self.answers = 0

    async def first(self, count: int) -> list[Editor]:
        if count > len(self.all):
            made = make_editors(self.env, len(self.all) + 1, count - len(self.all), self.design)
            self.components, self.answers = made["components"], made["answers"]
            fresh = [Editor(self.port, e["slug"], e["cookies"], self.rng) for e in made["editors"]]
            # As many at a time as there are workers: opening editors is not what is measured.
            gate = asyncio.Semaphore(WORKERS)

            async def open_one(editor: Editor) -> None:
                async with gate:
                    await editor.open_editor()
                    editor.close()

            await asyncio.gather(*(open_one(editor) for editor in fresh))
            self.all.extend(fresh)
        return self.all[:count]


async def measure(env, port: int, server_pid: int, args) -> int:
    rng = random.Random(args.seed)
    load = Load(CpuMeter(server_pid), rng, args.timeout)
    cpu_known = load.meter.available
    editors = Editors(env, port, rng, args.design)

    # Warm both workers up (code, templates, knowledge base); not counted.
    warm = await editors.first(min(4, args.series[-1]))
    check = check_rescoring(editors.components)
    await load.step(warm, Editor.rescoring, check, 2)
    await load.step([Client(port)], health, check_health, 2)
    form = warm[0].parts
    print(
        f"gunicorn: {WORKERS} {args.worker_class} workers, SQLite. Each editor posts the whole form of its "
        f"{len(editors.components)}-component design ({editors.answers} answers, "
        f"{len(form)} fields, {len('&'.join(form)) // 1024} KiB) once a second, open loop, "
        f"{args.seconds:g} s per step. Aim: p95 <= {AIM_P95_MS:g} ms and no error for "
        f">= {AIM_EDITORS} editors.",
        flush=True,
    )

    results: list[tuple[Step, Step]] = []
    for count in args.series:
        clients = await editors.first(count)
        reference = await load.step(
            [Client(port) for _ in range(count)], health, check_health, args.seconds
        )
        await asyncio.sleep(0.5)
        rescoring = await load.step(clients, Editor.rescoring, check, args.seconds)
        results.append((reference, rescoring))
        report_step(reference, rescoring, cpu_known)
        if not rescoring.holds():
            break
        await asyncio.sleep(0.5)

    if results[-1][1].holds():
        print(f"every step held, up to the end of the series ({results[-1][1].clients} editors)")
    if cpu_known:
        top = max(r.cpu["generator"] for _, r in results)
        print(f"load generator: at most {top * 100:.0f}% of one core in a rescoring step")
    best = max((r.clients for _, r in results if r.holds()), default=0)
    print(
        f"largest number of editors with rescoring p95 <= {AIM_P95_MS:g} ms and no error: "
        f"{best or 'none'} (aim >= {AIM_EDITORS})"
    )
    # Failing at some number is the point of the series; an error at the smallest number
    # means something is broken, not busy.
    first_reference, first_rescoring = results[0]
    return 1 if first_reference.errors or first_rescoring.errors else 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="length of each step")
    parser.add_argument(
        "--series",
        type=lambda text: tuple(int(n) for n in text.split(",")),
        default=SERIES,
        help="numbers of editors, rising (default: %(default)s)",
    )
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for one")
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument(
        "--design",
        default=DESIGN,
        help="a design file, or synthetic-N for N fully answered components (default: %(default)s)",
    )
    parser.add_argument(
        "--worker-class",
        choices=("sync", "gthread"),
        default="sync",
        help="gunicorn's: sync closes each connection, gthread keeps them alive",
    )
    parser.add_argument(
        "--quick", action="store_true", help=f"steps of {QUICK_SERIES} editors for 3 s each"
    )
    args = parser.parse_args()
    if args.quick:
        args.series, args.seconds = QUICK_SERIES, 3.0
    if list(args.series) != sorted(set(args.series)) or min(args.series) < 1:
        parser.error("--series must be rising numbers of editors, e.g. 10,20,40")
    return args


def main() -> int:
    args = parse_args()
    # One descriptor per connection, and an overloaded step keeps many open at once.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with tempfile.TemporaryDirectory(prefix="bench-http-") as tmp:
        env = environment(Path(tmp))
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        port = free_port()
        log = Path(tmp) / "gunicorn.log"
        server = start_server(env, port, log, args.worker_class)
        try:
            status = asyncio.run(measure(env, port, server.pid, args))
        finally:
            stop_server(server)
        if status:
            print("the server's log ends with:", *log.read_text().splitlines()[-20:], sep="\n")
        return status


if __name__ == "__main__":
    sys.exit(main())
