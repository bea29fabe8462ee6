"""A named date becomes the expiry hint; a near one or an urgency word makes the post urgent; a past one is noted."""
from datetime import date

from alliance.exchange.gazetteer import Gazetteer
from alliance.exchange.parsing import suggest
from alliance.lib.exchange_vocabulary import URGENCIES

EMPTY = Gazetteer.build([])
MONDAY = date(2026, 3, 2)
HIGH = URGENCIES[2]


def read(text):
    return suggest(text, gazetteer=EMPTY, today=MONDAY)


def test_a_weekday_is_the_next_one_and_makes_the_post_urgent():
    suggestion = read("masks needed by Friday")
    assert suggestion.expiry is not None and suggestion.expiry.value == date(2026, 3, 6)
    assert suggestion.urgency is not None and suggestion.urgency.value == HIGH


def test_a_day_and_month_name_in_any_language_is_a_date():
    for text in ("before 15 March", "bis 15. März", "entro il 15 marzo", "avant le 15 mars", "antes del 15 de marzo"):
        assert read(text).expiry.value == date(2026, 3, 15), text


def test_a_numeric_date_is_read_day_first():
    assert read("Lieferung bis 12.05.2027").expiry.value == date(2027, 5, 12)


def test_a_date_in_the_past_gives_no_expiry_and_a_note():
    suggestion = read("deadline 30/06/2020")
    assert suggestion.expiry is None
    assert "expiry_in_past" in [note.code for note in suggestion.notes]


def test_urgency_words_in_the_five_languages():
    for text in ("urgent", "dringend", "urgence", "urgente", "lo antes posible", "asap"):
        assert read(f"masks {text}").urgency.value == HIGH, text
