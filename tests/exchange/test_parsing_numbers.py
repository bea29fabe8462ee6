"""Quantities written with digits, separators, scales, ranges or number words in the five languages."""
import pytest

from alliance.exchange.gazetteer import Gazetteer
from alliance.exchange.parsing import suggest

EMPTY = Gazetteer.build([])


@pytest.mark.parametrize(("text", "language", "amount", "unit"), [
    ("10.000 Masken", "de", 10_000, "masken"),
    ("10,000 masks", "en", 10_000, "masks"),
    ("1,5 t Stahl", "de", 1.5, "t"),
    ("1.5 tonnes of steel", "en", 1.5, "t"),
    ("10 000 masques", "fr", 10_000, "masques"),
    ("5k masks", "en", 5_000, "masks"),
    ("2 Mio. Handschuhe", "de", 2_000_000, "handschuhe"),
    ("€50.000 di finanziamento", "it", 50_000, "EUR"),
    ("two hundred gloves", "en", 200, "gloves"),
    ("zweihundert Handschuhe", "de", 200, "handschuhe"),
    ("deux cents gants", "fr", 200, "gants"),
    ("duecento guanti", "it", 200, "guanti"),
    ("doscientos guantes", "es", 200, "guantes"),
    ("a dozen ventilators", "en", 12, "ventilators"),
    ("quatre-vingt-dix camions", "fr", 90, "camions"),
    ("duemilacinquecento mascherine", "it", 2_500, "mascherine"),
    ("treinta y cinco palés", "es", 35, "pallets"),
])
def test_a_quantity_is_read_with_its_unit(text, language, amount, unit):
    quantity = suggest(text, gazetteer=EMPTY, language=language).quantity
    assert quantity is not None
    assert (quantity.amount, quantity.unit) == (amount, unit)


@pytest.mark.parametrize("text", ["200-300 workers", "between 200 and 300 workers", "zwischen 200 und 300 Arbeiter"])
def test_a_range_gives_its_larger_end_and_keeps_the_smaller(text):
    quantity = suggest(text, gazetteer=EMPTY).quantity
    assert quantity is not None and (quantity.amount, quantity.low) == (300, 200)


def test_a_product_name_with_a_digit_is_not_a_quantity():
    quantity = suggest("FFP2 masks for 300 workers", gazetteer=EMPTY).quantity
    assert quantity is not None and quantity.amount == 300
