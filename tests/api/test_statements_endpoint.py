"""GET /api/statements: the overview's statements, filtered as on its pages, members-only
ones only with a bearer token, and a wrong filter is a 422 that names it."""

from __future__ import annotations

import pytest

from tests.factories import OrganisationFactory, region
from tests.overview.factories import StatementFactory

pytestmark = pytest.mark.django_db


def test_statements_are_listed_with_their_filters(client):
    org = OrganisationFactory(region=region("ITC4"), country=region("IT"), type="company")
    StatementFactory(kind="need", text="Servono mascherine", language="it", organisation=org,
                     organisation_type="company", region_id="ITC4", country_id="IT", ecosystems=["health"])
    StatementFactory(kind="solution", text="Online events for members", ecosystems=["digital"])
    StatementFactory(kind="need", text="Members only need", visibility="members")
    body = client.get("/api/statements").json()
    assert body["count"] == 2
    body = client.get("/api/statements", {"region": "ITC", "kind": "need"}).json()
    assert [item["text"] for item in body["items"]] == ["Servono mascherine"]
    item = body["items"][0]
    assert item["ecosystems"] == ["health"] and item["region"] == "ITC4" and item["language"] == "it"


@pytest.mark.parametrize("params,field", [({"region": "ZZ"}, "region"), ({"kind": "framework"}, "kind"),
                                          ({"since": "2020-02-30"}, "since"), ({"series": "x"}, "series")])
def test_a_wrong_filter_is_a_422_naming_the_field(client, params, field):
    response = client.get("/api/statements", params)
    assert response.status_code == 422 and field in response.json()["detail"]
