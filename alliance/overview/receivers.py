"""The overview hears of its sources' changes after their commit (meetings.signals) and
brings its statements up to date in a task: off the request path with the database
backend (a worker runs it), at once with the immediate one (development, tests). The
same task embeds what it wrote — an embedding is computed once, when a statement is
written — and asks for a theme run after the burst (actions.schedule_theme_run)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from alliance.overview import actions
from alliance.overview.models import ThemeRun, ThemeRunStatus


def _after_sync(ids: list[int]) -> None:
    actions.embed_statements(ids)
    actions.schedule_theme_run(lambda **when: run_themes.using(**when).enqueue())


@task()
def sync_contributions(*, contribution_ids: list[int]) -> int:
    stored = actions.sync_contributions(contribution_ids)
    _after_sync(actions.statement_ids("contribution", contribution_ids))
    return stored[0]


@task()
def sync_sessions(*, session_ids: list[int]) -> int:
    stored = actions.sync_sessions(session_ids)
    _after_sync(actions.statement_ids_of_sessions(session_ids))
    return stored[0]


@task()
def run_themes() -> int:
    # The run queued by schedule_theme_run is this one: the next statement queues another.
    ThemeRun.objects.filter(status=ThemeRunStatus.QUEUED).delete()
    return actions.run_themes().themes


def contributions_changed(*, contribution_ids: list[int], **_: Any) -> None:
    sync_contributions.enqueue(contribution_ids=list(contribution_ids))


def session_changed(*, session_id: int, **_: Any) -> None:
    sync_sessions.enqueue(session_ids=[session_id])
