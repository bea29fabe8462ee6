"""Who may see what of the overview of needs. In words:
- the overview and its downloads are open to everyone — visitors see the statements of
  public sessions, signed-in members also those of members-only sessions
  (queries.visible_statements applies that to every page and export);
- members-only statements are for active members: the same rule as the sessions they
  were said in (meetings.queries.visible_sessions);
- themes are listed for everyone, each with the statements its viewer may see; hidden
  themes, and curating and re-running themes, are for coordinators;
- published ecosystem reports are for everyone (they quote public statements only);
  their drafts, editing and publishing are for coordinators.
"""

from __future__ import annotations

from typing import Any

from alliance.accounts.predicates import active, coordinator
from alliance.overview.models import Statement, StatementVisibility, Theme


def can_view_overview(user: Any) -> bool:
    return True


def can_export_statements(user: Any) -> bool:
    return True


def can_view_statement(user: Any, statement: Statement) -> bool:
    return statement.visibility == StatementVisibility.PUBLIC or active(user)


def can_view_theme(user: Any, theme: Theme) -> bool:
    """Listed themes for everyone (their statements filtered as above); a hidden or
    retired theme only for coordinators, who curate it."""
    return (not theme.hidden and not theme.retired) or coordinator(user)


def can_curate_themes(user: Any) -> bool:
    return coordinator(user)


def can_run_themes(user: Any) -> bool:
    return coordinator(user)


def can_view_report(user: Any) -> bool:
    """A published report is public: it quotes public statements only."""
    return True


def can_edit_report(user: Any) -> bool:
    """Writing the introduction and recommendations, seeing the draft, publishing."""
    return coordinator(user)
