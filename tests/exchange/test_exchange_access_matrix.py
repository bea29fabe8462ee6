"""Walk every role × object × action of the exchange through exchange/access.py.

Written out in full on purpose: a change to who may do what shows up here. "author" acts
for the need's organisation; "colleague" acts for it too (a person of the same
organisation); "other" acts for another organisation (the offer's); "unaffiliated" is
signed in with no organisation; "inactive" is a deactivated author account.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from alliance.accounts.models import Role
from alliance.exchange import access, actions
from tests.exchange.people import member_of, post
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MATRIX = """
action                  visitor unaffiliated author colleague other coordinator inactive
view_open_post          Y       Y            Y      Y         Y     Y           Y
view_hidden_post        N       N            Y      Y         N     Y           N
post                    N       N            Y      Y         Y     N           N
edit_post               N       N            Y      Y         N     Y           N
resolve_post            N       N            Y      Y         N     Y           N
see_matches             N       Y            Y      Y         Y     Y           N
report_post             N       Y            N      N         Y     Y           N
hide_post               N       N            N      N         N     Y           N
request_introduction    N       N            Y      Y         N     N           N
answer_introduction     N       N            N      N         Y     N           N
express_interest        N       N            N      N         Y     N           N
see_interests           N       N            Y      Y         N     Y           N
follow_up               N       N            N      N         N     Y           N
"""
_header, *_rows = [line.split() for line in MATRIX.strip().splitlines()]
ROLES = _header[1:]
TABLE = {row[0]: {role: cell == "Y" for role, cell in zip(ROLES, row[1:], strict=True)} for row in _rows}


@pytest.fixture
def world(committed):
    author = member_of()
    organisation = author.person.affiliation
    other = member_of()
    need = post(author, title="Need FFP2 masks for 300 workers")
    hidden = post(author, title="A need a coordinator hid")
    hidden.hidden_at = timezone.now()
    hidden.save()
    search = post(author, kind="partner_search", title="Partners for a project", roles_wanted="An SME")
    offer = post(other, kind="offer", title="FFP2 masks available")
    introduction = actions.request_introduction(by=author, post=need, from_organisation=organisation,
                                                message="Hello", to_post=offer)
    inactive = member_of(organisation)
    inactive.is_active = False
    inactive.save()
    users = {"visitor": AnonymousUser(), "unaffiliated": UserFactory(), "author": author,
             "colleague": member_of(organisation), "other": other,
             "coordinator": UserFactory(role=Role.COORDINATOR), "inactive": inactive}
    return {"users": users, "need": need, "hidden": hidden, "search": search, "introduction": introduction}


def decide(action: str, user, w) -> bool:
    need = w["need"]
    return {
        "view_open_post": lambda: access.can_view_post(user, need),
        "view_hidden_post": lambda: access.can_view_post(user, w["hidden"]),
        "post": lambda: access.can_post(user),
        "edit_post": lambda: access.can_edit_post(user, need),
        "resolve_post": lambda: access.can_resolve_post(user, need),
        "see_matches": lambda: access.can_see_matches(user),
        "report_post": lambda: access.can_report_post(user, need),
        "hide_post": lambda: access.can_hide_post(user),
        "request_introduction": lambda: access.can_request_introduction(user, need),
        "answer_introduction": lambda: access.can_answer_introduction(user, w["introduction"]),
        "express_interest": lambda: access.can_express_interest(user, w["search"]),
        "see_interests": lambda: access.can_see_interests(user, w["search"]),
        "follow_up": lambda: access.can_follow_up(user),
    }[action]()


@pytest.mark.parametrize("action", sorted(TABLE))
@pytest.mark.parametrize("role", ROLES)
def test_access_function_matches_the_matrix(world, role, action):
    assert decide(action, world["users"][role], world) is TABLE[action][role]
