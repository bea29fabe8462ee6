"""Held out: header lines written before the date reader was, and not used to tune it.

They stand for summaries written by people in each of the five UI languages; a failure
here is a way of writing a date the reader does not know yet.
"""

import datetime as dt

import pytest

from alliance.minutes.importer import when_in


def naive(year, month, day, hour, minute):
    """A wall-clock time with no zone: what the date reader gives (the zone is read apart)."""
    return dt.datetime.combine(dt.date(year, month, day), dt.time(hour, minute))

HELD_OUT = [
    ("en", "Tuesday, June 2nd, 2020 at 2.30 pm CET", naive(2020, 6, 2, 14, 30)),
    ("en", "Webinar held on 3 September 2020, 10:00 Brussels time", naive(2020, 9, 3, 10, 0)),
    ("en", "Date: Fri 12 Jun 2020 — 09:15", naive(2020, 6, 12, 9, 15)),
    ("de", "Sitzung vom Dienstag, den 2. Juni 2020, 14:30 Uhr", naive(2020, 6, 2, 14, 30)),
    ("de", "Datum: 12.06.2020, Beginn 9.15 Uhr", naive(2020, 6, 12, 9, 15)),
    ("de", "Mittwoch, 1. Juli 2020 um 10 Uhr (MESZ)", naive(2020, 7, 1, 10, 0)),
    ("de", "Do., 3. Sept. 2020, 16:00", naive(2020, 9, 3, 16, 0)),
    ("fr", "Réunion du mardi 2 juin 2020 à 14 h 30", naive(2020, 6, 2, 14, 30)),
    ("fr", "Le 1er juillet 2020, de 9h à 10h30", naive(2020, 7, 1, 9, 0)),
    ("fr", "vendredi 12 févr. 2021 à 10h", naive(2021, 2, 12, 10, 0)),
    ("fr", "Lundi 17 août 2020 – 8h30", naive(2020, 8, 17, 8, 30)),
    ("it", "Martedì 2 giugno 2020, ore 14:30", naive(2020, 6, 2, 14, 30)),
    ("it", "Riunione del 1° luglio 2020 alle ore 9.15", naive(2020, 7, 1, 9, 15)),
    ("it", "ven 12 feb 2021 alle 10", naive(2021, 2, 12, 10, 0)),
    ("it", "mercoledì 16 dicembre 2020 dalle 8.30 alle 10.00", naive(2020, 12, 16, 8, 30)),
    ("es", "Martes, 2 de junio de 2020, a las 14:30 h", naive(2020, 6, 2, 14, 30)),
    ("es", "Reunión del 1 de julio del 2020 a las 9.15 horas", naive(2020, 7, 1, 9, 15)),
    ("es", "miércoles 16 de dic. de 2020, 8:30 a. m.", naive(2020, 12, 16, 8, 30)),
    ("es", "12/02/2021 a las 10 h", naive(2021, 2, 12, 10, 0)),
]


@pytest.mark.parametrize(("language", "line", "expected"), HELD_OUT, ids=[f"{r[0]}: {r[1]}" for r in HELD_OUT])
def test_a_header_line_written_in_any_ui_language_gives_its_date_and_time(language, line, expected):
    assert when_in(line) == expected
