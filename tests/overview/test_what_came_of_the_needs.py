"""The overview counts the needs the exchange follows up — open, met, partly met,
withdrawn — by ecosystem and region, with the time it took to meet them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance.exchange import actions
from alliance.exchange.models import Post
from alliance.overview.models import Statement
from alliance.overview.resolution_queries import needs_followed_up
from tests.exchange.people import lombardy_and_bavaria, post

pytestmark = pytest.mark.django_db


def test_met_needs_are_counted_with_their_time_to_resolution(client, committed):
    needy, maker = lombardy_and_bavaria()
    met = post(needy, title="Servono mascherine FFP2")
    post(needy, title="Servono camici")
    offer = post(maker, kind="offer", title="Wir liefern Masken")
    Post.objects.filter(pk=met.pk).update(created_at=timezone.now() - dt.timedelta(days=4))
    actions.resolve_post(by=needy, post=Post.objects.get(pk=met.pk), status="fulfilled",
                         helped_by_organisation=offer.organisation)
    statement = Statement.objects.get(source="post", source_id=met.pk)
    assert statement.resolution == "met" and statement.resolved_at is not None
    table = needs_followed_up(Statement.objects.all())
    assert (table.total.open, table.total.met) == (1, 1)
    assert table.total.median_days == pytest.approx(4.0, abs=0.1)
    assert table.by_region["ITC4"].met == 1
    page = client.get(reverse("overview:overview")).content.decode()
    assert "What came of the needs" in page and "1 are open, 1 were met" in page
