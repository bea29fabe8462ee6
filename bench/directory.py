"""Directory benchmark: 100,000 organisations, 1,000 mixed directory searches and profile views.

Usage (from the project root)::

    .venv/bin/python bench/directory.py            # 100,000 organisations, 1,000 requests
    .venv/bin/python bench/directory.py --quick    # 10,000 organisations (under a minute)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/directory.py

Every run builds a SCRATCH database and throws it away afterwards: a temporary
SQLite file (with the project's WAL settings, from alliance.lib.env.sqlite_database)
and, when DATABASE_URL names a PostgreSQL server, a database ``alliance_bench``
created on that server and dropped at the end. The developer's var/alliance.sqlite3
and the database named in DATABASE_URL are never written to.

Each backend runs in a child process of this script (settings read DATABASE_URL at
import time, so one process per database is the simple, honest way). The child
migrates, bulk-loads the registry with alliance.community.demo.build_organisations,
then replays a seeded mix of requests through django.test.Client against the real
URLs, timing each one and counting its queries (CaptureQueriesContext). The parent
prints one JSON line at the end with the figures of every backend.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlencode, urlsplit

if __package__ in (None, ""):  # run as a script: bench/ is on sys.path, the project is not
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness
from bench.harness import ROOT, GcClock

TARGET_P99_MS = 50.0
SEED = 2020
BENCH_DB_NAME = "alliance_bench"
FULL_ORGS = 100_000
QUICK_ORGS = 10_000
DEFAULT_REQUESTS = 1_000
WARMUP_REQUESTS = 30

# Share of the request mix; the rest are directory searches.
PROFILE_SHARE = 0.3
LOGGED_IN_SHARE = 0.5
# Words every generated description holds: nobody searches for them.
STOP_WORDS = {"and", "for", "from", "the", "with", "works", "in", "of", "on", "to"}


# --- Orchestrator (parent process) ---------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        return worker(args)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    orgs = args.orgs or (QUICK_ORGS if args.quick else FULL_ORGS)
    results: dict[str, Any] = {"bench": "directory", "orgs": orgs, "requests": args.requests,
                               "seed": args.seed, "target_p99_ms": TARGET_P99_MS}
    results["sqlite"] = run_sqlite(args, orgs)
    pg_url = os.environ.get("DATABASE_URL", "")
    if pg_url:
        scheme = urlsplit(pg_url).scheme
        if harness.is_postgres(pg_url):
            results["postgresql"] = run_postgresql(args, orgs, pg_url)
        else:
            print(f"DATABASE_URL scheme {scheme!r} is not PostgreSQL: only SQLite was measured.")
    backends = [b for b in ("sqlite", "postgresql") if b in results]
    ok = all(results[b].get("target_met") for b in backends)
    results["target_met"] = ok
    print()
    for b in backends:
        r = results[b]
        if "error" in r:
            print(f"{b:>10}: FAILED ({r['error']})")
            continue
        verdict = "met" if r["target_met"] else "NOT met"
        print(f"{b:>10}: p99 {r['p99_ms']:.1f} ms (target ≤ {TARGET_P99_MS:.0f} ms: {verdict})")
    harness.print_json_line(results)
    return 0 if all("error" not in results[b] for b in backends) else 1


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK_ORGS:,} organisations instead of {FULL_ORGS:,}")
    parser.add_argument("--orgs", type=int, default=0, help="number of organisations")
    parser.add_argument("--requests", type=int, default=DEFAULT_REQUESTS,
                        help="number of measured requests")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed (data and requests)")
    parser.add_argument("--explain", type=int, default=0, metavar="N",
                        help="print the query plan of the N slowest distinct queries")
    parser.add_argument("--no-sqlite-analyze", action="store_true",
                        help="skip ANALYZE on SQLite after loading (the app runs it after seed_demo "
                             "and large imports, so the default measures what a real site has)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the scratch databases (their location is printed)")
    parser.add_argument("--gc-freeze", choices=["serve", "after-load"], default="serve",
                        help="serve (default): once the data is loaded, warm up and freeze as manage.py serve "
                             "does at start-up; after-load: freeze right after loading, without the warm-up "
                             "(how this benchmark ran before manage.py serve froze its start-up)")
    parser.add_argument("--worker", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--result-file", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.orgs < 0 or args.requests < 1:
        parser.error("--orgs must be positive and --requests at least 1")
    return args


def child_command(args: argparse.Namespace, backend: str, orgs: int,
                  result_file: Path) -> list[str]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", backend,
           "--orgs", str(orgs), "--requests", str(args.requests), "--seed", str(args.seed),
           "--explain", str(args.explain), "--result-file", str(result_file), "--gc-freeze", args.gc_freeze]
    if args.no_sqlite_analyze:
        cmd.append("--no-sqlite-analyze")
    return cmd


def run_child(args: argparse.Namespace, backend: str, orgs: int, database_url: str,
              workdir: Path) -> dict[str, Any]:
    result_file = workdir / f"{backend}-result.json"
    env = harness.django_env(database_url, ALLIANCE_ENV="test", DEBUG="0", EMAIL_BACKEND="locmem",
                             TASKS_BACKEND="immediate")
    print(f"\n=== {backend}: {orgs:,} organisations, {args.requests:,} requests ===", flush=True)
    proc = subprocess.run(child_command(args, backend, orgs, result_file), env=env, cwd=ROOT,
                          check=False)
    if proc.returncode != 0 or not result_file.exists():
        return {"error": f"worker exited with status {proc.returncode}", "target_met": False}
    return json.loads(result_file.read_text())


def run_sqlite(args: argparse.Namespace, orgs: int) -> dict[str, Any]:
    with harness.scratch_dir("alliance-bench-", keep=args.keep,
                             kept="(kept the SQLite scratch database: {path}/bench.sqlite3)") as workdir:
        return run_child(args, "sqlite", orgs, harness.sqlite_url(workdir / "bench.sqlite3"), workdir)


def run_postgresql(args: argparse.Namespace, orgs: int, url: str) -> dict[str, Any]:
    with harness.scratch_postgres(url, BENCH_DB_NAME, keep=args.keep) as scratch, \
            harness.scratch_dir("alliance-bench-") as workdir:
        return run_child(args, "postgresql", orgs, scratch.url, workdir)


# --- Worker (child process: one backend) ---------------------------------------------

def worker(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    engine = settings.DATABASES["default"]["ENGINE"]
    name = str(settings.DATABASES["default"]["NAME"])
    # Belt and braces: the worker only ever touches a scratch database.
    assert name != str(ROOT / "var" / "alliance.sqlite3"), name
    assert ("sqlite" in engine and "alliance-bench-" in name) or name == BENCH_DB_NAME, name
    assert not settings.DEBUG

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_s = time.perf_counter() - t0
    print(f"migrate: {migrate_s:.1f} s", flush=True)

    t0 = time.perf_counter()
    data = create_data(args.orgs, args.seed)
    create_s = time.perf_counter() - t0
    print(f"data creation: {create_s:.1f} s ({data.summary()})", flush=True)

    t0 = time.perf_counter()
    if connection.vendor == "postgresql":
        # What autovacuum would have done by the time anyone searches a 100k registry.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    elif not args.no_sqlite_analyze:
        from alliance.community.search import refresh_statistics

        refresh_statistics()  # what seed_demo and large CSV imports do
    analyze_s = time.perf_counter() - t0

    # The loader's objects would make every full collection walk a heap no server holds:
    # move them out of the collector's sight, with what the server builds at start-up
    # (manage.py serve warms up and freezes before it takes a request). GC pauses during
    # requests are still measured (and reported apart).
    if args.gc_freeze == "serve":
        from alliance.meetings.management.commands.serve import freeze_start_up, warm_up

        warm_up()
        frozen = freeze_start_up()
    else:
        gc.collect()
        gc.freeze()
        frozen = gc.get_freeze_count()
    print(f"GC: {frozen:,} objects frozen ({args.gc_freeze})", flush=True)
    plan = plan_requests(random.Random(args.seed + 1), data, args.requests)
    warmup = plan_requests(random.Random(args.seed + 2), data, WARMUP_REQUESTS)
    runs, gc_run = replay(data, warmup, plan)
    result = report(runs, backend=args.worker, orgs=args.orgs, create_s=create_s,
                    migrate_s=migrate_s, analyze_s=analyze_s, data=data, gc_run=gc_run)
    if args.explain:
        explain_slowest(runs, args.explain)
    if args.result_file:
        Path(args.result_file).write_text(json.dumps(result))
    return 0


@dataclass
class BenchData:
    org_ids: list[int]
    public_ids: list[int]
    anchors: list[dict[str, Any]]  # a sample of organisations, for filters that match
    cluster_ids: list[int]
    clusters_of: dict[int, list[int]]
    counts: dict[str, int] = field(default_factory=dict)
    member_user_id: int = 0

    def summary(self) -> str:
        return ", ".join(f"{v:,} {k}" for k, v in self.counts.items())


def _batched(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def create_data(n_orgs: int, seed: int) -> BenchData:
    from django.db import transaction

    from alliance.accounts.models import Role, User
    from alliance.community import demo
    from alliance.community.models import (
        Cluster,
        Membership,
        MembershipRole,
        Organisation,
        Person,
        Visibility,
    )

    rng = random.Random(seed)
    places = demo._Places()
    missing = [c for c in demo.COUNTRIES if c not in places.countries]
    assert not missing, f"NUTS regions missing for {missing}"
    n_clusters = max(10, n_orgs // 50)  # 2,000 clusters for 100,000 organisations
    t0 = time.perf_counter()
    built = demo.build_organisations(rng, places, n_orgs, cluster_orgs=n_clusters)
    print(f"  built {len(built):,} organisations in memory: {time.perf_counter() - t0:.1f} s",
          flush=True)

    with transaction.atomic():
        orgs: list[Organisation] = []
        for chunk in _batched([o for o, _e in built], 5000):
            orgs.extend(Organisation.objects.bulk_create(chunk))
        eco_of = {o.pk: slugs for o, (_o, slugs) in zip(orgs, built, strict=True)}
        through = Organisation.ecosystems.through
        eco_rows = [through(organisation_id=pk, ecosystem_id=s)
                    for pk, slugs in eco_of.items() for s in slugs]
        for chunk in _batched(eco_rows, 10000):
            through.objects.bulk_create(chunk)

        cluster_rows: list[Cluster] = []
        used_names: set[str] = set()
        for org in orgs[:n_clusters]:
            eco = eco_of[org.pk][0]
            cname = org.name.replace(" Cluster Association", " cluster")
            if cname.lower() in used_names:
                cname = f"{cname} ({org.country_id} {org.pk})"
            used_names.add(cname.lower())
            cluster_rows.append(Cluster(
                name=cname,
                description=f"The {demo.CLUSTER_THEMES[eco]} cluster of {demo._city(org.region)}.",
                organisation=org, region_id=org.region.parent_id or org.region_id,
            ))
        clusters = Cluster.objects.bulk_create(cluster_rows)
        cthrough = Cluster.ecosystems.through
        cthrough.objects.bulk_create([cthrough(cluster_id=c.pk, ecosystem_id=s)
                                      for c in clusters for s in eco_of[c.organisation_id]])

        # Each organisation is a member of 0-3 clusters, mostly in its own country.
        by_country: dict[str, list[int]] = defaultdict(list)
        for c in clusters:
            by_country[c.organisation.country_id].append(c.pk)
        all_cluster_ids = [c.pk for c in clusters]
        roles = [MembershipRole.MEMBER] * 6 + [MembershipRole.BOARD, MembershipRole.ASSOCIATE,
                                               MembershipRole.FOUNDING]
        memberships: list[Membership] = []
        clusters_of: dict[int, list[int]] = defaultdict(list)
        for org in orgs[n_clusters:]:
            k = rng.choices([0, 1, 2, 3], [45, 30, 17, 8])[0]
            chosen: set[int] = set()
            local = by_country.get(org.country_id) or all_cluster_ids
            while len(chosen) < k:
                chosen.add(rng.choice(local if rng.random() < 0.7 else all_cluster_ids))
            for cid in sorted(chosen):
                since = dt.date(rng.randint(2008, 2020), rng.randint(1, 12), 1)
                until = since + dt.timedelta(days=rng.randint(200, 2000)) \
                    if rng.random() < 0.08 else None
                memberships.append(Membership(cluster_id=cid, organisation_id=org.pk, since=since,
                                              until=until, role=rng.choice(roles)))
                clusters_of[org.pk].append(cid)
        for chunk in _batched(memberships, 10000):
            Membership.objects.bulk_create(chunk)

        # One contact person for every other organisation, so profiles have some to show.
        people: list[Person] = []
        for index, org in enumerate(orgs[::2]):
            first, last = rng.choice(demo.FIRST), rng.choice(demo.LAST)
            domain = org.website.removeprefix("https://www.")
            public = rng.random() < 0.5
            people.append(Person(
                name=f"{first} {last}", email=f"contact{index}@{domain}", affiliation_id=org.pk,
                job_title=rng.choice(demo.TITLES), languages="en",
                consent_public_listing=public,
            ))
        persons: list[Person] = []
        for chunk in _batched(people, 5000):
            persons.extend(Person.objects.bulk_create(chunk))
        contacts = Organisation.contacts.through
        contact_rows = [contacts(organisation_id=p.affiliation_id, person_id=p.pk) for p in persons]
        for chunk in _batched(contact_rows, 10000):
            contacts.objects.bulk_create(chunk)

        member = User.objects.create_user("bench-member@alliance.example", None,
                                          name="Bench Member", role=Role.PARTICIPANT)

    anchors = []
    for org in rng.sample(orgs, min(len(orgs), 5000)):
        anchors.append({
            "pk": org.pk, "type": str(org.type), "country": org.country_id,
            "region": org.region_id, "ecosystems": eco_of[org.pk],
            "words": search_words(f"{org.name} {org.description}"),
            "public": org.visibility == Visibility.PUBLIC,
        })
    return BenchData(
        org_ids=[o.pk for o in orgs],
        public_ids=[o.pk for o in orgs if o.visibility == Visibility.PUBLIC],
        anchors=anchors,
        cluster_ids=all_cluster_ids,
        clusters_of=dict(clusters_of),
        counts={"organisations": len(orgs), "ecosystem links": len(eco_rows),
                "clusters": len(clusters), "memberships": len(memberships),
                "people": len(persons)},
        member_user_id=member.pk,
    )


def search_words(text: str) -> list[str]:
    words = re.findall(r"[^\W\d_]{3,}", text)
    return [w for w in words if w.lower() not in STOP_WORDS]


# --- The request mix -----------------------------------------------------------------

@dataclass
class PlannedRequest:
    kind: str  # "search" or "profile"
    logged_in: bool
    path_name: str
    args: tuple[Any, ...] = ()
    params: dict[str, str] = field(default_factory=dict)
    filters: tuple[str, ...] = ()


def plan_search(rng: random.Random, data: BenchData) -> tuple[dict[str, str], tuple[str, ...]]:
    """Filters drawn from one real organisation (the anchor), so combinations mostly match,
    as they do when people look for something they know exists."""
    anchor = rng.choice(data.anchors)
    params: dict[str, str] = {}
    if rng.random() < 0.55:
        words = rng.sample(anchor["words"], min(len(anchor["words"]), rng.choice([1, 1, 1, 2])))
        params["q"] = " ".join(w.lower() if rng.random() < 0.5 else w for w in words)
    if rng.random() < 0.3:
        params["type"] = anchor["type"]
    if rng.random() < 0.3:
        params["country"] = anchor["country"]
    if rng.random() < 0.3:
        params["region"] = anchor["region"][: rng.choice([3, 4, 5])]  # NUTS 1, 2 or 3
    if rng.random() < 0.25:
        params["ecosystem"] = rng.choice(anchor["ecosystems"])
    if rng.random() < 0.15:
        own = data.clusters_of.get(anchor["pk"])
        params["cluster"] = str(rng.choice(own) if own else rng.choice(data.cluster_ids))
    filters = tuple(params)
    page = rng.choices([1, 2, 3, 4, 5], [50, 20, 12, 10, 8])[0]
    if page > 1:
        params["page"] = str(page)
    return params, filters


def plan_requests(rng: random.Random, data: BenchData, n: int) -> list[PlannedRequest]:
    plan = []
    for _ in range(n):
        logged_in = rng.random() < LOGGED_IN_SHARE
        if rng.random() < PROFILE_SHARE:
            # Visitors reach public profiles (the only ones the directory shows them).
            pk = rng.choice(data.org_ids if logged_in else data.public_ids)
            plan.append(PlannedRequest("profile", logged_in, "community:organisation", (pk,)))
        else:
            params, filters = plan_search(rng, data)
            plan.append(PlannedRequest("search", logged_in, "community:directory",
                                       params=params, filters=filters))
    return plan


class QueryRecord(NamedTuple):
    """A tuple of plain values, so the collector stops tracking it: the benchmark's own
    records must not lengthen the full collections it measures."""

    sql: str
    params: Any
    ms: float


@dataclass
class Run:
    request: PlannedRequest
    url: str
    ms: float
    n_queries: int
    queries: list[QueryRecord]
    status: int
    gc_ms: float = 0.0
    gc_full: int = 0  # generation-2 collections during the request


@contextmanager
def timed_queries(sink: list[QueryRecord]) -> Iterator[None]:
    """Time every query with perf_counter (CaptureQueriesContext only keeps milliseconds)."""
    from django.db import connection

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool,
                context: dict[str, Any]) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sink.append(QueryRecord(sql, tuple(params) if isinstance(params, list) else params,
                                    (time.perf_counter() - start) * 1000))

    with connection.execute_wrapper(wrapper):
        yield


def replay(data: BenchData, warmup: list[PlannedRequest],
           plan: list[PlannedRequest]) -> tuple[list[Run], dict[str, Any]]:
    """The measured runs, and the collector's work over them (after the warm-up)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from alliance.accounts.models import User

    anonymous = Client()
    member = Client()
    member.force_login(User.objects.get(pk=data.member_user_id))
    gc_clock = GcClock()
    gc.callbacks.append(gc_clock)

    def issue(req: PlannedRequest, *, measure: bool) -> Run:
        url = reverse(req.path_name, args=req.args)
        if req.params:
            url = f"{url}?{urlencode(req.params)}"
        client = member if req.logged_in else anonymous
        sink: list[QueryRecord] = []
        gc_before, full_before = gc_clock.total_ms, gc_clock.collections[2]
        with CaptureQueriesContext(connection) as captured, timed_queries(sink):
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise AssertionError(f"{url} answered {response.status_code}")
        return Run(req, url, elapsed, len(captured.captured_queries),
                   sink if measure else [], response.status_code,
                   gc_ms=gc_clock.total_ms - gc_before, gc_full=gc_clock.collections[2] - full_before)

    for req in warmup:
        issue(req, measure=False)
    gc_start = (gc_clock.total_ms, list(gc_clock.collections))
    gc_clock.max_ms = 0.0
    started = time.perf_counter()
    runs = []
    for index, req in enumerate(plan, 1):
        runs.append(issue(req, measure=True))
        if index % 250 == 0:
            print(f"  {index:,} requests, {time.perf_counter() - started:.1f} s", flush=True)
    gc.callbacks.remove(gc_clock)
    gc_run = {"collections": [a - b for a, b in zip(gc_clock.collections, gc_start[1], strict=True)],
              "longest_ms": round(gc_clock.max_ms, 2), "unfrozen_objects_after": len(gc.get_objects())}
    return runs, gc_run


