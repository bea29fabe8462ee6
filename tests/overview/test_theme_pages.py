"""The themes' pages: each theme with the statements its viewer may see, the honest
remainder, a fixed number of queries whatever the number of themes; curation by
coordinators only, with a message when it is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.accounts.models import Role
from alliance.overview import actions
from alliance.overview.models import Placement, Theme
from tests.factories import UserFactory
from tests.overview.factories import grouped_statements

pytestmark = pytest.mark.django_db


@pytest.fixture
def themed():
    groups = grouped_statements()
    actions.run_themes()
    return {g: Placement.objects.get(statement=s[0]).theme for g, s in groups.items()}, groups


@pytest.fixture
def coordinator_client(client):
    client.force_login(UserFactory(role=Role.COORDINATOR))
    return client


def test_visitors_see_the_themes_with_their_counts(client, themed):
    response = client.get(reverse("overview:themes"))
    assert response.status_code == 200
    for theme in themed[0].values():
        assert theme.title in response.content.decode()


def test_a_theme_page_shows_its_statements_coverage_and_trend(client, themed):
    theme = themed[0][0]
    page = client.get(reverse("overview:theme", args=[theme.pk])).content.decode()
    assert "Who raised it, and who did not" in page and "Over time" in page
    assert "Masks and gowns are missing" in page


def test_members_only_statements_are_not_counted_for_visitors(client, themed):
    _themes, groups = themed
    for statement in groups[0][:4]:
        statement.visibility = "members"
        statement.save()
    page = client.get(reverse("overview:themes")).content.decode()
    assert "6 statements" in page
    member = UserFactory(role=Role.PARTICIPANT)
    client.force_login(member)
    assert "10 statements" in client.get(reverse("overview:themes")).content.decode()


def test_a_hidden_theme_is_for_coordinators_only(client, coordinator_client, themed):
    theme = themed[0][0]
    Theme.objects.filter(pk=theme.pk).update(hidden=True)
    url = reverse("overview:theme", args=[theme.pk])
    assert coordinator_client.get(url).status_code == 200
    coordinator_client.logout()
    assert client.get(url).status_code == 404
    assert theme.title not in client.get(reverse("overview:themes")).content.decode()


def test_the_remainder_lists_the_undecided_apart_from_the_unsorted(client, themed):
    _themes, groups = themed
    Placement.objects.filter(statement=groups[0][0]).update(status="undecided", second=themed[0][1])
    Placement.objects.filter(statement=groups[1][0]).update(status="unsorted", theme=None)
    page = client.get(reverse("overview:remainder")).content.decode()
    undecided, unsorted = page.split("Fit no theme")
    assert groups[0][0].text in undecided and groups[1][0].text in unsorted


def test_lists_take_the_same_queries_for_3_or_12_themes(client, django_assert_max_num_queries):
    grouped_statements(per_group=6, groups=3)
    actions.run_themes()
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("overview:themes"))
    Theme.objects.all().delete()
    grouped_statements(per_group=6, groups=12, seed=1)
    actions.run_themes()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("overview:themes"))
    theme = Theme.objects.first()
    with django_assert_max_num_queries(30):
        client.get(reverse("overview:theme", args=[theme.pk]))


def test_participants_cannot_curate(client, themed):
    theme = themed[0][0]
    client.force_login(UserFactory(role=Role.PARTICIPANT))
    response = client.post(reverse("overview:theme-curate", args=[theme.pk]), {"action": "rename", "name": "X"})
    assert response.status_code == 403
    assert Theme.objects.get(pk=theme.pk).name == ""
    assert client.post(reverse("overview:themes-run")).status_code == 403


def test_a_coordinator_renames_and_merges_from_the_page(coordinator_client, themed):
    first, second = themed[0][0], themed[0][1]
    url = reverse("overview:theme-curate", args=[first.pk])
    response = coordinator_client.post(url, {"action": "rename", "name": "Protective equipment"}, follow=True)
    assert "The theme was renamed." in response.content.decode()
    response = coordinator_client.post(url, {"action": "merge", "other": second.pk}, follow=True)
    assert "The themes were merged." in response.content.decode()
    assert Theme.objects.get(pk=second.pk).retired and Theme.objects.get(pk=first.pk).size == 20


def test_refused_and_malformed_curation_says_why_and_changes_nothing(coordinator_client, themed):
    theme = themed[0][0]
    url = reverse("overview:theme-curate", args=[theme.pk])
    for data, message in [({"action": "rename", "name": " "}, "A theme needs a name."),
                          ({"action": "merge"}, "Choose the theme to merge with."),
                          ({"action": "merge", "other": "not a number"}, "Select a valid choice"),
                          ({"action": "explode"}, "Select a valid choice")]:
        response = coordinator_client.post(url, data, follow=True)
        assert response.status_code == 200 and message in response.content.decode()
    assert Theme.objects.get(pk=theme.pk).name == "" and Theme.objects.filter(retired=True).count() == 0


def test_a_coordinator_moves_a_statement_and_bad_moves_are_refused(coordinator_client, themed):
    themes_by_group, groups = themed
    statement = groups[0][0]
    url = reverse("overview:statement-move", args=[statement.pk])
    coordinator_client.post(url, {"theme": themes_by_group[2].pk})
    assert Placement.objects.get(statement=statement).theme_id == themes_by_group[2].pk
    response = coordinator_client.post(url, {"theme": "nope", "next": "https://evil.example/"}, follow=True)
    assert "Choose a theme" in response.content.decode()
    assert Placement.objects.get(statement=statement).theme_id == themes_by_group[2].pk


def test_a_coordinator_reruns_the_themes_from_the_page(coordinator_client, themed):
    response = coordinator_client.post(reverse("overview:themes-run"), follow=True)
    assert "3 themes found in 30 statements." in response.content.decode()


def test_bad_filters_on_the_themes_pages_say_why(client, themed):
    response = client.get(reverse("overview:themes"), {"region": "XX99", "since": "1850-01-01"})
    assert response.status_code == 400 and "Please correct the filters" in response.content.decode()
    response = client.get(reverse("overview:theme", args=[themed[0][0].pk]), {"until": "not a date"})
    assert response.status_code == 400
    assert client.get(reverse("overview:theme", args=[999_999])).status_code == 404
