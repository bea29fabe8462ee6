"""The stored monthly counts the heat map reads (StatementMonth) are the statements'
own counts after any writes: creating, editing, re-tagging and deleting statements,
one by one or in bulk, and a session's cascade delete. And the overview's heat map
from them equals the one grouped from the statements, for a visitor and a member."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance.community.ecosystems import ECOSYSTEMS
from alliance.overview import actions, queries
from alliance.overview.models import Statement, StatementMonth
from tests.factories import SessionFactory
from tests.overview.factories import StatementFactory

pytestmark = pytest.mark.django_db

SLUGS = [slug for slug, _name in ECOSYSTEMS][:4]
KINDS = ["disruption", "need", "solution"]
# Around month ends in UTC and in Brussels, so that a wrong time zone shows.
MOMENTS = [dt.datetime(2020, 4, 30, 22, 30, tzinfo=dt.UTC), dt.datetime(2020, 4, 30, 23, 59, tzinfo=dt.UTC),
           dt.datetime(2020, 5, 1, 0, 0, tzinfo=dt.UTC), dt.datetime(2020, 5, 31, 12, tzinfo=dt.UTC),
           dt.datetime(2021, 1, 1, 0, 30, tzinfo=dt.UTC)]

statement = st.fixed_dictionaries({
    "kind": st.sampled_from(KINDS), "visibility": st.sampled_from(["public", "members"]),
    "said_at": st.sampled_from(MOMENTS), "ecosystems": st.lists(st.sampled_from(SLUGS), unique=True, max_size=3),
    "in_session": st.booleans()})
change = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 50), st.sampled_from(["kind", "visibility", "said_at"]),
              st.integers(0, 10)),
    st.tuples(st.just("bulk_edit"), st.integers(0, 50), st.sampled_from(KINDS), st.sampled_from(MOMENTS)),
    st.tuples(st.just("retag"), st.integers(0, 50), st.lists(st.sampled_from(SLUGS), unique=True, max_size=3)),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("delete_kind"), st.sampled_from(KINDS)),
    st.tuples(st.just("delete_session"),),
)


def stored_counts() -> Counter[tuple[str, str, str, str]]:
    rows = StatementMonth.objects.values_list("ecosystem", "month", "kind", "visibility", "n")
    assert all(n >= 0 for *_key, n in rows), "a count went below zero"
    return Counter({(e, m, k, v): n for e, m, k, v, n in rows if n})


def live_counts() -> Counter[tuple[str, str, str, str]]:
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for s in Statement.objects.prefetch_related("ecosystems"):
        for e in s.ecosystems.all():
            counts[e.slug, s.said_at.astimezone(dt.UTC).strftime("%Y-%m"), s.kind, s.visibility] += 1
    return counts


def apply(step: tuple, session) -> None:
    pks = list(Statement.objects.order_by("pk").values_list("pk", flat=True))
    what = step[0]
    if what == "delete_kind":
        Statement.objects.filter(kind=step[1]).delete()
    elif what == "delete_session":
        type(session).objects.filter(pk=session.pk).delete()
    elif pks and what == "edit":
        s = Statement.objects.get(pk=pks[step[1] % len(pks)])
        value = {"kind": KINDS, "visibility": ["public", "members"], "said_at": MOMENTS}[step[2]]
        setattr(s, step[2], value[step[3] % len(value)])
        s.save()
    elif pks and what == "bulk_edit":
        chosen = list(Statement.objects.filter(pk__in=pks[step[1] % len(pks):][:3]))
        for s in chosen:
            s.kind, s.said_at = step[2], step[3]
        Statement.objects.bulk_update(chosen, ["kind", "said_at"])
    elif pks and what == "retag":
        Statement.objects.get(pk=pks[step[1] % len(pks)]).ecosystems.set(step[2])
    elif pks and what == "delete":
        Statement.objects.filter(pk=pks[step[1] % len(pks)]).delete()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(made=st.lists(statement, max_size=12), changes=st.lists(change, max_size=8))
def test_the_stored_counts_are_the_statements_counts_after_any_writes(made, changes, participant):
    with transaction.atomic():
        session = SessionFactory()
        for fields in made:
            in_session = fields.pop("in_session")
            StatementFactory(session=session if in_session else None, **fields)
        assert stored_counts() == live_counts()
        for step in changes:
            apply(step, session)
            assert stored_counts() == live_counts(), step
        for user in (AnonymousUser(), participant):
            for kind in ("", *KINDS):
                filters = queries.StatementFilters(kind=kind)
                statements = filters.apply(queries.visible_statements(user))
                assert queries.heat_map_for(user, filters, statements, SLUGS) == queries.heat_map(statements, SLUGS)
        transaction.set_rollback(True)


def test_other_filters_are_counted_from_the_statements(participant):
    """An ecosystem filter still counts a statement in all of its ecosystems, which the
    monthly counts cannot say: those pages group the statements themselves."""
    StatementFactory(ecosystems=["health", "digital"])
    StatementFactory(ecosystems=["digital"])
    filters = queries.StatementFilters(ecosystem="health")
    statements = filters.apply(queries.visible_statements(participant))
    heat = queries.heat_map_for(participant, filters, statements, ["health", "digital"])
    assert heat.ecosystems == ["health", "digital"] and heat.counts == [[1], [1]]


def test_a_recount_repairs_counts_that_went_around_the_triggers():
    StatementFactory(kind="need", ecosystems=["health", "digital"])
    StatementFactory(kind="solution", visibility="members", ecosystems=["health"])
    expected = stored_counts()
    StatementMonth.objects.all().delete()
    StatementMonth.objects.create(ecosystem="textile", month="1999-01", kind="need", visibility="public", n=7)
    assert actions.recount_rollups()[0] == 3
    assert stored_counts() == expected == live_counts()
