"""Live room fan-out: N websocket clients watch one room while the moderator fires 50 floor events.

Usage (from the project root)::

    .venv/bin/python bench/live_fanout.py                                  # 100, 1,000 and 2,000 watchers, 1 daphne
    .venv/bin/python bench/live_fanout.py --clients 1000                   # one run
    .venv/bin/python bench/live_fanout.py --workers 2 --redis redis://127.0.0.1:6379/0   # 2,000 and 5,000 over 2
    .venv/bin/python bench/live_fanout.py --postgres postgres://postgres@127.0.0.1:5432/postgres --clients 1000
    .venv/bin/python bench/live_fanout.py --url http://127.0.0.1:8000 --session 12 --clients 500
    .venv/bin/python bench/live_fanout.py --join-storm 1000 --no-fanout                 # only the join storm

Without ``--url`` the script starts and stops its own servers: a SCRATCH database (a
temporary SQLite file with the project's settings or, with ``--postgres URL``, a database
``alliance_bench_fanout`` created on that server and dropped afterwards), ``manage.py
migrate``, one public session per run with a moderator (a user in ``session.moderators``,
signed in through Django's session store), then ``--workers`` daphne processes (as in
production) with ALLIANCE_ENV=development, DEBUG=false, TASKS_BACKEND=immediate,
EMAIL_BACKEND=locmem and a file-descriptor limit of 65,536. One daphne uses the in-memory
channel layer (no REDIS_URL); several share the room through Redis (``--redis URL``,
REDIS_URL by default) with a CHANNELS_PREFIX of their own per run, whose keys are deleted
afterwards. Every run gets fresh servers, so the memory figures are the run's own.

For each run: ``--client-processes`` processes (separate from the servers), each an
asyncio loop with its share of the N websockets (``websockets.asyncio.client``;
anonymous watchers, the session is public; spread round-robin over the servers), open
them at most ``--handshakes`` at a time per process and hold the first snapshot. Then
the moderator (its own process, ``--moderator-connections`` websockets with the
session cookie, all on the first server) sends ``start`` (a warm-up broadcast every
watcher must receive), and then 50 events, alternately ``pause`` and ``resume``, at
a sustained 5 per second, round-robin over its connections: the server allows 10
messages per connection in 5 seconds, so one connection cannot carry 5 per second
(moderators are not held to the per-person limit, but to the cap of connections per
person: at most ``MAX_CONNECTIONS`` of alliance/meetings/consumers.py).
Events are fired on schedule whether or not the earlier ones have been delivered, so
an overloaded server shows as a growing latency, not as a slower schedule.

Every watcher records the time (``time.time()``: one machine, one clock) at which each
snapshot arrived and its ``seq``. The room sends one snapshot per stored event, whose
``seq`` is the last stored event's when the snapshot was computed, so a watcher "has"
event s from the first snapshot with seq ≥ s on. Per event, the latency is from the
moderator's send to the moment the LAST watcher has it ("every watcher has it"); per
watcher and event, the delivery latency. Failures are watchers that did not connect
or missed an event (no snapshot with its seq before the end, 60 s after the last
send). The script also counts snapshots older than one already held (out of order),
and snapshots whose state does not match their seq (the phase after the events up
to that seq, known from the moderator's acks).

Printed per run: N, failures, the per-event p50/p95/p99/max, per-watcher delivery
p50/p99, the moderator's ack latency, daphne's RSS (idle, with N connections, the
maximum sampled every 0.2 s) and CPU during the events, Redis' and the clients' CPU,
and whether the target is met: p99 ≤ 100 ms at 1,000 watchers on one process, p99 ≤
250 ms at 5,000 over two (both issues' targets; other runs have none). The script ends
with one JSON line holding every run.

With ``--url http://host:port[,http://host:port2] --session PK`` it watches a running
server instead (nothing started, created or dropped, except — without ``--cookie
sessionid=…`` — a moderator user on the database the environment names, signed in
through a child process); ``--server-pid`` gives the servers' process ids for the
memory and CPU figures. It sends real floor events: never point it at a live meeting.

``--join-storm N`` (issue 9, item 13) measures what a join costs: N signed-in participants
with a confirmed seat (as for ``--shares``: users, registrations and browser sessions made
in bulk; the session starts in 5 minutes, so opening the room marks them present) open
their websocket all at the same moment, from the client processes (at most
``--storm-concurrency`` handshakes in flight per process; by default all of them). A
participant is *synced* when its first snapshot has arrived. A moderator of the session
(one connection, opened before) records the presence list it is sent. Printed: joins
per second, the time until all N were synced, p50/p99 time-to-sync (from the common
start), and the server's CPU per join (its ``/proc`` utime+stime from just before the
start until every participant was synced, the moderator's presence list named all of
them and ``STORM_SETTLE_S`` more for deferred writes, divided by N; PostgreSQL's CPU
beside it). Then the database is read: registrations marked present (source "room"),
attendance entries in the activity log, presence rows. Then every participant closes
at once: the CPU per leave and whether the moderator's list is back to the moderator
alone. Targets: ≤ 10 ms of server CPU per join, and the 1,000 synced within 15 s on
one process.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing as mp
import os
import queue
import sys
import time
import traceback
import uuid
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

if __package__ in (None, ""):  # run as a script: bench/ is on sys.path, the project is not
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness
from bench.harness import ROOT, CpuMeter, RssSampler, raise_fd_limit, rss_kib

EVENTS = 50
RATE_PER_S = 5.0
MODERATOR_CONNECTIONS = 4
# The server's cap per person and room (alliance/meetings/consumers.py; not imported: this
# runs before Django is set up).
MAX_CONNECTIONS = 5
CLIENT_PROCESSES = 4
HANDSHAKES_PER_PROCESS = 8
FD_LIMIT = 65_536
BENCH_DB_NAME = "alliance_bench_fanout"
OPEN_TIMEOUT_S = 60.0
DELIVERY_GRACE_S = 60.0
WARMUP_TIMEOUT_S = 60.0
DEFAULT_CLIENTS_ONE = (100, 1_000, 2_000)
DEFAULT_CLIENTS_MANY = (2_000, 5_000)
# The targets: (daphne processes, watchers) -> p99 of "every watcher has it".
TARGETS_MS = {(1, 1_000): 100.0, (2, 5_000): 250.0}
EMAIL_DOMAIN = "fanout.bench.example"
DEFAULT_ASGI = "alliance.asgi:application"
# The join storm (--join-storm): deferred writes get this long after the last presence frame
# before the CPU is read; the targets at 1,000 on one process.
STORM_SETTLE_S = 3.0
STORM_TIMEOUT_S = 180.0
STORM_TARGET_CPU_MS, STORM_TARGET_S = 10.0, 15.0
STORM_PING_S = 30.0  # as the page (room.js)
SHARE_TEXT = "Need: FFP2 masks and gowns for {n} workers of member firms, deliveries stopped this week"


# --- Orchestrator (parent process) ---------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.internal:
        return internal(args)
    os.chdir(ROOT)
    raise_fd_limit()
    workers = len(args.url) if args.url else args.workers
    # One daphne uses the in-memory layer unless --redis is given; several need Redis.
    redis_url = "" if args.url else (args.redis or ("" if workers == 1 else os.environ.get("REDIS_URL", "")))
    if not args.url and workers > 1 and not redis_url:
        print("Several server processes share a room only through Redis: give --redis URL (or REDIS_URL).")
        return 2
    clients = [] if args.no_fanout else (args.clients or list(DEFAULT_CLIENTS_ONE if workers == 1
                                                              else DEFAULT_CLIENTS_MANY))
    results: dict[str, Any] = {
        "bench": "live_fanout", "events": args.events, "rate_per_s": args.rate,
        "moderator_connections": args.moderator_connections, "client_processes": args.client_processes,
        "handshakes_per_process": args.handshakes, "workers": workers,
        "channel_layer": "external" if args.url else ("redis" if redis_url else "in-memory"),
        "server": "external" if args.url else args.server,
        "database": "external" if args.url else ("postgresql" if args.postgres else "sqlite"),
        "cpus": os.cpu_count(), "runs": [],
    }
    if args.url:
        results["runs"] = run_external(args, clients)
    elif args.postgres:
        results["runs"] = run_postgresql(args, clients, redis_url)
    else:
        results["runs"] = run_sqlite(args, clients, redis_url)

    print()
    judged = []
    for r in results["runs"]:
        if "error" in r:
            print(f"N = {r['clients']:>5,}: FAILED ({r['error']})")
            continue
        if r.get("kind") == "storm":
            verdict = ("" if r.get("target_met") is None
                       else f"; targets ≤ {STORM_TARGET_CPU_MS:.0f} ms/join, ≤ {STORM_TARGET_S:.0f} s: "
                            f"{'met' if r['target_met'] else 'NOT met'}")
            print(f"{r['clients']:>5,} joining at once: {r['synced']:,} synced, {r['joins_per_s']:.1f} joins/s, all "
                  f"synced after {r['all_synced_s']:.1f} s (p50 {r['sync_p50_ms']:.0f} / p99 {r['sync_p99_ms']:.0f} "
                  f"ms); server CPU {r['server_cpu_ms_per_join']:.1f} ms per join; attendance {r['attended']:,}, "
                  f"presence {r['presence_people']:,}{verdict}")
            if r.get("target_met") is not None:
                judged.append(r["target_met"])
            continue
        if r.get("kind") == "shares":
            print(f"{r['clients']:>5,} participants posting: {r['acknowledged']:,} of {r['posted']:,} contributions "
                  f"acknowledged, {r['ingest_per_s']:.0f}/s ingested (ack p50 {r['ack_p50_ms']:.0f} / p99 "
                  f"{r['ack_p99_ms']:.0f} ms); fan-out {r['deliveries_share']:.0%} of {r['deliveries_expected']:,} "
                  f"deliveries in {r['window_s']:.0f} s; server RSS max {r['server_rss_max_mib']} MiB")
            continue
        target = r.get("target_p99_ms")
        verdict = ("no target for this run" if target is None
                   else f"target p99 ≤ {target:.0f} ms: {'met' if r['target_met'] else 'NOT met'}")
        if target is not None:
            judged.append(r["target_met"])
        print(f"N = {r['clients']:>5,} on {r['workers']} server(s): failures {r['failures']}, every watcher has it "
              f"p50 {r['event_p50_ms']:.1f} / p95 {r['event_p95_ms']:.1f} / p99 {r['event_p99_ms']:.1f} / "
              f"max {r['event_max_ms']:.1f} ms; server RSS max {r['server_rss_max_mib']} MiB; {verdict}")
    results["target_met"] = all(judged) if judged else None
    harness.print_json_line(results)
    return 0 if all("error" not in r for r in results["runs"]) else 1


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--clients", type=lambda s: [int(v) for v in s.split(",") if v.strip()], default=None,
                        help="watchers per run, comma-separated (default 100,1000,2000 on one daphne, "
                             "2000,5000 on several)")
    parser.add_argument("--workers", type=int, default=1,
                        help="daphne processes on consecutive ports; more than 1 needs Redis (default 1)")
    parser.add_argument("--redis", default="", metavar="URL",
                        help="Redis channel layer (default: REDIS_URL with several daphne processes, the "
                             "in-memory layer with one)")
    parser.add_argument("--postgres", default="", metavar="URL",
                        help="PostgreSQL server to create the scratch database on (default: a SQLite file)")
    parser.add_argument("--events", type=int, default=EVENTS, help=f"floor events per run (default {EVENTS})")
    parser.add_argument("--rate", type=float, default=RATE_PER_S,
                        help=f"floor events per second (default {RATE_PER_S:g})")
    parser.add_argument("--moderator-connections", type=int, default=MODERATOR_CONNECTIONS,
                        help=f"moderator websockets the events are spread over (default {MODERATOR_CONNECTIONS}; "
                             "the server allows 10 messages per connection in 5 s)")
    parser.add_argument("--client-processes", type=int, default=CLIENT_PROCESSES,
                        help=f"processes holding the watchers' websockets (default {CLIENT_PROCESSES})")
    parser.add_argument("--handshakes", type=int, default=HANDSHAKES_PER_PROCESS,
                        help=f"websocket handshakes in flight per client process (default {HANDSHAKES_PER_PROCESS})")
    parser.add_argument("--url", type=lambda s: [u.strip().rstrip("/") for u in s.split(",") if u.strip()],
                        default=None, help="use this running server (comma-separated for several)")
    parser.add_argument("--session", type=int, default=0, help="session pk, with --url")
    parser.add_argument("--cookie", default="", help="with --url: the moderator's cookie (sessionid=...)")
    parser.add_argument("--server-pid", type=int, action="append", default=[],
                        help="with --url: a server's process id, for its memory and CPU (repeatable)")
    parser.add_argument("--grace", type=float, default=DELIVERY_GRACE_S,
                        help=f"seconds after the last send before a watcher without an event has missed it "
                             f"(default {DELIVERY_GRACE_S:.0f})")
    parser.add_argument("--shares", type=int, default=0, metavar="N",
                        help="also N participants (signed in, confirmed) post one written contribution each, all "
                             "at once: contributions ingested per second and their fan-out (e.g. 1000)")
    parser.add_argument("--join-storm", type=int, default=0, metavar="N",
                        help="also N participants (signed in, confirmed) open the room at the same moment: joins per "
                             "second, time until all are synced, server CPU per join (e.g. 1000)")
    parser.add_argument("--storm-concurrency", type=int, default=0, metavar="K",
                        help="with --join-storm: at most K handshakes in flight per client process (default: all "
                             "of them at once)")
    parser.add_argument("--no-fanout", action="store_true",
                        help="with --shares or --join-storm: only those runs, not the watchers'")
    parser.add_argument("--settings", default="alliance.settings", metavar="MODULE",
                        help="Django settings module of the servers (another one, on PYTHONPATH, measures a "
                             "configuration change before it is made)")
    parser.add_argument("--asgi", default=DEFAULT_ASGI, metavar="MODULE:APP",
                        help="the servers' ASGI application (another one, on PYTHONPATH, measures a code change "
                             "before it is made)")
    parser.add_argument("--server", choices=["uvicorn", "daphne"], default="uvicorn",
                        help="ASGI server to start: uvicorn through manage.py serve, as in production (default), "
                             "or daphne, for comparison")
    parser.add_argument("--scratch-db", default=BENCH_DB_NAME, metavar="NAME",
                        help=f"with --postgres: the scratch database's name (default {BENCH_DB_NAME}); two runs "
                             "side by side need two names, as each drops its own")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database and server logs")
    parser.add_argument("--internal", choices=["setup", "moderator", "participants", "attendance"],
                        help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.internal:
        return args
    if args.clients is not None and (not args.clients or min(args.clients) < 1):
        parser.error("--clients needs positive numbers")
    if args.workers < 1 or args.client_processes < 1 or args.handshakes < 1 or args.moderator_connections < 1:
        parser.error("--workers, --client-processes, --handshakes and --moderator-connections must be at least 1")
    if args.events < 1 or args.rate <= 0:
        parser.error("--events and --rate must be positive")
    if args.url and not args.session:
        parser.error("--url needs --session PK")
    if args.shares < 0 or args.join_storm < 0 or args.storm_concurrency < 0 or (
            args.no_fanout and not (args.shares or args.join_storm)):
        parser.error("--shares and --join-storm need positive numbers (and --no-fanout needs one of them)")
    if args.url and (args.shares or args.join_storm):
        parser.error("--shares and --join-storm create participants on a scratch database: not with --url")
    if args.url and args.workers != 1:
        parser.error("--workers starts servers; with --url list every server instead")
    if args.moderator_connections > MAX_CONNECTIONS:
        parser.error(f"the server accepts at most {MAX_CONNECTIONS} connections per person to a room")
    per_connection = args.rate / args.moderator_connections * 5.0
    if per_connection > 10:
        parser.error(f"{args.rate:g} events/s on {args.moderator_connections} moderator connection(s) is "
                     f"{per_connection:.1f} messages per connection in 5 s: the server allows 10")
    return args


def server_env(database_url: str, redis_url: str, prefix: str, settings: str = "alliance.settings") -> dict[str, str]:
    env = harness.django_env(database_url, settings, drop=("REDIS_URL", "CHANNELS_PREFIX"),
                             ALLIANCE_ENV="development", DEBUG="false", TASKS_BACKEND="immediate",
                             EMAIL_BACKEND="locmem")
    if redis_url:
        env["REDIS_URL"] = redis_url
        env["CHANNELS_PREFIX"] = prefix
    return env


def run_sqlite(args: argparse.Namespace, clients: list[int], redis_url: str) -> list[dict[str, Any]]:
    with harness.scratch_dir("alliance-fanout-", keep=args.keep,
                             kept="(kept the SQLite scratch database and server logs: {path})") as workdir:
        return run_local(args, clients, harness.sqlite_url(workdir / "bench.sqlite3"), redis_url, workdir, "SQLite")


def run_postgresql(args: argparse.Namespace, clients: list[int], redis_url: str) -> list[dict[str, Any]]:
    try:
        with harness.scratch_postgres(args.postgres, args.scratch_db, keep=args.keep,
                                      kept="(kept the PostgreSQL scratch database {name})") as scratch, \
                harness.scratch_dir("alliance-fanout-", keep=args.keep,
                                    kept="(and the server logs: {path})") as workdir:
            return run_local(args, clients, scratch.url, redis_url, workdir, "PostgreSQL")
    except harness.ScratchUnavailableError as error:  # run_local reports every other failure per run
        return [{"clients": n, "error": f"PostgreSQL not usable: {error}"[:300]} for n in clients]


def run_local(args: argparse.Namespace, clients: list[int], database_url: str, redis_url: str, workdir: Path,
              database: str) -> list[dict[str, Any]]:
    env = server_env(database_url, "", "", args.settings)
    print(f"migrate {harness.migrate(env):.1f} s ({database} scratch database)", flush=True)
    setup = child_json(env, ["--internal", "setup", "--count", str(len(clients))])
    jobs: list[tuple[str, int, int]] = [("fanout", n, session)
                                        for n, session in zip(clients, setup["sessions"], strict=True)]
    participants: dict[str, Any] = {}
    if args.shares:
        started = time.perf_counter()
        participants = child_json(env, ["--internal", "participants", "--count", str(args.shares)])
        print(f"{args.shares:,} participants (users, confirmed registrations, signed-in sessions) created in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
        jobs.append(("shares", args.shares, participants["session"]))
    storm: dict[str, Any] = {}
    if args.join_storm:
        started = time.perf_counter()
        storm = child_json(env, ["--internal", "participants", "--count", str(args.join_storm)])
        print(f"{args.join_storm:,} participants for the join storm created in {time.perf_counter() - started:.1f} s",
              flush=True)
        jobs.append(("storm", args.join_storm, storm["session"]))
    runs = []
    for index, (kind, n, session) in enumerate(jobs):
        prefix = f"bench-fanout-{os.getpid()}-{index}-{uuid.uuid4().hex[:8]}"
        run_env = server_env(database_url, redis_url, prefix, args.settings)
        layer = "Redis" if redis_url else "in-memory layer"
        if kind == "fanout":
            print(f"\n=== N = {n:,} watchers; {args.workers} {args.server} ({layer}, {database}); {args.events} events "
                  f"at {args.rate:g}/s on {args.moderator_connections} moderator connections; "
                  f"{args.client_processes} client processes ===", flush=True)
        elif kind == "storm":
            print(f"\n=== {n:,} participants open the room at the same moment; {args.workers} {args.server} "
                  f"({layer}, {database}); {args.client_processes} client processes ===", flush=True)
        else:
            print(f"\n=== {n:,} participants post a written contribution each, all at once; {args.workers} "
                  f"{args.server} ({layer}, {database}); {args.client_processes} client processes ===", flush=True)
        servers: list[harness.Server] = []
        try:
            ports = harness.free_ports(args.workers)
            asgi = "" if args.asgi == DEFAULT_ASGI else args.asgi
            servers = [server_process(port, run_env, workdir, asgi, args.server) for port in ports]
            for server in servers:
                server.wait_ready()
            urls = [f"http://127.0.0.1:{p}" for p in ports]
            pids = [s.proc.pid for s in servers]
            if kind == "fanout":
                result = run_room(args, n, urls, session, setup["cookie"], pids, redis=bool(redis_url),
                                  postgres=database == "PostgreSQL", servers=servers)
            elif kind == "storm":
                result = run_storm(args, n, urls, session, storm["cookies"], storm["moderator"], pids,
                                   redis=bool(redis_url), postgres=database == "PostgreSQL", servers=servers,
                                   env=env)
            else:
                result = run_shares(args, n, urls, session, participants["cookies"], pids, redis=bool(redis_url),
                                    postgres=database == "PostgreSQL", servers=servers)
            if redis_url and "error" not in result:
                result["group_members_left"] = group_members_left(redis_url, prefix, session)
                print(f"room group members in Redis after every websocket closed: {result['group_members_left']}")
        except Exception as error:
            traceback.print_exc()
            result = {"clients": n, "error": f"{type(error).__name__}: {error}"[:300]}
        finally:
            for server in servers:
                server.stop()
            if redis_url:
                delete_redis_keys(redis_url, prefix)
        exceptions: Counter[str] = Counter()
        for server in servers:
            exceptions.update(server.exceptions())
        result.update({"kind": kind, "workers": args.workers, "channel_layer": "redis" if redis_url else "in-memory",
                       "database": database.lower(), "server_exceptions": dict(exceptions.most_common(10))})
        if args.settings != "alliance.settings":
            result["settings"] = args.settings
        if args.asgi != DEFAULT_ASGI:
            result["asgi"] = args.asgi
        for line, count in exceptions.most_common(5):
            print(f"  server logged {count} × {line}")
        if kind == "fanout":
            judge(result)
        runs.append(result)
    return runs


def run_external(args: argparse.Namespace, clients: list[int]) -> list[dict[str, Any]]:
    cookie = args.cookie
    if not cookie:
        env = harness.with_root_on_path(
            {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "alliance.settings")})
        cookie = child_json(env, ["--internal", "moderator", "--session", str(args.session)])["cookie"]
    runs = []
    for n in clients:
        print(f"\n=== {', '.join(args.url)}: N = {n:,} watchers of session {args.session}; {args.events} events at "
              f"{args.rate:g}/s ===", flush=True)
        try:
            result = run_room(args, n, args.url, args.session, cookie, args.server_pid, redis=False, postgres=False)
        except Exception as error:
            traceback.print_exc()
            result = {"clients": n, "error": f"{type(error).__name__}: {error}"[:300]}
        result.update({"kind": "fanout", "workers": len(args.url), "channel_layer": "external",
                       "database": "external"})
        judge(result)
        runs.append(result)
    return runs


def judge(result: dict[str, Any]) -> None:
    if "error" in result:
        return
    target = TARGETS_MS.get((result["workers"], result["clients"]))
    result["target_p99_ms"] = target
    result["target_met"] = (None if target is None else
                            result["failures"] == 0 and result["events_unacknowledged"] == 0
                            and result["events_incomplete"] == 0 and result["watchers_complete"] > 0
                            and result["event_p99_ms"] <= target)
    if target is not None:
        print(f"target p99 ≤ {target:.0f} ms with no failure: {'met' if result['target_met'] else 'NOT met'}")


def child_json(env: dict[str, str], extra: list[str]) -> dict[str, Any]:
    """Run this script in a child process with Django set up on ``env``'s database."""
    return harness.child_json(__file__, env, extra)


