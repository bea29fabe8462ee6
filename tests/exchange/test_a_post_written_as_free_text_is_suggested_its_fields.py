"""A post written as free text is parsed into its fields as a suggestion: the author
sees what was found, the empty fields filled, and nothing is published before they
confirm; what the author chose is never overwritten."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.exchange.models import Post
from tests.exchange.people import member_of

pytestmark = pytest.mark.django_db


def suggest(client, **data):
    return client.post(reverse("exchange:create"), {"action": "suggest", **data})


def test_an_italian_need_is_read_into_its_fields(client):
    client.force_login(member_of())
    response = suggest(client, title="Servono mascherine", text="Cerchiamo duecento mascherine FFP2 per i "
                       "lavoratori del nostro stabilimento in Lombardia, urgente.")
    page = response.content.decode()
    assert response.status_code == 200 and not Post.objects.exists()
    assert "Suggested from your text" in page
    form = response.context["form"]
    assert form.data["kind"] == "need"
    assert "protective_equipment" in form.data.getlist("categories")
    assert form.data["quantity"] == "200"
    assert form.data["region"] == "ITC4"


def test_the_authors_own_choices_are_kept(client):
    client.force_login(member_of())
    response = suggest(client, kind="offer", title="Masks", quantity="50", text="We need 300 masks in Bavaria.")
    form = response.context["form"]
    assert form.data["kind"] == "offer" and form.data["quantity"] == "50"
    assert form.data["region"].startswith("DE2")


def test_a_vague_quantity_is_explained_not_guessed(client):
    client.force_login(member_of())
    response = suggest(client, title="Masks", text="We need lots of masks for our members.")
    assert "quantity" not in {k for k, v in response.context["form"].data.items() if v}
    assert "is not a quantity" in response.content.decode()
