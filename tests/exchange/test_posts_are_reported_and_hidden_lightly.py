"""Posts are visible at once; anyone signed in may report one (once, and not too many
in an hour); a coordinator hides it with a logged reason, and it leaves the lists, the
matching and the overview."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.accounts.models import Role
from alliance.community.models import ActivityLog, ActivityVerb
from alliance.exchange.models import PostReport
from alliance.lib import ratelimit
from alliance.overview.models import Statement
from tests.exchange.people import member_of, post
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def spam(committed):
    return post(member_of(), kind="offer", title="Cheap watches", text="Buy cheap watches now, best prices!",
                categories=("other",))


def test_a_post_is_visible_at_once_and_becomes_a_statement(client, spam):
    assert "Cheap watches" in client.get(reverse("exchange:posts")).content.decode()
    statement = Statement.objects.get(source="post", source_id=spam.pk)
    assert statement.kind == "solution" and statement.link == spam.get_absolute_url()
    assert hasattr(statement, "embedding")


def test_anyone_signed_in_reports_once(client, spam):
    client.force_login(member_of())
    url = reverse("exchange:report", args=[spam.pk])
    client.post(url, {"reason": "spam"})
    response = client.post(url, {"reason": "spam"}, follow=True)
    assert "already reported" in response.content.decode()
    assert PostReport.objects.count() == 1
    client.logout()
    assert client.post(url, {"reason": "spam"}).status_code == 403


def test_reporting_is_rate_limited(client, monkeypatch, committed):
    reporter = member_of()
    client.force_login(reporter)
    posts = [post(member_of(), kind="offer", title=f"Offer {i}", categories=("other",)) for i in range(12)]
    for p in posts:
        client.post(reverse("exchange:report", args=[p.pk]), {"reason": "spam"})
    assert PostReport.objects.count() == 10
    assert ratelimit.reached("exchange-report", str(reporter.pk), limit=10, window=3600)


def test_a_coordinator_hides_a_post_with_a_reason(client, spam):
    client.force_login(member_of())
    assert client.post(reverse("exchange:hide", args=[spam.pk]), {"reason": "spam"}).status_code == 403
    coordinator = UserFactory(role=Role.COORDINATOR)
    client.force_login(coordinator)
    response = client.post(reverse("exchange:hide", args=[spam.pk]), {"reason": " "}, follow=True)
    assert "Say why" in response.content.decode()
    client.post(reverse("exchange:hide", args=[spam.pk]), {"reason": "Advertising, not an offer to members"})
    entry = ActivityLog.objects.get(verb=ActivityVerb.POST_HIDDEN)
    assert entry.actor == coordinator and entry.data["reason"] == "Advertising, not an offer to members"
    client.logout()
    assert "Cheap watches" not in client.get(reverse("exchange:posts")).content.decode()
    assert client.get(spam.get_absolute_url()).status_code == 404
    assert not Statement.objects.filter(source="post", source_id=spam.pk).exists()
