"""Walk every role × minutes × action, through access.py and through the views.

Written out in full on purpose: a change of who may do what shows here. "attendee"
was marked present in the session; "registrant" had a seat but did not come;
"session_moderator" moderates this session, "moderator" has the role only.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from alliance.accounts.models import Role
from alliance.minutes import access, actions
from tests.factories import PersonFactory, RegistrationFactory, UserFactory
from tests.minutes.helpers import ended_session

pytestmark = pytest.mark.django_db

MATRIX = """
action            visitor participant registrant attendee moderator session_moderator policy_maker coordinator inactive
edit              N       N           N          N        N         Y                 N            Y           N
view_draft        N       N           N          Y        N         Y                 N            Y           N
propose           N       N           N          Y        N         N                 N            N           N
decide            N       N           N          N        N         Y                 N            Y           N
publish           N       N           N          N        N         Y                 N            Y           N
view_published    Y       Y           Y          Y        Y         Y                 Y            Y           Y
view_draft_version N      N           N          N        N         Y                 N            Y           N
import            N       N           N          N        N         N                 N            Y           N
"""
_header, *_rows = [line.split() for line in MATRIX.strip().splitlines()]
ROLES = _header[1:]
TABLE = {row[0]: {role: cell == "Y" for role, cell in zip(ROLES, row[1:], strict=True)} for row in _rows}


@pytest.fixture
def world():
    owner = UserFactory(role=Role.MODERATOR)
    users = {
        "visitor": AnonymousUser(), "participant": UserFactory(role=Role.PARTICIPANT),
        "registrant": UserFactory(role=Role.PARTICIPANT), "attendee": UserFactory(role=Role.PARTICIPANT),
        "moderator": UserFactory(role=Role.MODERATOR), "session_moderator": owner,
        "policy_maker": UserFactory(role=Role.POLICY_MAKER), "coordinator": UserFactory(role=Role.COORDINATOR),
        "inactive": UserFactory(role=Role.COORDINATOR, is_active=False),
    }
    session = ended_session(owner, attendee=users["attendee"])
    RegistrationFactory(session=session, person=PersonFactory(user=users["registrant"]))
    minutes = actions.draft_minutes(by=owner, session=session)
    actions.open_amendments(by=owner, minutes=minutes)
    published = actions.publish_minutes(by=owner, minutes=minutes)
    actions.save_minutes(by=owner, minutes=minutes, body=minutes.body + "\nA correction.\n")
    actions.open_amendments(by=owner, minutes=minutes)  # a new round after a correction
    minutes.refresh_from_db()
    return users, session, minutes, published


def decide(action, user, session, minutes, published):
    draft_version = minutes.versions.get(number=1)
    return {
        "edit": lambda: access.can_edit_minutes(user, session),
        "view_draft": lambda: access.can_view_draft(user, minutes),
        "propose": lambda: access.can_propose_amendment(user, minutes),
        "decide": lambda: access.can_decide_amendment(user, minutes),
        "publish": lambda: access.can_publish(user, minutes),
        "view_published": lambda: access.can_view_version(user, published),
        "view_draft_version": lambda: access.can_view_version(user, draft_version),
        "import": lambda: access.can_import_minutes(user),
    }[action]()


@pytest.mark.parametrize("action", list(TABLE))
def test_access_py_answers_as_the_table_says(world, action):
    users, session, minutes, published = world
    answers = {role: decide(action, users[role], session, minutes, published) for role in ROLES}
    assert answers == TABLE[action]


VIEW_OF = {"edit": ("minutes:edit", {}), "view_draft": ("minutes:amend", {}),
           "view_draft_version": ("minutes:version", {"number": 1}), "view_published": ("minutes:public", {}),
           "import": ("minutes:import", None)}


@pytest.mark.parametrize("action", list(VIEW_OF))
def test_the_pages_answer_as_the_table_says(world, client, action):
    users, session, _minutes, _published = world
    name, extra = VIEW_OF[action]
    url = reverse(name) if extra is None else reverse(name, kwargs={"pk": session.pk, **extra})
    for role in ROLES:
        client.logout()
        if role != "visitor":
            client.force_login(users[role]) if users[role].is_active else None
        status = client.get(url).status_code
        allowed = TABLE[action][role]
        assert (status == 200) == allowed, (action, role, status)
        if not allowed:
            assert status in (302, 403, 404), (action, role, status)
