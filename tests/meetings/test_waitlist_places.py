"""A waitlist place is shown with its position, and giving it up is worded as such —
not as freeing a seat one never had."""

import pytest
from django.urls import reverse

from alliance.meetings import actions
from tests.factories import PersonFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_session():
    session = SessionFactory(capacity=1)
    actions.register(session=session, person=PersonFactory())
    return session


def test_the_waitlist_position_is_shown(client, full_session):
    actions.register(session=full_session, person=PersonFactory())
    user = UserFactory()
    registration, _ = actions.register(session=full_session, person=PersonFactory(user=user, email=user.email))
    assert registration.waitlist_position() == 2
    client.force_login(user)
    page = client.get(reverse("meetings:session", args=[full_session.pk])).content.decode()
    assert "You are number 2 on the waitlist" in page
    assert "Leave the waitlist" in page


def test_the_position_moves_up_when_someone_ahead_leaves(full_session):
    first, _ = actions.register(session=full_session, person=PersonFactory())
    second, _ = actions.register(session=full_session, person=PersonFactory())
    actions.cancel_registration(registration=first)
    assert second.waitlist_position() == 1


def test_leaving_the_waitlist_by_the_e_mailed_link_is_not_freeing_a_seat(client, full_session):
    registration, _ = actions.register(session=full_session, person=PersonFactory())
    url = reverse("meetings:cancel", args=[actions.cancel_token(registration)])
    assert "Yes, leave the waitlist" in client.get(url).content.decode()
    page = client.post(url).content.decode()
    assert "You have left the waitlist" in page
    assert "freeing your seat" not in page


def test_leaving_the_waitlist_signed_in_says_so(client, full_session):
    user = UserFactory()
    actions.register(session=full_session, person=PersonFactory(user=user, email=user.email))
    client.force_login(user)
    response = client.post(reverse("meetings:cancel_mine", args=[full_session.pk]), follow=True)
    assert "You have left the waitlist." in response.content.decode()
