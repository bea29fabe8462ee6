"""Typed readers for environment variables.

Each reader fails loudly (ImproperlyConfigured, naming the variable) instead of
guessing, because a typo in production configuration must stop the process at
start-up rather than surface as odd behaviour later.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"{name} must be set.")
        if default is None:
            return ""
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(choices)}.")
    return value


def database_from_url(url: str) -> dict[str, object]:
    """Turn a ``postgres://user:pass@host:port/name?opt=val`` URL into a DATABASES entry.

    Only PostgreSQL and SQLite are supported: those are the two databases the
    test suite runs on, so accepting anything else would be an untested promise.
    """
    parts = urlsplit(url)
    scheme = parts.scheme
    if scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured("DATABASE_URL must name a database, e.g. postgres://u@h/alliance.")
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"DATABASE_URL has an invalid port: {url!r}.") from None
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            # Under ASGI every request runs in a thread of its own, so persistent
            # connections (CONN_MAX_AGE) are never reused and pile up until PostgreSQL
            # refuses clients (bench/registration_burst.py saw it); a pool per process
            # hands connections over instead. DB_POOL_SIZE × processes must stay below
            # the server's max_connections.
            "OPTIONS": {"pool": {"min_size": env_int("DB_POOL_MIN_SIZE", 2, minimum=0),
                                 "max_size": env_int("DB_POOL_SIZE", 16, minimum=1),
                                 # Waiting longer for a connection than a person waits
                                 # for a page helps nobody: after this the request
                                 # answers 503 + Retry-After (lib/errors.py).
                                 "timeout": env_int("DB_POOL_TIMEOUT", 5, minimum=1)}, **options},
            "CONN_MAX_AGE": 0,
        }
    if scheme == "sqlite":
        # sqlite:///relative.db or sqlite:////absolute/path.db
        path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if not path:
            raise ImproperlyConfigured("DATABASE_URL for SQLite must name a file, e.g. sqlite:///db.sqlite3.")
        return sqlite_database(path)
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {scheme!r} is not supported; use postgres:// or sqlite:///."
    )


def sqlite_database(path: str) -> dict[str, object]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        # Tests use a file too, not Django's shared-cache in-memory database: that
        # one ignores busy_timeout, so the concurrency tests could not run on it.
        # One file per test run (pid), so two runs side by side never share it.
        "TEST": {"NAME": f"{path}.test-{os.getpid()}"},
        "OPTIONS": {
            # WAL lets readers run while one writer commits; IMMEDIATE makes a
            # write transaction take the lock up front, so concurrent writers
            # queue on busy_timeout instead of failing with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
            ),
        },
    }


def redis_database(url: str, number: int) -> str:
    """The same Redis server with database ``number``: redis://host:6379/0 → …/3."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{number}", parts.query, parts.fragment))
