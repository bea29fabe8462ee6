"""Who may see what of the overview of needs. In words:
- the overview and its downloads are open to everyone — visitors see the statements of
  public sessions, signed-in members also those of members-only sessions
  (queries.visible_statements applies that to every page and export);
- members-only statements are for active members: the same rule as the sessions they
  were said in (meetings.queries.visible_sessions).
"""

from __future__ import annotations

from typing import Any

from alliance.accounts.predicates import active
from alliance.overview.models import Statement, StatementVisibility


def can_view_overview(user: Any) -> bool:
    return True


def can_export_statements(user: Any) -> bool:
    return True


def can_view_statement(user: Any, statement: Statement) -> bool:
    return statement.visibility == StatementVisibility.PUBLIC or active(user)
