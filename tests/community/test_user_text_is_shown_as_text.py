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


def test_html_in_a_cluster_name_is_escaped_in_the_filter(client):
    from tests.factories import ClusterFactory

    cluster = ClusterFactory(name=f"Cluster {SCRIPT}")
    body = client.get(reverse("community:directory"), {"cluster": cluster.pk}).content.decode()
    assert "<script>alert" not in body
    assert f'<option value="{cluster.pk}" selected>Cluster &lt;script&gt;' in body
