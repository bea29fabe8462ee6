"""The demo exchange is believable enough to try in `make run`: at least 150 needs and
150 offers across the 14 ecosystems in the five languages, some resolved with who
helped, introductions at every stage, partner searches with interest; the Italian need
for masks finds the German offer first, and the participant account has a need of its
own with a counterpart nobody has contacted yet."""

from __future__ import annotations

import pytest
from django.db.models import Count

from alliance.community import demo as community_demo
from alliance.community.models import Person
from alliance.exchange import demo, matches
from alliance.exchange.models import Interest, Introduction, Post, PostKind, PostStatus
from alliance.overview.models import Embedding, Statement, StatementSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def exchange():
    community_demo.seed(seed=2020)
    return demo.seed(seed=2020)


def test_the_demo_exchange_is_large_varied_and_partly_resolved(exchange):
    assert exchange.needs >= 150 and exchange.offers >= 150 and exchange.partner_searches == 10
    assert Post.objects.filter(kind=PostKind.NEED).count() == exchange.needs
    languages = dict(Post.objects.values_list("language").annotate(n=Count("pk")))
    assert set(languages) == {"en", "de", "fr", "it", "es"}
    total = sum(languages.values())
    assert languages["de"] / total > 0.15 and min(languages["fr"], languages["it"], languages["es"]) / total > 0.1
    assert Post.objects.values("ecosystems").exclude(ecosystems=None).distinct().count() == 14
    assert Post.objects.values("text").distinct().count() == total, "no two posts say the same"

    resolved = Post.objects.filter(kind=PostKind.NEED, status__in=[PostStatus.FULFILLED, PostStatus.PARTLY_FULFILLED,
                                                                   PostStatus.WITHDRAWN])
    assert resolved.count() == exchange.resolved >= 20
    assert not resolved.filter(status=PostStatus.FULFILLED, helped_by_organisation=None).exists()
    assert not resolved.filter(status=PostStatus.PARTLY_FULFILLED, outcome_note="").exists()
    assert Post.objects.filter(status=PostStatus.EXPIRED).exists()

    stages = set(Introduction.objects.values_list("status", flat=True))
    assert stages == {"requested", "accepted", "declined"}
    assert Introduction.objects.count() == exchange.introductions >= 25
    assert Introduction.objects.exclude(outcome_requester="").exists()

    searches = Post.objects.filter(kind=PostKind.PARTNER_SEARCH)
    assert not searches.filter(roles_wanted="").exists() and not searches.filter(deadline=None).exists()
    assert Interest.objects.filter(post__in=searches).count() >= 10

    posts = Statement.objects.filter(source=StatementSource.POST)
    assert posts.count() == Post.objects.count(), "every post is a statement of the overview"
    assert Embedding.objects.filter(statement__in=posts).count() == posts.count()


def test_the_italian_need_finds_the_german_offer_and_the_participant_has_a_need_to_follow(exchange):
    need = Post.objects.get(title="Servono mascherine FFP2 per 300 lavoratori")
    assert need.organisation.country_id == "IT" and need.language == "it"
    found = [m for m in matches.matches_for(need) if m.post is not None]
    assert found[0].post.title == "Wir liefern zertifizierte FFP2-Masken"
    assert found[0].post.organisation.country_id == "DE"
    assert "written in German, matched by meaning" in found[0].reasons

    paula = Person.objects.get(email="participant@alliance.example").affiliation
    assert 2 <= Post.objects.filter(organisation=paula).count() <= 3
    own_need = Post.objects.get(organisation=paula, kind=PostKind.NEED, status=PostStatus.OPEN)
    moderator = Person.objects.get(email="moderator@alliance.example").affiliation
    counterparts = [m for m in matches.matches_for(own_need)[:5] if m.post is not None]
    assert moderator in [m.organisation for m in counterparts], "the visitor can accept as the moderator"
    assert not any(m.contacted for m in counterparts)