def group_members_left(url: str, prefix: str, session: int) -> int | None:
    """Members of the room's group still in Redis 2 s after every websocket closed: each is a
    group_discard that failed, and every later broadcast is sent to it until it expires."""
    import redis

    time.sleep(2)
    try:
        client = redis.Redis.from_url(url)
        members = int(client.zcard(f"{prefix}:group:room-{session}"))
        client.close()
    except Exception as error:
        print(f"(could not count the room's group members: {error})")
        return None
    return members


def delete_redis_keys(url: str, prefix: str) -> None:
    """The run's channel-layer and cache keys (they would otherwise live for a day)."""
    try:
        import redis

        client = redis.Redis.from_url(url)
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        for start in range(0, len(keys), 500):
            client.delete(*keys[start:start + 500])
        client.close()
    except Exception as error:
        print(f"(could not delete the run's Redis keys {prefix}*: {error})")


# --- Servers -------------------------------------------------------------------------

def _server_limits() -> None:
    raise_fd_limit(FD_LIMIT)


def server_process(port: int, env: dict[str, str], workdir: Path, asgi: str = "",
                   kind: str = "daphne") -> harness.Server:
    """One server process (uvicorn through manage.py serve, as in production, or daphne), with an
    open-file limit for thousands of websockets."""
    if kind == "uvicorn" and not asgi:  # production: manage.py serve
        command = harness.serve_command(port)
    elif kind == "uvicorn":
        command = [str(ROOT / ".venv" / "bin" / "uvicorn"), asgi, "--host", "127.0.0.1", "--port", str(port),
                   "--ws", "websockets-sansio", "--ws-per-message-deflate", "false", "--no-access-log",
                   "--log-level", "warning"]
    else:
        command = harness.daphne_command(port, asgi or DEFAULT_ASGI)
    # Under the GC probe: the collector's work in the servers during the events.
    return harness.Server(command, port, env, workdir, name=kind, preexec_fn=_server_limits, gc_stats=True)


