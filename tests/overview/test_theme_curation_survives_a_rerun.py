"""What coordinators curate — a name, a merge, a statement moved, a pin, a hidden
theme — is logged and kept by the next automatic run."""

from __future__ import annotations

import pytest

from alliance.accounts.models import Role
from alliance.community.models import ActivityLog, ActivityVerb
from alliance.overview import actions
from alliance.overview.models import Placement, PlacementStatus, Theme
from tests.factories import UserFactory
from tests.overview.factories import grouped_statements

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return UserFactory(role=Role.COORDINATOR)


def theme_of(statement) -> Theme:
    return Placement.objects.get(statement=statement).theme


def test_a_renamed_theme_keeps_its_name_after_a_rerun(coordinator):
    groups = grouped_statements()
    actions.run_themes()
    theme = theme_of(groups[0][0])
    actions.rename_theme(by=coordinator, theme=theme, name="  Protective   equipment ")
    actions.run_themes()
    again = theme_of(groups[0][0])
    assert again.pk == theme.pk and again.name == "Protective equipment"
    assert ActivityLog.objects.filter(verb=ActivityVerb.THEME_RENAMED, actor=coordinator).exists()


def test_merged_themes_stay_together_after_a_rerun(coordinator):
    groups = grouped_statements()
    actions.run_themes()
    into, other = theme_of(groups[0][0]), theme_of(groups[1][0])
    merged = actions.merge_themes(by=coordinator, into=into, other=other)
    assert merged.size == 20
    assert Theme.objects.get(pk=other.pk).retired
    actions.run_themes()
    assert {theme_of(s).pk for s in groups[0] + groups[1]} == {into.pk}
    assert Theme.objects.get(pk=into.pk).size == 20
    entry = ActivityLog.objects.get(verb=ActivityVerb.THEME_MERGED)
    assert entry.actor == coordinator and entry.data["merged"] == other.pk


def test_a_moved_statement_stays_where_it_was_put(coordinator):
    groups = grouped_statements()
    actions.run_themes()
    statement, target = groups[0][0], theme_of(groups[2][0])
    actions.move_statement(by=coordinator, statement=statement, theme=target)
    actions.run_themes()
    placement = Placement.objects.get(statement=statement)
    assert placement.theme_id == target.pk and placement.status == PlacementStatus.PINNED
    assert ActivityLog.objects.filter(verb=ActivityVerb.STATEMENT_MOVED, actor=coordinator).exists()


def test_a_hidden_theme_stays_hidden_and_a_pinned_one_pinned(coordinator):
    groups = grouped_statements()
    actions.run_themes()
    hidden, pinned = theme_of(groups[0][0]), theme_of(groups[1][0])
    actions.hide_theme(by=coordinator, theme=hidden)
    actions.pin_theme(by=coordinator, theme=pinned)
    actions.run_themes()
    assert Theme.objects.get(pk=hidden.pk).hidden and not Theme.objects.get(pk=hidden.pk).retired
    assert Theme.objects.get(pk=pinned.pk).pinned
    assert {theme_of(s).pk for s in groups[1]} == {pinned.pk}
    verbs = set(ActivityLog.objects.values_list("verb", flat=True))
    assert {ActivityVerb.THEME_HIDDEN, ActivityVerb.THEME_PINNED} <= verbs


def test_a_hidden_theme_can_be_shown_again(coordinator):
    groups = grouped_statements()
    actions.run_themes()
    theme = theme_of(groups[0][0])
    actions.hide_theme(by=coordinator, theme=theme)
    actions.hide_theme(by=coordinator, theme=theme, hidden=False)
    assert not Theme.objects.get(pk=theme.pk).hidden
