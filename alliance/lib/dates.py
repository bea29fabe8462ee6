"""Dates in words for e-mails and session times, through Babel (CLDR), so each
language gets its own full date: "Donnerstag, 10. Dezember 2026", "jeudi 10 décembre
2026", and always a 24-hour time. Templates get the same style from alliance/formats."""

from __future__ import annotations

import datetime as dt

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_datetime_format

# English as the alliance writes it: CLDR's "English (Europe)", day before month.
_CLDR_LOCALES = {"en": "en_150"}


def cldr_locale(language: str) -> Locale:
    code = _CLDR_LOCALES.get(language, language)
    try:
        return Locale.parse(code.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return Locale.parse(_CLDR_LOCALES["en"])


def full_date_time(moment: dt.datetime, language: str) -> str:
    """The locale's full date and a 24-hour time, joined the locale's way
    ('Thursday, 10 December 2026, 17:16'). ``moment`` is shown in its own zone."""
    locale = cldr_locale(language)
    date = format_date(moment, "full", locale=locale)
    time = format_time(moment, "HH:mm", locale=locale)
    # CLDR's glue pattern, e.g. "{1}, {0}"; quoted literals are written without quotes.
    return str(get_datetime_format("medium", locale=locale)).replace("'", "").format(time, date)
