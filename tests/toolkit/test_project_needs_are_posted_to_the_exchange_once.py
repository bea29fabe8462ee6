"""What a paused or stopped project needs to resume is posted to the exchange in one
click — as a need or a partner search, on behalf of the workspace's organisation, titled
"To resume: …", with the project's ecosystem — and linked to the pause; a second click,
or a click for a project that is not interrupted, is refused and posts nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.community.models import ActivityLog, ActivityVerb, Ecosystem
from alliance.exchange.models import Post
from alliance.toolkit import actions, queries
from tests.toolkit.people import cluster_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client):
    a = cluster_org()
    ecosystem = Ecosystem.objects.order_by("position").first()
    project = actions.create_project(by=a.manager, organisation=a.organisation, title="Composite wings",
                                     ecosystem=ecosystem, funding_programme="Horizon Europe")
    actions.change_project_status(by=a.manager, project=project, to_status="stopped", reason="partner_withdrew",
                                  needed_to_resume="A partner able to run fatigue tests on composite parts")
    client.force_login(a.manager)
    return a, project, ecosystem, client


def _click(client, a, project, kind):
    return client.post(reverse("toolkit:project-post", args=[a.organisation.pk, project.pk]), {"kind": kind},
                       follow=True)


@pytest.mark.parametrize("kind", ["need", "partner_search"])
def test_one_click_posts_what_is_needed_prefilled_from_the_project(setup, kind):
    a, project, ecosystem, client = setup
    response = _click(client, a, project, kind)
    post = Post.objects.get()
    assert (post.kind, post.title, post.organisation, post.author) == (
        kind, "To resume: Composite wings", a.organisation, a.manager)
    assert post.text == "A partner able to run fatigue tests on composite parts"
    assert list(post.ecosystems.all()) == [ecosystem]
    assert queries.current_change(project).post == post
    assert post.get_absolute_url() in response.content.decode()
    assert ActivityLog.objects.filter(verb=ActivityVerb.PROJECT_POSTED, data__post=post.pk).exists()


def test_a_second_click_is_refused_and_posts_nothing(setup):
    a, project, _ecosystem, client = setup
    _click(client, a, project, "need")
    response = _click(client, a, project, "partner_search")
    assert "already posted to the exchange" in response.content.decode()
    assert Post.objects.count() == 1
    with pytest.raises(actions.ToolkitError, match="already posted"):
        actions.post_project_need(by=a.manager, project=project, kind="need")
    assert Post.objects.count() == 1


def test_a_project_that_is_not_interrupted_has_nothing_to_post(setup):
    a, project, _ecosystem, client = setup
    actions.change_project_status(by=a.manager, project=project, to_status="resumed")
    response = _click(client, a, project, "need")
    assert "neither paused nor stopped" in response.content.decode()
    assert not Post.objects.exists()


def test_nothing_said_of_what_is_needed_means_nothing_to_post_until_it_is_said(setup):
    a, project, _ecosystem, client = setup
    actions.change_project_status(by=a.manager, project=project, to_status="resumed")
    actions.change_project_status(by=a.manager, project=project, to_status="paused", reason="lockdown")
    assert "Say what is needed to resume the project first" in _click(client, a, project, "need").content.decode()
    client.post(reverse("toolkit:project-needed", args=[a.organisation.pk, project.pk]),
                {"needed-needed_to_resume": "Access to a test site"})
    _click(client, a, project, "need")
    assert Post.objects.get().text == "Access to a test site"


def test_a_kind_other_than_need_or_partner_search_is_refused(setup):
    a, project, _ecosystem, client = setup
    assert "as a need or as a partner search" in _click(client, a, project, "offer").content.decode()
    assert not Post.objects.exists()
