"""A quantity like "lots" or "-5" gives no quantity, and a note says why."""
import pytest

from alliance.exchange.gazetteer import Gazetteer
from alliance.exchange.parsing import suggest

EMPTY = Gazetteer.build([])


@pytest.mark.parametrize(("text", "code"), [
    ("we need lots of masks", "vague_quantity"),
    ("wir brauchen viele Masken", "vague_quantity"),
    ("we need -5 masks", "negative_quantity"),
    ("we need 0 masks", "zero_quantity"),
    ("we need 99999999999999 masks", "implausible_quantity"),
])
def test_a_bad_quantity_gives_none_and_a_note(text, code):
    suggestion = suggest(text, gazetteer=EMPTY)
    assert suggestion.quantity is None
    assert code in [note.code for note in suggestion.notes]
