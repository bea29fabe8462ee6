"""Minutes' answers to what meetings announces (alliance.meetings.signals), connected in
MinutesConfig.ready(): meetings is the lower layer and does not import minutes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

from alliance.meetings.models import Session
from alliance.minutes import access, actions
from alliance.minutes.models import Minutes

if TYPE_CHECKING:
    from alliance.accounts.models import User


def draft_when_ended(*, by: User | None, session: Session, **_: Any) -> None:
    """Every session ends in a document: the draft is there for the moderator at once."""
    actions.draft_minutes(by=by, session=session)


def session_page_links(*, request: HttpRequest, session: Session, **_: Any) -> dict[str, Any]:
    """Which minutes links the session page shows this viewer."""
    minutes = Minutes.objects.filter(session=session).first()
    can_edit = access.can_edit_minutes(request.user, session)
    return {
        "minutes_published": minutes is not None and minutes.published_id is not None
        and access.can_view_published(request.user, session),
        "can_edit_minutes": can_edit,
        "can_amend_minutes": minutes is not None and not can_edit
        and access.can_propose_amendment(request.user, minutes),
    }
