"""What every benchmark needs and none of them measures: scratch databases, servers on
free ports, CPU and memory meters, the garbage collector's clock, percentiles and the
final JSON line.

The benchmarks import this module and nothing of each other. It imports nothing from
Django, so it can run before Django is set up (a benchmark's parent process never sets
it up: settings read DATABASE_URL at import time, so every database gets processes of
its own).

Run as a script, it starts a server under the GC probe (see ``gc_probe_command``)::

    python bench/harness.py gc-probe STATS.json -- manage.py serve --port 8001
"""

from __future__ import annotations

import contextlib
import gc
import http.client
import json
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
HARNESS = Path(__file__).resolve()
SERVER_START_TIMEOUT_S = 90.0
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}


# --- Environments and children ---------------------------------------------------------

def with_root_on_path(env: dict[str, str]) -> dict[str, str]:
    """``env`` with the project on PYTHONPATH (children run scripts from bench/)."""
    return {**env, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def django_env(database_url: str, settings: str = "alliance.settings", *, drop: tuple[str, ...] = ("REDIS_URL",),
               **values: str) -> dict[str, str]:
    """This process's environment for a child on ``database_url``; ``drop`` names
    variables the child must not inherit (by default REDIS_URL: one host, no Redis)."""
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update({"DJANGO_SETTINGS_MODULE": settings, "DATABASE_URL": database_url, **values})
    return with_root_on_path(env)


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in POSTGRES_SCHEMES


def migrate(env: dict[str, str]) -> float:
    """``manage.py migrate`` on ``env``'s database; the seconds it took."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
    return time.perf_counter() - started


def child_json(script: str | Path, env: dict[str, str], extra: list[str]) -> dict[str, Any]:
    """Run ``script`` with ``extra`` in a child process; the JSON of its last line."""
    proc = subprocess.run([sys.executable, str(Path(script).resolve()), *extra], env=env, cwd=ROOT,
                          check=False, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(extra[:2])} child failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def print_json_line(results: dict[str, Any]) -> None:
    """The line a benchmark ends with: everything it measured, for a machine to read."""
    print(json.dumps(results, separators=(",", ":")), flush=True)


# --- Scratch databases -------------------------------------------------------------------

@contextlib.contextmanager
def scratch_dir(prefix: str, *, keep: bool = False, kept: str = "(kept {path})") -> Iterator[Path]:
    """A temporary folder (the SQLite scratch database, server logs), removed afterwards
    unless ``keep``; then ``kept`` is printed with ``{path}`` filled in."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield workdir
    finally:
        if keep:
            print(kept.format(path=workdir))
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


class ScratchUnavailableErrorError(RuntimeError):
    """The PostgreSQL server cannot give the benchmark a scratch database."""


# The name the benchmarks catch it by.
ScratchUnavailableError = ScratchUnavailableErrorError


@dataclass
class ScratchPostgres:
    url: str  # the scratch database, in the scheme the caller gave
    admin_url: str
    name: str
    server_version: str
    max_connections: int | None


@contextlib.contextmanager
def scratch_postgres(server_url: str, name: str, *, keep: bool = False,
                     kept: str = "(kept the PostgreSQL scratch database: {name})") -> Iterator[ScratchPostgres]:
    """A database ``name`` created on the server of ``server_url`` and dropped afterwards
    (unless ``keep``). The database ``server_url`` names is only connected to, never
    written. Raises ScratchUnavailableErrorError when the server refuses."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(server_url)
    admin_db = parts.path.lstrip("/") or "postgres"
    if admin_db == name:
        admin_db = "postgres"
    admin_url = urlunsplit(("postgresql", parts.netloc, f"/{admin_db}", parts.query, ""))
    bench_url = urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))
    ident = sql.Identifier(name)
    try:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(ident))
            version = conn.execute("SHOW server_version").fetchone()
            max_conn = conn.execute("SHOW max_connections").fetchone()
    except psycopg.Error as error:
        raise ScratchUnavailableErrorError(str(error)) from error
    try:
        yield ScratchPostgres(bench_url, admin_url, name, version[0] if version else "?",
                              int(max_conn[0]) if max_conn else None)
    finally:
        if keep:
            print(kept.format(name=name))
        else:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))


# --- Servers -----------------------------------------------------------------------------

def free_ports(count: int) -> list[int]:
    """``count`` consecutive free TCP ports on 127.0.0.1."""
    rng = random.Random()
    for _attempt in range(100):
        base = rng.randint(20_000, 60_000 - count)
        sockets: list[socket.socket] = []
        try:
            for port in range(base, base + count):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
        return list(range(base, base + count))
    raise RuntimeError("no free consecutive ports")


def serve_command(port: int, log_level: str = "warning") -> list[str]:
    """``manage.py serve``: Uvicorn as production runs it (docs/decisions/0004-uvicorn.md)."""
    return [sys.executable, "manage.py", "serve", "--port", str(port), "--log-level", log_level]


def daphne_command(port: int, app: str = "alliance.asgi:application") -> list[str]:
    return [str(ROOT / ".venv" / "bin" / "daphne"), "-b", "127.0.0.1", "-p", str(port), app]


def raise_fd_limit(want: int = 65_536) -> int:
    """Raise this process's open-file limit to ``want`` (the hard one too when allowed)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= want:
        return soft
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, max(want, hard) if hard != resource.RLIM_INFINITY
                                                    else hard))
    except (ValueError, OSError):
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


