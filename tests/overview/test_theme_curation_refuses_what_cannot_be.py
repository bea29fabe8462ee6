"""Curation that would leave a theme empty, merge a theme with itself, name it nothing
or touch a retired theme is refused with a message and changes nothing."""

from __future__ import annotations

import pytest

from alliance.accounts.models import Role
from alliance.overview import actions
from alliance.overview.models import Placement, Theme
from tests.factories import UserFactory
from tests.overview.factories import StatementFactory, embed, grouped_statements

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return UserFactory(role=Role.COORDINATOR)


@pytest.fixture
def themed():
    groups = grouped_statements()
    actions.run_themes()
    return {g: Placement.objects.get(statement=s[0]).theme for g, s in groups.items()}, groups


def snapshot():
    return (list(Placement.objects.order_by("statement_id").values_list("statement_id", "theme_id", "status")),
            list(Theme.objects.order_by("pk").values_list("pk", "name", "retired", "size", "hidden", "pinned")))


def test_a_theme_cannot_be_merged_with_itself(coordinator, themed):
    theme = themed[0][0]
    before = snapshot()
    with pytest.raises(actions.CurationError, match="itself"):
        actions.merge_themes(by=coordinator, into=theme, other=theme)
    assert snapshot() == before


def test_a_theme_needs_a_name(coordinator, themed):
    before = snapshot()
    with pytest.raises(actions.CurationError, match="name"):
        actions.rename_theme(by=coordinator, theme=themed[0][0], name="   ")
    assert snapshot() == before


def test_a_retired_theme_cannot_be_curated(coordinator, themed):
    into, other = themed[0][0], themed[0][1]
    actions.merge_themes(by=coordinator, into=into, other=other)
    before = snapshot()
    with pytest.raises(actions.CurationError):
        actions.rename_theme(by=coordinator, theme=other, name="Ghost")
    with pytest.raises(actions.CurationError):
        actions.merge_themes(by=coordinator, into=into, other=other)
    assert snapshot() == before


def test_moving_a_themes_last_statement_is_refused(coordinator):
    import numpy as np

    grouped_statements()
    lone = StatementFactory(text="Wir brauchen Lastenfahrräder für die Zustellung")
    embed(lone, np.eye(512)[9])
    actions.run_themes()
    target = Placement.objects.exclude(theme=None).first().theme
    # A theme of one statement, made by a coordinator.
    single = Theme.objects.create(label="Lastenfahrräder")
    Placement.objects.filter(statement=lone).update(theme=single, status="pinned")
    before = snapshot()
    with pytest.raises(actions.CurationError, match="empty"):
        actions.move_statement(by=coordinator, statement=lone, theme=target)
    assert snapshot() == before


def test_moving_a_statement_into_its_own_theme_is_refused(coordinator, themed):
    themes_by_group, groups = themed
    before = snapshot()
    with pytest.raises(actions.CurationError):
        actions.move_statement(by=coordinator, statement=groups[0][0], theme=themes_by_group[0])
    assert snapshot() == before
