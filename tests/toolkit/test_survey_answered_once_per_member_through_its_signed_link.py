"""A survey is sent as one signed link per member organisation, in the member's language;
each member answers once without logging in. A second answer, one after the close, and a
forged token or one of another survey are refused with a clear message, and nothing
changes. The results count every option, zeros too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alliance.community.models import ActivityLog, ActivityVerb
from alliance.toolkit import actions
from alliance.toolkit.forms import TURNOVER_SCALE
from alliance.toolkit.models import SurveyAnswer, SurveyInvitation
from tests.toolkit.people import cluster_org, days

pytestmark = pytest.mark.django_db


def _survey(org, closes_in: int = 14):
    return actions.create_survey(by=org.manager, organisation=org.organisation, title="Crisis and turnover",
                                 questions=[("How did the crisis affect your turnover?", list(TURNOVER_SCALE))],
                                 closes_on=days(closes_in))


def _link(invitation):
    return reverse("toolkit:survey-answer", args=[invitation.survey_id, actions.survey_token(invitation)])


def _answer(client, invitation, choice: int = 0):
    question = invitation.survey.questions.get()
    return client.post(_link(invitation), {f"q{question.pk}": choice})


def test_sending_makes_one_link_per_member_in_its_language(committed):
    org = cluster_org(members=3)
    for person in org.members[0].organisation.people.all():
        person.user.language = "de"
        person.user.save()
    survey = _survey(org)
    assert actions.send_survey(by=org.manager, survey=survey) == 3
    assert SurveyInvitation.objects.filter(survey=survey).count() == 3
    assert len(mail.outbox) == 3
    assert SurveyInvitation.objects.get(member=org.members[0].organisation).language == "de"
    assert all(f"/toolkit/surveys/{survey.pk}/answer/" in m.body for m in mail.outbox)
    # A second send reaches nobody new: still one link per member.
    assert actions.send_survey(by=org.manager, survey=survey) == 0
    assert SurveyInvitation.objects.filter(survey=survey).count() == 3


def test_a_member_answers_once_without_logging_in_and_a_second_answer_is_refused(client):
    org = cluster_org(members=2)
    survey = _survey(org)
    actions.send_survey(by=org.manager, survey=survey)
    invitation = SurveyInvitation.objects.filter(survey=survey).first()
    page = client.get(_link(invitation))
    assert page.status_code == 200 and "−50 % or more" in page.content.decode()
    assert SurveyAnswer.objects.count() == 0  # a GET (a mail scanner) records nothing
    assert _answer(client, invitation, 3).status_code == 200
    assert SurveyAnswer.objects.get().choice == 3
    again = _answer(client, invitation, 0)
    assert again.status_code == 400 and "already answered" in again.content.decode()
    assert SurveyAnswer.objects.get().choice == 3
    assert ActivityLog.objects.filter(verb=ActivityVerb.SURVEY_ANSWERED).count() == 1


def test_an_answer_after_the_close_is_refused(client):
    org = cluster_org(members=1)
    survey = _survey(org, closes_in=1)
    actions.send_survey(by=org.manager, survey=survey)
    invitation = SurveyInvitation.objects.get(survey=survey)
    with pytest.raises(actions.ToolkitError, match="closed on"):
        actions.answer_survey(invitation=invitation, choices={survey.questions.get().pk: 0},
                              today=timezone.localdate() + dt.timedelta(days=2))
    survey.closes_on = days(-1)
    survey.opens_on = days(-5)
    survey.save()
    response = _answer(client, invitation)
    assert response.status_code == 400 and "closed on" in response.content.decode()
    assert SurveyAnswer.objects.count() == 0
    assert SurveyInvitation.objects.get(pk=invitation.pk).answered_at is None


def test_a_forged_token_or_one_of_another_survey_is_refused(client):
    org = cluster_org(members=1)
    first, second = _survey(org), _survey(org)
    actions.send_survey(by=org.manager, survey=first)
    actions.send_survey(by=org.manager, survey=second)
    invitation = SurveyInvitation.objects.get(survey=first)
    token = actions.survey_token(invitation)
    forged = reverse("toolkit:survey-answer", args=[first.pk, token[:-2] + "xx"])
    foreign = reverse("toolkit:survey-answer", args=[second.pk, token])
    question = second.questions.get()
    for url in (forged, foreign):
        assert client.get(url).status_code == 400
        response = client.post(url, {f"q{question.pk}": 0})
        assert response.status_code == 400 and "not valid" in response.content.decode()
    assert SurveyAnswer.objects.count() == 0


def test_the_results_count_every_option_and_the_answered_and_sent_members(client):
    org = cluster_org(members=3)
    survey = _survey(org)
    actions.send_survey(by=org.manager, survey=survey)
    question = survey.questions.get()
    invitations = list(SurveyInvitation.objects.filter(survey=survey))
    for invitation, choice in zip(invitations[:2], (0, 0), strict=True):
        actions.answer_survey(invitation=invitation, choices={question.pk: choice})
    client.force_login(org.manager)
    page = client.get(reverse("toolkit:survey", args=[org.organisation.pk, survey.pk]))
    assert page.status_code == 200
    assert page.context["survey"].answered == 2 and page.context["survey"].sent == 3
    rows = page.context["results"][0]["result"].rows
    assert [count for _option, count, _share in rows] == [2, 0, 0, 0, 0]
    assert rows[0][2] == 100
    assert "<svg" in page.content.decode()
