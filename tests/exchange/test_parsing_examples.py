"""The issue's example posts, and their equivalents in the four other languages, are read into the fields."""
from datetime import date

import pytest

from alliance.exchange.gazetteer import standard_gazetteer
from alliance.exchange.parsing import suggest
from alliance.lib.exchange_vocabulary import DIGITAL, NEED, OFFER, PARTNER_SEARCH, PROTECTIVE_EQUIPMENT, RAW_MATERIALS

TODAY = date(2026, 3, 2)

CASES = [
    ("need FFP2 masks for 300 workers in Lombardy", NEED, PROTECTIVE_EQUIPMENT, 300, "300 workers", "ITC4"),
    ("Cerchiamo mascherine FFP2 per 300 lavoratori in Lombardia", NEED, PROTECTIVE_EQUIPMENT, 300,
     "300 lavoratori", "ITC4"),
    ("Wir suchen FFP2-Masken für 300 Mitarbeiter in der Lombardei", NEED, PROTECTIVE_EQUIPMENT, 300,
     "300 Mitarbeiter", "ITC4"),
    ("Nous cherchons des masques FFP2 pour 300 salariés en Lombardie", NEED, PROTECTIVE_EQUIPMENT, 300,
     "300 salariés", "ITC4"),
    ("Buscamos mascarillas FFP2 para 300 trabajadores en Lombardía", NEED, PROTECTIVE_EQUIPMENT, 300,
     "300 trabajadores", "ITC4"),
    ("looking for an online event platform for 200 members", NEED, DIGITAL, 200, "200 members", None),
    ("Cerchiamo una piattaforma online per eventi per 200 soci", NEED, DIGITAL, 200, "200 soci", None),
    ("Wir bieten 1,5 t Polypropylen aus Stuttgart", OFFER, RAW_MATERIALS, 1.5, "1,5 t", "DE111"),
    ("Ofrecemos 10.000 mascarillas desde Barcelona", OFFER, PROTECTIVE_EQUIPMENT, 10_000, "10.000 mascarillas",
     "ES511"),
]


@pytest.mark.parametrize(("text", "kind", "category", "amount", "found", "region"), CASES)
def test_a_post_is_read_into_kind_category_quantity_and_region(text, kind, category, amount, found, region):
    suggestion = suggest(text, gazetteer=standard_gazetteer(), today=TODAY)
    assert suggestion.kind is not None and suggestion.kind.value == kind
    assert suggestion.categories[0].value == category
    assert suggestion.quantity is not None and suggestion.quantity.amount == amount
    assert suggestion.quantity.text == found
    assert (suggestion.region.code if suggestion.region else None) == region


def test_a_partner_search_cue_outweighs_the_need_words_around_it():
    suggestion = suggest("We are looking for partners for a Horizon Europe consortium", gazetteer=standard_gazetteer())
    assert suggestion.kind is not None and suggestion.kind.value == PARTNER_SEARCH


def test_the_language_is_guessed_when_not_given():
    assert suggest("Wir suchen Handschuhe für unsere Klinik", gazetteer=standard_gazetteer()).language == "de"
