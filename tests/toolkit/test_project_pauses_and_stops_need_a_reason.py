"""Pausing or stopping a project needs a reason from the list, and the reason "other" a
note; resuming and completing need none. A refused change says why and writes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.community.models import ActivityLog
from alliance.toolkit import actions, queries
from alliance.toolkit.models import ProjectChange
from tests.toolkit.people import cluster_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    a = cluster_org()
    return a, actions.create_project(by=a.manager, organisation=a.organisation, title="Hydrogen test bench")


@pytest.mark.parametrize("to", ["paused", "stopped"])
def test_a_pause_or_a_stop_without_a_reason_is_refused(setup, to):
    a, project = setup
    before = (ProjectChange.objects.count(), ActivityLog.objects.count())
    with pytest.raises(actions.ToolkitError, match="needs a reason from the list"):
        actions.change_project_status(by=a.manager, project=project, to_status=to, note="Just because")
    assert (ProjectChange.objects.count(), ActivityLog.objects.count()) == before


def test_the_reason_other_needs_a_note(setup):
    a, project = setup
    with pytest.raises(actions.ToolkitError, match="say what it is in the note"):
        actions.change_project_status(by=a.manager, project=project, to_status="paused", reason="other", note="  ")
    change = actions.change_project_status(by=a.manager, project=project, to_status="paused", reason="other",
                                           note="The test site flooded")
    assert (change.reason, change.note) == ("other", "The test site flooded")


def test_a_reason_outside_the_list_is_refused(setup):
    a, project = setup
    with pytest.raises(actions.ToolkitError, match="Choose a reason from the list"):
        actions.change_project_status(by=a.manager, project=project, to_status="stopped", reason="bad luck")


def test_resuming_and_completing_need_no_reason(setup):
    a, project = setup
    actions.change_project_status(by=a.manager, project=project, to_status="stopped", reason="funding_delayed")
    actions.change_project_status(by=a.manager, project=project, to_status="resumed")
    actions.change_project_status(by=a.manager, project=project, to_status="completed")
    assert queries.project_of(a.organisation, project.pk).status == "completed"


def test_through_the_page_a_stop_without_a_reason_says_why(client, setup):
    a, project = setup
    client.force_login(a.manager)
    response = client.post(reverse("toolkit:project-status", args=[a.organisation.pk, project.pk]),
                           {"change-to_status": "stopped"})
    assert response.status_code == 400
    assert "needs a reason from the list" in response.content.decode()
    assert queries.project_of(a.organisation, project.pk).status == "active"
