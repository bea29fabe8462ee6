"""The overview hears of its sources' changes after their commit (meetings.signals) and
brings its statements up to date in a task: off the request path with the database
backend (a worker runs it), at once with the immediate one (development, tests)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from alliance.overview import actions


@task()
def sync_contributions(*, contribution_ids: list[int]) -> int:
    return actions.sync_contributions(contribution_ids)[0]


@task()
def sync_sessions(*, session_ids: list[int]) -> int:
    return actions.sync_sessions(session_ids)[0]


def contributions_changed(*, contribution_ids: list[int], **_: Any) -> None:
    sync_contributions.enqueue(contribution_ids=list(contribution_ids))


def session_changed(*, session_id: int, **_: Any) -> None:
    sync_sessions.enqueue(session_ids=[session_id])