class Server:
    """One server process on 127.0.0.1:``port``, its access log (stdout) and Django's log
    with its tracebacks (stderr) in ``workdir`` apart. With ``gc_stats`` it runs under
    the GC probe, which keeps that file up to date with the collector's figures."""

    def __init__(self, command: list[str], port: int, env: dict[str, str], workdir: Path, *, name: str = "server",
                 preexec_fn: Callable[[], Any] | None = None, gc_stats: bool = False) -> None:
        self.port = port
        self.name = name
        self.log_path = workdir / f"{name}-{port}.err"
        self._log = self.log_path.open("wb")
        self._access = (workdir / f"{name}-{port}.access").open("wb")
        self.gc_path = workdir / f"{name}-{port}.gc.json" if gc_stats else None
        if self.gc_path is not None:
            command = gc_probe_command(self.gc_path, command)
        self.proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=self._access, stderr=self._log,
                                     preexec_fn=preexec_fn)

    def wait_ready(self, path: str = "/", *, require_ok: bool = False) -> None:
        """Until it answers ``path`` (with 200 when ``require_ok``, else with anything)."""
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} on port {self.port} exited with {self.proc.returncode}:\n"
                                   + self.log_tail())
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                conn.close()
            except (ConnectionError, OSError, http.client.HTTPException):
                time.sleep(0.2)
                continue
            if require_ok and response.status != 200:
                raise RuntimeError(f"{self.name} on port {self.port}: GET {path} answered {response.status}")
            return
        raise RuntimeError(f"{self.name} on port {self.port} did not answer in {SERVER_START_TIMEOUT_S:.0f} s")

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.proc.pid)

    def gc_stats(self) -> GcStats | None:
        """The collector's figures in the server so far (None without the probe)."""
        return GcStats.read(self.gc_path) if self.gc_path is not None else None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(15)
        self._log.close()
        self._access.close()

    def log_tail(self, lines: int = 30) -> str:
        self._log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def log_size(self) -> int:
        """Where the log is now: the exceptions of one phase are those after its mark."""
        self._log.flush()
        return self.log_path.stat().st_size

    def exceptions(self, since: int = 0, until: int | None = None) -> Counter[str]:
        """The final exception of every traceback the server logged ("ValidationError: …")
        between the byte offsets ``since`` and ``until``; of a chain ("During handling of
        the above exception…") only the last one."""
        found: Counter[str] = Counter()
        pending = ""
        in_traceback = False
        text = self.log_path.read_bytes()[since:until].decode(errors="replace")
        for line in [*text.splitlines(), "<end>"]:
            if line.startswith("Traceback (most recent call last)"):
                in_traceback = True
            elif line.startswith(("During handling of the above", "The above exception")):
                pending = ""
            elif not line.strip() or line.startswith((" ", "\t")):
                continue
            elif in_traceback:
                pending, in_traceback = line.strip()[:200], False
            else:
                if pending:
                    found[pending] += 1
                pending = ""
        return found


