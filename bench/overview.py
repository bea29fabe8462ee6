"""Overview benchmark: 100,000 statements, the overview's pages timed one by one.

Usage (from the project root)::

    .venv/bin/python bench/overview.py                  # 100,000 statements, 200 requests a page
    .venv/bin/python bench/overview.py --quick          # 10,000 statements, 50 requests a page
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/overview.py

Every run builds SCRATCH databases and throws them away afterwards: a temporary SQLite
file and, when DATABASE_URL names a PostgreSQL server, a database
``alliance_bench_overview`` created on that server and dropped at the end. The
developer's var/alliance.sqlite3 and the database DATABASE_URL names are never written.

Each backend runs in a child process (settings read DATABASE_URL at import time). The
child migrates, bulk-loads ~300 organisations over the NUTS 3 regions of 24 countries,
eight session series with three sessions a week over three years (15 % members-only)
and the statements said in them (kinds, five languages, one or two of the 14
ecosystems each, 5 % from imported summaries with no organisation), then requests
every page through ``django.test.Client`` in this process, as a visitor and as a
signed-in member, in a shuffled order, timing each one and counting its queries.

Why the test client and not ``manage.py serve`` with an HTTP client: the target is
about the view and its queries at 100,000 statements, and the in-process client
measures exactly that (URL resolving, middleware, session, form, queries, templates)
without the loopback, Uvicorn and the client's own CPU on two shared cores; it also
lets the benchmark count and time every query of a request. What the network and the
server add is measured by bench/directory.py's and bench/live_fanout.py's servers.

The CSV export of a narrow filter (about 1,000 statements) is timed apart: it is a
download, not a page, and is not under the 100 ms target. ``--with-index`` also
times every page again after creating the indexes of INDEX_PROPOSAL by hand in the
scratch database (no migration), so one run gives the figures with and without.

The heat map, summary, organisation types and NUTS 2 regions of an overview filtered at
most by kind (and, but for the heat map, organisation type and region) read the stored
counts of migration 0006 (StatementMonth, StatementTally), which triggers keep; the
worker checks after the bulk load that the heat map from them equals the statements'.
Last figures (2026-12-04, ``--requests 100``, load average 1.1-1.9 on two shared cores):
every page p99 ≤ 100 ms on both databases — /overview/ p50 30-31 ms, p99 34-69 ms on
SQLite and p50 34-36, p99 74-79 ms on PostgreSQL (before: SQLite p50 361-452 ms, p99
805-926 ms at load 4.5, of which 254-348 ms SQL; PostgreSQL p50 128-133, p99 267-341 ms
at load 2.8); /overview/regions/ p99 37-76 ms (before 123-184 ms). See
docs/performance.md, "Overview pages at 100,000 statements".
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

TARGET_P99_MS = 100.0
SEED = 2020
BENCH_DB_NAME = "alliance_bench_overview"
FULL_STATEMENTS = 100_000
QUICK_STATEMENTS = 10_000
DEFAULT_REQUESTS = 200  # per page and viewer
WARMUP_REQUESTS = 10  # per page and viewer
EXPORT_ROWS = 1_000  # about what the export's filter selects
ORGANISATIONS = 300
YEARS = 3
SESSIONS_PER_WEEK = 3
MEMBERS_ONLY_SESSIONS = 0.15
IMPORTED_SHARE = 0.05  # statements of imported summaries: no organisation
LANGUAGES = {"en": 40, "de": 20, "fr": 15, "it": 13, "es": 12}
KINDS = {"disruption": 35, "need": 40, "solution": 25}
SERIES_TITLES = ["Daily COVID-19 response call", "Health supply chains", "Mobility after the lockdown",
                 "Agri-food logistics", "Digital tools for remote work", "Textile and protective equipment",
                 "Tourism recovery", "Energy-intensive industries"]
# Created by hand with --with-index (what a migration would add to Statement.Meta.indexes).
# The last proposal (the members' list order, the grouped counts' columns) is migration
# 0005 now; (name, columns) pairs go here for the next one.
INDEX_PROPOSAL: list[tuple[str, str]] = []

TEXTS = {
    "en": ["We need {n} protective masks for our {trade} workers", "Our suppliers of {trade} stopped deliveries",
           "We can offer {n} hours of {trade} testing capacity", "Border controls delay {trade} parts by {n} days"],
    "de": ["Wir brauchen {n} Schutzmasken für unsere Beschäftigten in {trade}",
           "Unsere Lieferanten für {trade} liefern nicht mehr", "Wir bieten {n} Stunden Prüfkapazität für {trade}",
           "Grenzkontrollen verzögern Teile für {trade} um {n} Tage"],
    "fr": ["Nous avons besoin de {n} masques pour nos salariés de {trade}",
           "Nos fournisseurs de {trade} ont arrêté les livraisons", "Nous offrons {n} heures d'essais en {trade}",
           "Les contrôles aux frontières retardent les pièces de {trade} de {n} jours"],
    "it": ["Abbiamo bisogno di {n} mascherine per i lavoratori di {trade}",
           "I nostri fornitori di {trade} hanno sospeso le consegne", "Offriamo {n} ore di prove per {trade}",
           "I controlli alle frontiere ritardano i pezzi di {trade} di {n} giorni"],
    "es": ["Necesitamos {n} mascarillas para los trabajadores de {trade}",
           "Nuestros proveedores de {trade} han dejado de entregar", "Ofrecemos {n} horas de ensayos de {trade}",
           "Los controles fronterizos retrasan las piezas de {trade} {n} días"],
}


# --- Orchestrator (parent process) ---------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        return worker(args)
    os.chdir(ROOT)
    n = args.statements or (QUICK_STATEMENTS if args.quick else FULL_STATEMENTS)
    requests = args.requests or (50 if args.quick else DEFAULT_REQUESTS)
    results: dict[str, Any] = {"bench": "overview", "statements": n, "requests_per_page": requests,
                               "client": "django.test.Client in-process (view + database, no network)",
                               "seed": args.seed, "target_p99_ms": TARGET_P99_MS,
                               "load_average_start": harness.load_average()}
    print(f"load average at start: {results['load_average_start']}")
    if "sqlite" in args.backends:
        results["sqlite"] = run_sqlite(args, n, requests)
    pg_url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    if "postgresql" in args.backends:
        if harness.is_postgres(pg_url):
            results["postgresql"] = run_postgresql(args, n, requests, pg_url)
        else:
            print(f"DATABASE_URL scheme {urlsplit(pg_url).scheme!r} is not PostgreSQL: only SQLite was measured.")
    backends = [b for b in ("sqlite", "postgresql") if b in results]
    results["load_average_end"] = harness.load_average()
    results["target_met"] = all(results[b].get("target_met") for b in backends)
    print(f"\nload average at the end: {results['load_average_end']}")
    for b in backends:
        r = results[b]
        if "error" in r:
            print(f"{b:>10}: FAILED ({r['error']})")
            continue
        worst = max(r["pages"].items(), key=lambda kv: kv[1]["p99_ms"])
        verdict = "met" if r["target_met"] else "NOT met"
        print(f"{b:>10}: slowest page p99 {worst[1]['p99_ms']:.1f} ms ({worst[0]}; target ≤ {TARGET_P99_MS:.0f} ms: "
              f"{verdict}); CSV export of {r['export_rows']:,} rows p50 {r['export']['p50_ms']:.0f} ms")
    harness.print_json_line(results)
    return 0 if all("error" not in results[b] for b in backends) else 1


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK_STATEMENTS:,} statements and 50 requests a page")
    parser.add_argument("--statements", type=int, default=0, help="number of statements")
    parser.add_argument("--requests", type=int, default=0, help="measured requests per page and viewer")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed (data and request order)")
    parser.add_argument("--backends", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument("--explain", action="store_true", help="print the plan of each page's slowest query")
    parser.add_argument("--with-index", action="store_true",
                        help="then create INDEX_PROPOSAL by hand and time every page again")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases (their location is printed)")
    parser.add_argument("--worker", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--result-file", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.statements < 0 or args.requests < 0:
        parser.error("--statements and --requests must be positive")
    return args


def run_child(args: argparse.Namespace, backend: str, n: int, requests: int, database_url: str,
              workdir: Path) -> dict[str, Any]:
    result_file = workdir / f"{backend}-result.json"
    env = harness.django_env(database_url, ALLIANCE_ENV="test", DEBUG="0", EMAIL_BACKEND="locmem",
                             TASKS_BACKEND="immediate")
    print(f"\n=== {backend}: {n:,} statements, {requests:,} requests per page and viewer ===", flush=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", backend, "--statements", str(n),
           "--requests", str(requests), "--seed", str(args.seed), "--result-file", str(result_file)]
    cmd += ["--explain"] if args.explain else []
    cmd += ["--with-index"] if args.with_index else []
    proc = subprocess.run(cmd, env=env, cwd=ROOT, check=False)
    if proc.returncode != 0 or not result_file.exists():
        return {"error": f"worker exited with status {proc.returncode}", "target_met": False}
    return json.loads(result_file.read_text())


def run_sqlite(args: argparse.Namespace, n: int, requests: int) -> dict[str, Any]:
    with harness.scratch_dir("alliance-bench-overview-", keep=args.keep,
                             kept="(kept the SQLite scratch database: {path}/bench.sqlite3)") as workdir:
        return run_child(args, "sqlite", n, requests, harness.sqlite_url(workdir / "bench.sqlite3"), workdir)


def run_postgresql(args: argparse.Namespace, n: int, requests: int, url: str) -> dict[str, Any]:
    try:
        with harness.scratch_postgres(url, BENCH_DB_NAME, keep=args.keep) as scratch, \
                harness.scratch_dir("alliance-bench-overview-") as workdir:
            print(f"PostgreSQL {scratch.server_version}")
            return run_child(args, "postgresql", n, requests, scratch.url, workdir)
    except harness.ScratchUnavailableError as error:
        print(f"PostgreSQL unavailable: {error}")
        return {"error": f"no scratch database: {error}", "target_met": False}


# --- Worker (child process: one backend) ---------------------------------------------

def worker(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    name = str(settings.DATABASES["default"]["NAME"])
    # Belt and braces: the worker only ever touches a scratch database.
    assert name != str(ROOT / "var" / "alliance.sqlite3"), name
    assert "alliance-bench-overview-" in name or name == BENCH_DB_NAME, name
    assert not settings.DEBUG

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_s = time.perf_counter() - t0
    print(f"migrate: {migrate_s:.1f} s", flush=True)

    t0 = time.perf_counter()
    data = create_data(args.statements, args.seed)
    create_s = time.perf_counter() - t0
    print(f"data creation: {create_s:.1f} s ({data.summary()})", flush=True)
    analyze(connection)
    result_check = check_monthly_counts(data)
    print(f"monthly counts (StatementMonth): {result_check}", flush=True)

    # As manage.py serve does before its first request: build what every process keeps,
    # then move the loader's and start-up's objects out of the collector's sight.
    from alliance.meetings.management.commands.serve import freeze_start_up, warm_up

    warm_up()
    print(f"GC: {freeze_start_up():,} objects frozen", flush=True)

    pages = plan_pages(data)
    for page in pages:
        print(f"  {page.name:22} {page.url}")
    result: dict[str, Any] = {"statements": args.statements, "create_s": round(create_s, 1),
                              "migrate_s": round(migrate_s, 1), "counts": data.counts,
                              "export_rows": data.export_rows, "vendor": connection.vendor}
    runs = measure(data, pages, args.requests, args.seed)
    result.update(report(runs, pages, f"{connection.vendor}, as migrated"))
    if args.explain:
        explain_slowest(runs, pages)
    if args.with_index and INDEX_PROPOSAL:
        with connection.cursor() as cursor:
            for index_name, columns in INDEX_PROPOSAL:
                cursor.execute(f'CREATE INDEX "{index_name}" ON "overview_statement" ({columns})')
        analyze(connection)
        runs = measure(data, pages, args.requests, args.seed + 7)
        result["with_index"] = {"indexes": INDEX_PROPOSAL,
                                **report(runs, pages, f"{connection.vendor}, with {INDEX_PROPOSAL}")}
        if args.explain:
            explain_slowest(runs, pages)
    result["load_average"] = harness.load_average()
    if args.result_file:
        Path(args.result_file).write_text(json.dumps(result))
    return 0


def check_monthly_counts(data: BenchData) -> str:
    """The heat map from the triggers' monthly counts is the one grouped from the
    statements, for a visitor and a member, after the bulk load: else the figures
    would be of a wrong page."""
    from django.contrib.auth.models import AnonymousUser

    from alliance.accounts.models import User
    from alliance.overview import queries
    from alliance.overview.models import StatementMonth
    from alliance.overview.views import ORDER

    for user in (AnonymousUser(), User.objects.get(pk=data.member_user_id)):
        filters = queries.StatementFilters()
        statements = filters.apply(queries.visible_statements(user))
        if queries.heat_map_for(user, filters, statements, ORDER) != queries.heat_map(statements, ORDER):
            raise AssertionError("the monthly counts differ from the statements' heat map")
    return f"{StatementMonth.objects.count():,} rows, equal to the statements' heat map"


def analyze(connection: Any) -> None:
    """What autovacuum (PostgreSQL) or the app's refresh after large imports (SQLite)
    would have done by the time anyone reads a 100,000-statement overview."""
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"analyze: {time.perf_counter() - t0:.1f} s", flush=True)


@dataclass
class BenchData:
    member_user_id: int
    nuts1: str
    first_day: dt.date
    last_day: dt.date
    export_query: dict[str, str]
    export_rows: int
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        return ", ".join(f"{v:,} {k}" for k, v in self.counts.items())


def _batched(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _weighted(rng: random.Random, weights: dict[str, int], k: int) -> list[str]:
    return rng.choices(list(weights), list(weights.values()), k=k)


def create_data(n_statements: int, seed: int) -> BenchData:
    from django.db import transaction
    from django.urls import reverse
    from django.utils import timezone

    from alliance.accounts.models import Role, User
    from alliance.community import demo
    from alliance.community.ecosystems import ECOSYSTEMS
    from alliance.community.models import Organisation
    from alliance.meetings.models import Series, Session, SessionStatus, Visibility
    from alliance.overview.models import Statement, StatementSource, StatementVisibility

    rng = random.Random(seed)
    slugs = [slug for slug, _name in ECOSYSTEMS]
    places = demo._Places()
    today = timezone.localdate()
    first_day = today - dt.timedelta(days=365 * YEARS)
    with transaction.atomic():
        built = demo.build_organisations(rng, places, ORGANISATIONS, cluster_orgs=30)
        orgs = Organisation.objects.bulk_create([o for o, _e in built])
        eco_of = {o.pk: slugs_ for o, (_o, slugs_) in zip(orgs, built, strict=True)}
        through = Organisation.ecosystems.through
        through.objects.bulk_create([through(organisation_id=pk, ecosystem_id=s)
                                     for pk, ss in eco_of.items() for s in ss])

        series = Series.objects.bulk_create([
            Series(title=title, rule="FREQ=WEEKLY;BYDAY=MO,WE,FR", start_date=first_day) for title in SERIES_TITLES])
        sessions: list[Session] = []
        day = first_day
        while day < today:
            if day.weekday() in (0, 2, 4)[:SESSIONS_PER_WEEK]:
                starts = dt.datetime.combine(day, dt.time(8, 30), tzinfo=dt.UTC)
                chosen = rng.choice(series)
                sessions.append(Session(
                    series=chosen, topic=f"{chosen.title}: {day:%d %B %Y}", starts_at=starts,
                    status=SessionStatus.MINUTES_PUBLISHED,
                    visibility=Visibility.MEMBERS if rng.random() < MEMBERS_ONLY_SESSIONS else Visibility.PUBLIC))
            day += dt.timedelta(days=1)
        sessions = Session.objects.bulk_create(sessions)
        link_of = {s.pk: reverse("minutes:public", args=[s.pk]) for s in sessions}

        statements: list[Statement] = []
        statement_ecosystems: list[list[str]] = []
        kinds = _weighted(rng, KINDS, n_statements)
        languages = _weighted(rng, LANGUAGES, n_statements)
        for i in range(n_statements):
            session = rng.choice(sessions)
            org = None if rng.random() < IMPORTED_SHARE else rng.choice(orgs)
            ecosystems = list(eco_of[org.pk][:rng.choice([1, 1, 1, 2])]) if org else [rng.choice(slugs)]
            language = languages[i]
            text = rng.choice(TEXTS[language]).format(
                n=rng.randint(2, 5000), trade=rng.choice(demo.TRADES[ecosystems[0]]).lower())
            statements.append(Statement(
                source=StatementSource.CONTRIBUTION, source_id=i + 1, kind=kinds[i], text=text, language=language,
                organisation=org, organisation_type=org.type if org else "",
                country_id=org.country_id if org else None, region_id=org.region_id if org else None,
                session_id=session.pk, series_id=session.series_id,
                said_at=session.starts_at + dt.timedelta(seconds=rng.randint(60, 5400)),
                visibility=(StatementVisibility.PUBLIC if session.visibility == Visibility.PUBLIC
                            else StatementVisibility.MEMBERS),
                link=link_of[session.pk]))
            statement_ecosystems.append(ecosystems)
        saved: list[Statement] = []
        for chunk in _batched(statements, 5000):
            saved.extend(Statement.objects.bulk_create(chunk))
        sthrough = Statement.ecosystems.through
        links = [sthrough(statement_id=s.pk, ecosystem_id=e)
                 for s, ecosystems in zip(saved, statement_ecosystems, strict=True) for e in ecosystems]
        for chunk in _batched(links, 10_000):
            sthrough.objects.bulk_create(chunk)
        member = User.objects.create_user("bench-member@alliance.example", None, name="Bench Member",
                                          role=Role.PARTICIPANT)

    # The NUTS 1 region with most health statements: the filtered overview has rows to show.
    nuts1 = Counter(s.region_id[:3] for s, ecosystems in zip(saved, statement_ecosystems, strict=True)
                    if s.region_id and "health" in ecosystems).most_common(1)[0][0]
    export_query, export_rows = _export_filter(saved, statement_ecosystems, today)
    return BenchData(member.pk, nuts1, first_day, today, export_query, export_rows, counts={
        "statements": len(saved), "ecosystem links": len(links), "organisations": len(orgs),
        "sessions": len(sessions), "members-only statements": sum(s.visibility != "public" for s in saved)})


def _export_filter(saved: list[Any], ecosystems: list[list[str]], today: dt.date) -> tuple[dict[str, str], int]:
    """One ecosystem over the shortest period back from today that holds ~EXPORT_ROWS
    public statements: a download someone asks for ("digital, since March")."""
    dates = sorted((s.said_at.date() for s, ee in zip(saved, ecosystems, strict=True)
                    if "digital" in ee and s.visibility == "public"), reverse=True)
    since = dates[min(len(dates), EXPORT_ROWS) - 1]
    rows = sum(1 for d in dates if d >= since)
    return {"ecosystem": "digital", "since": since.isoformat(), "until": today.isoformat()}, rows


# --- The pages -------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    name: str
    url: str
    export: bool = False


def plan_pages(data: BenchData) -> list[Page]:
    from django.urls import reverse

    from alliance.overview.views import LIST_CAP, PER_PAGE

    overview, regions = reverse("overview:overview"), reverse("overview:regions")
    statements = reverse("overview:statements")
    export = reverse("overview:export", args=["csv"])
    half_year = data.last_day - dt.timedelta(days=182)
    return [
        Page("overview", overview),
        Page("overview_filtered", f"{overview}?{urlencode({'ecosystem': 'health', 'region': data.nuts1})}"),
        Page("regions", regions),
        Page("statements", statements),
        Page("statements_deep", f"{statements}?page={LIST_CAP // PER_PAGE}"),
        Page("statements_filtered", f"{statements}?" + urlencode(
            {"kind": "need", "language": "de", "since": half_year.isoformat(),
             "until": data.last_day.isoformat()})),
        Page("export_csv", f"{export}?{urlencode(data.export_query)}", export=True),
    ]


class QueryRecord(NamedTuple):
    sql: str
    params: Any
    ms: float


@dataclass
class Run:
    page: str
    member: bool
    ms: float
    n_queries: int
    sql_ms: float
    slowest: QueryRecord | None
    gc_ms: float
    size: int
    by_query: dict[str, float]


@contextmanager
def timed_queries(sink: list[QueryRecord]) -> Iterator[None]:
    """Every query of a request, timed with perf_counter."""
    from django.db import connection

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sink.append(QueryRecord(sql, tuple(params) if isinstance(params, list) else params,
                                    (time.perf_counter() - start) * 1000))

    with connection.execute_wrapper(wrapper):
        yield


def measure(data: BenchData, pages: list[Page], requests: int, seed: int) -> list[Run]:
    """Warm up every page, then ``requests`` of each page and viewer in a shuffled order
    (so a slow minute of the shared machine does not land on one page)."""
    from django.test import Client

    from alliance.accounts.models import User

    clients = {False: Client(), True: Client()}
    clients[True].force_login(User.objects.get(pk=data.member_user_id))
    clock = GcClock()
    gc.callbacks.append(clock)

    def issue(page: Page, member: bool) -> Run:
        sink: list[QueryRecord] = []
        gc_before = clock.total_ms
        with timed_queries(sink):
            start = time.perf_counter()
            response = clients[member].get(page.url)
            body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
            elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise AssertionError(f"{page.url} answered {response.status_code}")
        by_query: defaultdict[str, float] = defaultdict(float)
        for q in sink:
            by_query[query_label(q.sql)] += q.ms
        return Run(page.name, member, elapsed, len(sink), sum(q.ms for q in sink),
                   max(sink, key=lambda q: q.ms) if sink else None, clock.total_ms - gc_before, len(body),
                   dict(by_query))

    for page in pages:
        for member in (False, True):
            for _ in range(WARMUP_REQUESTS):
                issue(page, member)
    plan = [(page, member) for page in pages for member in (False, True) for _ in range(requests)]
    random.Random(seed).shuffle(plan)
    runs, started = [], time.perf_counter()
    for index, (page, member) in enumerate(plan, 1):
        runs.append(issue(page, member))
        if index % 500 == 0:
            print(f"  {index:,}/{len(plan):,} requests, {time.perf_counter() - started:.0f} s", flush=True)
    gc.callbacks.remove(clock)
    return runs


# --- Figures -------------------------------------------------------------------------

def report(runs: list[Run], pages: list[Page], title: str) -> dict[str, Any]:
    by_page: dict[tuple[str, bool], list[Run]] = defaultdict(list)
    for run in runs:
        by_page[run.page, run.member].append(run)
    figures: dict[str, Any] = {}
    print(f"\n--- {title}: {len(runs):,} requests; load average {harness.load_average()} ---")
    print(f"{'page':22} {'viewer':7} {'n':>4} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}  {'queries':>7} "
          f"{'SQL p50':>7} {'GC':>5} {'KiB':>6}  slowest query (median request)")
    for page in pages:
        for member in (False, True):
            rs = by_page[page.name, member]
            cuts = harness.percentiles([r.ms for r in rs], digits=1, count=True)
            key = f"{page.name}_{'member' if member else 'visitor'}"
            median = sorted(rs, key=lambda r: r.ms)[len(rs) // 2]
            figures[key] = {**cuts, "queries": max(r.n_queries for r in rs),
                            "sql_p50_ms": round(statistics.median(r.sql_ms for r in rs), 1),
                            "gc_ms_mean": round(statistics.fmean(r.gc_ms for r in rs), 2),
                            "kib": round(median.size / 1024, 1)}
            slowest = (f"{median.slowest.ms:5.1f} ms {query_label(median.slowest.sql)}" if median.slowest else "")
            print(f"{page.name:22} {'member' if member else 'visitor':7} {cuts['n']:>4} {cuts['p50_ms']:>7.1f} "
                  f"{cuts['p95_ms']:>7.1f} {cuts['p99_ms']:>7.1f} {cuts['max_ms']:>7.1f}  "
                  f"{figures[key]['queries']:>7} {figures[key]['sql_p50_ms']:>7.1f} "
                  f"{figures[key]['gc_ms_mean']:>5.1f} {figures[key]['kib']:>6.1f}  {slowest}")
    print("\nwhere the SQL time goes (mean ms per request, the three costliest queries of each page):")
    for page in pages:
        for member in (False, True):
            rs = by_page[page.name, member]
            total: defaultdict[str, float] = defaultdict(float)
            for r in rs:
                for label, ms in r.by_query.items():
                    total[label] += ms
            costliest = sorted(total.items(), key=lambda item: -item[1])[:3]
            top = ", ".join(f"{ms / len(rs):.1f} {label}" for label, ms in costliest)
            print(f"  {page.name:22} {'member' if member else 'visitor':7} {top}")
    export_names = {p.name for p in pages if p.export}
    page_figures = {k: v for k, v in figures.items() if k.rsplit("_", 1)[0] not in export_names}
    export_runs = [r.ms for r in runs if r.page in export_names]
    met = all(v["p99_ms"] <= TARGET_P99_MS for v in page_figures.values())
    missed = sorted(k for k, v in page_figures.items() if v["p99_ms"] > TARGET_P99_MS)
    print(f"target p99 ≤ {TARGET_P99_MS:.0f} ms on every page: {'met' if met else 'NOT met: ' + ', '.join(missed)}")
    return {"pages": page_figures, "export": harness.percentiles(export_runs, digits=1, count=True),
            "export_by_viewer": {k: v for k, v in figures.items() if k.rsplit("_", 1)[0] in export_names},
            "target_met": met, "missed": missed}


def query_label(sql: str) -> str:
    """A short name for a query: its tables and what it groups by."""
    tables = list(dict.fromkeys(re.findall(r'(?:FROM|JOIN) "(\w+)"', sql)))
    group = re.search(r"GROUP BY (.{0,60})", sql)
    words = "+".join(t.removeprefix("overview_").removeprefix("community_") for t in tables)
    if sql.lstrip().upper().startswith("SELECT COUNT") or "COUNT(" in sql[:80].upper():
        words = "count " + words
    return words + (f" group by {group.group(1)}" if group else "")


def explain_slowest(runs: list[Run], pages: list[Page]) -> None:
    from django.db import connection

    prefix = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    for page in pages:
        slowest = max((r.slowest for r in runs if r.page == page.name and r.slowest), key=lambda q: q.ms)
        print(f"\n{page.name}: slowest query {slowest.ms:.1f} ms\n  {slowest.sql[:600]}\n  params {slowest.params}")
        with connection.cursor() as cursor:
            cursor.execute(prefix + slowest.sql, slowest.params)
            for row in cursor.fetchall():
                print("   ", " ".join(str(c) for c in row))


if __name__ == "__main__":
    sys.exit(main())
