"""The importer reads a summary's date and time in each UI language, with Babel's names."""

import datetime as dt

import pytest
from babel.dates import format_date, format_datetime
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from alliance.minutes.importer import DEFAULT_TIME, LOCALES, parse, when_in


def naive(year, month, day, hour, minute):
    """A wall-clock time with no zone: what the date reader gives (the zone is read apart)."""
    return dt.datetime.combine(dt.date(year, month, day), dt.time(hour, minute))

LINES = [
    ("en", "Thursday 21th May, 2020 at 8.30", naive(2020, 5, 21, 8, 30)),
    ("en", "Thursday, May 21, 2020, 2:30 PM", naive(2020, 5, 21, 14, 30)),
    ("en", "21 May 2020, 12:15 a.m.", naive(2020, 5, 21, 0, 15)),
    ("de", "Donnerstag, 21. Mai 2020 um 8.30 Uhr", naive(2020, 5, 21, 8, 30)),
    ("de", "Dienstag, 17. März 2020, 9 Uhr", naive(2020, 3, 17, 9, 0)),
    ("fr", "jeudi 21 mai 2020 à 8h30", naive(2020, 5, 21, 8, 30)),
    ("fr", "Le jeudi 3 décembre 2020, 16 h", naive(2020, 12, 3, 16, 0)),
    ("it", "giovedì 21 maggio 2020 alle 8.30", naive(2020, 5, 21, 8, 30)),
    ("it", "Venerdì 1º maggio 2020 alle ore 11", naive(2020, 5, 1, 11, 0)),
    ("es", "jueves, 21 de mayo de 2020, 8:30", naive(2020, 5, 21, 8, 30)),
    ("es", "1.º de octubre de 2020 a las 17 h", naive(2020, 10, 1, 17, 0)),
]


@pytest.mark.parametrize(("language", "line", "expected"), LINES, ids=[f"{r[0]}: {r[1]}" for r in LINES])
def test_a_date_line_in_a_ui_language_gives_its_date_and_time(language, line, expected):
    assert when_in(line) == expected


def test_the_importer_knows_the_month_names_of_exactly_the_ui_languages():
    assert set(LOCALES) == {code for code, _name in settings.LANGUAGES}


def test_a_month_name_written_without_its_accent_is_still_the_month():
    assert when_in("mardi 4 fevrier 2020 a 8h30") == naive(2020, 2, 4, 8, 30)


def test_a_weekday_decides_a_numeric_date_that_reads_both_ways():
    assert when_in("Tuesday 06/02/2020") == dt.datetime.combine(dt.date(2020, 6, 2), DEFAULT_TIME)
    assert when_in("Samstag 06.02.2021, 9.00") == naive(2021, 2, 6, 9, 0)


def test_a_line_without_a_time_starts_at_the_default_time():
    assert when_in("Sitzung vom 21. Mai 2020") == dt.datetime.combine(dt.date(2020, 5, 21), DEFAULT_TIME)


def test_numbers_that_are_no_date_give_none():
    assert when_in("We lost 21 of 2020 contracts, 8.30 % of the total") is None


def test_a_german_summary_imports_with_its_date_time_and_zone():
    text = ("# Europäische Cluster-Allianz\n\nDonnerstag, 21. Mai 2020 um 14.30 Uhr (Europe/Berlin)\n\n"
            "Topic of the day: **Lieferketten**\n\n## Solutions\n\n- Eine gemeinsame Plattform\n")
    parsed = parse("protokoll.md", text.encode())
    assert parsed.zone == "Europe/Berlin"
    assert parsed.starts_at.replace(tzinfo=None) == naive(2020, 5, 21, 14, 30)


@given(
    st.datetimes(min_value=naive(1900, 1, 1, 0, 0), max_value=naive(2099, 12, 31, 23, 59)),
    st.sampled_from(LOCALES),
    st.sampled_from(["full", "long", "medium"]),
)
def test_any_date_and_time_babel_writes_in_a_ui_language_reads_back_as_itself(moment, locale, form):
    moment = moment.replace(second=0, microsecond=0)
    written_date = format_date(moment, form, locale=locale)
    assert when_in(written_date) == dt.datetime.combine(moment.date(), DEFAULT_TIME), written_date
    written = format_datetime(moment, form, tzinfo=dt.UTC, locale=locale)
    assert when_in(written) == moment, written