# --- One run: N watchers, one moderator ---------------------------------------------

def run_room(args: argparse.Namespace, n: int, urls: list[str], session: int, cookie: str, pids: list[int],
             *, redis: bool, postgres: bool, servers: list[harness.Server] | None = None) -> dict[str, Any]:
    ctx = mp.get_context("fork")
    path = f"/ws/sessions/{session}/room/"
    ctrl = ctx.Array("q", [0, 0])  # (generation, seq every watcher should reach)
    stop = ctx.Event()
    out: Any = ctx.Queue()
    mod_cmds: Any = ctx.Queue()
    mod_out: Any = ctx.Queue()
    processes = min(args.client_processes, n)
    shares = [[urls[j % len(urls)] for j in range(p, n, processes)] for p in range(processes)]
    rss_idle = sum(rss_kib(pid) for pid in pids)
    procs = [ctx.Process(target=client_process, daemon=True,
                         args=(p, shares[p], path, args.handshakes, ctrl, stop, out)) for p in range(processes)]
    moderator = ctx.Process(target=moderator_process, daemon=True,
                            args=(urls[0], path, cookie, args.moderator_connections, mod_cmds, mod_out))
    for proc in [*procs, moderator]:
        proc.start()
    sampler = RssSampler(pids)
    sampler.start()
    try:
        return measure_room(args, n, processes, ctrl, stop, out, mod_cmds, mod_out, pids, sampler, rss_idle,
                            redis=redis, postgres=postgres, servers=servers or [])
    finally:
        sampler.done.set()
        stop.set()
        mod_cmds.put(("stop",))
        for proc in [*procs, moderator]:
            proc.join(30)
            if proc.is_alive():
                proc.kill()
                proc.join(5)


def get(q: Any, timeout: float, what: str) -> Any:
    try:
        return q.get(timeout=max(0.1, timeout))
    except queue.Empty:
        raise RuntimeError(f"timed out waiting for {what}") from None


def poll(q: Any, timeout: float) -> Any:
    try:
        return q.get(timeout=max(0.05, timeout))
    except queue.Empty:
        return None


def set_target(ctrl: Any, generation: int, seq: int) -> None:
    with ctrl.get_lock():
        ctrl[1] = seq
        ctrl[0] = generation


def measure_room(args: argparse.Namespace, n: int, processes: int, ctrl: Any, stop: Any, out: Any,
                 mod_cmds: Any, mod_out: Any, pids: list[int], sampler: RssSampler, rss_idle: int, *,
                 redis: bool, postgres: bool, servers: list[harness.Server]) -> dict[str, Any]:
    t_connect = time.time()
    deadline = time.monotonic() + 60 + n / 20
    connected = failed_connect = 0
    connect_errors: Counter[str] = Counter()
    reached: dict[int, dict[int, tuple[float, float]]] = {1: {}, 2: {}}
    results: dict[int, tuple[list[Any], float, int]] = {}

    def handle(message: tuple[Any, ...]) -> str:
        kind = message[0]
        if kind == "connected":
            nonlocal connected, failed_connect
            _, _index, ok, bad, errors = message
            connected += ok
            failed_connect += bad
            connect_errors.update(errors)
        elif kind == "reached":
            _, index, generation, at, cpu = message
            reached[generation][index] = (at, cpu)
        elif kind == "result":
            _, index, watchers, cpu, size = message
            results[index] = (watchers, cpu, size)
        elif kind == "crashed":
            raise RuntimeError(f"client process {message[1]} failed:\n{message[2]}")
        return kind

    done = 0
    while done < processes:
        if handle(get(out, deadline - time.monotonic(), "the watchers to connect")) == "connected":
            done += 1
    connect_s = time.time() - t_connect
    rss_connected = sampler.sample()
    print(f"connected {connected:,} of {n:,} watchers in {connect_s:.1f} s ({connected / connect_s:.0f}/s); "
          f"failed {failed_connect}{' ' + str(dict(connect_errors.most_common(3))) if connect_errors else ''}",
          flush=True)

    mod_cmds.put(("connect",))
    message = get(mod_out, 60, "the moderator to connect")
    if message[0] != "ready":
        raise RuntimeError(f"moderator: {message}")
    base_seq = message[1]
    mod_cmds.put(("warmup",))
    message = get(mod_out, WARMUP_TIMEOUT_S + 5, "the moderator's start")
    if message[0] != "warmup" or message[1] is None:
        raise RuntimeError(f"the moderator's start was not stored: {message}")
    warmup_seq = message[1]
    set_target(ctrl, 1, warmup_seq)
    deadline = time.monotonic() + WARMUP_TIMEOUT_S
    while len(reached[1]) < processes and time.monotonic() < deadline:
        message = poll(out, min(1.0, deadline - time.monotonic()))
        if message is not None:
            handle(message)
    warmup_complete = len(reached[1]) == processes

    meter = CpuMeter(pids, redis=redis, postgres=postgres)
    gc_before = [s.gc_stats() for s in servers]
    load_before = harness.load_average()
    rss_before_events = sampler.sample()
    t0 = time.time() + 0.5
    mod_cmds.put(("run", t0, args.events, args.rate, args.grace))
    message = get(mod_out, args.events / args.rate + args.grace + 30, "the moderator's events")
    if message[0] != "run":
        raise RuntimeError(f"moderator: {message}")
    _, sends, acks, mod_errors, snapshots_to_moderator = message
    final_seq = max([seq for seq, _t in acks.values()], default=warmup_seq)
    last_send = max((s[2] for s in sends), default=t0)
    set_target(ctrl, 2, final_seq)
    deadline = time.monotonic() + max(1.0, last_send + args.grace - time.time())
    while len(reached[2]) < processes and time.monotonic() < deadline:
        message = poll(out, min(1.0, deadline - time.monotonic()))
        if message is not None:
            handle(message)
    t_end = max([at for at, _cpu in reached[2].values()], default=time.time())
    if len(reached[2]) < processes:
        t_end = time.time()
    cpu = meter.read()
    server_cpu, redis_cpu, pg_cpu, machine_busy = cpu.server_s, cpu.redis_s, cpu.postgres_s, cpu.machine_busy_share
    server_gc = harness.gc_figures(servers, gc_before, len(sends), unit="event")
    stop.set()
    deadline = time.monotonic() + 120
    while len(results) < processes:
        handle(get(out, deadline - time.monotonic(), "the watchers' records"))

    client_cpu = 0.0
    for index, (_watchers, cpu_at_stop, _size) in results.items():
        start_cpu = reached[1].get(index, (0.0, 0.0))[1]
        end_cpu = reached[2].get(index, (0.0, cpu_at_stop))[1]
        client_cpu += end_cpu - start_cpu
    watchers = [w for index in sorted(results) for w in results[index][0]]
    return figures(
        n=n, watchers=watchers, sends=sends, acks=acks, mod_errors=mod_errors, base_seq=base_seq,
        warmup_seq=warmup_seq, warmup_complete=warmup_complete, connect_s=connect_s,
        connect_errors=connect_errors, window_s=t_end - t0, server_cpu=server_cpu if pids else None,
        redis_cpu=redis_cpu, pg_cpu=pg_cpu, client_cpu=client_cpu,
        machine_busy=machine_busy, rss_idle=rss_idle, rss_connected=rss_connected, rss_before_events=rss_before_events,
        rss_max=sampler.max_total, rss_each=list(sampler.max_each.values()), pids=pids,
        snapshot_bytes=max((r[2] for r in results.values()), default=0),
        snapshots_to_moderator=snapshots_to_moderator, server_gc=server_gc, load_before=load_before,
    )