# --- Figures -------------------------------------------------------------------------

def percentiles(values: list[float]) -> dict[str, Any]:
    return harness.percentiles(values, digits=2, count=True)


QUERY_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("session", re.compile(r'FROM "django_session"')),
    ("user", re.compile(r'FROM "accounts_user"')),
    ("countries (form)", re.compile(
        r'FROM "community_region" WHERE "community_region"\."level" = ')),
    ("region code check (form)", re.compile(r'SELECT 1 AS "a" FROM "community_region"')),
    ("clusters (form choices)", re.compile(
        r'^SELECT "community_cluster"\."id", "community_cluster"\."name" FROM "community_cluster" '
        r'ORDER BY')),
    ("directory COUNT", re.compile(
        r'^SELECT COUNT\(\*\) AS "__count" FROM "community_organisation"')),
    ("profile org row", re.compile(
        r'^SELECT "community_organisation"\."id".* FROM "community_organisation".*'
        r'WHERE "community_organisation"\."id" = .* LIMIT 1$')),
    ("directory page rows", re.compile(
        r'^SELECT "community_organisation"\."id".* FROM "community_organisation".* LIMIT \d+')),
    ("ecosystems prefetch", re.compile(r'FROM "community_ecosystem" INNER JOIN')),
    ("contacts prefetch", re.compile(r'FROM "community_person" INNER JOIN')),
    ("memberships prefetch", re.compile(
        r'FROM "community_membership" INNER JOIN "community_cluster"')),
    ("facilitated clusters prefetch", re.compile(
        r'FROM "community_cluster" WHERE "community_cluster"\."organisation_id" IN')),
    ("can_edit contacts check", re.compile(r'^SELECT 1 AS "a" FROM "community_person"')),
]


