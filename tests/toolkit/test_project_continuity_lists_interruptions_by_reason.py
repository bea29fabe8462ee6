"""The continuity view lists the projects paused or stopped since a date, grouped by the
reason of their pause or stop, with what each needs to resume; a resumed or completed
project, or one interrupted before the date, is not listed; a bad date says so."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance.toolkit import actions, queries
from tests.toolkit.people import cluster_org

pytestmark = pytest.mark.django_db


def _ago(days):
    return timezone.now() - dt.timedelta(days=days)


@pytest.fixture
def a():
    org = cluster_org()

    def project(title, *steps):
        p = actions.create_project(by=org.manager, organisation=org.organisation, title=title, at=_ago(400))
        for to, reason, days_ago in steps:
            actions.change_project_status(by=org.manager, project=p, to_status=to, reason=reason,
                                          needed_to_resume=f"{title} needs help", at=_ago(days_ago))
        return p

    project("Wing", ("paused", "lockdown", 10))
    project("Bench", ("stopped", "lockdown", 20))
    project("Drone", ("paused", "partner_withdrew", 5))
    project("Old stop", ("stopped", "funding_delayed", 300))
    project("Back again", ("paused", "lockdown", 15), ("resumed", "", 3))
    project("Done", ("completed", "", 30))
    project("Still going")
    return org


def test_interrupted_projects_since_the_date_are_grouped_by_reason(a):
    groups = queries.continuity(a.organisation, timezone.localdate() - dt.timedelta(days=60))
    assert [(g.reason, sorted(r.project.title for r in g.rows)) for g in groups] == [
        ("partner_withdrew", ["Drone"]), ("lockdown", ["Bench", "Wing"])]
    assert {r.change.needed_to_resume for g in groups for r in g.rows} == {
        "Drone needs help", "Bench needs help", "Wing needs help"}


def test_an_earlier_date_lists_the_older_stop_too(a):
    groups = queries.continuity(a.organisation, timezone.localdate() - dt.timedelta(days=365))
    assert [g.reason for g in groups] == ["partner_withdrew", "funding_delayed", "lockdown"]


def test_the_page_shows_the_groups_and_what_is_needed(client, a):
    client.force_login(a.manager)
    since = (timezone.localdate() - dt.timedelta(days=60)).isoformat()
    page = client.get(reverse("toolkit:continuity", args=[a.organisation.pk]), {"since": since}).content.decode()
    assert "Partner withdrew" in page and "Lockdown" in page and "Funding delayed" not in page
    assert "Wing needs help" in page and "Old stop" not in page and "Back again" not in page
    assert "3 projects paused or stopped since" in page


def test_a_bad_date_is_refused_with_a_message_and_the_default_period_shown(client, a):
    client.force_login(a.manager)
    response = client.get(reverse("toolkit:continuity", args=[a.organisation.pk]), {"since": "last spring"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Type a date as YYYY-MM-DD." in page and "Wing" in page