# --- Figures -------------------------------------------------------------------------

def percentiles(values: list[float], prefix: str) -> dict[str, float]:
    return harness.percentiles(values, prefix=prefix)


def expected_phases(kinds_by_seq: dict[int, str], warmup_seq: int) -> dict[int, int]:
    """The phase (its first letter, as a byte) after each event, for a fresh session:
    the start opens the floor, then pause/resume toggle it (a refused one changes nothing)."""
    phase = ord("f")
    expected = {warmup_seq: phase}
    for seq in sorted(kinds_by_seq):
        kind = kinds_by_seq[seq]
        if kind == "pause" and phase == ord("f"):
            phase = ord("p")
        elif kind == "resume" and phase == ord("p"):
            phase = ord("f")
        expected[seq] = phase
    return expected


def figures(*, n: int, watchers: list[Any], sends: list[Any], acks: dict[str, Any], mod_errors: list[Any],
            base_seq: int, warmup_seq: int, warmup_complete: bool, connect_s: float, connect_errors: Counter[str],
            window_s: float, server_cpu: float | None, redis_cpu: float | None, pg_cpu: float | None,
            client_cpu: float, machine_busy: float | None, rss_idle: int, rss_connected: int,
            rss_before_events: int, rss_max: int, rss_each: list[int], pids: list[int], snapshot_bytes: int,
            snapshots_to_moderator: int, server_gc: dict[str, Any] | None = None,
            load_before: str = "") -> dict[str, Any]:
    # The stored events: (seq, send time, scheduled time, kind).
    events = sorted((acks[key][0], t_send, t_sched, kind, acks[key][1])
                    for key, kind, t_send, t_sched in sends if key in acks)
    event_seqs = {e[0] for e in events}
    kinds_by_seq = {e[0]: e[3] for e in events}
    # Only a fresh room has a known phase after each seq (the script's own sessions).
    expected = expected_phases(kinds_by_seq, warmup_seq) if base_seq == 0 else {}
    per_event_last: dict[int, float] = dict.fromkeys(event_seqs, 0.0)
    per_event_first: dict[int, float] = dict.fromkeys(event_seqs, float("inf"))
    delivery: list[float] = []
    not_connected = missed = stale = repeated = inconsistent = disconnected = 0
    missed_events: Counter[int] = Counter()
    watcher_errors: Counter[str] = Counter()
    send_time = {e[0]: e[1] for e in events}
    for first_seq, arrivals, error in watchers:
        if first_seq is None:
            not_connected += 1
            continue
        have: dict[int, float] = {}
        running = first_seq
        for seq, t, phase in arrivals:
            if seq > running:
                for s in range(running + 1, seq + 1):
                    have[s] = t
                running = seq
            elif seq < running:
                stale += 1
            else:
                repeated += 1
            if seq in expected and phase != expected[seq]:
                inconsistent += 1
        lacking = [s for s in event_seqs if s not in have]
        if lacking:
            missed += 1
            missed_events.update(lacking)
        if error:
            disconnected += 1
            watcher_errors[error[:60]] += 1
        for s in event_seqs:
            if s in have:
                ms = (have[s] - send_time[s]) * 1000
                delivery.append(ms)
                if not lacking:  # "every watcher has it": over the watchers that got every event
                    per_event_last[s] = max(per_event_last[s], ms)
                    per_event_first[s] = min(per_event_first[s], ms)
    ordered = sorted(event_seqs)
    event_lat = [per_event_last[s] for s in ordered] if n - not_connected - missed > 0 else []
    first_lat = [per_event_first[s] for s in ordered if per_event_first[s] != float("inf")]
    ack_lat = [(e[4] - e[1]) * 1000 for e in events]
    lag = [(t_send - t_sched) * 1000 for _key, _kind, t_send, t_sched in sends]
    fifth = max(1, len(event_lat) // 5)
    delivered = len(delivery)
    result: dict[str, Any] = {
        "clients": n, "connected": n - not_connected, "not_connected": not_connected,
        "missed_an_event": missed, "failures": not_connected + missed,
        "disconnected": disconnected, "connect_errors": dict(connect_errors.most_common(5)),
        "connect_s": round(connect_s, 1), "connect_per_s": round((n - not_connected) / connect_s, 1),
        "warmup_delivered_to_all": warmup_complete,
        "events_sent": len(sends), "events_acknowledged": len(events),
        "events_unacknowledged": len(sends) - len(events),
        "events_incomplete": len(missed_events),
        "watchers_complete": n - not_connected - missed,
        "watcher_errors": dict(watcher_errors.most_common(5)),
        "moderator_errors": [str(e)[:120] for e in mod_errors[:5]],
        **percentiles(event_lat, "event"),
        "event_first_fifth_p50_ms": harness.percentiles(event_lat[:fifth])["p50_ms"],
        "event_last_fifth_p50_ms": harness.percentiles(event_lat[-fifth:])["p50_ms"],
        **percentiles(delivery, "delivery"),
        "first_watcher_p50_ms": harness.percentiles(first_lat)["p50_ms"],
        **percentiles(ack_lat, "ack"),
        "schedule_lag_max_ms": round(max(lag, default=0.0), 1),
        "snapshots_delivered": delivered, "snapshot_bytes": snapshot_bytes,
        "stale_snapshots": stale, "repeated_seq_snapshots": repeated, "inconsistent_snapshots": inconsistent,
        "snapshots_to_moderator": snapshots_to_moderator,
        "window_s": round(window_s, 2),
        "server_rss_idle_mib": round(rss_idle / 1024, 1) if pids else None,
        "server_rss_connected_mib": round(rss_connected / 1024, 1) if pids else None,
        "server_rss_max_mib": round(rss_max / 1024, 1) if pids else None,
        "server_rss_max_each_mib": [round(v / 1024, 1) for v in rss_each],
        "server_kib_per_connection": round((rss_connected - rss_idle) / max(1, n - not_connected), 1)
        if pids else None,
        "server_cpu_s": round(server_cpu, 2) if server_cpu is not None else None,
        "server_cpu_share_of_one_core": round(server_cpu / window_s, 2) if server_cpu is not None and window_s > 0
        else None,
        "server_cpu_us_per_snapshot": round(server_cpu * 1e6 / delivered, 1) if server_cpu and delivered else None,
        "redis_cpu_s": round(redis_cpu, 2) if redis_cpu is not None else None,
        "postgres_cpu_s": round(pg_cpu, 2) if pg_cpu is not None else None,
        "client_cpu_s": round(client_cpu, 2),
        "machine_busy_share": round(machine_busy, 2) if machine_busy is not None else None,
        "server_gc": server_gc, "load_average_before": load_before,
    }
    report(result)
    return result


def report(r: dict[str, Any]) -> None:
    print(f"--- N = {r['clients']:,}: {r['events_acknowledged']} of {r['events_sent']} events acknowledged, "
          f"window {r['window_s']:.1f} s ---")
    if r["events_incomplete"]:
        print(f"{r['events_incomplete']} acknowledged event(s) did not reach every connected watcher before the end; "
              f"'every watcher has it' is over the {r['watchers_complete']:,} watchers that got every event")
    print(f"failures {r['failures']} (not connected {r['not_connected']}, missed an event {r['missed_an_event']}; "
          f"disconnected {r['disconnected']}); warm-up start delivered to all: "
          f"{'yes' if r['warmup_delivered_to_all'] else 'NO'}")
    if r["watcher_errors"]:
        print(f"watchers' connections closed by the server: {r['watcher_errors']}")
    if r["moderator_errors"]:
        print(f"moderator errors: {r['moderator_errors']}")
    print(f"every watcher has it (ms): p50 {r['event_p50_ms']:.1f}, p95 {r['event_p95_ms']:.1f}, "
          f"p99 {r['event_p99_ms']:.1f}, max {r['event_max_ms']:.1f}; median of the first / last fifth of the "
          f"events {r['event_first_fifth_p50_ms']:.1f} / {r['event_last_fifth_p50_ms']:.1f}")
    print(f"per-watcher delivery (ms): p50 {r['delivery_p50_ms']:.1f}, p95 {r['delivery_p95_ms']:.1f}, "
          f"p99 {r['delivery_p99_ms']:.1f}, max {r['delivery_max_ms']:.1f}; first watcher p50 "
          f"{r['first_watcher_p50_ms']:.1f}; moderator ack p50 {r['ack_p50_ms']:.1f}, p99 {r['ack_p99_ms']:.1f}; "
          f"schedule lag max {r['schedule_lag_max_ms']:.1f}")
    print(f"snapshots: {r['snapshots_delivered']:,} delivered, {r['snapshot_bytes']:,} bytes each; out of order "
          f"{r['stale_snapshots']}, repeated seq {r['repeated_seq_snapshots']}, state not matching its seq "
          f"{r['inconsistent_snapshots']}")
    if r["server_rss_max_mib"] is not None:
        print(f"server RSS: idle {r['server_rss_idle_mib']} MiB, with the watchers {r['server_rss_connected_mib']} MiB "
              f"({r['server_kib_per_connection']} KiB per connection), max {r['server_rss_max_mib']} MiB "
              f"{r['server_rss_max_each_mib'] if len(r['server_rss_max_each_mib']) > 1 else ''}")
        print(f"CPU during the events: server {r['server_cpu_s']:.1f} s ({r['server_cpu_share_of_one_core']:.2f} "
              f"of a core, {r['server_cpu_us_per_snapshot']} µs per delivered snapshot)"
              + (f", Redis {r['redis_cpu_s']:.1f} s" if r["redis_cpu_s"] is not None else "")
              + (f", PostgreSQL {r['postgres_cpu_s']:.1f} s" if r["postgres_cpu_s"] is not None else "")
              + f", clients {r['client_cpu_s']:.1f} s; machine "
              + (f"{100 * r['machine_busy_share']:.0f} % busy ({os.cpu_count()} cores)"
                 if r["machine_busy_share"] is not None else "?"))
    if r.get("server_gc") is not None:
        print(f"{harness.gc_text(r['server_gc'])}; load average before the events {r['load_average_before']}")
    print(f"connect: {r['connected']:,} in {r['connect_s']:.1f} s ({r['connect_per_s']:.0f}/s)", flush=True)


# --- Watchers (client processes) ------------------------------------------------------

def ws_url(base: str, path: str) -> tuple[str, str]:
    parts = urlsplit(base)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}{path}", f"{parts.scheme}://{parts.netloc}"


