"""From a match, either side asks for an introduction; the other side accepts or
declines; only on acceptance do both get an e-mail with the other's contact details.
Nobody is asked twice, and nobody is introduced to their own organisation."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from alliance.exchange.models import Introduction
from tests.exchange.people import lombardy_and_bavaria, member_of, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(committed):
    needy, maker = lombardy_and_bavaria()
    need = post(needy, title="Servono mascherine FFP2 per 300 lavoratori")
    offer = post(maker, kind="offer", title="Wir liefern FFP2-Masken")
    mail.outbox.clear()
    return needy, maker, need, offer


def ask(client, user, need, offer, message="Possiamo parlarne?"):
    client.force_login(user)
    return client.post(reverse("exchange:introduce", args=[need.pk]),
                       {"message": message, "to_post": offer.pk, "to_organisation": offer.organisation_id},
                       follow=True)


def test_accepted_introduction_mails_both_sides_with_each_others_details(client, pair):
    needy, maker, need, offer = pair
    assert "Your request is sent" in ask(client, needy, need, offer).content.decode()
    assert [m.to for m in mail.outbox] == [[maker.email]]
    assert needy.email not in mail.outbox[0].body, "the request does not give the requester's address"
    mail.outbox.clear()

    introduction = Introduction.objects.get()
    client.force_login(maker)
    page = client.get(reverse("exchange:mine")).content.decode()
    assert "Possiamo parlarne?" in page and needy.email not in page
    client.post(reverse("exchange:answer", args=[introduction.pk]), {"answer": "accept", "note": "Gerne!"})
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {needy.email, maker.email}
    assert maker.email in by_recipient[needy.email].body and needy.email in by_recipient[maker.email].body
    assert "Gerne!" in by_recipient[needy.email].body


def test_a_declined_introduction_shares_nothing(client, pair):
    needy, maker, need, offer = pair
    ask(client, needy, need, offer)
    mail.outbox.clear()
    client.force_login(maker)
    client.post(reverse("exchange:answer", args=[Introduction.objects.get().pk]), {"answer": "decline"})
    assert [m.to for m in mail.outbox] == [[needy.email]]
    assert maker.email not in mail.outbox[0].body


def test_the_same_pair_is_not_asked_twice_either_way(client, pair):
    needy, maker, need, offer = pair
    ask(client, needy, need, offer)
    page = ask(client, maker, offer, need).content.decode()
    assert "already been in contact" in page
    assert Introduction.objects.count() == 1
    client.force_login(needy)
    assert "Already contacted" in client.get(reverse("exchange:post", args=[need.pk])).content.decode()


def test_nobody_is_introduced_to_their_own_organisation(client, pair):
    needy, _maker, need, _offer = pair
    colleague_post = post(member_of(need.organisation), kind="offer", title="Offriamo mascherine")
    client.force_login(needy)
    response = client.post(reverse("exchange:introduce", args=[need.pk]),
                           {"message": "Ciao", "to_post": colleague_post.pk,
                            "to_organisation": need.organisation_id}, follow=True)
    assert "your own organisation" in response.content.decode()
    assert not Introduction.objects.exists()


def test_only_the_other_side_answers_and_only_once(client, pair):
    needy, maker, need, offer = pair
    ask(client, needy, need, offer)
    introduction = Introduction.objects.get()
    client.force_login(member_of())
    assert client.post(reverse("exchange:answer", args=[introduction.pk]), {"answer": "accept"}).status_code == 403
    client.force_login(needy)
    assert client.post(reverse("exchange:answer", args=[introduction.pk]), {"answer": "accept"}).status_code == 403
    client.force_login(maker)
    client.post(reverse("exchange:answer", args=[introduction.pk]), {"answer": "decline"})
    assert client.post(reverse("exchange:answer", args=[introduction.pk]), {"answer": "accept"}).status_code == 403
    introduction.refresh_from_db()
    assert introduction.status == "declined"


def test_an_introduction_needs_a_message(client, pair):
    needy, _maker, need, offer = pair
    assert "Write a short message" in ask(client, needy, need, offer, message="  ").content.decode()
    assert not Introduction.objects.exists()
