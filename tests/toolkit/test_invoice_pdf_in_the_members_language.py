"""The invoice PDF carries its number, dates, member, lines and total, in the member's
language (dates and amounts written as that language writes them)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from alliance.toolkit import actions
from tests.toolkit.people import cluster_org, days

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_has_number_dates_member_lines_and_total(client):
    a = cluster_org()
    for person in a.members[0].organisation.people.all():
        person.user.language = "de"
        person.user.save()
    invoice = actions.issue_invoice(by=a.manager, organisation=a.organisation, membership=a.members[0],
                                    lines=[("Mitgliedsbeitrag 2026 · Größe S", 123_456), ("Workshop", 4)],
                                    issued_on=days(0), due_on=days(30))
    client.force_login(a.manager)
    response = client.get(reverse("toolkit:invoice-pdf", args=[a.organisation.pk, invoice.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert f"invoice-{invoice.reference}.pdf" in response["Content-Disposition"]
    text = _text(response.content)
    assert invoice.reference in text
    assert a.members[0].organisation.name in text and a.organisation.name in text
    assert "Mitgliedsbeitrag 2026 · Größe S" in text
    assert "1.234,60 EUR" in text  # German separators, exact total of 123,456 + 4 cents
    assert days(30).strftime("%Y") in text