def parse_frame(data: bytes) -> tuple[int, int]:
    """(seq, first byte of the phase) of a snapshot frame without decoding all of it;
    (-1, 0) for anything else. The consumer sends json.dumps' default separators."""
    if data.startswith(b'{"type": "snapshot", "seq": '):
        end = data.find(b",", 28)
        phase = data.find(b'"phase": "', end)
        return int(data[28:end]), data[phase + 10] if phase >= 0 else 0
    try:
        message = json.loads(data)
    except ValueError:
        return -1, 0
    if not isinstance(message, dict) or message.get("type") != "snapshot":
        return -1, 0
    return int(message.get("seq", 0)), ord(str(message.get("phase", " "))[:1] or " ")


class Watcher:
    __slots__ = ("arrivals", "error", "first_seq", "max_seq", "size", "url", "ws")

    def __init__(self, url: str) -> None:
        self.url = url
        self.ws: Any = None
        self.first_seq: int | None = None
        self.max_seq = -1
        self.arrivals: list[tuple[int, float, int]] = []
        self.error = ""
        self.size = 0


def client_process(index: int, urls: list[str], path: str, handshakes: int, ctrl: Any, stop: Any,
                   out: Any) -> None:
    raise_fd_limit()
    try:
        asyncio.run(watch_room(index, urls, path, handshakes, ctrl, stop, out))
    except Exception:
        out.put(("crashed", index, traceback.format_exc()[-2000:]))


async def watch_room(index: int, urls: list[str], path: str, handshakes: int, ctrl: Any, stop: Any,
                     out: Any) -> None:
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    watchers = [Watcher(url) for url in urls]
    gate = asyncio.Semaphore(handshakes)
    stopping = False

    async def open_one(w: Watcher) -> None:
        url, origin = ws_url(w.url, path)
        async with gate:
            try:
                w.ws = await connect(url, additional_headers={"Origin": origin}, open_timeout=OPEN_TIMEOUT_S,
                                     ping_interval=None, proxy=None, max_size=2**22)
                data = await asyncio.wait_for(w.ws.recv(decode=False), OPEN_TIMEOUT_S)
                seq, _phase = parse_frame(data)
                if seq < 0:
                    raise RuntimeError(f"first frame is not a snapshot: {data[:80]!r}")
                w.first_seq = w.max_seq = seq
            except Exception as error:
                w.error = f"{type(error).__name__}: {error}"[:120]
                if w.ws is not None:
                    w.ws.transport.abort()

    async def read(w: Watcher) -> None:
        ws = w.ws
        try:
            while True:
                data = await ws.recv(decode=False)
                t = time.time()
                seq, phase = parse_frame(data)
                if seq < 0:
                    continue
                w.arrivals.append((seq, t, phase))
                w.size = len(data)
                if seq > w.max_seq:
                    w.max_seq = seq
        except ConnectionClosed as error:
            if not stopping:
                w.error = f"closed: {error}"[:120]
        except Exception as error:
            w.error = f"{type(error).__name__}: {error}"[:120]

    await asyncio.gather(*(open_one(w) for w in watchers))
    live = [w for w in watchers if w.first_seq is not None]
    readers = [asyncio.create_task(read(w)) for w in live]
    errors = Counter(w.error.split(":")[0] for w in watchers if w.first_seq is None)
    out.put(("connected", index, len(live), len(watchers) - len(live), dict(errors)))
    last_generation = 0
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        with ctrl.get_lock():
            generation, target = ctrl[0], ctrl[1]
        if generation > last_generation and all(w.max_seq >= target for w in live if not w.error):
            out.put(("reached", index, generation, time.time(), sum(os.times()[:2])))
            last_generation = generation
        await asyncio.sleep(0.05)
    stopping = True
    cpu = sum(os.times()[:2])
    closing = [loop.create_task(w.ws.close()) for w in live]
    if closing:
        await asyncio.wait(closing, timeout=10)
    for w in live:
        w.ws.transport.abort()
    for task in readers:
        task.cancel()
    await asyncio.gather(*readers, return_exceptions=True)
    out.put(("result", index, [(w.first_seq, w.arrivals, w.error) for w in watchers], cpu,
             max((w.size for w in watchers), default=0)))


# --- The moderator ---------------------------------------------------------------------

def moderator_process(base: str, path: str, cookie: str, connections: int, cmds: Any, out: Any) -> None:
    raise_fd_limit()
    try:
        asyncio.run(moderate(base, path, cookie, connections, cmds, out))
    except Exception:
        out.put(("crashed", traceback.format_exc()[-2000:]))


