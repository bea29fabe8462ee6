"""The rights a room's websocket reads at connect for a whole batch of joins at once
(access.room_rights) are the access matrix's: the same answers as can_join_room,
can_manage_session and can_capture asked one user at a time, and the same registration,
in two queries however many users join together."""

from __future__ import annotations

import pytest

from alliance.meetings import access, actions
from alliance.meetings.models import RegistrationStatus
from tests.factories import RegistrationFactory, UserFactory
from tests.meetings import test_meetings_access_matrix as matrix
from tests.meetings.test_meetings_access_matrix import ROLES, TABLE

pytestmark = pytest.mark.django_db
world = matrix.world  # the matrix's roles and sessions, as its own tests see them


def key(user) -> int | None:
    return user.pk if user.is_authenticated else None


@pytest.mark.parametrize(("session_name", "join_action"),
                         [("public", "join_public_room"), ("members", "join_members_room"), ("draft", None)])
def test_rights_read_together_are_the_matrix(world, session_name, join_action):
    session = world[session_name]
    users = [world["users"][role] for role in ROLES]
    rights = access.room_rights(session, users)
    for role, user in zip(ROLES, users, strict=True):
        right = rights[key(user)]
        assert right.join is (TABLE[join_action][role] if join_action else False), role
        assert right.join is access.can_join_room(user, session), role
        assert right.moderator is access.can_manage_session(user, session), role
        assert right.scribe is access.can_capture(user, session), role
        expected = actions.active_registration(session, user)
        assert (right.registration.pk if right.registration else None) == (expected.pk if expected else None), role


def test_a_members_only_registrant_may_join_and_a_cancelled_one_may_not(world):
    members = world["members"]
    seated, cancelled = UserFactory(), UserFactory()
    RegistrationFactory(session=members, person=actions.person_for_user(seated))
    RegistrationFactory(session=members, person=actions.person_for_user(cancelled),
                        status=RegistrationStatus.CANCELLED)
    rights = access.room_rights(members, [seated, cancelled])
    assert rights[seated.pk].join and rights[seated.pk].registration is not None
    assert not rights[cancelled.pk].join and rights[cancelled.pk].registration is None
    assert rights[seated.pk].join is access.can_join_room(seated, members)
    assert rights[cancelled.pk].join is access.can_join_room(cancelled, members)


def test_a_batch_of_users_costs_two_queries(world, django_assert_num_queries):
    users = [world["users"][role] for role in ROLES] + [UserFactory() for _ in range(20)]
    with django_assert_num_queries(2):
        access.room_rights(world["public"], users)
