"""Word search gives the same answers whichever plan the database takes."""

import pytest
from django.db import connection
from django.urls import reverse

from alliance.community import search
from alliance.community.models import Organisation
from tests.factories import region

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 plan choice exists on SQLite only"),
]


@pytest.fixture
def many():
    germany = region("DE")
    Organisation.objects.bulk_create([
        Organisation(name=f"Org {i:04}", type="other", country=germany, region=germany,
                     description="works with partners" + (" on heritage" if i % 100 == 0 else ""))
        for i in range(1200)
    ])


def test_a_word_in_most_rows_is_common_and_a_rare_one_is_not(many):
    assert search.sqlite_words_are_common(["works"])
    assert search.sqlite_words_are_common(["WORKS", "partners"])
    assert not search.sqlite_words_are_common(["heritage"])
    assert not search.sqlite_words_are_common(["works", "heritage"])  # words are ANDed
    assert not search.sqlite_words_are_common(["zzzz"])


def test_both_plans_find_the_same_organisations(client, many, settings):
    settings.DIRECTORY_COUNT_CAP = 5000
    common = client.get(reverse("community:directory"), {"q": "works"}).context["page"]
    assert common.paginator.count == 1200
    rare = client.get(reverse("community:directory"), {"q": "heritage works"}).context["page"]
    assert rare.paginator.count == 12
    assert [o.name for o in rare] == [f"Org {i:04}" for i in range(0, 1200, 100)]