async def moderate(base: str, path: str, cookie: str, connections: int, cmds: Any, out: Any) -> None:
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    loop = asyncio.get_running_loop()
    command = await loop.run_in_executor(None, cmds.get)
    if command[0] != "connect":
        return
    url, origin = ws_url(base, path)
    sockets = []
    first_seqs = []
    for _ in range(connections):
        ws = await connect(url, additional_headers={"Origin": origin, "Cookie": cookie},
                           open_timeout=OPEN_TIMEOUT_S, ping_interval=None, proxy=None, max_size=2**22)
        first = json.loads(await ws.recv())
        if first.get("type") != "snapshot" or not first.get("you", {}).get("moderator"):
            raise RuntimeError(f"not a moderator in this room: {str(first)[:200]}")
        first_seqs.append(int(first["seq"]))
        sockets.append(ws)
    acks: dict[str, tuple[int, float]] = {}
    errors: list[tuple[str | None, str]] = []
    snapshots = 0

    async def read(ws: Any) -> None:
        nonlocal snapshots
        with contextlib.suppress(ConnectionClosed):
            while True:
                data = await ws.recv(decode=False)
                t = time.time()
                if data.startswith(b'{"type": "snapshot"'):
                    snapshots += 1
                    continue
                message = json.loads(data)
                if message.get("type") == "ack":
                    acks[message["key"]] = (int(message["seq"]), t)
                elif message.get("type") == "error":
                    errors.append((message.get("key"), str(message.get("error"))))

    readers = [asyncio.create_task(read(ws)) for ws in sockets]
    out.put(("ready", max(first_seqs)))
    tag = uuid.uuid4().hex[:12]

    async def wait_for(keys: list[str], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        answered = {k for k, _ in errors}
        while time.monotonic() < deadline and any(k not in acks and k not in answered for k in keys):
            await asyncio.sleep(0.01)
            answered = {k for k, _ in errors}

    while True:
        command = await loop.run_in_executor(None, cmds.get)
        if command[0] == "warmup":
            key = f"start-{tag}"
            await sockets[0].send(json.dumps({"type": "floor", "kind": "start", "key": key}))
            await wait_for([key], WARMUP_TIMEOUT_S)
            out.put(("warmup", acks[key][0] if key in acks else None, errors[:5]))
        elif command[0] == "run":
            _, t0, events, rate, grace = command
            sends: list[tuple[str, str, float, float]] = []
            for i in range(events):
                scheduled = t0 + i / rate
                delay = scheduled - time.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                kind = "pause" if i % 2 == 0 else "resume"
                key = f"e{i:03d}-{tag}"
                text = json.dumps({"type": "floor", "kind": kind, "key": key})
                t_send = time.time()
                await sockets[i % len(sockets)].send(text)
                sends.append((key, kind, t_send, scheduled))
            await wait_for([s[0] for s in sends], max(1.0, sends[-1][2] + grace - time.time()))
            mine = {s[0]: acks[s[0]] for s in sends if s[0] in acks}
            out.put(("run", sends, mine, errors[:20], snapshots))
        else:
            break
    for task in readers:
        task.cancel()
    for ws in sockets:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(ws.close(), 5)


# --- Written contributions: participants post at once ----------------------------------

def run_shares(args: argparse.Namespace, n: int, urls: list[str], session: int, cookies: list[str],
               pids: list[int], *, redis: bool, postgres: bool,
               servers: list[harness.Server] | None = None) -> dict[str, Any]:
    """``n`` signed-in participants in the room each send one ``share`` at the same moment.
    Ingested: acknowledged (stored and committed) contributions per second. Every
    contribution then reaches everyone in the room: n × n deliveries (batched into fewer frames by the
    server, see meetings/hub.py; counted per contribution)."""
    ctx = mp.get_context("fork")
    path = f"/ws/sessions/{session}/room/"
    ctrl = ctx.Array("q", [0, 0])  # (generation, value): 3 = post at value µs since the epoch; 4 = frames each
    stop = ctx.Event()
    out: Any = ctx.Queue()
    processes = min(args.client_processes, n)
    shares = [[(urls[j % len(urls)], cookies[j]) for j in range(p, n, processes)] for p in range(processes)]
    rss_idle = sum(rss_kib(pid) for pid in pids)
    procs = [ctx.Process(target=share_process, daemon=True,
                         args=(p, shares[p], path, args.handshakes, args.grace, ctrl, stop, out))
             for p in range(processes)]
    for proc in procs:
        proc.start()
    sampler = RssSampler(pids)
    sampler.start()
    try:
        t_connect = time.time()
        deadline = time.monotonic() + 60 + n / 20
        connected = failed_connect = 0
        connect_errors: Counter[str] = Counter()
        messages: dict[str, dict[int, Any]] = {"acked": {}, "reached": {}, "result": {}}

        def handle(message: tuple[Any, ...]) -> None:
            nonlocal connected, failed_connect
            if message[0] == "crashed":
                raise RuntimeError(f"client process {message[1]} failed:\n{message[2]}")
            if message[0] == "connected":
                connected += message[2]
                failed_connect += message[3]
                connect_errors.update(message[4])
                messages.setdefault("connected", {})[message[1]] = True
            else:
                messages[message[0]][message[1]] = message[2:]

        while len(messages.get("connected", {})) < processes:
            handle(get(out, deadline - time.monotonic(), "the participants to connect"))
        connect_s = time.time() - t_connect
        rss_connected = sampler.sample()
        print(f"connected {connected:,} of {n:,} participants in {connect_s:.1f} s ({connected / connect_s:.0f}/s); "
              f"failed {failed_connect}{' ' + str(dict(connect_errors.most_common(3))) if connect_errors else ''}",
              flush=True)
        meter = CpuMeter(pids, redis=redis, postgres=postgres)
        gc_before = [s.gc_stats() for s in servers or []]
        load_before = harness.load_average()
        t0 = time.time() + 0.5
        set_target(ctrl, 3, int(t0 * 1e6))
        deadline = time.monotonic() + 0.5 + args.grace
        while len(messages["acked"]) < processes and time.monotonic() < deadline:
            message = poll(out, min(1.0, deadline - time.monotonic()))
            if message is not None:
                handle(message)
        acked = sum(m[0] for m in messages["acked"].values())
        t_acked = max((m[1] for m in messages["acked"].values()), default=time.time())
        print(f"{acked:,} contributions acknowledged {t_acked - t0:.1f} s after the start; waiting for the fan-out "
              f"(at most {args.grace:.0f} s after the start)", flush=True)
        set_target(ctrl, 4, acked)
        while len(messages["reached"]) < processes and time.monotonic() < deadline:
            message = poll(out, min(1.0, deadline - time.monotonic()))
            if message is not None:
                handle(message)
        t_end = time.time()
        cpu = meter.read()
        server_cpu, redis_cpu, pg_cpu, machine_busy = cpu.server_s, cpu.redis_s, cpu.postgres_s, cpu.machine_busy_share
        server_gc = harness.gc_figures(servers or [], gc_before, n, unit="contribution")
        stop.set()
        deadline = time.monotonic() + 120
        while len(messages["result"]) < processes:
            handle(get(out, deadline - time.monotonic(), "the participants' records"))
    finally:
        sampler.done.set()
        stop.set()
        for proc in procs:
            proc.join(30)
            if proc.is_alive():
                proc.kill()
                proc.join(5)
    sends: dict[str, float] = {}
    acks: dict[str, tuple[float, int]] = {}
    errors: Counter[str] = Counter()
    latencies: list[float] = []
    every: dict[int, float] = {}
    counts: Counter[int] = Counter()
    received: list[int] = []
    client_cpu = 0.0
    for sent, answered, refused, lat, last, count, per_connection, cpu in messages["result"].values():
        sends.update(sent)
        acks.update(answered)
        errors.update(refused)
        latencies.extend(lat)
        for cid, t in last.items():
            every[cid] = max(every.get(cid, 0.0), t)
        counts.update(count)
        received.extend(per_connection)
        client_cpu += cpu
    live = connected - sum(1 for r in received if r < 0)
    by_id = {cid: sends[key] for key, (_t, cid) in acks.items()}
    complete = [(every[cid] - by_id[cid]) * 1000 for cid in by_id if counts.get(cid, 0) >= live and cid in every]
    ack_lat = [(t - sends[key]) * 1000 for key, (t, _cid) in acks.items()]
    delivered = sum(max(0, r) for r in received)
    expected = len(acks) * connected
    window = t_end - t0
    ingest_s = max((t for t, _cid in acks.values()), default=t0) - t0
    result: dict[str, Any] = {
        "clients": n, "connected": connected, "not_connected": n - connected,
        "connect_errors": dict(connect_errors.most_common(5)), "connect_s": round(connect_s, 1),
        "posted": len(sends), "acknowledged": len(acks), "refused": dict(errors.most_common(5)),
        "unanswered": len(sends) - len(acks) - sum(errors.values()),
        "ingest_s": round(ingest_s, 2), "ingest_per_s": round(len(acks) / ingest_s, 1) if ingest_s > 0 else 0.0,
        **percentiles(ack_lat, "ack"),
        "deliveries_expected": expected, "deliveries": delivered,
        "deliveries_share": round(delivered / expected, 3) if expected else 0.0,
        "deliveries_per_s": round(delivered / window, 1) if window > 0 else 0.0,
        "contributions_with_everyone": len(complete),
        **percentiles(complete, "everyone"),
        **percentiles(latencies, "delivery"),
        "connections_closed_by_server": sum(1 for r in received if r < 0),
        "window_s": round(window, 2),
        "server_rss_idle_mib": round(rss_idle / 1024, 1),
        "server_rss_connected_mib": round(rss_connected / 1024, 1),
        "server_rss_max_mib": round(sampler.max_total / 1024, 1),
        "server_cpu_s": round(server_cpu, 2),
        "server_cpu_us_per_frame": round(server_cpu * 1e6 / delivered, 1) if delivered else None,
        "redis_cpu_s": round(redis_cpu, 2) if redis_cpu is not None else None,
        "postgres_cpu_s": round(pg_cpu, 2) if pg_cpu is not None else None,
        "client_cpu_s": round(client_cpu, 2),
        "machine_busy_share": round(machine_busy, 2) if machine_busy is not None else None,
        "server_gc": server_gc, "load_average_before": load_before,
    }
    print(f"--- {n:,} participants: {len(sends):,} contributions posted at once ---")
    refusals = f" {dict(errors.most_common(3))}" if errors else ""
    print(f"acknowledged {len(acks):,}, refused {sum(errors.values())}{refusals}, "
          f"unanswered {result['unanswered']}; ingested {result['ingest_per_s']:.1f}/s (all acknowledged "
          f"{ingest_s:.2f} s after the start); ack p50 {result['ack_p50_ms']:.0f}, p95 {result['ack_p95_ms']:.0f}, "
          f"p99 {result['ack_p99_ms']:.0f}, max {result['ack_max_ms']:.0f} ms")
    print(f"fan-out: {delivered:,} of {expected:,} contributions delivered to participants "
          f"({result['deliveries_share']:.1%}) in {window:.1f} s, {result['deliveries_per_s']:,.0f}/s; "
          f"{len(complete):,} contributions reached "
          f"everyone (p50 {result['everyone_p50_ms']:.0f}, p99 {result['everyone_p99_ms']:.0f} ms); per "
          f"participant p50 {result['delivery_p50_ms']:.0f}, p99 {result['delivery_p99_ms']:.0f} ms; connections "
          f"closed by the server {result['connections_closed_by_server']}")
    print(f"server RSS: idle {result['server_rss_idle_mib']} MiB, connected {result['server_rss_connected_mib']} "
          f"MiB, max {result['server_rss_max_mib']} MiB; CPU server {server_cpu:.1f} s "
          f"({result['server_cpu_us_per_frame']} µs per delivered frame), clients {client_cpu:.1f} s"
          + (f", Redis {redis_cpu:.1f} s" if redis_cpu is not None else "")
          + (f", PostgreSQL {pg_cpu:.1f} s" if pg_cpu is not None else "")
          + (f"; machine {100 * result['machine_busy_share']:.0f} % busy" if result["machine_busy_share"] else ""),
          flush=True)
    if server_gc is not None:
        print(f"{harness.gc_text(server_gc)}; load average before the posts {load_before}", flush=True)
    return result


def share_process(index: int, conns: list[tuple[str, str]], path: str, handshakes: int, grace: float, ctrl: Any,
                  stop: Any, out: Any) -> None:
    raise_fd_limit()
    try:
        asyncio.run(share_in_room(index, conns, path, handshakes, grace, ctrl, stop, out))
    except Exception:
        out.put(("crashed", index, traceback.format_exc()[-2000:]))


async def share_in_room(index: int, conns: list[tuple[str, str]], path: str, handshakes: int, grace: float,
                        ctrl: Any, stop: Any, out: Any) -> None:
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    gate = asyncio.Semaphore(handshakes)
    sockets: list[Any] = [None] * len(conns)
    received = [0] * len(conns)
    closed = [False] * len(conns)
    acks: dict[str, tuple[float, int]] = {}
    refused: Counter[str] = Counter()
    answered: set[str] = set()
    latencies: list[float] = []
    last: dict[int, float] = {}
    count: Counter[int] = Counter()
    failed: Counter[str] = Counter()
    stopping = False

    async def open_one(i: int) -> None:
        url, origin = ws_url(conns[i][0], path)
        async with gate:
            try:
                ws = await connect(url, additional_headers={"Origin": origin, "Cookie": conns[i][1]},
                                   open_timeout=OPEN_TIMEOUT_S, ping_interval=None, proxy=None, max_size=2**24)
                first = json.loads(await asyncio.wait_for(ws.recv(), OPEN_TIMEOUT_S))
                if first.get("type") != "snapshot" or not first.get("you", {}).get("person"):
                    raise RuntimeError("not a participant with a seat in this room")
                sockets[i] = ws
            except Exception as error:
                failed[f"{type(error).__name__}: {error}"[:60]] += 1

    async def read(i: int) -> None:
        ws = sockets[i]
        try:
            while True:
                data = await ws.recv(decode=False)
                t = time.time()
                if data.startswith(b'{"type": "contributions"'):  # a batch (stored within 50 ms)
                    for item in json.loads(data)["contributions"]:
                        cid = int(item["id"])
                        mark = item["text"].find("[ts=")
                        if mark >= 0:
                            latencies.append((t - float(item["text"][mark + 4:item["text"].find("]", mark)])) * 1000)
                        received[i] += 1
                        count[cid] += 1
                        if t > last.get(cid, 0.0):
                            last[cid] = t
                elif data.startswith(b'{"type": "contribution"'):
                    start = data.find(b'"id": ') + 6
                    cid = int(data[start:data.find(b",", start)])
                    mark = data.find(b"[ts=")
                    if mark >= 0:
                        latencies.append((t - float(data[mark + 4:data.find(b"]", mark)])) * 1000)
                    received[i] += 1
                    count[cid] += 1
                    if t > last.get(cid, 0.0):
                        last[cid] = t
                elif not data.startswith(b'{"type": "snapshot"'):
                    message = json.loads(data)
                    key = message.get("key")
                    if message.get("type") == "ack" and key:
                        acks[key] = (t, int(message["id"]))
                        answered.add(key)
                    elif message.get("type") == "error":
                        refused[str(message.get("error"))[:80]] += 1
                        if key:
                            answered.add(key)
        except ConnectionClosed:
            if not stopping:
                closed[i] = True

    await asyncio.gather(*(open_one(i) for i in range(len(conns))))
    live = [i for i in range(len(conns)) if sockets[i] is not None]
    readers = [asyncio.create_task(read(i)) for i in live]
    out.put(("connected", index, len(live), len(conns) - len(live), dict(failed)))
    while ctrl[0] < 3 and not stop.is_set():
        await asyncio.sleep(0.01)
    t0 = ctrl[1] / 1e6
    await asyncio.sleep(max(0.0, t0 - time.time()))
    sends: dict[str, float] = {}
    tag = uuid.uuid4().hex[:8]
    for number, i in enumerate(live):
        key = f"s{index}-{number}-{tag}"
        t = time.time()
        text = SHARE_TEXT.format(n=50 + number) + f" [ts={t:.6f}]"
        sends[key] = t
        await sockets[i].send(json.dumps({"type": "share", "key": key, "kind": "need", "text": text}))
    deadline = time.time() + grace
    while len(answered) < len(sends) and time.time() < deadline and not stop.is_set():
        await asyncio.sleep(0.02)
    out.put(("acked", index, len(acks), max((t for t, _ in acks.values()), default=time.time())))
    while ctrl[0] < 4 and not stop.is_set():
        await asyncio.sleep(0.02)
    target = ctrl[1]
    while not stop.is_set():
        if all(received[i] >= target for i in live if not closed[i]):
            out.put(("reached", index, time.time()))
            break
        await asyncio.sleep(0.05)
    while not stop.is_set():
        await asyncio.sleep(0.05)
    stopping = True
    cpu = sum(os.times()[:2])
    closing = [asyncio.create_task(sockets[i].close()) for i in live]
    if closing:
        await asyncio.wait(closing, timeout=10)
    for i in live:
        sockets[i].transport.abort()
    for task in readers:
        task.cancel()
    await asyncio.gather(*readers, return_exceptions=True)
    if len(latencies) > 200_000:  # a sample is enough for percentiles, and the queue stays small
        latencies = latencies[:: len(latencies) // 200_000 + 1]
    out.put(("result", index, sends, acks, refused, latencies, last, count,
             [-1 if closed[i] else received[i] for i in live], cpu))


# --- The join storm: participants open the room at the same moment ------------------------

def run_storm(args: argparse.Namespace, n: int, urls: list[str], session: int, cookies: list[str],
              moderator_cookie: str, pids: list[int], *, redis: bool, postgres: bool,
              servers: list[harness.Server], env: dict[str, str]) -> dict[str, Any]:
    """``n`` participants open their websocket at once; each is synced when its first
    snapshot arrives. CPU per join: the servers' CPU from just before the start until all
    are synced, the moderator's presence list names them all and STORM_SETTLE_S more (the
    writes a server defers belong to the joins), over ``n``. Then all close at once."""
    ctx = mp.get_context("fork")
    path = f"/ws/sessions/{session}/room/"
    ctrl = ctx.Array("q", [0, 0])  # (generation, value): 5 = open at value µs since the epoch; 6 = close
    stop = ctx.Event()
    out: Any = ctx.Queue()
    presence: Any = ctx.Queue()
    processes = min(args.client_processes, n)
    shares = [[(urls[j % len(urls)], cookies[j]) for j in range(p, n, processes)] for p in range(processes)]
    rss_idle = sum(rss_kib(pid) for pid in pids)
    procs = [ctx.Process(target=storm_process, daemon=True,
                         args=(p, shares[p], path, args.storm_concurrency, ctrl, stop, out))
             for p in range(processes)]
    watcher = ctx.Process(target=storm_moderator_process, daemon=True,
                          args=(urls[0], path, moderator_cookie, stop, presence))
    for proc in [watcher, *procs]:
        proc.start()
    sampler = RssSampler(pids)
    sampler.start()
    people_seen = [0, 0.0]  # the moderator's latest count of people present, and when it came

    def drain_presence(timeout: float) -> None:
        message = poll(presence, timeout)
        while message is not None:
            if message[0] == "crashed":
                raise RuntimeError(f"the moderator failed:\n{message[1]}")
            if message[0] == "presence":
                people_seen[0], people_seen[1] = message[1], message[2]
            message = poll(presence, 0) if not presence.empty() else None

    try:
        ready = 0
        deadline = time.monotonic() + 60
        while ready < processes:
            message = get(out, deadline - time.monotonic(), "the participants' processes")
            if message[0] == "crashed":
                raise RuntimeError(f"client process {message[1]} failed:\n{message[2]}")
            ready += message[0] == "ready"
        deadline = time.monotonic() + 60
        while people_seen[0] < 1 and time.monotonic() < deadline:  # the moderator is in, and sees itself
            drain_presence(0.5)
        if people_seen[0] < 1:
            raise RuntimeError("the moderator got no presence list")
        time.sleep(1.0)  # the moderator's own join settles
        drain_presence(0.05)
        meter = CpuMeter(pids, redis=redis, postgres=postgres)
        gc_before = [s.gc_stats() for s in servers]
        load_before = harness.load_average()
        t0 = time.time() + 0.5
        set_target(ctrl, 5, int(t0 * 1e6))
        synced: dict[int, Any] = {}
        deadline = time.monotonic() + 0.5 + STORM_TIMEOUT_S
        while len(synced) < processes:
            message = get(out, deadline - time.monotonic(), "the participants to sync")
            if message[0] == "crashed":
                raise RuntimeError(f"client process {message[1]} failed:\n{message[2]}")
            if message[0] == "synced":
                synced[message[1]] = message[2:]
        t_all = max((t for times, _errors in synced.values() for _begin, t in times if t is not None),
                    default=time.time())
        cpu_synced = meter.read()
        # The moderator's list should name everyone: the participants and the moderator.
        deadline = time.monotonic() + 30
        while people_seen[0] < n + 1 and time.monotonic() < deadline:
            drain_presence(0.2)
        presence_complete_s = people_seen[1] - t0 if people_seen[0] >= n + 1 else None
        time.sleep(STORM_SETTLE_S)
        drain_presence(0.05)
        cpu = meter.read()
        server_gc = harness.gc_figures(servers, gc_before, n, unit="join")
        rss_connected = sampler.sample()
        stored = child_json(env, ["--internal", "attendance", "--session", str(session)])
        people_after_storm = people_seen[0]

        leave_meter = CpuMeter(pids, redis=redis, postgres=postgres)
        set_target(ctrl, 6, 0)
        left = 0
        deadline = time.monotonic() + 60
        while left < processes:
            message = get(out, deadline - time.monotonic(), "the participants to leave")
            left += message[0] == "left"
        deadline = time.monotonic() + 30
        while people_seen[0] != 1 and time.monotonic() < deadline:
            drain_presence(0.2)
        time.sleep(STORM_SETTLE_S)
        drain_presence(0.05)
        leave_cpu = leave_meter.read()
        after_leaving = child_json(env, ["--internal", "attendance", "--session", str(session)])
    finally:
        sampler.done.set()
        stop.set()
        for proc in [*procs, watcher]:
            proc.join(30)
            if proc.is_alive():
                proc.kill()
                proc.join(5)

    times = [(begin, t) for ts, _errors in synced.values() for begin, t in ts]
    errors: Counter[str] = Counter()
    for _ts, errs in synced.values():
        errors.update(errs)
    to_sync = [(t - t0) * 1000 for _begin, t in times if t is not None]
    handshake_to_sync = [(t - begin) * 1000 for begin, t in times if t is not None]
    ok = len(to_sync)
    all_synced_s = t_all - t0
    result: dict[str, Any] = {
        "clients": n, "synced": ok, "not_synced": n - ok, "sync_errors": dict(errors.most_common(5)),
        "storm_concurrency": args.storm_concurrency or None,
        "all_synced_s": round(all_synced_s, 2), "joins_per_s": round(ok / all_synced_s, 1) if all_synced_s > 0 else 0,
        **harness.percentiles(to_sync, prefix="sync"),
        **harness.percentiles(handshake_to_sync, prefix="handshake_to_sync"),
        "presence_people_after_storm": people_after_storm, "presence_people": people_after_storm - 1,
        "presence_complete_s": round(presence_complete_s, 2) if presence_complete_s is not None else None,
        "attended": stored["attended"], "attendance_logged": stored["logged"],
        "presence_rows": stored["presence_rows"],
        "server_cpu_s_until_synced": round(cpu_synced.server_s, 2),
        "server_cpu_s": round(cpu.server_s, 2),
        "server_cpu_ms_per_join": round(cpu.server_s * 1000 / n, 2),
        "postgres_cpu_ms_per_join": round(cpu.postgres_s * 1000 / n, 2) if cpu.postgres_s is not None else None,
        "redis_cpu_ms_per_join": round(cpu.redis_s * 1000 / n, 2) if cpu.redis_s is not None else None,
        "server_cpu_ms_per_leave": round(leave_cpu.server_s * 1000 / n, 2),
        "postgres_cpu_ms_per_leave": (round(leave_cpu.postgres_s * 1000 / n, 2)
                                      if leave_cpu.postgres_s is not None else None),
        "presence_people_after_leaving": people_seen[0] - 1,
        "presence_rows_after_leaving": after_leaving["presence_rows"],
        "server_rss_idle_mib": round(rss_idle / 1024, 1), "server_rss_connected_mib": round(rss_connected / 1024, 1),
        "server_rss_max_mib": round(sampler.max_total / 1024, 1),
        "machine_busy_share": round(cpu.machine_busy_share, 2) if cpu.machine_busy_share is not None else None,
        "server_gc": server_gc, "load_average_before": load_before,
    }
    # The targets are for 1,000 participants on one process; other runs have none.
    result["target_met"] = None if len(pids) != 1 or n != 1_000 else (
        ok == n and result["server_cpu_ms_per_join"] <= STORM_TARGET_CPU_MS and all_synced_s <= STORM_TARGET_S)
    print(f"--- {n:,} participants open the room at once ---")
    print(f"synced {ok:,} of {n:,}{' ' + str(dict(errors.most_common(3))) if errors else ''}; all synced after "
          f"{all_synced_s:.2f} s ({result['joins_per_s']:.1f} joins/s); time to sync from the start p50 "
          f"{result['sync_p50_ms']:.0f}, p95 {result['sync_p95_ms']:.0f}, p99 {result['sync_p99_ms']:.0f}, max "
          f"{result['sync_max_ms']:.0f} ms (from each handshake: p50 {result['handshake_to_sync_p50_ms']:.0f}, p99 "
          f"{result['handshake_to_sync_p99_ms']:.0f} ms)")
    print(f"server CPU {cpu.server_s:.2f} s = {result['server_cpu_ms_per_join']:.1f} ms per join "
          f"({cpu_synced.server_s:.2f} s until all were synced)"
          + (f"; PostgreSQL {result['postgres_cpu_ms_per_join']:.1f} ms per join" if postgres else "")
          + (f"; Redis {result['redis_cpu_ms_per_join']:.1f} ms per join" if redis else "")
          + (f"; machine {100 * result['machine_busy_share']:.0f} % busy" if result["machine_busy_share"] else ""))
    print(f"the moderator's presence list: {people_after_storm - 1:,} participants and the moderator"
          + (f", complete {presence_complete_s:.1f} s after the start" if presence_complete_s is not None else
             " (INCOMPLETE)")
          + f"; in the database: {stored['attended']:,} marked present by the room ({stored['logged']:,} logged), "
            f"{stored['presence_rows']:,} presence rows")
    print(f"all left: server CPU {result['server_cpu_ms_per_leave']:.1f} ms per leave; the moderator's list then "
          f"names {result['presence_people_after_leaving']} participants; presence rows left "
          f"{result['presence_rows_after_leaving']}")
    if server_gc is not None:
        print(f"{harness.gc_text(server_gc)}; load average before the storm {load_before}")
    if result["target_met"] is not None:
        print(f"targets ≤ {STORM_TARGET_CPU_MS:.0f} ms of server CPU per join and all {n:,} synced within "
              f"{STORM_TARGET_S:.0f} s: {'met' if result['target_met'] else 'NOT met'}", flush=True)
    return result


def storm_process(index: int, conns: list[tuple[str, str]], path: str, concurrency: int, ctrl: Any, stop: Any,
                  out: Any) -> None:
    raise_fd_limit()
    try:
        asyncio.run(storm_in_room(index, conns, path, concurrency, ctrl, stop, out))
    except Exception:
        out.put(("crashed", index, traceback.format_exc()[-2000:]))


async def storm_in_room(index: int, conns: list[tuple[str, str]], path: str, concurrency: int, ctrl: Any,
                        stop: Any, out: Any) -> None:
    from websockets.asyncio.client import connect

    gate = asyncio.Semaphore(concurrency or len(conns) or 1)
    sockets: list[Any] = [None] * len(conns)
    times: list[tuple[float, float | None]] = [(0.0, None)] * len(conns)
    failed: Counter[str] = Counter()
    targets = [ws_url(url, path) for url, _cookie in conns]
    pingers: list[asyncio.Task[None]] = []

    async def open_one(i: int) -> None:
        url, origin = targets[i]
        async with gate:
            begin = time.time()
            try:
                ws = await connect(url, additional_headers={"Origin": origin, "Cookie": conns[i][1]},
                                   open_timeout=STORM_TIMEOUT_S, ping_interval=None, proxy=None, max_size=2**24)
                sockets[i] = ws
                data = await asyncio.wait_for(ws.recv(decode=False), STORM_TIMEOUT_S)
                t = time.time()
                if not data.startswith(b'{"type": "snapshot"') or b'"person": "r' not in data:
                    raise RuntimeError("not a snapshot for a participant with a seat")
                times[i] = (begin, t)
                pingers.append(asyncio.create_task(ping(ws)))
            except Exception as error:
                times[i] = (begin, None)
                failed[f"{type(error).__name__}: {error}"[:60]] += 1

    out.put(("ready", index))
    while ctrl[0] < 5 and not stop.is_set():
        await asyncio.sleep(0.005)
    await asyncio.sleep(max(0.0, ctrl[1] / 1e6 - time.time()))
    await asyncio.gather(*(open_one(i) for i in range(len(conns))))
    out.put(("synced", index, times, dict(failed)))
    while ctrl[0] < 6 and not stop.is_set():
        await asyncio.sleep(0.02)
    for task in pingers:
        task.cancel()
    live = [ws for ws in sockets if ws is not None]
    closing = [asyncio.create_task(ws.close()) for ws in live]
    if closing:
        await asyncio.wait(closing, timeout=20)
    for ws in live:
        ws.transport.abort()
    out.put(("left", index, time.time()))
    while not stop.is_set():
        await asyncio.sleep(0.05)


async def ping(ws: Any) -> None:
    """What the page does (room.js): a ping every STORM_PING_S, which keeps the connection
    counted as present (the server forgets connections it has not heard of for 75 s)."""
    from websockets.exceptions import ConnectionClosed

    with contextlib.suppress(ConnectionClosed):
        while True:
            await asyncio.sleep(STORM_PING_S)
            await ws.send(json.dumps({"type": "ping", "key": uuid.uuid4().hex[:12]}))


def storm_moderator_process(base: str, path: str, cookie: str, stop: Any, out: Any) -> None:
    try:
        asyncio.run(storm_moderator(base, path, cookie, stop, out))
    except Exception:
        out.put(("crashed", traceback.format_exc()[-2000:]))


async def storm_moderator(base: str, path: str, cookie: str, stop: Any, out: Any) -> None:
    """One moderator connection: how many people each presence frame names (a visitor
    entry counts its visitors), whenever that number changes."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    url, origin = ws_url(base, path)
    ws = await connect(url, additional_headers={"Origin": origin, "Cookie": cookie}, open_timeout=OPEN_TIMEOUT_S,
                       ping_interval=None, proxy=None, max_size=2**24)
    last = -1

    async def read() -> None:
        nonlocal last
        with contextlib.suppress(ConnectionClosed):
            while True:
                data = await ws.recv(decode=False)
                if not data.startswith(b'{"type": "presence"'):
                    continue
                present = json.loads(data)["present"]
                people = sum(p.get("visitors", 0) or 1 for p in present)
                if people != last:
                    last = people
                    out.put(("presence", people, time.time()))

    reader = asyncio.create_task(read())
    pinger = asyncio.create_task(ping(ws))
    while not stop.is_set():
        await asyncio.sleep(0.05)
    reader.cancel()
    pinger.cancel()
    with contextlib.suppress(Exception):
        await asyncio.wait_for(ws.close(), 5)


# --- Children with Django set up -------------------------------------------------------

def internal(args: argparse.Namespace) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
    django.setup()
    result = {"setup": internal_setup, "moderator": internal_moderator,
              "participants": internal_participants, "attendance": internal_attendance}[args.internal](args)
    print(json.dumps(result))
    return 0


def signed_in_moderator(sessions: list[Any]) -> str:
    """A moderator of ``sessions``, signed in through Django's session store: its cookie."""
    from django.conf import settings
    from django.test import Client

    from alliance.accounts.models import Role, User

    user = User.objects.create_user(f"moderator-{uuid.uuid4().hex[:10]}@{EMAIL_DOMAIN}", None,
                                    name="Fan-out moderator", role=Role.MODERATOR)
    for session in sessions:
        session.moderators.add(user)
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def internal_setup(args: argparse.Namespace) -> dict[str, Any]:
    import datetime as dt

    from django.utils import timezone

    from alliance.meetings.models import Session, SessionStatus, Visibility

    starts = timezone.now() + dt.timedelta(minutes=5)
    sessions = [Session.objects.create(topic=f"Live fan-out {i + 1}", starts_at=starts,
                                       status=SessionStatus.SCHEDULED, visibility=Visibility.PUBLIC)
                for i in range(args.count)]
    return {"sessions": [s.pk for s in sessions], "cookie": signed_in_moderator(sessions)}


def internal_participants(args: argparse.Namespace) -> dict[str, Any]:
    """A public session starting in 5 minutes with ``count`` users, each with a confirmed
    registration and a signed-in browser session (made in bulk, straight into the session store)."""
    import datetime as dt

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone
    from django.utils.module_loading import import_string

    from alliance.accounts.models import Role, User
    from alliance.community.models import Person
    from alliance.meetings.models import Registration, RegistrationStatus, Session, SessionStatus, Visibility

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    backend = settings.AUTHENTICATION_BACKENDS[0]
    now = timezone.now()
    tag = uuid.uuid4().hex[:8]
    unusable = make_password(None)
    with transaction.atomic():
        session = Session.objects.create(topic="Live contributions", starts_at=now + dt.timedelta(minutes=5),
                                         status=SessionStatus.SCHEDULED, visibility=Visibility.PUBLIC)
        users = User.objects.bulk_create([
            User(email=f"p{i:05d}-{tag}@{EMAIL_DOMAIN}", name=f"Participant {i + 1}", role=Role.PARTICIPANT,
                 password=unusable) for i in range(args.count)])
        people = Person.objects.bulk_create([Person(name=u.name, email=u.email, user=u) for u in users])
        Registration.objects.bulk_create([
            Registration(session=session, person=p, status=RegistrationStatus.CONFIRMED, confirmed_at=now,
                         consent_text="bench") for p in people])
        cookies = []
        for user in users:
            browser = store()
            browser[SESSION_KEY] = str(user.pk)
            browser[BACKEND_SESSION_KEY] = backend
            browser[HASH_SESSION_KEY] = user.get_session_auth_hash()
            browser.save()
            cookies.append(f"{settings.SESSION_COOKIE_NAME}={browser.session_key}")
        moderator = signed_in_moderator([session])
    return {"session": session.pk, "cookies": cookies, "moderator": moderator}


def internal_attendance(args: argparse.Namespace) -> dict[str, Any]:
    """What the join storm left in the database: registrations marked present by the room,
    their activity-log entries, presence rows."""
    from alliance.community.models import ActivityLog, ActivityVerb
    from alliance.meetings.models import AttendanceSource, Registration, RoomPresence

    registrations = Registration.objects.filter(session_id=args.session)
    return {"attended": registrations.filter(attended_at__isnull=False,
                                             attendance_source=AttendanceSource.ROOM).count(),
            "registrations": registrations.count(),
            "logged": ActivityLog.objects.filter(verb=ActivityVerb.ATTENDANCE_MARKED, data__session=args.session)
            .count(),
            "presence_rows": RoomPresence.objects.filter(session_id=args.session).count()}


def internal_moderator(args: argparse.Namespace) -> dict[str, Any]:
    from alliance.meetings.models import Session

    return {"cookie": signed_in_moderator([Session.objects.get(pk=args.session)])}


if __name__ == "__main__":
    sys.exit(main())
