"""The overview pages count, chart, list and export exactly the statements the filters
select, each in a fixed number of queries, and say what is wrong with a bad filter."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import OrganisationFactory, SessionFactory, region
from tests.overview.factories import StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance_said(db):
    """Needs and disruptions from Lombardy (ITC4) and Catalonia (ES51), one members-only."""
    lombardy = OrganisationFactory(name="Tessile Brianza", type="company", country=region("IT"),
                                   region=region("ITC4"))
    catalonia = OrganisationFactory(name="Clúster Salut Catalunya", type="cluster_org", country=region("ES"),
                                    region=region("ES51"))
    session = SessionFactory(topic="Clusters continuity through the crisis")
    return [
        StatementFactory(kind="need", text="Servono mascherine FFP2 per 300 lavoratori", language="it",
                         organisation=lombardy, organisation_type="company", country_id="IT", region_id="ITC4",
                         session=session, ecosystems=["health", "textile"]),
        StatementFactory(kind="disruption", text="Companies are struggling to pay their fees",
                         organisation=catalonia, organisation_type="cluster_org", country_id="ES",
                         region_id="ES51", session=session, ecosystems=["health"],
                         said_at=dt.datetime(2020, 4, 2, 9, tzinfo=dt.UTC)),
        StatementFactory(kind="solution", text="Hackathon online para soluciones sanitarias", language="es",
                         organisation=catalonia, organisation_type="cluster_org", country_id="ES",
                         region_id="ES51", session=session, ecosystems=["digital"]),
        StatementFactory(kind="need", text="Members-only: liquidity for our SMEs", visibility="members",
                         organisation=lombardy, organisation_type="company", country_id="IT", region_id="ITC4",
                         session=session, ecosystems=["health"]),
    ]


def test_a_visitor_sees_the_counts_of_public_statements_only(client, alliance_said):
    response = client.get(reverse("overview:overview"))
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary.by_kind == {"disruption": 1, "need": 1, "solution": 1}
    assert summary.organisations == 2 and summary.regions == 2 and summary.countries == 2
    assert b"<svg" in response.content


def test_a_member_also_sees_members_only_statements(client, participant, alliance_said):
    client.force_login(participant)
    assert client.get(reverse("overview:overview")).context["summary"].by_kind["need"] == 2


def test_filters_by_ecosystem_region_with_sub_regions_type_kind_language_and_dates(client, alliance_said):
    def count(**params):
        return client.get(reverse("overview:overview"), params).context["summary"].total

    assert count(ecosystem="health") == 2
    assert count(region="ES") == 2 and count(region="ES5") == 2 and count(region="ITC") == 1
    assert count(organisation_type="cluster_org") == 2
    assert count(kind="solution") == 1 and count(language="es") == 1
    assert count(since="2020-05-01") == 2 and count(until="2020-04-30") == 1


def test_the_heat_map_counts_ecosystems_by_month(client, alliance_said):
    heat = client.get(reverse("overview:overview")).context["heat"]
    assert heat.ecosystems == ["digital", "health", "textile"]
    assert heat.months == [dt.date(2020, 4, 1), dt.date(2020, 5, 1)]
    assert heat.counts == [[0, 1], [1, 1], [0, 1]]


def test_the_regional_view_lists_nuts2_regions_and_sorts_by_any_column(client, alliance_said):
    rows = client.get(reverse("overview:regions")).context["rows"]
    assert [(r.code, r.total) for r in rows] == [("ES51", 2), ("ITC4", 1)]
    rows = client.get(reverse("overview:regions"), {"sort": "need"}).context["rows"]
    assert rows[0].code == "ITC4"
    assert client.get(reverse("overview:regions"), {"sort": "nonsense"}).status_code == 200


@pytest.mark.parametrize("params,message", [
    ({"region": "XX9"}, "not a NUTS 2024 region code"),
    ({"ecosystem": "moon-mining"}, "Select a valid choice"),
    ({"since": "2020-13-01"}, "Enter a valid date"),
    ({"since": "1850-01-01"}, "Give a date between"),
    ({"since": "2020-06-01", "until": "2020-05-01"}, "comes before its start"),
    ({"series": "999999"}, "Select a valid choice"),
])
def test_a_bad_filter_says_what_is_wrong_and_lists_nothing(client, alliance_said, params, message):
    for name in ("overview:overview", "overview:regions", "overview:statements"):
        response = client.get(reverse(name), params)
        assert response.status_code == 400 and message in response.content.decode()
    response = client.get(reverse("overview:export", args=["csv"]), params)
    assert response.status_code == 400 and message in response.content.decode()


def test_the_statement_list_shows_who_where_and_which_session(client, alliance_said):
    response = client.get(reverse("overview:statements"), {"region": "ITC"})
    page = response.content.decode()
    assert "Servono mascherine FFP2" in page and "Tessile Brianza" in page and "ITC4" in page
    assert "Clusters continuity through the crisis" in page and "Companies are struggling" not in page


def test_the_statement_list_takes_the_same_queries_for_a_full_page(client, django_assert_max_num_queries):
    org = OrganisationFactory(region=region("DE21"), country=region("DE"))
    session = SessionFactory()
    for _ in range(3):
        StatementFactory(organisation=org, region_id="DE21", country_id="DE", session=session,
                         ecosystems=["health"])
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("overview:statements"))
    for _ in range(40):
        StatementFactory(organisation=OrganisationFactory(region=region("FR10"), country=region("FR")),
                         region_id="FR10", country_id="FR", session=SessionFactory(), ecosystems=["digital"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("overview:statements"))


def test_csv_and_xlsx_hold_exactly_the_filtered_statements(client, alliance_said):
    response = client.get(reverse("overview:export", args=["csv"]), {"organisation_type": "cluster_org"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["kind", "text", "language"]
    assert sorted(r[1] for r in rows[1:]) == ["Companies are struggling to pay their fees",
                                             "Hackathon online para soluciones sanitarias"]
    response = client.get(reverse("overview:export", args=["xlsx"]), {"language": "it"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Servono mascherine FFP2 per 300 lavoratori"]
    assert client.get(reverse("overview:export", args=["pdf"])).status_code == 404
