"""Log-in flood: the agenda's latency while eight clients post wrong passwords as fast as they can.

Usage (from the project root)::

    .venv/bin/python bench/login_flood.py              # 200 agenda requests per scenario
    .venv/bin/python bench/login_flood.py --requests 50

The script starts its own server for every scenario: a SCRATCH SQLite database (a
temporary file with the project's WAL settings), ``manage.py migrate`` and
``manage.py seed_demo`` once, then a real ``manage.py serve`` process (Uvicorn, as in
production; DEBUG off, the production password hasher) per scenario. One client
thread GETs the agenda (``/sessions/``) ``--requests`` times in a row and times each
request; meanwhile ``--flooders`` client threads in another process, each on its own
keep-alive connection with its own CSRF cookie, POST wrong passwords for the demo
accounts to ``/account/login/`` without pause. Scenarios:

- ``quiet``: no flood (the baseline);
- ``flood``: the flood against the configuration as shipped (log-ins throttled per
  address typed and per client address; hashing in PASSWORD_HASHING_THREADS=1 thread);
- ``flood-unthrottled``: the same with the log-in limits lifted, so every attempt
  hashes: what the hashing pool alone does;
- ``flood-unthrottled-8-hashers``: limits lifted and 8 hashing threads, i.e. every
  flooder hashing at once, as before the pool (each request hashed on its own thread).

Printed per scenario: agenda p50/p95/max, log-in answers by status (200 wrong
password, 429 throttled) and log-ins per second. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing as mp
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

if __package__ in (None, ""):  # run as a script: bench/ is on sys.path, the project is not
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness
from bench.harness import ROOT

DEMO_EMAILS = ["coordinator@alliance.example", "moderator@alliance.example",
               "participant@alliance.example", "policy@alliance.example"]
LIFTED = {"LOGIN_RATE_PER_EMAIL": "1000000", "LOGIN_RATE_PER_IP": "1000000"}
SCENARIOS: dict[str, tuple[bool, dict[str, str]]] = {
    "quiet": (False, {}),
    "flood": (True, {}),
    "flood-unthrottled": (True, LIFTED),
    "flood-unthrottled-8-hashers": (True, {**LIFTED, "PASSWORD_HASHING_THREADS": "8"}),
}


def server_env(database: Path, extra: dict[str, str]) -> dict[str, str]:
    return harness.django_env(harness.sqlite_url(database), ALLIANCE_ENV="development", DEBUG="false",
                              TASKS_BACKEND="immediate", EMAIL_BACKEND="locmem", **extra)


def login_form(conn: http.client.HTTPConnection) -> tuple[str, str]:
    """The CSRF cookie and token of a fresh log-in page."""
    conn.request("GET", "/account/login/")
    response = conn.getresponse()
    body = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if not (cookie and token):
        raise RuntimeError("no CSRF token on the log-in page")
    return cookie.group(1), token.group(1)


def flooder(port: int, index: int, stop: Any, counts: Any) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    cookie, token = login_form(conn)
    attempt = 0
    while not stop.is_set():
        attempt += 1
        body = urlencode({"csrfmiddlewaretoken": token, "username": DEMO_EMAILS[(index + attempt) % 4],
                          "password": f"wrong {index} {attempt}"})
        try:
            conn.request("POST", "/account/login/", body, {
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}",
                "Referer": f"http://127.0.0.1:{port}/account/login/"})
            status = conn.getresponse()
            status.read()
            key = str(status.status)
        except (ConnectionError, OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            key = "error"
        with counts.get_lock():
            counts[_SLOTS.index(key) if key in _SLOTS else len(_SLOTS) - 1] += 1


_SLOTS = ["200", "429", "403", "error", "other"]


def flood_process(port: int, flooders: int, stop: Any, counts: Any, ready: Any) -> None:
    threads = [threading.Thread(target=flooder, args=(port, i, stop, counts), daemon=True) for i in range(flooders)]
    for thread in threads:
        thread.start()
    ready.set()
    for thread in threads:
        thread.join()


def measure_agenda(port: int, requests: int) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        conn.request("GET", "/sessions/")
        response = conn.getresponse()
        response.read()
        times.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise RuntimeError(f"the agenda answered {response.status}")
    conn.close()
    return times


def run_scenario(name: str, database: Path, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    flood, extra = SCENARIOS[name]
    port = harness.free_ports(1)[0]
    server = harness.Server(harness.serve_command(port), port, server_env(database, extra), workdir, name=name)
    try:
        server.wait_ready("/sessions/")
        measure_agenda(port, 20)  # warm-up: templates, connections
        stop, ready = mp.Event(), mp.Event()
        counts = mp.Array("q", len(_SLOTS))
        child = None
        if flood:
            child = mp.Process(target=flood_process, args=(port, args.flooders, stop, counts, ready))
            child.start()
            ready.wait()
            time.sleep(2)  # let the flood reach its pace before measuring
        with counts.get_lock():
            before = sum(counts)
        started = time.perf_counter()
        times = measure_agenda(port, args.requests)
        elapsed = time.perf_counter() - started
        with counts.get_lock():
            logins = sum(counts) - before
            by_status = {slot: counts[i] for i, slot in enumerate(_SLOTS) if counts[i]}
        stop.set()
        if child is not None:
            child.join(timeout=120)
    finally:
        server.stop()
    ordered = sorted(times)
    return {
        "scenario": name, "agenda_p50_ms": round(statistics.median(ordered), 1),
        "agenda_p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1), "agenda_max_ms": round(ordered[-1], 1),
        "logins_per_s": round(logins / elapsed, 1), "login_answers": by_status,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=200, help="agenda requests per scenario (default 200)")
    parser.add_argument("--flooders", type=int, default=8, help="parallel log-in flooders (default 8)")
    parser.add_argument("--scenario", action="append", choices=list(SCENARIOS),
                        help="run only this scenario (repeatable; default all)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database and server logs")
    args = parser.parse_args(argv)
    results = []
    with harness.scratch_dir("alliance-login-flood-", keep=args.keep) as workdir:
        database = workdir / "bench.sqlite3"
        env = server_env(database, {})
        started = time.perf_counter()
        for command in (["migrate", "--noinput", "-v", "0"], ["seed_demo"]):
            subprocess.run([sys.executable, "manage.py", *command], env=env, cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
        print(f"migrate + seed_demo {time.perf_counter() - started:.1f} s (SQLite scratch database)", flush=True)
        for name in args.scenario or list(SCENARIOS):
            result = run_scenario(name, database, args, workdir)
            results.append(result)
            print(f"{name:<28} agenda p50 {result['agenda_p50_ms']:>6.1f} ms  p95 {result['agenda_p95_ms']:>6.1f} ms  "
                  f"max {result['agenda_max_ms']:>6.1f} ms  log-ins {result['logins_per_s']:>6.1f}/s  "
                  f"{dict(Counter(result['login_answers']))}", flush=True)
    harness.print_json_line({"benchmark": "login_flood", "flooders": args.flooders, "requests": args.requests,
                             "results": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
