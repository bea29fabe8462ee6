"""A theme run finds the themes of the stored embeddings and places every statement;
a run that fails leaves the previous themes exactly as they were."""

from __future__ import annotations

import pytest

from alliance.overview import actions, themes
from alliance.overview.models import Placement, PlacementStatus, Theme, ThemeRun, ThemeRunStatus
from tests.overview.factories import grouped_statements

pytestmark = pytest.mark.django_db


def test_a_run_finds_one_theme_per_group_and_places_every_statement():
    groups = grouped_statements()
    run = actions.run_themes()
    assert run.status == ThemeRunStatus.DONE and run.themes == 3
    assert Placement.objects.count() == 30
    for statements in groups.values():
        placed = {Placement.objects.get(statement=s).theme_id for s in statements}
        assert len(placed) == 1, "a group is one theme"
    assert Theme.objects.filter(retired=False).count() == 3
    assert all(t.label and t.size == 10 for t in Theme.objects.all())


def test_a_second_run_keeps_the_themes_ids():
    grouped_statements()
    actions.run_themes()
    before = set(Theme.objects.values_list("pk", flat=True))
    actions.run_themes()
    assert set(Theme.objects.filter(retired=False).values_list("pk", flat=True)) == before


def test_a_failed_run_keeps_the_previous_themes(monkeypatch):
    grouped_statements()
    actions.run_themes()
    before = list(Placement.objects.order_by("statement_id").values_list("statement_id", "theme_id", "status"))
    themes_before = list(Theme.objects.order_by("pk").values_list("pk", "label", "size", "retired"))

    def broken(*args, **kwargs):
        raise RuntimeError("the pipeline broke")

    monkeypatch.setattr(themes, "find_themes", broken)
    with pytest.raises(actions.ThemeRunError):
        actions.run_themes()
    assert list(Placement.objects.order_by("statement_id").values_list("statement_id", "theme_id", "status")) == before
    assert list(Theme.objects.order_by("pk").values_list("pk", "label", "size", "retired")) == themes_before
    failed = ThemeRun.objects.order_by("-pk").first()
    assert failed.status == ThemeRunStatus.FAILED and "the pipeline broke" in failed.error


def test_a_failure_while_storing_rolls_the_whole_run_back(monkeypatch):
    grouped_statements()
    actions.run_themes()
    before = list(Placement.objects.order_by("statement_id").values_list("statement_id", "theme_id"))

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(actions, "_flag_alerts", broken)
    with pytest.raises(actions.ThemeRunError):
        actions.run_themes()
    assert list(Placement.objects.order_by("statement_id").values_list("statement_id", "theme_id")) == before


def test_no_statements_make_no_themes():
    run = actions.run_themes()
    assert run.status == ThemeRunStatus.DONE and run.themes == 0
    assert not Placement.objects.exists()


def test_a_statement_without_an_embedding_gets_one_before_the_run():
    from alliance.overview.models import Embedding
    from tests.overview.factories import StatementFactory

    grouped_statements()
    late = StatementFactory(text="Hospitals need more masks and protective gowns")
    actions.run_themes()
    assert Embedding.objects.filter(statement=late).exists()
    assert Placement.objects.get(statement=late).status in (PlacementStatus.PLACED, PlacementStatus.UNDECIDED,
                                                            PlacementStatus.UNSORTED)
