import pytest


@pytest.fixture
def committed(monkeypatch):
    """Run after-commit callbacks when registered: a `db` test's transaction never
    commits, and the statements follow their sources after the commit."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
