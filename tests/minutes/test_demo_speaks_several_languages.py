"""The demo's sessions speak as a European alliance does — English, German, French,
Italian and Spanish, each organisation in its country's language — about each session's
own topic, and in the last two weeks many organisations raise a new disruption that
was rare before: the overview has themes across languages and an early alert to find."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from alliance.lib import kinds
from alliance.meetings.models import Contribution, Session
from alliance.minutes.demo_statements import EMERGING, LANGUAGE_OF_COUNTRY, STATEMENTS
from alliance.overview.models import Statement

pytestmark = pytest.mark.django_db

SEED_TOPIC = "Clusters Continuity through the Crisis"
WINDOW = dt.timedelta(days=14)


def test_contributions_are_in_five_languages_each_in_its_speakers_own():
    call_command("seed_demo")
    said = Contribution.objects.filter(kind__in=kinds.STATEMENT_KINDS).exclude(session__topic=SEED_TOPIC)
    languages = dict(said.values_list("pk", "language"))
    assert set(languages.values()) == {"en", "de", "fr", "it", "es"}
    foreign = sum(1 for language in languages.values() if language != "en") / len(languages)
    assert 0.25 <= foreign <= 0.45, foreign
    for language, country in said.values_list("language", "organisation__country_id"):
        assert language == LANGUAGE_OF_COUNTRY.get(country, "en"), (language, country)
    # The overview takes the language as written, not as guessed.
    statements = Statement.objects.filter(source="contribution", source_id__in=list(languages))
    assert statements.count() == len(languages)
    assert all(languages[pk] == language for pk, language in statements.values_list("source_id", "language"))


def test_each_past_session_speaks_of_its_own_topic():
    call_command("seed_demo")
    emerging = {text for _language, text in EMERGING}
    ended = Session.objects.filter(status__in=["ended", "minutes_published"]).exclude(
        topic=SEED_TOPIC).prefetch_related("ecosystems", "contributions")
    assert ended.count() > 80
    for session in ended:
        pools = STATEMENTS[session.topic]
        said = [c for c in session.contributions.all() if c.kind in kinds.STATEMENT_KINDS]
        assert len(said) >= 6, session.topic
        for contribution in said:
            wordings = {text for _language, text in pools[contribution.kind]}
            assert contribution.text in wordings or contribution.text in emerging, (session.topic, contribution.text)
        ecosystems = {e.slug for e in session.ecosystems.all()}
        for statement in Statement.objects.filter(session=session).prefetch_related("ecosystems"):
            assert {e.slug for e in statement.ecosystems.all()} == ecosystems


def test_an_emerging_disruption_spikes_in_the_last_two_weeks_over_a_quiet_baseline():
    call_command("seed_demo")
    now = timezone.now()
    ids = Contribution.objects.filter(text__in=[text for _language, text in EMERGING]).values_list("pk", flat=True)
    raised = list(Statement.objects.filter(source="contribution", source_id__in=list(ids), kind=kinds.DISRUPTION)
                  .values_list("said_at", "organisation_id", "language"))
    recent = [(organisation, language) for at, organisation, language in raised if at >= now - WINDOW]
    assert len({organisation for organisation, _language in recent}) >= 5
    assert len({language for _organisation, language in recent}) >= 3
    earlier = [(at, organisation) for at, organisation, _language in raised if at < now - WINDOW]
    assert earlier, "raised now and then before, not out of nowhere"
    first = Statement.objects.order_by("said_at").values_list("said_at", flat=True).first()
    assert first is not None
    end = now - WINDOW
    while end > first:
        assert len({o for at, o in earlier if end - WINDOW <= at < end}) <= 1, end
        end -= WINDOW