# --- CPU and memory ------------------------------------------------------------------------

def process_cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_cpu_seconds() -> float:
    """CPU of every local ``postgres`` process, with the exited backends that the
    postmaster reaped (its cutime/cstime): the database's share of the machine."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name, fields = stat[stat.find("(") + 1:stat.rfind(")")], stat[stat.rfind(")") + 1:].split()
        if name == "postgres" or name.startswith("postgres:"):
            total += sum(int(v) for v in fields[11:15])
    return total / os.sysconf("SC_CLK_TCK")


def redis_cpu_seconds() -> float:
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != "redis-server":
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def machine_cpu() -> tuple[float, float]:
    """(busy, total) seconds of all cores since boot, from /proc/stat."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except OSError:
        return 0.0, 0.0
    tick = os.sysconf("SC_CLK_TCK")
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / tick, sum(values[:8]) / tick


def load_average() -> str:
    """The machine's 1/5/15-minute load, printed beside figures taken on shared cores."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


@dataclass
class CpuReading:
    server_s: float
    redis_s: float | None
    postgres_s: float | None
    machine_busy_s: float
    machine_busy_share: float | None


class CpuMeter:
    """CPU seconds of the servers, Redis and PostgreSQL, and the machine's busy share, from
    its creation to ``read()``."""

    def __init__(self, pids: list[int], *, redis: bool = False, postgres: bool = False) -> None:
        self.redis, self.postgres = redis, postgres
        self.servers = {pid: process_cpu_seconds(pid) for pid in pids}
        self.redis_s = redis_cpu_seconds() if redis else 0.0
        self.postgres_s = postgres_cpu_seconds() if postgres else 0.0
        self.busy, self.total = machine_cpu()

    def read(self) -> CpuReading:
        server = sum(process_cpu_seconds(pid) - before for pid, before in self.servers.items())
        redis = redis_cpu_seconds() - self.redis_s if self.redis else None
        postgres = postgres_cpu_seconds() - self.postgres_s if self.postgres else None
        busy, total = machine_cpu()
        share = (busy - self.busy) / (total - self.total) if total > self.total else None
        return CpuReading(server, redis, postgres, busy - self.busy, share)


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler(threading.Thread):
    """The servers' resident memory every ``every_s``; the maximum of their sum and of each."""

    def __init__(self, pids: list[int], every_s: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pids = pids
        self.every_s = every_s
        self.max_total = 0
        self.max_each = dict.fromkeys(pids, 0)
        self.done = threading.Event()

    def sample(self) -> int:
        values = {pid: rss_kib(pid) for pid in self.pids}
        for pid, value in values.items():
            self.max_each[pid] = max(self.max_each[pid], value)
        total = sum(values.values())
        self.max_total = max(self.max_total, total)
        return total

    def run(self) -> None:
        while not self.done.wait(self.every_s):
            self.sample()


# --- Percentiles ---------------------------------------------------------------------------

def percentiles(values: list[float], *, digits: int = 1, count: bool = False, prefix: str = "") -> dict[str, Any]:
    """p50/p95/p99/max (``_ms``) of ``values``, rounded to ``digits``; with ``count`` also
    ``n`` (and only ``n`` when there are none, else zeros); keys after ``prefix``_."""
    if not values:
        cuts: dict[str, Any] = {"n": 0} if count else dict.fromkeys(("p50_ms", "p95_ms", "p99_ms", "max_ms"), 0.0)
    elif len(values) == 1:
        v = round(values[0], digits)
        cuts = {"p50_ms": v, "p95_ms": v, "p99_ms": v, "max_ms": v}
    else:
        q = statistics.quantiles(values, n=100, method="inclusive")
        cuts = {"p50_ms": round(q[49], digits), "p95_ms": round(q[94], digits), "p99_ms": round(q[98], digits),
                "max_ms": round(max(values), digits)}
    if count and values:
        cuts = {"n": len(values), **cuts}
    return {f"{prefix}_{k}" if prefix else k: v for k, v in cuts.items()}


def poisson_arrivals(n: int, seconds: float, seed: int) -> list[float]:
    """Offsets (s from the start) of ``n`` arrivals of a Poisson process averaging ``n``
    in ``seconds``: exponential gaps from ``seed``, so every run has the same schedule.
    The last one falls near ``seconds``, not exactly on it."""
    rng = random.Random(seed)
    rate = n / seconds
    offsets, t = [], 0.0
    for _ in range(n):
        t += rng.expovariate(rate)
        offsets.append(t)
    return offsets


# --- The garbage collector -----------------------------------------------------------------

class GcClock:
    """Milliseconds the cyclic garbage collector ran, per generation, so its pauses are
    not blamed on the code; install with ``gc.callbacks.append(clock)``. Wall time is
    what a request waits; CPU time (of the collecting thread) is the collector's own
    work: on a busy machine the first includes waiting for a core."""

    def __init__(self) -> None:
        self.total_ms = 0.0
        self.ms = [0.0, 0.0, 0.0]
        self.collections = [0, 0, 0]
        self.max_ms = 0.0
        # (collections so far, generation, ms) of every pause of 1 ms or more, the latest
        # ones: a reader finds a phase's longest pause among those after its first reading.
        self.pauses: deque[tuple[int, int, float, float]] = deque(maxlen=2000)
        self.cpu_ms = 0.0
        self._start = 0.0
        self._start_cpu = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
            self._start_cpu = time.thread_time()
            return
        ms = (time.perf_counter() - self._start) * 1000
        cpu_ms = (time.thread_time() - self._start_cpu) * 1000
        self.cpu_ms += cpu_ms
        generation = info.get("generation", 2)
        self.total_ms += ms
        self.ms[generation] += ms
        self.collections[generation] += 1
        self.max_ms = max(self.max_ms, ms)
        if ms >= 1.0:
            self.pauses.append((sum(self.collections), generation, round(ms, 2), round(cpu_ms, 2)))

    def as_dict(self) -> dict[str, Any]:
        return {"gc_ms": round(self.total_ms, 2), "gc_cpu_ms": round(self.cpu_ms, 2),
                "gc_ms_by_generation": [round(v, 2) for v in self.ms],
                "collections": list(self.collections), "longest_ms": round(self.max_ms, 2),
                "pauses": list(self.pauses), "frozen": gc.get_freeze_count(), "at": time.time()}


@dataclass
class GcStats:
    """What the GC probe last wrote for a server process."""

    gc_ms: float
    gc_ms_by_generation: list[float]
    collections: list[int]
    longest_ms: float
    frozen: int
    pauses: list[tuple[float, ...]]
    gc_cpu_ms: float = 0.0

    @classmethod
    def read(cls, path: Path) -> GcStats | None:
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            return None
        return cls(data["gc_ms"], data["gc_ms_by_generation"], data["collections"], data["longest_ms"],
                   data["frozen"], [tuple(p) for p in data.get("pauses", [])], data.get("gc_cpu_ms", 0.0))

    def since(self, before: GcStats | None) -> dict[str, Any]:
        """The collector's work between ``before`` and this reading, with the longest
        pause and the full collections' pauses in between."""
        base = before or GcStats(0.0, [0.0, 0.0, 0.0], [0, 0, 0], 0.0, 0, [])
        seen = sum(base.collections)
        pauses = [p for p in self.pauses if p[0] > seen]
        return {"gc_ms": round(self.gc_ms - base.gc_ms, 1), "gc_cpu_ms": round(self.gc_cpu_ms - base.gc_cpu_ms, 1),
                "gc_ms_by_generation": [round(a - b, 1) for a, b in
                                        zip(self.gc_ms_by_generation, base.gc_ms_by_generation, strict=True)],
                "collections": [a - b for a, b in zip(self.collections, base.collections, strict=True)],
                "longest_ms": round(max((p[2] for p in pauses), default=0.0), 1),
                "full_ms": [p[2] for p in pauses if p[1] == 2],
                "full_cpu_ms": [p[3] for p in pauses if p[1] == 2 and len(p) > 3], "frozen": self.frozen}


def gc_figures(servers: list[Server], before: list[GcStats | None], requests: int,
               unit: str = "request") -> dict[str, Any] | None:
    """The servers' GC work since ``before`` (one reading per server), summed, with the
    milliseconds per ``unit`` (``requests`` of them in the phase); None when no server
    ran under the probe."""
    after = [s.gc_stats() for s in servers]
    spans = [a.since(b) for a, b in zip(after, before, strict=True) if a is not None]
    if not spans:
        return None
    total = sum(s["gc_ms"] for s in spans)
    return {"gc_ms": round(total, 1), "gc_cpu_ms": round(sum(s["gc_cpu_ms"] for s in spans), 1), "unit": unit,
            f"gc_ms_per_{unit}": round(total / max(1, requests), 3),
            "collections": [sum(s["collections"][g] for s in spans) for g in range(3)],
            "gc_ms_by_generation": [round(sum(s["gc_ms_by_generation"][g] for s in spans), 1) for g in range(3)],
            "longest_ms": max(s["longest_ms"] for s in spans),
            "full_collection_ms": [ms for s in spans for ms in s["full_ms"]],
            "full_collection_cpu_ms": [ms for s in spans for ms in s["full_cpu_ms"]],
            "frozen": [s["frozen"] for s in spans]}


def gc_text(figures: dict[str, Any] | None) -> str:
    if not figures:
        return "server GC: not measured"
    gens = figures["collections"]
    unit = figures["unit"]
    return (f"server GC {figures['gc_ms']:.1f} ms ({figures[f'gc_ms_per_{unit}']:.3f} ms per {unit}; "
            f"collections by generation {gens[0]}/{gens[1]}/{gens[2]}, generation 2 "
            f"{figures['gc_ms_by_generation'][2]:.1f} ms {figures['full_collection_ms']} (CPU "
            f"{figures['full_collection_cpu_ms']}); GC CPU {figures['gc_cpu_ms']:.1f} ms; longest pause "
            f"{figures['longest_ms']:.1f} ms; "
            f"frozen objects {', '.join(f'{v:,}' for v in figures['frozen'])})")


def gc_probe_command(stats_path: Path, command: list[str]) -> list[str]:
    """``command`` (a Python script or console script run by this interpreter) under the
    GC probe: the server process itself times every collection and rewrites
    ``stats_path`` when the figures change, so a benchmark can read them between phases."""
    target = command
    if command[0] == sys.executable:
        target = command[1:]
    elif Path(command[0]).name in {"daphne", "uvicorn"}:
        target = ["-m", Path(command[0]).name, *command[1:]]
    return [sys.executable, str(HARNESS), "gc-probe", str(stats_path), "--", *target]


def _run_under_probe(stats_path: Path, target: list[str]) -> None:
    import atexit
    import runpy

    clock = GcClock()
    gc.callbacks.append(clock)

    def write() -> None:
        tmp = stats_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(clock.as_dict()))
        tmp.replace(stats_path)

    def writer() -> None:
        last: tuple[Any, ...] = ()
        while True:
            time.sleep(0.2)
            now = (clock.total_ms, gc.get_freeze_count())
            if now != last:
                write()
                last = now

    write()
    atexit.register(write)
    threading.Thread(target=writer, daemon=True, name="gc-probe").start()
    # sys.path[0] as if the target had been started itself (not bench/, where this file is).
    if target[0] == "-m":
        sys.argv = [target[1], *target[2:]]
        sys.path[0] = str(Path.cwd())
        runpy.run_module(target[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = list(target)
        sys.path[0] = str(Path(target[0]).resolve().parent)
        runpy.run_path(target[0], run_name="__main__")


if __name__ == "__main__":
    if len(sys.argv) < 5 or sys.argv[1] != "gc-probe" or sys.argv[3] != "--":
        sys.exit("usage: harness.py gc-probe STATS.json -- SCRIPT [ARGS…]")
    _run_under_probe(Path(sys.argv[2]), sys.argv[4:])