def query_kind(sql: str) -> str:
    for name, pattern in QUERY_KINDS:
        if pattern.search(sql):
            return name
    table = re.search(r'FROM "(\w+)"', sql)
    return f"other ({table.group(1) if table else sql[:30]})"


def breakdown(runs: list[Run]) -> tuple[dict[str, float], float, float]:
    """SQL milliseconds per query kind (summed), total SQL ms and total request ms."""
    per_kind: Counter[str] = Counter()
    for run in runs:
        for q in run.queries:
            per_kind[query_kind(q.sql)] += q.ms
    total_sql = sum(per_kind.values())
    total = sum(r.ms for r in runs)
    return dict(per_kind), total_sql, total


def print_breakdown(title: str, runs: list[Run]) -> None:
    per_kind, total_sql, total = breakdown(runs)
    if not runs:
        return
    n = len(runs)
    gc_ms = sum(r.gc_ms for r in runs)
    rest = total - total_sql - gc_ms
    print(f"  {title}: {n} requests, mean {total / n:.1f} ms = SQL {total_sql / n:.1f} ms "
          f"({100 * total_sql / total:.0f}%) + GC {gc_ms / n:.1f} ms "
          f"+ Python/templates {rest / n:.1f} ms")
    for kind, ms in sorted(per_kind.items(), key=lambda kv: -kv[1])[:8]:
        print(f"      {ms / n:7.2f} ms/request  {kind}")


