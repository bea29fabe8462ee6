import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_html_in_organisation_fields_is_escaped_on_every_page(client):
    org = OrganisationFactory(name=f"Evil {SCRIPT}", description=SCRIPT, ecosystems=["health"])
    for url in [reverse("community:directory"), org.get_absolute_url(), reverse("community:ecosystem", args=["health"]),
                reverse("community:region", args=["DE"])]:
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body, url
        assert "&lt;script&gt;" in body, url
