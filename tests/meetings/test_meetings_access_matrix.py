"""Walk every role × session × action of the sessions issue, through access.py and through the views.

The table is written out in full on purpose: a change to who may do what must
show up as a change to this table. "session_moderator" and "scribe" are assigned
to the session; "moderator" has the role but not this session; "registrant" is a
participant with a seat.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from alliance.accounts.models import Role
from alliance.meetings import access, actions
from tests.factories import RegistrationFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

MATRIX = """
action               visitor participant registrant moderator session_moderator scribe policy_maker coordinator inactive
view_public          Y       Y           Y          Y         Y                 Y      Y            Y           Y
view_members_only    N       Y           Y          Y         Y                 Y      Y            Y           N
view_draft           N       N           N          N         Y                 N      N            Y           N
register             Y       Y           Y          Y         Y                 Y      Y            Y           Y
create_sessions      N       N           N          N         N                 N      N            Y           N
create_series        N       N           N          N         N                 N      N            Y           N
edit                 N       N           N          N         Y                 N      N            Y           N
cancel_session       N       N           N          N         N                 N      N            Y           N
see_registrants      N       N           N          N         Y                 Y      N            Y           N
export_registrants   N       N           N          N         Y                 N      N            Y           N
message_registrants  N       N           N          N         Y                 N      N            Y           N
mark_attendance      N       N           N          N         Y                 Y      N            Y           N
see_join_link        N       N           Y          N         Y                 Y      N            Y           N
cancel_registration  N       N           Y          N         Y                 N      N            Y           N
join_public_room     Y       Y           Y          Y         Y                 Y      Y            Y           Y
join_members_room    N       N           N          N         Y                 Y      N            Y           N
view_series          Y       Y           Y          Y         Y                 Y      Y            Y           Y
share_in_writing     N       N           Y          N         N                 N      N            N           N
capture              N       N           N          N         Y                 Y      N            Y           N
edit_contribution    N       N           Y          N         Y                 Y      N            Y           N
hide_contribution    N       N           N          N         Y                 N      N            Y           N
see_speaking_times   N       N           N          N         Y                 N      N            Y           N
"""
_header, *_rows = [line.split() for line in MATRIX.strip().splitlines()]
ROLES = _header[1:]
TABLE = {row[0]: {role: cell == "Y" for role, cell in zip(ROLES, row[1:], strict=True)} for row in _rows}


@pytest.fixture
def world():
    users = {
        "visitor": AnonymousUser(),
        "participant": UserFactory(role=Role.PARTICIPANT),
        "registrant": UserFactory(role=Role.PARTICIPANT),
        "moderator": UserFactory(role=Role.MODERATOR),
        "session_moderator": UserFactory(role=Role.MODERATOR),
        "scribe": UserFactory(role=Role.PARTICIPANT),
        "policy_maker": UserFactory(role=Role.POLICY_MAKER),
        "coordinator": UserFactory(role=Role.COORDINATOR),
        "inactive": UserFactory(role=Role.COORDINATOR, is_active=False),
    }
    # Starts in 10 minutes: inside the join link's window.
    soon = timezone.now() + dt.timedelta(minutes=10)
    sessions = {
        "public": SessionFactory(starts_at=soon),
        "members": SessionFactory(starts_at=soon, visibility="members"),
        "draft": SessionFactory(starts_at=soon, status="draft"),
    }
    for session in sessions.values():
        session.moderators.add(users["session_moderator"])
        session.scribes.add(users["scribe"])
    registration = RegistrationFactory(session=sessions["public"],
                                       person=actions.person_for_user(users["registrant"]))
    # Written by the registrant a moment ago: inside the author's edit window.
    contribution, _ = actions.share_contribution(session=sessions["public"], registration=registration,
                                                 kind="need", text="Cold storage", key="k1")
    return {"users": users, "registration": registration, "contribution": contribution, **sessions}


def decide(action: str, user, world) -> bool:
    public = world["public"]
    mine = actions.active_registration(public, user) if user.is_authenticated else None
    return {
        "view_public": lambda: access.can_view_session(user, public),
        "view_members_only": lambda: access.can_view_session(user, world["members"]),
        "view_draft": lambda: access.can_view_session(user, world["draft"]),
        "register": lambda: access.can_register(user, public),
        "create_sessions": lambda: access.can_create_sessions(user),
        "create_series": lambda: access.can_create_series(user),
        "edit": lambda: access.can_edit_session(user, public),
        "cancel_session": lambda: access.can_cancel_session(user, public),
        "see_registrants": lambda: access.can_see_registrants(user, public),
        "export_registrants": lambda: access.can_export_registrants(user, public),
        "message_registrants": lambda: access.can_message_registrants(user, public),
        "mark_attendance": lambda: access.can_mark_attendance(user, public),
        "see_join_link": lambda: access.can_see_join_link(user, public, mine),
        "cancel_registration": lambda: access.can_cancel_registration(user, world["registration"]),
        "join_public_room": lambda: access.can_join_room(user, public),
        "join_members_room": lambda: access.can_join_room(user, world["members"]),
        "view_series": lambda: access.can_view_series(user),
        "share_in_writing": lambda: access.can_share_in_writing(user, mine),
        "capture": lambda: access.can_capture(user, public),
        "edit_contribution": lambda: access.can_edit_contribution(user, world["contribution"], timezone.now()),
        "hide_contribution": lambda: access.can_hide_contribution(user, public),
        "see_speaking_times": lambda: access.can_see_speaking_times(user, public),
    }[action]()


@pytest.mark.parametrize("action", sorted(TABLE))
@pytest.mark.parametrize("role", ROLES)
def test_access_function_matches_the_matrix(world, role, action):
    assert decide(action, world["users"][role], world) is TABLE[action][role]


VIEW_ACTIONS = {
    "view_members_only": ("get", lambda w: reverse("meetings:session", args=[w["members"].pk]), {200}, {404}),
    "view_draft": ("get", lambda w: reverse("meetings:session", args=[w["draft"].pk]), {200}, {404}),
    "create_sessions": ("get", lambda w: reverse("meetings:session_create"), {200}, {302, 403}),
    "create_series": ("get", lambda w: reverse("meetings:series_create"), {200}, {302, 403}),
    "edit": ("get", lambda w: reverse("meetings:session_edit", args=[w["public"].pk]), {200}, {302, 403}),
    "cancel_session": ("get", lambda w: reverse("meetings:session_cancel", args=[w["public"].pk]), {200}, {302, 403}),
    "see_registrants": ("get", lambda w: reverse("meetings:registrants", args=[w["public"].pk]), {200}, {302, 403}),
    "export_registrants": ("get", lambda w: reverse("meetings:export_registrants", args=[w["public"].pk, "csv"]),
                           {200}, {302, 403}),
    "message_registrants": ("post", lambda w: reverse("meetings:registrants", args=[w["public"].pk]),
                            {400}, {302, 403}),  # allowed: the empty form is refused with a message
    "mark_attendance": ("get", lambda w: reverse("meetings:attendance", args=[w["public"].pk]), {200}, {302, 403}),
}


@pytest.mark.parametrize("action", sorted(VIEW_ACTIONS))
@pytest.mark.parametrize("role", [r for r in ROLES if r != "inactive"])
def test_views_enforce_the_matrix(client, world, role, action):
    user = world["users"][role]
    if user.is_authenticated:
        client.force_login(user)
    method, url, allowed_codes, denied_codes = VIEW_ACTIONS[action]
    response = getattr(client, method)(url(world))
    expected = allowed_codes if TABLE[action][role] else denied_codes
    assert response.status_code in expected, (role, action, response.status_code)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "inactive"])
def test_the_join_link_appears_on_the_page_exactly_for_the_matrix(client, world, role):
    user = world["users"][role]
    if user.is_authenticated:
        client.force_login(user)
    page = client.get(reverse("meetings:session", args=[world["public"].pk])).content.decode()
    assert (world["public"].video_link in page) is TABLE["see_join_link"][role]


@pytest.mark.parametrize("role", ROLES)
def test_lists_show_exactly_the_listed_sessions_the_viewer_may_see(world, role):
    from alliance.meetings import queries
    from alliance.meetings.models import Session

    user = world["users"][role]
    listed = {s.pk for s in queries.visible_sessions(user)}
    allowed = {s.pk for s in Session.objects.exclude(status="draft") if access.can_view_session(user, s)}
    assert listed == allowed
