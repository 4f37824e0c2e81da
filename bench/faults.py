# ruff: noqa: E402  (the standard library is imported after sys.path is cleaned, below)
"""Faults: workers killed in the middle of saves, a database that refuses writes, a full disk.

    python bench/faults.py                          # every scenario, SQLite then PostgreSQL
    python bench/faults.py --db sqlite --seconds 8 --scenario kill

Uses the server and clients of ``bench/load.py`` (gunicorn on 127.0.0.1, production
settings, a fresh database that is removed afterwards).

kill       Editors save as fast as they can while a gunicorn worker is killed with SIGKILL
           every second or so; the master starts a new one. A request in flight on the
           killed worker ends with a dropped connection, so its client does not know
           whether the save happened. Afterwards: every design's rows equal its latest
           revision (nothing half-saved), the history chain verifies, every save a client
           saw succeed is stored once, every refused one is not, and an interrupted save is
           either wholly there or wholly absent.
readonly   The database is made read-only underneath the running app (SQLite: the file
           opened read-only; PostgreSQL: ``default_transaction_read_only`` on the database).
           Every page still reads; every save answers 503 with the plain message and no
           traceback, and nothing changes.
diskfull   SQLite only: the database may not grow by a single page, as on a full disk.
           Saves that still fit succeed; the rest answer 503; none is half-saved.

The exit status is non-zero when any of that fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds a script called http.py; with the script's folder first on sys.path it
# would stand in for the standard library's http package.
_BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _BENCH]

import json
import os
import random
import signal
import sqlite3
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.load import (  # noqa: E402
    HOST,
    MAX_USERS,
    Editor,
    RequestFailed,
    Results,
    Server,
    check_history,
    databases,
    parser,
    run_threads,
)

UNAVAILABLE = "The database cannot take changes right now"


class FaultEditor(Editor):
    """An editor whose saves may also be refused with 503, which it checks is explained."""

    def op_save(self) -> None:
        if self.form is None:
            self.load_editor()
        self.saves += 1
        token = f"edit-{self.number:02d}-{self.saves:05d}-{random.getrandbits(24):06x}"
        data = self._changed_form(summary=f"Fault test design. Last edit {token}.", action="save")
        outcome = "error"
        try:
            status, _, body = self.request(
                "save", "POST", f"/designs/{self.slug}/edit/", data, expect=(302, 409, 503)
            )
            outcome = {302: "saved", 409: "conflict", 503: "unavailable"}[status]
            if status == 503 and (UNAVAILABLE not in body or "Traceback" in body):
                self.results.error("save: 503 without the plain message")
        finally:
            with self.results.lock:
                self.results.saves.append((f"{self.user}/{self.slug}", token, outcome))
            self.form = None


def signed_in_editors(server: Server, seed: dict, count: int, results: Results, seconds: float):
    editors = [
        FaultEditor(
            i,
            server.port,
            results,
            0,
            random.Random(i),
            seed["designs"][i % len(seed["designs"])],
            seed["examples"],
            "/designs/{slug}/edit/score/",
        )
        for i in range(count)
    ]
    run_threads([lambda e=e: e.try_sign_in(server.password) for e in editors])
    deadline = time.monotonic() + seconds
    for editor in editors:
        editor.deadline = deadline
    return [e for e in editors if e.signed_in]


def revision_counts(server: Server) -> dict[str, int]:
    state = server.manage(
        "shell",
        "-c",
        "import json; from evaluator.web.models import Design; print(json.dumps("
        "{f'{d.owner.username}/{d.slug}': d.revisions.count() for d in "
        "Design.objects.filter(is_example=False).select_related('owner')}))",
    )
    return json.loads(state.stdout.strip().splitlines()[-1])


def report(name: str, server: Server, results: Results, check: dict, extra: str = "") -> bool:
    statuses = {k: v for k, v in sorted(results.statuses.items())}
    ok = not check["problems"] and check["verify_history"]
    print(f"   {name}: {extra}")
    print(f"     responses: {statuses}")
    print(f"     saves: {check['saves']}")
    print(f"     client-side errors: {dict(results.errors) or 'none'}")
    print(
        f"     afterwards: {check['revisions']} revisions in {check['designs']} designs, "
        f"verify_history {'passes' if check['verify_history'] else 'FAILS'}, "
        f"lost or half-saved: {len(check['problems'])}"
    )
    for problem in check["problems"][:20]:
        print(f"     ! {problem}")
    return ok


def scenario_kill(server: Server, seed: dict, args) -> bool:
    before = revision_counts(server)
    server.start()
    results = Results()
    editors = signed_in_editors(server, seed, args.clients, results, args.seconds)
    kills = []
    stop = threading.Event()

    def killer():
        rng = random.Random(args.seed)
        while not stop.wait(rng.uniform(0.5, 1.5)):
            workers = server.worker_pids()
            if workers:
                victim = rng.choice(workers)
                try:
                    os.kill(victim, signal.SIGKILL)
                    kills.append(victim)
                except ProcessLookupError:
                    pass

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    run_threads([lambda e=e: e.run({"save": 70, "rescore": 15, "open": 15}) for e in editors])
    stop.set()
    thread.join(timeout=5)
    server.stop()
    check = check_history(server, results.saves, initial_revisions=before)
    interrupted = sum(1 for _, _, outcome in results.saves if outcome == "error")
    # Dropped connections are what a killed worker looks like; only the data must hold.
    ok = report(
        "kill",
        server,
        results,
        check,
        f"{len(kills)} workers killed with SIGKILL, {interrupted} saves interrupted",
    )
    return ok and len(kills) > 0


def _readonly_settings(server: Server, extra_init: str = "", read_only: bool = False) -> str:
    """A settings module beside the database that opens it differently; returns its name."""
    name = "fault_settings"
    lines = ["from evaluator.settings import *  # noqa: F403", ""]
    if read_only:
        lines.append(f'DATABASES["default"]["NAME"] = "file:{server.sqlite_path}?mode=ro"')
    if extra_init:
        lines.append(f'DATABASES["default"]["OPTIONS"]["init_command"] += "{extra_init}"')
    (server.workdir / f"{name}.py").write_text("\n".join(lines) + "\n")
    return name


def _refusal_round(server: Server, editors, results: Results) -> None:
    """Each editor reads a page, saves, and tries to create a design."""

    def work(editor):
        try:
            editor.request("open", "GET", f"/designs/{editor.slug}/")
            editor.op_save()
            status, _, body = editor.request(
                "new design",
                "POST",
                "/designs/new/",
                {"name": "Never stored", "csrfmiddlewaretoken": editor.cookies.get("csrftoken")},
                expect=(503,),
            )
            if UNAVAILABLE not in body:
                results.error("new design: 503 without the plain message")
        except RequestFailed:
            pass

    run_threads([lambda e=e: work(e) for e in editors])


def scenario_readonly(server: Server, seed: dict, args) -> bool:
    server.start()
    results = Results()
    editors = signed_in_editors(server, seed, min(args.clients, 8), results, args.seconds)
    server.stop()
    before = revision_counts(server)
    if server.db == "sqlite":
        server.start(settings_module=_readonly_settings(server, read_only=True),
                     pythonpath=str(server.workdir))  # fmt: skip
    else:
        server._pg(f'ALTER DATABASE "{server.pg_name}" SET default_transaction_read_only = on')
        server.start()
    for editor in editors:
        editor.conn = None
    _refusal_round(server, editors, results)
    server.stop()
    if server.db != "sqlite":
        server._pg(f'ALTER DATABASE "{server.pg_name}" RESET default_transaction_read_only')
    check = check_history(server, results.saves, initial_revisions=before)
    refused = results.statuses.get("save 503", 0)
    ok = report("readonly", server, results, check, f"{refused} saves refused with 503")
    unchanged = revision_counts(server) == before
    if not unchanged:
        print("     ! the revision counts changed while the database was read-only")
    opened = results.statuses.get("open 200", 0)
    return ok and unchanged and not results.errors and refused == len(editors) == opened


def scenario_diskfull(server: Server, seed: dict, args) -> bool:
    if server.db != "sqlite":
        print("   diskfull: skipped on PostgreSQL (the in-process test injects the error)")
        return True
    server.start()
    results = Results()
    editors = signed_in_editors(server, seed, min(args.clients, 8), results, args.seconds)
    server.stop()
    before = revision_counts(server)
    with sqlite3.connect(server.sqlite_path) as db:
        db.execute("VACUUM")
        pages = db.execute("PRAGMA page_count").fetchone()[0]
    module = _readonly_settings(server, extra_init=f"; PRAGMA max_page_count = {pages}")
    server.start(settings_module=module, pythonpath=str(server.workdir))
    for editor in editors:
        editor.deadline = time.monotonic() + min(args.seconds, 10)
    run_threads([lambda e=e: e.run({"save": 100}) for e in editors])
    server.stop()
    check = check_history(server, results.saves, initial_revisions=before)
    outcomes = Counter(outcome for _, _, outcome in results.saves)
    ok = report(
        "diskfull",
        server,
        results,
        check,
        f"database held at {pages} pages: {outcomes.get('saved', 0)} saves fitted, "
        f"{outcomes.get('unavailable', 0)} refused with 503",
    )
    return ok and not results.errors and outcomes.get("unavailable", 0) > 0


SCENARIOS = {"kill": scenario_kill, "readonly": scenario_readonly, "diskfull": scenario_diskfull}


def main() -> int:
    p = parser("Kill workers, make the database read-only or full, and check nothing is lost.")
    p.add_argument("--scenario", choices=[*SCENARIOS, "all"], default="all")
    p.set_defaults(seconds=20.0, clients=12, workers=3, threads=4)
    args = p.parse_args()
    chosen = list(SCENARIOS) if args.scenario == "all" else [args.scenario]
    outcome = {}
    for db in databases(args.db):
        # One database for all scenarios, in this order: each counts what is there before it.
        server = Server(
            db, postgres_url=args.postgres_url, workers=args.workers, threads=args.threads
        )
        print(f"\n== {server.label}: gunicorn {args.workers} workers on {HOST}", flush=True)
        try:
            seed = server.prepare(users=max(1, min(MAX_USERS, args.clients // 2)))
            for name in chosen:
                outcome[f"{db} {name}"] = SCENARIOS[name](server, seed, args)
        finally:
            server.drop()
    if args.json:
        args.json.write_text(json.dumps(outcome, indent=2))
    ok = all(outcome.values())
    print("\n" + ("every fault left the data whole" if ok else f"FAILED: {outcome}"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
