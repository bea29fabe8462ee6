"""settings.py reads the environment and fails loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from alliance.lib import env

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP"


def run_manage(*args: str, **extra_env: str) -> subprocess.CompletedProcess:
    dropped = {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update(extra_env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("reader,value,message", [
    (lambda: env.env_bool("X_FLAG", False), "perhaps", "not a boolean"),
    (lambda: env.env_int("X_NUM", 1), "ten", "not an integer"),
    (lambda: env.env_int("X_NUM", 1, minimum=5), "2", "at least 5"),
    (lambda: env.env_choice("X_CHOICE", "a", ("a", "b")), "c", "must be one of"),
])
def test_typed_readers_refuse_bad_values(monkeypatch, reader, value, message):
    monkeypatch.setenv("X_FLAG", value)
    monkeypatch.setenv("X_NUM", value)
    monkeypatch.setenv("X_CHOICE", value)
    with pytest.raises(ImproperlyConfigured, match=message):
        reader()


def test_database_url_becomes_a_postgresql_configuration():
    db = env.database_from_url("postgres://alice:s%40cret@db.example:5433/alliance?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "alice", "s@cret", "db.example", "5433", "alliance")
    assert db["OPTIONS"]["sslmode"] == "require"
    # A connection pool per process, no persistent connections (see lib/env.py).
    assert db["OPTIONS"]["pool"]["max_size"] == 16 and db["CONN_MAX_AGE"] == 0


@pytest.mark.parametrize("url", ["mysql://x@y/z", "postgres://x@y/", "sqlite://", "postgres://h:notaport/db"])
def test_unsupported_or_incomplete_database_urls_are_refused(url):
    with pytest.raises(ImproperlyConfigured):
        env.database_from_url(url)


def test_production_refuses_to_start_without_secret_key_and_allowed_hosts():
    result = run_manage("check", ALLIANCE_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    result = run_manage("check", ALLIANCE_ENV="production", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = run_manage("check", ALLIANCE_ENV="production", SECRET_KEY="short", ALLOWED_HOSTS="a.example")
    assert "at least 50 characters" in result.stderr


def test_check_deploy_is_clean_in_production_mode():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", ALLIANCE_ENV="production",
                        SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="alliance.example")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
