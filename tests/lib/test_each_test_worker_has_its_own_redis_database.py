"""Parallel test processes share one Redis server but never a database of it, as they
never share a test database: one worker's cache.clear() must not wipe another's counts."""

import os
import subprocess
import sys
from pathlib import Path

from alliance.lib.env import redis_database

ROOT = Path(__file__).resolve().parents[2]


def test_the_database_number_replaces_the_one_in_the_address():
    assert redis_database("redis://127.0.0.1:6379/0", 3) == "redis://127.0.0.1:6379/3"
    assert redis_database("redis://:secret@cache:6380", 2) == "redis://:secret@cache:6380/2"


def settings_redis(**env: str) -> str:
    code = "from django.conf import settings; print(settings.REDIS_URL, settings.CACHES['default']['LOCATION'])"
    base = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PYTEST_XDIST_WORKER")}
    return subprocess.run([sys.executable, "-c", code], env={**base, "DJANGO_SETTINGS_MODULE": "alliance.settings",
                                                            **env}, cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_a_worker_gets_the_database_after_its_number():
    url = "redis://127.0.0.1:6379/0"
    assert settings_redis(REDIS_URL=url, PYTEST_XDIST_WORKER="gw1") == f"{url[:-1]}2 {url[:-1]}2"
    assert settings_redis(REDIS_URL=url) == f"{url} {url}"  # outside the tests, as configured
