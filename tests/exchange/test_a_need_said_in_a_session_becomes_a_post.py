"""A need its author said in a session becomes a standing post in one click, linked to
the session; only the author may, only for a need, and only once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.exchange.models import Post
from alliance.meetings import actions as meetings_actions
from tests.factories import OrganisationFactory, RegistrationFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def said(committed):
    user = UserFactory(email="ana@clusters.example")
    person = meetings_actions.person_for_user(user)
    person.affiliation = OrganisationFactory(name="Cluster Salud")
    person.save()
    session = SessionFactory(topic="Health supplies")
    registration = RegistrationFactory(session=session, person=person, organisation=person.affiliation)
    need, _ = meetings_actions.share_contribution(session=session, registration=registration, kind="need",
                                                  text="We need 2,000 gowns for the **hospitals** of Aragón", key="k1")
    solution, _ = meetings_actions.share_contribution(session=session, registration=registration, kind="solution",
                                                      text="A shared stock between clusters", key="k2")
    return user, session, need, solution


def test_the_author_turns_the_need_into_a_post(client, said):
    user, _session, need, _solution = said
    client.force_login(user)
    response = client.post(reverse("exchange:from-contribution", args=[need.pk]))
    post = Post.objects.get()
    assert response["Location"] == post.get_absolute_url()
    assert post.kind == "need" and post.contribution == need and "**" not in post.text
    assert "Health supplies" in client.get(post.get_absolute_url()).content.decode()
    again = client.post(reverse("exchange:from-contribution", args=[need.pk]), follow=True)
    assert "already a post" in again.content.decode() and Post.objects.count() == 1


def test_only_the_author_and_only_a_need(client, said):
    user, _session, need, solution = said
    client.force_login(UserFactory())
    assert client.post(reverse("exchange:from-contribution", args=[need.pk])).status_code == 403
    client.force_login(user)
    response = client.post(reverse("exchange:from-contribution", args=[solution.pk]), follow=True)
    assert "Only a need" in response.content.decode()
    assert not Post.objects.exists()
