"""Any text is read without an error; every span points at the text; quantities are positive and finite."""
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.exchange.gazetteer import standard_gazetteer
from alliance.exchange.parsing import Expiry, Found, Quantity, Region, suggest

WORDS = st.sampled_from(["need", "masks", "10.000", "-5", "1,5", "t", "Milano", "zweihundert", "200-300", "by",
                         "Friday", "15", "März", "ß", "İ", "€", "k", "lots", "et", "y", "quatre-vingt", "%", "."])
TEXTS = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=30).map(" ".join))


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_any_text_gives_a_suggestion_whose_spans_point_at_the_text(text):
    suggestion = suggest(text, gazetteer=standard_gazetteer())
    found: list[Found | Quantity | Region | Expiry | None] = [
        suggestion.kind, suggestion.quantity, suggestion.region, suggestion.urgency, suggestion.expiry,
             *suggestion.categories, *suggestion.quantities, *suggestion.places]
    for item in [item for item in found if item is not None]:
        assert 0 <= item.start <= item.end <= len(text)
        assert text[item.start:item.end] == item.text
    for quantity in suggestion.quantities:
        assert quantity.amount > 0 and math.isfinite(quantity.amount)
