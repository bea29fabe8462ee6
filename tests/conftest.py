from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path

import pytest

from alliance.accounts.models import Role
from tests.factories import UserFactory

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path: Path) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    from django.core.cache import cache

    cache.clear()  # rate-limit counters: one test's attempts must not throttle the next
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture(autouse=True)
def _reference_data(request) -> None:
    """A transactional test flushes the whole database afterwards, the NUTS regions and
    ecosystems of the data migration included; put them back for the next one.
    (serialized_rollback cannot: restoring its snapshot clashes with the content types
    the flush recreates.)"""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")) and "transactional_db" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from alliance.community.models import Region

    if not Region.objects.exists():
        load = importlib.import_module("alliance.community.migrations.0002_regions_and_ecosystems").load
        load(apps, None)  # idempotent by design


@pytest.fixture
def coordinator(db):
    return UserFactory(role=Role.COORDINATOR, email="coordinator@example.org")


@pytest.fixture
def moderator(db):
    return UserFactory(role=Role.MODERATOR, email="moderator@example.org")


@pytest.fixture
def participant(db):
    return UserFactory(role=Role.PARTICIPANT, email="participant@example.org")


@pytest.fixture
def policy_maker(db):
    return UserFactory(role=Role.POLICY_MAKER, email="policy@example.org")


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


def pytest_collection_modifyitems(config, items) -> None:
    if chromium_available():
        return
    if os.environ.get("ALLIANCE_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"ALLIANCE_REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}.")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: browser test skipped "
                                   "(apt-get install chromium to run it)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not chromium_available():
        terminalreporter.write_sep("!", f"BROWSER TESTS SKIPPED: no Chromium at {CHROMIUM}", yellow=True)


@pytest.fixture
def committed(monkeypatch):
    """Run after-commit callbacks when registered: a `db` test's transaction never
    commits, and what follows a commit (statements of the overview, mail) would not run."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
