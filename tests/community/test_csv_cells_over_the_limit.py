"""A CSV cell over Python's csv field limit, or a NUL anywhere in the file, is an import error
naming the row — never a 500 — and the whole file is refused: nothing is imported."""

import csv

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from alliance.community import csvio
from alliance.community.models import Organisation, Person

pytestmark = pytest.mark.django_db

HEADER = "name,type,size,country,region,website,description,ecosystems,visibility\n"
GOOD_ROW = "Lombardy Masks,company,small,IT,ITC4,,Makes FFP2 masks,health,public\n"
HUGE = "x" * (csv.field_size_limit() + 1)


@pytest.mark.parametrize("quoted", [False, True])
def test_a_cell_over_the_limit_is_an_import_error_naming_its_row(quoted):
    cell = f'"{HUGE}"' if quoted else HUGE
    data = HEADER + GOOD_ROW + f"Big,company,small,DE,DE,,{cell},,public\n"
    with pytest.raises(csvio.CsvFormatError, match="Row 3 has a cell longer than"):
        csvio.import_organisations(data.encode())
    assert not Organisation.objects.exists()


def test_a_header_over_the_limit_is_an_import_error():
    with pytest.raises(csvio.CsvFormatError, match="Row 1 has a cell longer than"):
        csvio.import_people((HUGE + ",email\n").encode())
    assert not Person.objects.exists()


def test_a_nul_after_the_first_kilobytes_is_an_import_error():
    data = HEADER + GOOD_ROW * 200 + "Nul,company,small,DE,DE,,a\x00b,,public\n"
    with pytest.raises(csvio.CsvFormatError, match="NUL"):
        csvio.import_organisations(data.encode())
    assert not Organisation.objects.exists()


def test_the_upload_page_shows_the_error_and_imports_nothing(coordinator):
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    upload = SimpleUploadedFile("orgs.csv", (HEADER + GOOD_ROW + f"Big,company,small,DE,DE,,{HUGE},,public\n").encode(),
                                content_type="text/csv")
    response = client.post(reverse("community:import"), {"kind": "organisations", "file": upload})
    assert response.status_code == 400
    assert "Row 3 has a cell longer than" in response.content.decode()
    assert not Organisation.objects.exists()
