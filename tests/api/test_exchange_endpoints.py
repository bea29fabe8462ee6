"""The exchange through the API: open posts are public and filtered as on the pages (a
wrong filter is a 422 naming it); a hidden post is not there but for its organisation and
coordinators; matches need a token; posting and resolving need a token and an
organisation one acts for, and bad input is a 422 naming the field that saves nothing."""

from __future__ import annotations

import pytest

from alliance.accounts.actions import create_api_token
from alliance.accounts.models import Role
from alliance.community.models import Organisation, OrganisationRole, OrganisationRoleKind
from alliance.exchange import actions
from alliance.exchange.models import Post, PostStatus
from tests.exchange.people import in_days, lombardy_and_bavaria, member_of, post
from tests.factories import OrganisationFactory, UserFactory, region

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    _token, key = create_api_token(user=user, name="t")
    return {"Authorization": f"Bearer {key}"}


def new_post(organisation=None, **change) -> dict:
    body = {"kind": "need", "title": "FFP2 masks for 300 workers",
            "text": "Our plant in Monza needs certified FFP2 masks for 300 workers.",
            "categories": ["protective_equipment"], "quantity": 300, "unit": "pieces", "region": "ITC4",
            "expires_on": in_days(30).isoformat()}
    if organisation is not None:
        body["organisation"] = organisation.pk
    return {**body, **change}


def test_open_posts_are_listed_publicly_and_filtered(client):
    needy, maker = lombardy_and_bavaria()
    masks = post(needy, quantity=300, unit="pieces")
    post(maker, kind="offer", title="Trucks free for transport", categories=("logistics",))
    closed = post(maker, kind="offer", title="Masks we no longer have")
    closed.status = PostStatus.WITHDRAWN
    closed.save()
    body = client.get("/api/posts").json()
    assert body["count"] == 2
    body = client.get("/api/posts", {"kind": "need", "category": "protective_equipment"}).json()
    assert [item["id"] for item in body["items"]] == [masks.pk]
    item = body["items"][0]
    assert item["organisation"]["name"] == "Tessile Brianza" and item["quantity"] == 300.0
    assert item["open"] is True and item["categories"] == ["protective_equipment"]
    assert "giulia@tessile.example" not in str(body), "nobody's e-mail in the API"


def test_a_post_naming_no_region_is_found_in_its_organisations(client):
    needy, maker = lombardy_and_bavaria()
    in_lombardy = post(needy)
    post(maker, kind="offer", title="Masks from Bavaria")
    body = client.get("/api/posts", {"region": "ITC"}).json()
    assert [item["id"] for item in body["items"]] == [in_lombardy.pk]


@pytest.mark.parametrize("params,field", [({"kind": "wish"}, "kind"), ({"category": "spaceships"}, "category"),
                                          ({"ecosystem": "space"}, "ecosystem"), ({"region": "ZZ9"}, "region")])
def test_a_wrong_filter_is_a_422_naming_it(client, params, field):
    response = client.get("/api/posts", params)
    assert response.status_code == 422 and response.json()["detail"].startswith(f"{field}:")


def test_a_hidden_post_is_there_for_its_organisation_and_coordinators_only(client):
    needy, maker = lombardy_and_bavaria()
    hidden = post(needy)
    coordinator = UserFactory(role=Role.COORDINATOR)
    actions.hide_post(by=coordinator, post=hidden, reason="Duplicate")
    url = f"/api/posts/{hidden.pk}"
    assert client.get(url).status_code == 404
    assert client.get(url, headers=bearer(maker)).status_code == 404
    assert client.get("/api/posts").json()["count"] == 0
    own = client.get(url, headers=bearer(needy)).json()
    assert own["hidden"] is True and own["hidden_reason"] == "Duplicate"
    assert client.get(url, headers=bearer(coordinator)).status_code == 200


