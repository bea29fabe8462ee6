"""The number of queries per directory page must not grow with the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ClusterFactory, MembershipFactory, OrganisationFactory, region

pytestmark = pytest.mark.django_db


def queries_for(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name,args", [
    ("community:directory", []),
    ("community:ecosystem", ["health"]),
    ("community:region", ["DE"]),
])
def test_directory_pages_query_count_does_not_grow_with_page_size(client, settings, url_name, args):
    for i in range(30):
        OrganisationFactory(name=f"Org {i:02}", ecosystems=["health", "digital"], region=region("DE212"))
    url = reverse(url_name, args=args)
    settings.DIRECTORY_PAGE_SIZE = 2
    small = queries_for(client, url)
    settings.DIRECTORY_PAGE_SIZE = 30
    large = queries_for(client, url)
    assert small == large


def test_cluster_page_query_count_does_not_grow_with_members(client, settings):
    cluster = ClusterFactory()
    for _ in range(20):
        MembershipFactory(cluster=cluster)
    settings.DIRECTORY_PAGE_SIZE = 2
    small = queries_for(client, reverse("community:cluster", args=[cluster.pk]))
    settings.DIRECTORY_PAGE_SIZE = 25
    assert queries_for(client, reverse("community:cluster", args=[cluster.pk])) == small


def test_cluster_list_query_count_does_not_grow(client, settings):
    for _ in range(12):
        ClusterFactory()
    settings.DIRECTORY_PAGE_SIZE = 2
    small = queries_for(client, reverse("community:clusters"))
    settings.DIRECTORY_PAGE_SIZE = 25
    assert queries_for(client, reverse("community:clusters")) == small
