"""Empty or oversized posts, unknown categories or regions, a quantity of "-5" or
"lots", an expiry in the past: a clear message, nothing created. HTML in a post is
shown as text."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.exchange.models import Post
from tests.exchange.people import in_days, member_of

pytestmark = pytest.mark.django_db

GOOD = {"kind": "need", "title": "Need FFP2 masks for 300 workers", "text": "Our plant needs FFP2 masks quickly.",
        "categories": ["protective_equipment"], "reach": "eu", "urgency": "normal",
        "contact_preference": "introduction", "action": "publish"}


@pytest.fixture
def author(client):
    user = member_of()
    client.force_login(user)
    return user


def publish(client, **changes):
    data = {**GOOD, "expires_on": in_days(30).isoformat(), **changes}
    return client.post(reverse("exchange:create"), {k: v for k, v in data.items() if v is not None})


@pytest.mark.parametrize(("changes", "message"), [
    ({"title": "   "}, "This field is required."),
    ({"text": ""}, "This field is required."),
    ({"text": "x" * 5001}, "at most 5000 characters"),
    ({"categories": ["space_tourism"]}, "Select a valid choice"),
    ({"region": "XX9"}, "not a NUTS 2024 region code"),
    ({"quantity": "-5"}, "greater than or equal to 0.01"),
    ({"quantity": "lots"}, "Enter a number."),
    ({"quantity": "", "unit": "tonnes"}, "Give the quantity the unit is for."),
    ({"expires_on": in_days(-1).isoformat()}, "The expiry date is in the past."),
    ({"kind": "partner_search", "roles_wanted": ""}, "Say which roles the partners should take."),
    ({"kind": "barter"}, "Select a valid choice"),
])
def test_a_bad_post_is_refused_with_a_message(client, author, changes, message):
    response = publish(client, **changes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Post.objects.exists()


def test_a_good_post_is_published_and_its_html_shown_as_text(client, author, committed):
    response = publish(client, title="<script>alert(1)</script> masks", quantity="300", unit="workers")
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; masks" in page


def test_someone_without_an_organisation_cannot_post(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.post(reverse("exchange:create"), GOOD, follow=True)
    assert "your account needs an organisation" in response.content.decode()
    assert not Post.objects.exists()


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("exchange:create"))
    assert response.status_code == 302 and "/login/" in response["Location"]