def test_an_unknown_post_and_a_wrong_token_are_json_errors(client):
    assert client.get("/api/posts/999999").status_code == 404
    assert client.get("/api/posts", headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_matches_need_a_token(client):
    needy, _maker = lombardy_and_bavaria()
    need = post(needy)
    assert client.get(f"/api/posts/{need.pk}/matches").status_code == 401


def test_a_need_in_italian_gets_the_german_offer_with_its_reasons(client, committed):
    needy, maker = lombardy_and_bavaria()
    need = post(needy, title="Servono mascherine FFP2 per 300 lavoratori",
                text="Il nostro stabilimento ha bisogno di mascherine FFP2 certificate per 300 lavoratori.",
                quantity=300, unit="pieces")
    masks = post(maker, kind="offer", title="Wir liefern zertifizierte FFP2-Masken",
                 text="Unser Betrieb hat umgestellt und liefert 5000 FFP2-Schutzmasken pro Woche EU-weit.",
                 quantity=5000, unit="pieces")
    response = client.get(f"/api/posts/{need.pk}/matches", headers=bearer(member_of()))
    assert response.status_code == 200
    best = response.json()[0]
    assert best["kind"] == "post" and 0 < best["score"] <= 100
    assert best["counterpart"] == {"id": masks.pk, "title": masks.title, "url": masks.get_absolute_url(),
                                   "organisation": {"id": masks.organisation_id, "name": "Schutz GmbH"}}
    assert "written in German, matched by meaning" in best["reasons"]
    assert "offers 5000 of 300 pieces needed" in best["reasons"]


def test_a_post_no_longer_open_has_no_matches(client):
    needy, _maker = lombardy_and_bavaria()
    need = post(needy)
    actions.resolve_post(by=needy, post=need, status=PostStatus.WITHDRAWN)
    response = client.get(f"/api/posts/{need.pk}/matches", headers=bearer(needy))
    assert response.status_code == 200 and response.json() == []


def test_posting_needs_a_token(client):
    _needy, _maker = lombardy_and_bavaria()
    assert client.post("/api/posts", new_post(), content_type="application/json").status_code == 401
    assert not Post.objects.exists()


def test_someone_acting_for_the_organisation_posts(client):
    needy, _maker = lombardy_and_bavaria()
    response = client.post("/api/posts", new_post(), content_type="application/json", headers=bearer(needy))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["organisation"]["name"] == "Tessile Brianza" and body["region"] == "ITC4"
    assert body["quantity"] == 300.0 and body["status"] == "open"
    created = Post.objects.get(pk=body["id"])
    assert created.author == needy and created.title == "FFP2 masks for 300 workers"


def test_one_cannot_post_for_an_organisation_one_does_not_act_for(client):
    needy, _maker = lombardy_and_bavaria()
    other = OrganisationFactory()
    assert client.post("/api/posts", new_post(other), content_type="application/json",
                       headers=bearer(needy)).status_code == 403
    assert client.post("/api/posts", new_post(), content_type="application/json",
                       headers=bearer(UserFactory())).status_code == 403
    assert not Post.objects.exists()


def test_one_acting_for_two_organisations_names_one(client):
    needy, _maker = lombardy_and_bavaria()
    second = OrganisationFactory(country=region("IT"), region=region("ITC4"))
    OrganisationRole.objects.create(user=needy, organisation=second, role=OrganisationRoleKind.MEMBER)
    response = client.post("/api/posts", new_post(), content_type="application/json", headers=bearer(needy))
    assert response.status_code == 422 and "organisation" in response.json()["detail"]
    response = client.post("/api/posts", new_post(second), content_type="application/json", headers=bearer(needy))
    assert response.status_code == 201 and response.json()["organisation"]["id"] == second.pk


@pytest.mark.parametrize("change,field", [
    ({"title": ""}, "title"),
    ({"title": "   "}, "title"),
    ({"quantity": -5}, "quantity"),
    ({"quantity": "lots"}, "quantity"),
    ({"categories": ["spaceships"]}, "categories"),
    ({"categories": []}, "categories"),
    ({"region": "ZZ9"}, "region"),
    ({"expires_on": in_days(-1).isoformat()}, "expires_on"),
    ({"expires_on": in_days(400).isoformat()}, "expires_on"),
    ({"text": "Masks"}, "text"),
    ({"kind": "partner_search"}, "roles_wanted"),
    ({"ecosystems": ["space"]}, "ecosystems"),
    ({"unit": "pieces", "quantity": None}, "quantity"),
    ({"title": "A\x00B"}, "title"),
])
def test_bad_input_is_a_422_naming_the_field_and_saves_nothing(client, change, field):
    needy, _maker = lombardy_and_bavaria()
    response = client.post("/api/posts", new_post(**change), content_type="application/json",
                           headers=bearer(needy))
    assert response.status_code == 422
    assert field in str(response.json()["detail"])
    assert not Post.objects.exists()


def test_the_organisation_says_what_came_of_its_post(client):
    needy, maker = lombardy_and_bavaria()
    need = post(needy)
    url = f"/api/posts/{need.pk}/resolve"
    helper = Organisation.objects.get(name="Schutz GmbH")
    body = {"status": "partly_fulfilled", "note": "100 masks still missing", "helped_by": helper.pk}
    assert client.post(url, body, content_type="application/json").status_code == 401
    assert client.post(url, body, content_type="application/json", headers=bearer(maker)).status_code == 403
    response = client.post(url, body, content_type="application/json", headers=bearer(needy))
    assert response.status_code == 200
    out = response.json()
    assert out["status"] == "partly_fulfilled" and out["open"] is False
    assert out["helped_by"] == body["helped_by"] and out["outcome_note"] == "100 masks still missing"


@pytest.mark.parametrize("body,fragment", [
    ({"status": "partly_fulfilled"}, "still missing"),
    ({"status": "fulfilled", "helped_by": 999999}, "Unknown organisation"),
    ({"status": "fulfilled", "helped_by": "own"}, "itself"),
    ({"status": "forgotten"}, "status"),
])
def test_a_wrong_resolution_is_a_422_and_changes_nothing(client, body, fragment):
    needy, _maker = lombardy_and_bavaria()
    need = post(needy)
    if body.get("helped_by") == "own":
        body = {**body, "helped_by": need.organisation_id}
    response = client.post(f"/api/posts/{need.pk}/resolve", body, content_type="application/json",
                           headers=bearer(needy))
    assert response.status_code == 422 and fragment in str(response.json())
    need.refresh_from_db()
    assert need.status == PostStatus.OPEN
