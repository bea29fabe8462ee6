"""The overview hears of its sources' changes after their commit (meetings.signals)."""

from __future__ import annotations

from typing import Any

from alliance.overview import actions


def contributions_changed(*, contribution_ids: list[int], **_: Any) -> None:
    actions.sync_contributions(contribution_ids)


def session_changed(*, session_id: int, **_: Any) -> None:
    actions.sync_sessions([session_id])
