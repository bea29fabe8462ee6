"""A published report downloads as Markdown (its exact body) and as PDF (with its text),
each with the version's hash; nothing to download before the first publication."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from alliance.overview import actions
from tests.overview.reports import health_statements

pytestmark = pytest.mark.django_db


def test_markdown_and_pdf_downloads_carry_the_published_text(client):
    data = health_statements()
    version = actions.publish_report(by=None, ecosystem=data["ecosystem"])
    md = client.get(reverse("overview:report-download", args=["health", "md"]))
    assert md.status_code == 200 and md.content.decode() == version.body
    assert md["X-Content-Hash"] == version.content_hash
    pdf = client.get(reverse("overview:report-download", args=["health", "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Coordinator's introduction" in " ".join(text.split())
    assert "Wir brauchen Schutzmasken" in " ".join(text.split())


def test_there_is_nothing_to_download_before_publication(client):
    health_statements()
    assert client.get(reverse("overview:report-download", args=["health", "pdf"])).status_code == 404
    assert client.get(reverse("overview:report-download", args=["health", "docx"])).status_code == 404
