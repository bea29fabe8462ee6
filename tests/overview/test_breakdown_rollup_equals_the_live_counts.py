"""The stored tallies the summary, organisation types and regions read (StatementTally)
are the statements' own counts after any writes, an organisation's delete included; and
those pages' figures from them equal the ones grouped from the statements, for a
visitor and a member and every filter the tallies serve."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance.community.models import Organisation
from alliance.overview import actions, queries
from alliance.overview.models import Statement, StatementTally
from tests.factories import OrganisationFactory
from tests.overview.factories import StatementFactory

pytestmark = pytest.mark.django_db

KINDS = ["disruption", "need", "solution"]
PLACES = [("IT", "ITC4"), ("IT", "ITC1"), ("ES", "ES51"), ("DE", None), (None, None)]

statement = st.fixed_dictionaries({
    "kind": st.sampled_from(KINDS), "visibility": st.sampled_from(["public", "members"]),
    "organisation": st.integers(0, 2), "organisation_type": st.sampled_from(["", "company", "cluster_org"]),
    "place": st.integers(0, len(PLACES) - 1)})
change = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 50), statement),
    st.tuples(st.just("bulk_kind"), st.integers(0, 50), st.sampled_from(KINDS)),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("delete_organisation"), st.integers(0, 1)),
)


def fields(drawn: dict, organisations: list[Organisation]) -> dict:
    country, nuts = PLACES[drawn["place"]]
    return {"kind": drawn["kind"], "visibility": drawn["visibility"], "organisation_type": drawn["organisation_type"],
            "organisation": organisations[drawn["organisation"]] if drawn["organisation"] < len(organisations)
            else None, "country_id": country, "region_id": nuts}


def stored() -> Counter:
    rows = StatementTally.objects.values_list("visibility", "kind", "organisation_type", "organisation", "region",
                                              "country", "n")
    assert all(row[-1] >= 0 for row in rows), "a tally went below zero"
    return Counter({row[:-1]: row[-1] for row in rows if row[-1]})


def live() -> Counter:
    return Counter((s.visibility, s.kind, s.organisation_type, s.organisation_id or 0, s.region_id or "",
                    s.country_id or "") for s in Statement.objects.all())


def apply(step: tuple, organisations: list[Organisation]) -> None:
    pks = list(Statement.objects.order_by("pk").values_list("pk", flat=True))
    if step[0] == "delete_organisation":
        Organisation.objects.filter(pk=organisations[step[1]].pk).delete()
    elif pks and step[0] == "edit":
        s = Statement.objects.get(pk=pks[step[1] % len(pks)])
        for name, value in fields(step[2], list(Organisation.objects.order_by("pk"))).items():
            setattr(s, name, value)
        s.save()
    elif pks and step[0] == "bulk_kind":
        chosen = list(Statement.objects.filter(pk__in=pks[step[1] % len(pks):][:3]))
        for s in chosen:
            s.kind = step[2]
        Statement.objects.bulk_update(chosen, ["kind"])
    elif pks and step[0] == "delete":
        Statement.objects.filter(pk=pks[step[1] % len(pks)]).delete()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(made=st.lists(statement, max_size=12), changes=st.lists(change, max_size=8))
def test_the_stored_tallies_are_the_statements_counts_after_any_writes(made, changes, participant):
    with transaction.atomic():
        organisations = [OrganisationFactory(), OrganisationFactory()]
        for drawn in made:
            StatementFactory(said_at=dt.datetime(2020, 5, 21, 9, tzinfo=dt.UTC), **fields(drawn, organisations))
        assert stored() == live()
        for step in changes:
            apply(step, organisations)
            assert stored() == live(), step
        for user in (AnonymousUser(), participant):
            for filters in (queries.StatementFilters(), queries.StatementFilters(kind="need"),
                            queries.StatementFilters(organisation_type="company", region="ITC"),
                            queries.StatementFilters(region="ES51")):
                live_qs = filters.apply(queries.visible_statements(user))
                stored_qs = filters.apply(queries.visible_statements(user))
                assert sorted(queries.breakdown_for(user, filters, stored_qs), key=repr) == sorted(
                    queries._breakdown(live_qs), key=repr)
                assert queries.summary(stored_qs) == queries.summary(live_qs)
                assert queries.by_nuts2(stored_qs) == queries.by_nuts2(live_qs)
                assert queries.by_organisation_type(stored_qs) == queries.by_organisation_type(live_qs)
        transaction.set_rollback(True)


def test_a_recount_repairs_tallies_that_went_around_the_triggers():
    StatementFactory(kind="need")
    StatementFactory(kind="solution", visibility="members")
    expected = stored()
    StatementTally.objects.all().delete()
    assert actions.recount_rollups()[1] == 2
    assert stored() == expected == live()
