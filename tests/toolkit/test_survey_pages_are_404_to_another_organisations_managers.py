"""Organisation A's surveys, their results and their send button answer 404 to B's
manager and to A's members; nothing is sent or created."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.toolkit import actions
from alliance.toolkit.models import Survey, SurveyInvitation
from tests.toolkit.people import cluster_org, days, person_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    a, b = cluster_org("Org A"), cluster_org("Org B")
    survey = actions.create_survey(by=a.manager, organisation=a.organisation, title="A's survey",
                                   questions=[("Turnover?", ["Down", "Same", "Up"])], closes_on=days(7))
    return a, b, survey


def test_b_manager_gets_404_on_a_surveys(client, two):
    a, b, survey = two
    client.force_login(b.manager)
    org = a.organisation.pk
    assert client.get(reverse("toolkit:surveys", args=[org])).status_code == 404
    assert client.get(reverse("toolkit:survey", args=[org, survey.pk])).status_code == 404
    assert client.post(reverse("toolkit:survey-send", args=[org, survey.pk])).status_code == 404
    assert client.post(reverse("toolkit:surveys", args=[org]), {"title": "Hack"}).status_code == 404
    # A's survey id typed into B's own workspace finds nothing either.
    assert client.get(reverse("toolkit:survey", args=[b.organisation.pk, survey.pk])).status_code == 404
    assert SurveyInvitation.objects.count() == 0 and Survey.objects.count() == 1


def test_a_member_of_a_gets_404_too(client, two):
    a, _b, survey = two
    client.force_login(person_of(a.organisation, role="member"))
    assert client.get(reverse("toolkit:survey", args=[a.organisation.pk, survey.pk])).status_code == 404


def test_a_manager_creates_and_sends_a_survey_from_the_pages(client, two):
    a, _b, _survey = two
    client.force_login(a.manager)
    response = client.post(reverse("toolkit:surveys", args=[a.organisation.pk]), {
        "title": "Crisis", "closes_on": days(10).isoformat(), "question_1": "Turnover?",
        "options_1": "Down\nSame\nUp"})
    assert response.status_code == 302
    survey = Survey.objects.get(title="Crisis")
    assert survey.questions.get().options == ["Down", "Same", "Up"]
    client.post(reverse("toolkit:survey-send", args=[a.organisation.pk, survey.pk]))
    assert SurveyInvitation.objects.filter(survey=survey).count() == len(a.members)
