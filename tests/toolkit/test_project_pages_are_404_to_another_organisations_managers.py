"""Organisation A's projects and continuity view answer 404 to B's manager and to A's
members, and a project id of A typed into B's workspace finds nothing; nothing changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.accounts.models import Role
from alliance.community.models import ActivityLog
from alliance.exchange.models import Post
from alliance.toolkit import actions
from alliance.toolkit.models import Project, ProjectChange
from tests.factories import UserFactory
from tests.toolkit.people import cluster_org, person_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    a, b = cluster_org("Org A"), cluster_org("Org B")
    project = actions.create_project(by=a.manager, organisation=a.organisation, title="A's secret project")
    actions.change_project_status(by=a.manager, project=project, to_status="paused", reason="lockdown",
                                  needed_to_resume="A test site")
    return a, b, project


def _pages(org, pk):
    return [reverse("toolkit:projects", args=[org]), reverse("toolkit:project", args=[org, pk]),
            reverse("toolkit:continuity", args=[org])]


def _posts(org, pk):
    return [(reverse("toolkit:projects", args=[org]), {"title": "Hack"}),
            (reverse("toolkit:project-status", args=[org, pk]), {"change-to_status": "resumed"}),
            (reverse("toolkit:project-needed", args=[org, pk]), {"needed-needed_to_resume": "x"}),
            (reverse("toolkit:project-post", args=[org, pk]), {"kind": "need"})]


def _counts():
    return Project.objects.count(), ProjectChange.objects.count(), Post.objects.count(), ActivityLog.objects.count()


def test_b_manager_gets_404_on_every_project_page_and_form_of_a(client, two):
    a, b, project = two
    client.force_login(b.manager)
    before = _counts()
    for url in _pages(a.organisation.pk, project.pk):
        assert client.get(url).status_code == 404, url
    for url, data in _posts(a.organisation.pk, project.pk):
        assert client.post(url, data).status_code == 404, url
    assert _counts() == before


def test_a_project_typed_into_b_workspace_finds_nothing(client, two):
    _a, b, project = two
    client.force_login(b.manager)
    assert client.get(reverse("toolkit:project", args=[b.organisation.pk, project.pk])).status_code == 404
    for url, data in _posts(b.organisation.pk, project.pk)[1:]:
        assert client.post(url, data).status_code == 404, url
    page = client.get(reverse("toolkit:continuity", args=[b.organisation.pk])).content.decode()
    assert "A&#x27;s secret project" not in page and "A's secret project" not in page


@pytest.mark.parametrize("who", ["member", "contact", "visitor"])
def test_a_members_contacts_and_visitors_get_404(client, two, who):
    a, _b, project = two
    if who == "member":
        client.force_login(person_of(a.organisation, role="member"))
    elif who == "contact":
        client.force_login(person_of(a.organisation))
    for url in _pages(a.organisation.pk, project.pk):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("who", ["manager", "coordinator"])
def test_a_manager_and_a_coordinator_get_every_project_page(client, two, who):
    a, _b, project = two
    client.force_login(a.manager if who == "manager" else UserFactory(role=Role.COORDINATOR))
    for url in _pages(a.organisation.pk, project.pk):
        assert client.get(url).status_code == 200, url
