"""Reads for the registry. Every list here has a query count that does not grow
with its length: related rows come through select_related / prefetch_related."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from alliance.community import access, search
from alliance.community.models import (
    Cluster,
    Ecosystem,
    Membership,
    Organisation,
    Person,
    Region,
    ReviewStatus,
    Visibility,
)
from alliance.lib import collation


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    qs = Organisation.objects.all()
    if not access.can_see_members_only_profiles(user):
        qs = qs.filter(visibility=Visibility.PUBLIC)
    if not access.can_see_unreviewed_organisations(user):
        qs = qs.filter(review_status=ReviewStatus.APPROVED)
    return qs


def organisations_awaiting_review() -> QuerySet[Organisation]:
    """Oldest first, with who typed them in: the people who registered with them."""
    return (
        Organisation.objects.filter(review_status=ReviewStatus.PENDING)
        .select_related("country")
        .prefetch_related(Prefetch("people", queryset=Person.objects.order_by("name")))
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    type: str = ""
    country: str = ""
    region: str = ""
    ecosystem: str = ""
    cluster: int | None = None


def search_organisations(user: Any, filters: DirectoryFilters) -> QuerySet[Organisation]:
    qs = visible_organisations(user)
    words = filters.q.split()[:8]
    match = search.sqlite_match_expression(words) if connections[qs.db].vendor == "sqlite" else None
    if match and not search.sqlite_words_are_common(words, qs.db):
        # The user's words are a bound parameter; only the constant table name is formatted in.
        qs = qs.filter(pk__in=RawSQL(  # noqa: S611
            f"SELECT rowid FROM {search.FTS_TABLE} WHERE {search.FTS_TABLE} MATCH %s", [match]))  # noqa: S608
    else:
        for word in words:
            qs = qs.filter(Q(name__icontains=word) | Q(description__icontains=word))
    if filters.type:
        qs = qs.filter(type=filters.type)
    if filters.country:
        qs = qs.filter(country_id=filters.country)
    if filters.region:
        # NUTS codes nest by prefix, so a region and its sub-regions are the codes in
        # [code, code + "~"): "~" sorts after every letter and digit. A range uses the
        # index on both databases; SQLite's case-insensitive LIKE (startswith) cannot.
        qs = qs.filter(region__gte=filters.region, region__lt=filters.region + "~")
    if filters.ecosystem:
        qs = qs.filter(ecosystems=filters.ecosystem)
    if filters.cluster:
        qs = qs.filter(
            pk__in=Membership.objects.filter(cluster_id=filters.cluster).values("organisation_id")
        )
    return qs


def with_card_data(qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """What a directory card shows, fetched in a fixed number of queries."""
    return qs.select_related("country", "region").prefetch_related(
        Prefetch("ecosystems", queryset=Ecosystem.objects.order_by("position"))
    )


def organisation_profile(user: Any, pk: int) -> Organisation | None:
    org = (
        with_card_data(Organisation.objects.filter(pk=pk))
        .prefetch_related(
            Prefetch("contacts", queryset=Person.objects.order_by("name")),
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("cluster").order_by("cluster__name"),
            ),
            Prefetch("facilitated_clusters", queryset=Cluster.objects.order_by("name")),
        )
        .first()
    )
    if org is None or not access.can_view_organisation(user, org):
        return None
    return org


def _current(prefix: str = "") -> Q:
    """A membership that has not ended: open, or ending today or later."""
    return Q(**{f"{prefix}until__isnull": True}) | Q(**{f"{prefix}until__gte": timezone.localdate()})


def cluster_members(user: Any, cluster: Cluster) -> QuerySet[Membership]:
    """The members a cluster's profile lists, and its card counts (clusters_with_counts):
    current memberships of organisations the viewer may see."""
    return (
        Membership.objects.filter(_current(), cluster=cluster,
                                  organisation__in=visible_organisations(user).values("pk"))
        .select_related("organisation", "organisation__country")
        .order_by("organisation__name", "since")
    )


def clusters_with_counts(user: Any) -> QuerySet[Cluster]:
    visible = visible_organisations(user).values("pk")
    return (
        Cluster.objects.select_related("organisation", "region")
        .prefetch_related(Prefetch("ecosystems", queryset=Ecosystem.objects.order_by("position")))
        .annotate(member_count=Count("memberships", filter=_current("memberships__")
                                     & Q(memberships__organisation__in=visible)))
        .order_by("name")
    )


def region_lineage(region: Region) -> list[Region]:
    """The region's ancestors, country first: codes are prefixes, so one query."""
    codes = [region.code[:n] for n in range(2, len(region.code))]
    return list(Region.objects.filter(code__in=codes).order_by("level"))


def countries() -> QuerySet[Region]:
    return Region.objects.filter(level=0).order_by("name")


def country_choices() -> list[tuple[str, str]]:
    """(code, name) of every country, named and sorted in the viewer's language."""
    return collation.sorted_by_name(((c.code, c.display_name) for c in countries()), lambda c: c[1])
