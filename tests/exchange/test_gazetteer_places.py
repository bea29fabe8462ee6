"""Region and city names in the five languages, any case, with or without accents, give their NUTS code."""
import pytest

from alliance.exchange.gazetteer import default_admin1, default_aliases, standard_gazetteer


@pytest.mark.parametrize(("name", "code"), [
    ("Lombardia", "ITC4"), ("Lombardy", "ITC4"), ("lombardei", "ITC4"),
    ("Bayern", "DE2"), ("Bavaria", "DE2"),
    ("Catalunya", "ES51"), ("Cataluña", "ES51"), ("catalonia", "ES51"),
    ("Île-de-France", "FR10"), ("ile de france", "FR10"), ("Paris region", "FR10"),
    ("Milano", "ITC4C"), ("Mailand", "ITC4C"), ("München", "DE212"), ("Munich", "DE212"),
    ("Lyon", "FRK"), ("Warsaw", "PL9"), ("Deutschland", "DE"), ("Espagne", "ES"),
])
def test_a_name_gives_its_nuts_code(name, code):
    place = standard_gazetteer().lookup(name)
    assert place is not None and place.code == code


def test_a_region_has_the_coordinates_of_its_largest_city():
    milan = standard_gazetteer().lookup("Milan")
    assert milan is not None
    assert standard_gazetteer().coordinates("ITC4") == (milan.lat, milan.lon)


def test_distance_between_two_regions_uses_their_coordinates():
    distance = standard_gazetteer().distance_km("ITC4C", "DE212")
    assert distance is not None and 300 < distance < 400


def test_the_shipped_tables_name_only_codes_the_registry_has():
    names = standard_gazetteer().names
    assert set(default_aliases()) <= set(names)
    assert set(default_admin1().values()) <= set(names)
