import pytest

from alliance.community.models import Ecosystem, Region
from alliance.community.nuts import nuts_rows

pytestmark = pytest.mark.django_db


def test_every_nuts_2024_region_is_loaded_with_its_parent():
    assert Region.objects.count() == len(nuts_rows())
    levels = {level: Region.objects.filter(level=level).count() for level in range(4)}
    assert levels[0] == 27 and levels[1] > 90 and levels[2] > 240 and levels[3] > 1100
    assert not Region.objects.filter(level__gt=0, parent__isnull=True).exists()
    oberbayern = Region.objects.get(code="DE21")
    assert oberbayern.parent_id == "DE2" and oberbayern.parent.parent_id == "DE"


def test_greece_keeps_eurostat_code_el_with_its_name():
    greece = Region.objects.get(code="EL")
    assert greece.name == "Greece" and greece.level == 0
    assert not Region.objects.filter(code="GR").exists()


def test_the_fourteen_industrial_ecosystems_are_data():
    assert [e.slug for e in Ecosystem.objects.all()][:3] == ["aerospace-defence", "agri-food", "construction"]
    assert Ecosystem.objects.count() == 14
    assert Ecosystem.objects.get(slug="health").name == "Health"
