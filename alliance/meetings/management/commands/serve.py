"""manage.py serve — the production ASGI server (Uvicorn) with the options the live room needs.

One command, so operators, the real-server tests and the benchmarks all run the same
thing (docs/decisions/0004-uvicorn.md):
- websockets through websockets' sans-I/O protocol, and *no per-message deflate*: a
  room broadcast is the same frame for every member, but compression is per
  connection, so deflate cost a third of the server's CPU at 1,000 watchers;
- ``X-Forwarded-*`` headers trusted from ``--forwarded-allow-ips`` (nginx), so
  HTTPS and client addresses are seen as the browser sent them;
- no ``Server: uvicorn`` header: it tells a prober which server (and so which
  advisories) to try, and tells a visitor nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


def options(*, host: str, port: int, forwarded_allow_ips: str = "127.0.0.1", access_log: bool = False,
            log_level: str = "info") -> dict[str, Any]:
    return {"host": host, "port": port, "ws": "websockets-sansio", "ws_per_message_deflate": False,
            "proxy_headers": True, "forwarded_allow_ips": forwarded_allow_ips, "access_log": access_log,
            "log_level": log_level, "lifespan": "off", "timeout_graceful_shutdown": 10, "server_header": False}


class Command(BaseCommand):
    help = "Serve HTTP and websockets with Uvicorn (one process; run one per core behind nginx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8001)
        parser.add_argument("--forwarded-allow-ips", default="127.0.0.1",
                            help="proxies whose X-Forwarded-* headers are trusted (comma-separated)")
        parser.add_argument("--access-log", action="store_true")
        parser.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])

    def handle(self, *args: Any, **opts: Any) -> None:
        import uvicorn

        if not 0 < opts["port"] < 65536:
            raise SystemExit("--port must be between 1 and 65535")
        uvicorn.run("alliance.asgi:application", **options(
            host=opts["host"], port=opts["port"], forwarded_allow_ips=opts["forwarded_allow_ips"],
            access_log=opts["access_log"], log_level=opts["log_level"]))
