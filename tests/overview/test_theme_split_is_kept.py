"""Splitting a theme puts each half in a theme of its own, pinned, so that the next run
keeps the split; a theme of one statement cannot be split."""

from __future__ import annotations

import pytest

from alliance.accounts.models import Role
from alliance.community.models import ActivityLog, ActivityVerb
from alliance.overview import actions
from alliance.overview.models import Placement, PlacementStatus, Theme
from tests.factories import UserFactory
from tests.overview.factories import grouped_statements

pytestmark = pytest.mark.django_db


def test_a_split_theme_stays_split_after_a_rerun():
    coordinator = UserFactory(role=Role.COORDINATOR)
    groups = grouped_statements()
    actions.run_themes()
    # Two groups merged by a coordinator, then split again: the split finds them.
    into = Placement.objects.get(statement=groups[0][0]).theme
    other = Placement.objects.get(statement=groups[1][0]).theme
    merged = actions.merge_themes(by=coordinator, into=into, other=other)
    kept, new = actions.split_theme(by=coordinator, theme=merged)
    halves = [{Placement.objects.get(statement=s).theme_id for s in groups[g]} for g in (0, 1)]
    assert sorted(map(len, halves)) == [1, 1] and halves[0] != halves[1]
    assert {kept.size, new.size} == {10}
    assert set(Placement.objects.filter(theme__in=[kept, new]).values_list("status", flat=True)) == {
        PlacementStatus.PINNED}
    actions.run_themes()
    assert [{Placement.objects.get(statement=s).theme_id for s in groups[g]} for g in (0, 1)] == halves
    assert ActivityLog.objects.filter(verb=ActivityVerb.THEME_SPLIT, actor=coordinator).exists()


def test_a_theme_of_one_statement_cannot_be_split():
    groups = grouped_statements()
    actions.run_themes()
    single = Theme.objects.create(label="alone")
    Placement.objects.filter(statement=groups[0][0]).update(theme=single, status="pinned")
    with pytest.raises(actions.CurationError):
        actions.split_theme(by=None, theme=single)
    assert list(Placement.objects.filter(theme=single).values_list("statement_id", flat=True)) == [groups[0][0].pk]
