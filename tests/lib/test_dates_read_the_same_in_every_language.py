"""Dates read one way everywhere: the language's own date, a comma, a 24-hour time.
No "5:16 p.m." beside "17:16" elsewhere, and no "p.m.." where a sentence ends in a date."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from alliance.meetings import actions
from alliance.meetings.templatetags.meetings import session_time
from tests.factories import SessionFactory

MOMENT = dt.datetime(2026, 12, 10, 17, 16, tzinfo=ZoneInfo("Europe/Brussels"))
TWELVE_HOUR = re.compile(r"\b(a\.m\.|p\.m\.|AM|PM|noon|midnight)", re.IGNORECASE)

# Every way the templates render a date or a time (grep -rn '|date\||time' alliance/templates).
# (source, whether it shows the time)
RENDERINGS = [
    ("{{ at }}", True), ("{{ at|date }}", False), ('{{ at|date:"DATETIME_FORMAT" }}', True),
    ('{{ at|date:"SHORT_DATETIME_FORMAT" }}', True), ('{{ at|date:"DATE_FORMAT" }}', False), ("{{ at|time }}", True),
]


def render(source: str, language: str) -> str:
    with translation.override(language), timezone.override(ZoneInfo("Europe/Brussels")):
        return Template("{% load i18n %}" + source).render(Context({"at": MOMENT}))


@pytest.mark.parametrize("language", ["en", "de", "fr", "it", "es"])
@pytest.mark.parametrize("source,with_time", RENDERINGS)
def test_templates_show_a_24_hour_time_and_no_abbreviation_dots(language, source, with_time):
    text = render(source, language)
    assert not TWELVE_HOUR.search(text), text
    assert "." not in text.replace("10.", "").replace("12.", ""), text  # German writes "10." and "10.12."
    assert ("17:16" in text) is with_time, text


@pytest.mark.parametrize("language", ["en", "de", "fr", "it", "es"])
def test_a_sentence_ending_in_a_date_has_one_full_stop(language):
    # The minutes page: "Version 2, published <date>."
    text = render('{% blocktranslate with at=at|date:"DATETIME_FORMAT" %}published {{ at }}.{% endblocktranslate %}',
                  language)
    assert ".." not in text and text.endswith("17:16."), text


@pytest.mark.parametrize("language,expected", [
    ("en", "10 December 2026, 17:16"),
    ("de", "10. Dezember 2026, 17:16"),
    ("fr", "10 décembre 2026, 17:16"),
    ("es", "10 de diciembre de 2026, 17:16"),
])
def test_the_date_and_time_format_per_language(language, expected):
    assert render('{{ at|date:"DATETIME_FORMAT" }}', language) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("language,expected", [
    ("en", "Thursday, 10 December 2026, 17:16 (Europe/Brussels)"),
    ("de", "Donnerstag, 10. Dezember 2026, 17:16 (Europe/Brussels)"),
    ("fr", "jeudi 10 décembre 2026, 17:16 (Europe/Brussels)"),
    ("it", "giovedì 10 dicembre 2026, 17:16 (Europe/Brussels)"),
    ("es", "jueves, 10 de diciembre de 2026, 17:16 (Europe/Brussels)"),
])
def test_e_mails_give_the_languages_full_date_and_a_24_hour_time(language, expected):
    session = SessionFactory(starts_at=MOMENT, time_zone="Europe/Brussels")
    assert actions.when_text(session, language) == expected


@pytest.mark.django_db
def test_an_unknown_language_falls_back_to_english():
    session = SessionFactory(starts_at=MOMENT, time_zone="Europe/Brussels")
    assert actions.when_text(session, "xx") == "Thursday, 10 December 2026, 17:16 (Europe/Brussels)"


@pytest.mark.django_db
@pytest.mark.parametrize("language,expected", [
    ("en", "Thursday, 10 December 2026, 17:16"),
    ("de", "Donnerstag, 10. Dezember 2026, 17:16"),
    ("fr", "jeudi 10 décembre 2026, 17:16"),
    ("it", "giovedì 10 dicembre 2026, 17:16"),
    ("es", "jueves, 10 de diciembre de 2026, 17:16"),
])
def test_session_pages_show_the_same_style(language, expected):
    session = SessionFactory(starts_at=MOMENT, time_zone="Europe/Brussels")
    with translation.override(language), timezone.override(ZoneInfo("Europe/Brussels")):
        assert f">{expected}</time>" in session_time(session)
