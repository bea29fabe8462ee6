"""A theme of disruptions or needs raised by many more organisations in the last 14
days than its own baseline is flagged, and coordinators and the policy makers who
follow its ecosystem are told by e-mail — once per theme and week. A theme raised as
often as usual is not."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.core import mail

from alliance.accounts.models import Role
from alliance.community.actions import set_policy_scope
from alliance.overview import actions
from alliance.overview.models import Placement, Theme, ThemeAlertMail
from tests.factories import OrganisationFactory, UserFactory
from tests.overview.factories import StatementFactory, embed

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)


def said(days_ago: int) -> dt.datetime:
    return dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(9), tzinfo=dt.UTC)


def raise_theme(direction: int, texts: list[str], days_ago: list[int], ecosystem: str) -> list:
    rng = np.random.default_rng(direction)
    made = []
    for i, days in enumerate(days_ago):
        statement = StatementFactory(text=texts[i % len(texts)] + f" ({i})", kind="disruption",
                                     organisation=OrganisationFactory(), said_at=said(days), ecosystems=[ecosystem])
        centre = np.zeros(512)
        centre[direction] = 1
        embed(statement, centre + rng.normal(scale=0.08, size=512))
        made.append(statement)
    return made


@pytest.fixture
def spike_and_steady():
    # Ten organisations in the last fortnight, none before: a spike.
    spike = raise_theme(0, ["Chip shortage stops our production", "Halbleitermangel stoppt die Fertigung"],
                        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "electronics")
    # One organisation every fortnight for six months, as usual in the last one too.
    steady = raise_theme(1, ["Hotels stay empty", "Les hôtels restent vides"],
                         [3 + 14 * w for w in range(12)] + [5 + 14 * w for w in range(12)], "tourism")
    return spike, steady


def theme_of(statement) -> Theme:
    return Placement.objects.get(statement=statement).theme


def test_a_spike_is_flagged_and_a_steady_theme_is_not(spike_and_steady):
    spike, steady = spike_and_steady
    actions.run_themes(today=TODAY)
    flagged, usual = theme_of(spike[0]), theme_of(steady[0])
    assert flagged.alert and flagged.alert_recent == 10 and flagged.alert_p < 0.01
    assert not usual.alert


def test_coordinators_and_the_ecosystems_policy_makers_are_mailed_once_a_week(spike_and_steady, committed):
    coordinator = UserFactory(role=Role.COORDINATOR, email="clara@example.org")
    follows = UserFactory(role=Role.POLICY_MAKER, email="follows@example.org")
    set_policy_scope(by=coordinator, user=follows, ecosystems=["electronics"], regions=[])
    everything = UserFactory(role=Role.POLICY_MAKER, email="all@example.org")
    set_policy_scope(by=coordinator, user=everything, ecosystems=[], regions=[])
    elsewhere = UserFactory(role=Role.POLICY_MAKER, email="elsewhere@example.org")
    set_policy_scope(by=coordinator, user=elsewhere, ecosystems=["tourism"], regions=[])
    UserFactory(role=Role.PARTICIPANT, email="paula@example.org")
    UserFactory(role=Role.COORDINATOR, email="gone@example.org", is_active=False)
    mail.outbox.clear()

    actions.run_themes(today=TODAY)
    to = sorted(address for message in mail.outbox for address in message.to)
    assert to == ["all@example.org", "clara@example.org", "follows@example.org"]
    assert all(f"/overview/themes/{theme_of(spike_and_steady[0][0]).pk}/" in m.body for m in mail.outbox)

    mail.outbox.clear()
    actions.run_themes(today=TODAY + dt.timedelta(days=2))  # the same ISO week
    assert mail.outbox == []
    assert ThemeAlertMail.objects.count() == 1


def test_a_theme_is_announced_again_the_next_week(spike_and_steady, committed):
    UserFactory(role=Role.COORDINATOR, email="clara@example.org")
    actions.run_themes(today=TODAY)
    mail.outbox.clear()
    actions.run_themes(today=TODAY + dt.timedelta(days=7))
    assert [m.to for m in mail.outbox] == [["clara@example.org"]]
