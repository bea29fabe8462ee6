"""Unknown places give no region, and place names that are common words only count as places when meant so."""
from alliance.exchange.gazetteer import standard_gazetteer
from alliance.exchange.parsing import suggest


def codes(text):
    return [match.place.code for match in standard_gazetteer().find(text)]


def test_an_unknown_place_gives_no_region():
    assert suggest("we need masks in Atlantis", gazetteer=standard_gazetteer()).region is None


def test_compass_words_are_never_regions():
    assert codes("nel centro e al sud, en el sur") == []


def test_a_word_that_is_a_town_counts_only_capitalised_mid_sentence():
    assert codes("Most of our staff have fondi europei") == []
    assert codes("our plant in Most") != []


def test_a_later_place_inside_the_first_one_is_the_suggested_region():
    region = suggest("in Lombardy, near Milano", gazetteer=standard_gazetteer()).region
    assert region is not None and region.code == "ITC4C"


def test_the_span_of_a_place_points_at_it_as_written():
    text = "Lieferung nach Île-de-France"
    (match,) = standard_gazetteer().find(text)
    assert text[match.start:match.end] == "Île-de-France"
