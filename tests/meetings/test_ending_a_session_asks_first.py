"""Ending a session cannot be undone (the floor closes, the minutes are drafted), so the
session page asks first: only a POST carrying the confirmation ends it."""

import pytest
from django.urls import reverse

from alliance.meetings.models import Session
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_the_session_page_links_to_a_confirmation_not_a_one_click_end(client, coordinator):
    session = SessionFactory()
    client.force_login(coordinator)
    page = client.get(reverse("meetings:session", args=[session.pk])).content.decode()
    end = reverse("meetings:session_end", args=[session.pk])
    assert f'href="{end}"' in page
    confirm = client.get(end)
    assert confirm.status_code == 200
    assert "This cannot be undone." in confirm.content.decode()
    assert Session.objects.get().status == "scheduled"


def test_a_post_without_the_confirmation_only_asks(client, coordinator):
    session = SessionFactory()
    client.force_login(coordinator)
    response = client.post(reverse("meetings:session_end", args=[session.pk]))
    assert response.status_code == 200 and "Yes, end the session" in response.content.decode()
    assert Session.objects.get().status == "scheduled"


def test_the_confirmed_post_ends_it(client, coordinator):
    session = SessionFactory()
    client.force_login(coordinator)
    response = client.post(reverse("meetings:session_end", args=[session.pk]), {"confirm": "yes"})
    assert response.status_code == 302
    assert Session.objects.get().status == "ended"


def test_an_ended_session_is_not_ended_twice(client, coordinator):
    session = SessionFactory(status="ended")
    client.force_login(coordinator)
    response = client.get(reverse("meetings:session_end", args=[session.pk]))
    assert response.status_code == 302
