"""manage.py serve — the production ASGI server (Uvicorn) with the options the live room needs.

One command, so operators, the real-server tests and the benchmarks all run the same
thing (docs/decisions/0004-uvicorn.md):
- websockets through websockets' sans-I/O protocol, and *no per-message deflate*: a
  room broadcast is the same frame for every member, but compression is per
  connection, so deflate cost a third of the server's CPU at 1,000 watchers;
- ``X-Forwarded-*`` headers trusted from ``--forwarded-allow-ips`` (nginx), so
  HTTPS and client addresses are seen as the browser sent them;
- no ``Server: uvicorn`` header: it tells a prober which server (and so which
  advisories) to try, and tells a visitor nothing;
- the application is loaded and warmed before Uvicorn starts, then everything
  start-up built is frozen out of the cyclic garbage collector's sight
  (``gc.freeze()``): those objects live as long as the process, yet every full
  collection walked them all, tens of milliseconds that landed on whichever request
  was running (docs/decisions/0010-gc-freeze-at-start-up.md).
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

logger = logging.getLogger(__name__)
TEMPLATE_SUFFIXES = {".html", ".txt"}


def options(*, host: str, port: int, forwarded_allow_ips: str = "127.0.0.1", access_log: bool = False,
            log_level: str = "info") -> dict[str, Any]:
    return {"host": host, "port": port, "ws": "websockets-sansio", "ws_per_message_deflate": False,
            "proxy_headers": True, "forwarded_allow_ips": forwarded_allow_ips, "access_log": access_log,
            "log_level": log_level, "lifespan": "off", "timeout_graceful_shutdown": 10, "server_header": False}


def warm_up() -> int:
    """Build now what the first requests would otherwise build and keep for the life of
    the process: the URLconf with every view module it imports, the translation catalogs
    and Babel's locale data of every language, the project's compiled templates. No
    database access (the server may start before the database answers). Returns the
    number of templates compiled."""
    from babel import Locale
    from django.conf import settings
    from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    # Not the reverse dictionaries: filled here, outside a request, every request then
    # allocated more (15 % more young collections, measured through manage.py serve).
    get_resolver().url_patterns  # noqa: B018  (imports the URLconf and its views)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Alliance")
        Locale.parse(translation.to_locale(code)).territories  # noqa: B018  (loads the locale's data)
    compiled = 0
    for engine in engines.all():
        for folder in engine.template_dirs:
            root = Path(folder)
            # The project's own templates; Django's (admin, forms) are for the few who use them.
            if settings.BASE_DIR not in root.parents or ".venv" in root.parts:
                continue
            # Templates only: editors and tools leave other files beside them.
            for path in sorted(p for p in root.rglob("*") if p.suffix in TEMPLATE_SUFFIXES and p.is_file()):
                try:
                    get_template(path.relative_to(root).as_posix(), using=engine.name)
                except (TemplateSyntaxError, TemplateDoesNotExist, UnicodeDecodeError) as error:
                    logger.warning("warm-up: %s not compiled: %s", path, error)
                    continue
                compiled += 1
    return compiled


def freeze_start_up() -> int:
    """Collect start-up's garbage, then move every surviving object into the permanent
    generation, which collections skip: a full collection then walks only what requests
    built since. The objects are not copied or changed; the number frozen is returned."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


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
        # Imported here rather than by Uvicorn, so that it is loaded before the freeze.
        from alliance.asgi import application

        templates = warm_up()
        frozen = freeze_start_up()
        logger.info("start-up: %d templates compiled, %d objects frozen", templates, frozen)
        uvicorn.run(application, **options(
            host=opts["host"], port=opts["port"], forwarded_allow_ips=opts["forwarded_allow_ips"],
            access_log=opts["access_log"], log_level=opts["log_level"]))
