"""A survey without a title, a question without text, fewer than two answers, the same
answer twice, or a close before the opening or in the past is refused with a message, and
nothing is created."""

from __future__ import annotations

import pytest

from alliance.toolkit import actions
from alliance.toolkit.models import Survey, SurveyQuestion
from tests.toolkit.people import cluster_org, days

pytestmark = pytest.mark.django_db

SCALE = ["Down", "Same", "Up"]


@pytest.mark.parametrize(("title", "questions", "opens", "closes", "message"), [
    ("", [("Turnover?", SCALE)], 0, 7, "needs a title"),
    ("Crisis", [], 0, 7, "at least one question"),
    ("Crisis", [("", SCALE)], 0, 7, "needs its text"),
    ("Crisis", [("Turnover?", ["Down"])], 0, 7, "from 2 to"),
    ("Crisis", [("Turnover?", ["Down", "down"])], 0, 7, "same answer twice"),
    ("Crisis", [("Turnover?", SCALE)], 5, 2, "close before it opens"),
    ("Crisis", [("Turnover?", SCALE)], -9, -2, "close in the past"),
])
def test_a_bad_survey_is_refused_and_nothing_is_created(title, questions, opens, closes, message):
    org = cluster_org(members=1)
    with pytest.raises(actions.ToolkitError, match=message):
        actions.create_survey(by=org.manager, organisation=org.organisation, title=title, questions=questions,
                              opens_on=days(opens), closes_on=days(closes))
    assert Survey.objects.count() == 0 and SurveyQuestion.objects.count() == 0


def test_the_answers_keep_the_order_given():
    org = cluster_org(members=1)
    survey = actions.create_survey(by=org.manager, organisation=org.organisation, title="Crisis",
                                   questions=[("Turnover?", [" Up ", "Same", "", "Down"])], closes_on=days(3))
    assert survey.questions.get().options == ["Up", "Same", "Down"]