def describe(run: Run) -> str:
    req = run.request
    who = "member" if req.logged_in else "anon"
    if req.kind == "profile":
        return f"profile {req.args[0]} ({who})"
    return f"search {dict(req.params) or '{}'} ({who})"


def report(runs: list[Run], *, backend: str, orgs: int, create_s: float, migrate_s: float,
           analyze_s: float, data: BenchData, gc_run: dict[str, Any]) -> dict[str, Any]:
    all_ms = [r.ms for r in runs]
    searches = [r for r in runs if r.request.kind == "search"]
    profiles = [r for r in runs if r.request.kind == "profile"]
    overall = percentiles(all_ms)
    n_queries = [r.n_queries for r in runs]
    result: dict[str, Any] = {
        "orgs": orgs,
        "requests": len(runs),
        "create_s": round(create_s, 1),
        "migrate_s": round(migrate_s, 1),
        "analyze_s": round(analyze_s, 1),
        **{k: v for k, v in overall.items() if k != "n"},
        "search": percentiles([r.ms for r in searches]),
        "profile": percentiles([r.ms for r in profiles]),
        "queries_mean": round(statistics.fmean(n_queries), 2),
        "queries_max": max(n_queries),
        "search_queries_max": max((r.n_queries for r in searches), default=0),
        "profile_queries_max": max((r.n_queries for r in profiles), default=0),
        "counts": data.counts,
        "gc": {"ms_per_request": round(statistics.fmean(r.gc_ms for r in runs), 3),
               "ms_total": round(sum(r.gc_ms for r in runs), 1),
               "requests_with_full_collection": sum(1 for r in runs if r.gc_full), **gc_run},
    }
    result["target_met"] = overall["p99_ms"] <= TARGET_P99_MS

    print(f"\n--- {backend}: {orgs:,} organisations, {len(runs):,} requests ---")
    print(f"data creation {create_s:.1f} s (migrate {migrate_s:.1f} s, analyze {analyze_s:.1f} s)")
    print(f"{'':10} {'n':>5} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}  (ms)")
    for label, p in (("overall", overall), ("search", result["search"]),
                     ("profile", result["profile"])):
        if p["n"]:
            print(f"{label:10} {p['n']:>5} {p['p50_ms']:>8.1f} {p['p95_ms']:>8.1f} "
                  f"{p['p99_ms']:>8.1f} {p['max_ms']:>8.1f}")
    print(f"queries per request: mean {result['queries_mean']}, max {result['queries_max']} "
          f"(search max {result['search_queries_max']}, profile max "
          f"{result['profile_queries_max']})")
    verdict = "met" if result["target_met"] else "NOT met"
    print(f"target p99 ≤ {TARGET_P99_MS:.0f} ms: {verdict}")
    g = result["gc"]
    print(f"GC: {g['ms_per_request']:.2f} ms per request ({g['ms_total']:.0f} ms in all), collections by "
          f"generation {'/'.join(map(str, g.get('collections', [])))}, {g['requests_with_full_collection']} "
          f"requests with a full collection, longest pause {g.get('longest_ms', 0):.1f} ms; objects the "
          f"collector still walks {g.get('unfrozen_objects_after', 0):,}; load average {harness.load_average()}")

    print("\nwhere the time goes (SQL per query kind, mean per request):")
    print_breakdown("all searches", searches)
    print_breakdown("all profiles", profiles)
    slow_cut = overall["p95_ms"]
    slow = [r for r in runs if r.ms >= slow_cut]
    print_breakdown(f"slowest 5% (≥ {slow_cut:.1f} ms)", slow)

    by_filter: dict[str, list[float]] = defaultdict(list)
    for r in searches:
        by_filter["+".join(sorted(r.request.filters)) or "(no filter)"].append(r.ms)
        for f in r.request.filters or ("(none)",):
            by_filter[f"has {f}"].append(r.ms)
    print("\nsearch latency by filter (ms):")
    for key, values in sorted(by_filter.items(), key=lambda kv: -max(kv[1])):
        if key.startswith("has ") or len(values) >= 5:
            p = percentiles(values)
            print(f"  {key:38} n={p['n']:>4}  p50 {p['p50_ms']:7.1f}  max {p['max_ms']:7.1f}")

    print("\nslowest requests:")
    for r in sorted(runs, key=lambda r: -r.ms)[:10]:
        top = max(r.queries, key=lambda q: q.ms) if r.queries else None
        sql_ms = sum(q.ms for q in r.queries)
        extra = f"; slowest query {query_kind(top.sql)} {top.ms:.1f} ms" if top else ""
        full = f" ({r.gc_full} full)" if r.gc_full else ""
        print(f"  {r.ms:7.1f} ms  {r.n_queries:2} queries, SQL {sql_ms:.1f} ms, "
              f"GC {r.gc_ms:.1f} ms{full}{extra}  {describe(r)}")
    return result


def explain_slowest(runs: list[Run], n: int) -> None:
    from django.db import connection

    seen: set[str] = set()
    queries = sorted((q for r in runs for q in r.queries), key=lambda q: -q.ms)
    prefix = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    for q in queries:
        shape = re.sub(r"\d+", "N", q.sql)
        if shape in seen:
            continue
        seen.add(shape)
        print(f"\nplan of a {q.ms:.1f} ms query ({query_kind(q.sql)}):\n  {q.sql[:400]}")
        print(f"  params: {q.params}")
        with connection.cursor() as cursor:
            cursor.execute(prefix + q.sql, q.params)
            for row in cursor.fetchall():
                print("   ", " ".join(str(c) for c in row))
        if len(seen) >= n:
            break


if __name__ == "__main__":
    sys.exit(main())
