"""A project's status follows its timeline — active, paused, stopped, resumed, completed —
and a change that skips a state is refused with a message naming the allowed ones, in the
action and through the page, and nothing changes."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from alliance.community.models import ActivityLog, ActivityVerb
from alliance.toolkit import actions, queries
from alliance.toolkit.models import ProjectChange
from tests.toolkit.people import cluster_org

pytestmark = pytest.mark.django_db


def _status(org, project):
    return queries.project_of(org.organisation, project.pk).status


@pytest.fixture
def a():
    return cluster_org()


@pytest.fixture
def project(a):
    return actions.create_project(by=a.manager, organisation=a.organisation, title="Recyclable composite wings")


def test_a_new_project_is_active_and_its_first_change_says_so(a, project):
    assert _status(a, project) == "active"
    first = project.changes.get()
    assert (first.from_status, first.to_status, first.by) == ("", "active", a.manager)


def test_a_project_is_paused_resumed_stopped_resumed_and_completed(a, project):
    steps = [("paused", "lockdown"), ("resumed", ""), ("stopped", "partner_withdrew"), ("resumed", ""),
             ("completed", "")]
    for to, reason in steps:
        actions.change_project_status(by=a.manager, project=project, to_status=to, reason=reason)
        assert _status(a, project) == to
    timeline = [(c.from_status, c.to_status) for c in queries.project_timeline(project)]
    assert timeline == [("", "active"), ("active", "paused"), ("paused", "resumed"), ("resumed", "stopped"),
                        ("stopped", "resumed"), ("resumed", "completed")]
    logged = ActivityLog.objects.filter(verb=ActivityVerb.PROJECT_STATUS_CHANGED).order_by("id")
    assert [e.data["after"] for e in logged] == [to for to, _reason in steps]


@pytest.mark.parametrize(("path", "to", "message"), [
    ([], "resumed", "The project is active: it cannot become resumed now, only paused, stopped, completed."),
    (["paused"], "completed", "The project is paused: it cannot become completed now, only resumed, stopped."),
    (["stopped"], "paused", "The project is stopped: it cannot become paused now, only resumed."),
    (["stopped"], "completed", "The project is stopped: it cannot become completed now"),
    (["completed"], "paused", "The project is completed: its status cannot change any more."),
    ([], "active", "The project is active already"),
    ([], "closed", "Choose a status."),
])
def test_a_change_that_skips_a_state_is_refused_and_nothing_changes(a, project, path, to, message):
    for step in path:
        actions.change_project_status(by=a.manager, project=project, to_status=step, reason="lockdown")
    before = (ProjectChange.objects.count(), ActivityLog.objects.count(), _status(a, project))
    with pytest.raises(actions.ToolkitError, match=re.escape(message)):
        actions.change_project_status(by=a.manager, project=project, to_status=to, reason="other", note="n")
    assert (ProjectChange.objects.count(), ActivityLog.objects.count(), _status(a, project)) == before


def test_through_the_page_a_skipped_state_is_refused_with_its_message(client, a, project):
    actions.change_project_status(by=a.manager, project=project, to_status="paused", reason="funding_delayed")
    client.force_login(a.manager)
    before = ProjectChange.objects.count()
    response = client.post(reverse("toolkit:project-status", args=[a.organisation.pk, project.pk]),
                           {"change-to_status": "completed"})
    assert response.status_code == 400
    assert "The project is paused: it cannot become completed now" in response.content.decode()
    assert ProjectChange.objects.count() == before and _status(a, project) == "paused"


def test_through_the_page_an_allowed_change_is_recorded(client, a, project):
    client.force_login(a.manager)
    response = client.post(reverse("toolkit:project-status", args=[a.organisation.pk, project.pk]),
                           {"change-to_status": "paused", "change-reason": "supply_shortage",
                            "change-note": "No resin", "change-needed_to_resume": "20 kg of epoxy resin"})
    assert response.status_code == 302
    change = queries.current_change(project)
    assert (change.to_status, change.reason, change.note, change.needed_to_resume) == (
        "paused", "supply_shortage", "No resin", "20 kg of epoxy resin")
    page = client.get(reverse("toolkit:project", args=[a.organisation.pk, project.pk])).content.decode()
    assert "20 kg of epoxy resin" in page and "Supply shortage" in page
