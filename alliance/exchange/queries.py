"""Reads of the exchange: which posts are open, whose they are, and who acts for which
organisation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from alliance.community.models import OrganisationRole, Person
from alliance.exchange.models import Introduction, IntroductionStatus, Post, PostKind, PostStatus


def organisation_ids_of(user: Any) -> set[int]:
    """The organisations a signed-in person may act for: their affiliation in the
    registry and those they hold a role in. Cached on the user object for the request."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return set()
    cached = getattr(user, "_exchange_organisations", None)
    if cached is None:
        affiliated = Person.objects.filter(Q(user=user) | Q(email__iexact=user.email),
                                           affiliation__isnull=False).values_list("affiliation_id", flat=True)
        roles = OrganisationRole.objects.filter(user=user).values_list("organisation_id", flat=True)
        cached = set(affiliated) | set(roles)
        user._exchange_organisations = cached
    return set(cached)


def open_posts(today: dt.date | None = None) -> QuerySet[Post]:
    today = today or timezone.localdate()
    return Post.objects.filter(status=PostStatus.OPEN, hidden_at__isnull=True, expires_on__gte=today)


def visible_posts(user: Any) -> QuerySet[Post]:
    """Everything not hidden, and a person's own organisations' hidden posts."""
    own = organisation_ids_of(user)
    return Post.objects.filter(Q(hidden_at__isnull=True) | Q(organisation_id__in=own))


def listed(posts: QuerySet[Post]) -> QuerySet[Post]:
    return (posts.select_related("organisation", "region").prefetch_related("category_rows", "ecosystems")
            .order_by("-created_at", "-pk"))


def unmet_needs(older_than: dt.timedelta = dt.timedelta(days=7)) -> QuerySet[Post]:
    """Open needs a week old or more with no introduction asked or offered: where a
    coordinator should step in."""
    cutoff = timezone.now() - older_than
    asked = Introduction.objects.filter(Q(post=OuterRef("pk")) | Q(to_post=OuterRef("pk")))
    return (open_posts().filter(kind=PostKind.NEED, created_at__lte=cutoff)
            .annotate(introduced=Exists(asked)).filter(introduced=False))


def expired_needs() -> QuerySet[Post]:
    """Needs that reached their expiry still open: for the coordinators (and the policy loop)."""
    return Post.objects.filter(kind=PostKind.NEED, status=PostStatus.EXPIRED, hidden_at__isnull=True)


def introductions_for(user: Any) -> QuerySet[Introduction]:
    own = organisation_ids_of(user)
    return (Introduction.objects.filter(Q(to_organisation_id__in=own) | Q(from_organisation_id__in=own))
            .select_related("post", "to_post", "to_organisation", "from_organisation").order_by("-created_at"))


def waiting_for(user: Any) -> QuerySet[Introduction]:
    return introductions_for(user).filter(status=IntroductionStatus.REQUESTED,
                                          to_organisation_id__in=organisation_ids_of(user))


def outcomes_by_category() -> list[dict[str, Any]]:
    """How introductions ended, per resource category of the post they came from."""
    return [dict(row) for row in Introduction.objects.filter(status=IntroductionStatus.ACCEPTED).values(
        "post__category_rows__category").annotate(
        asked=Count("pk"), yes=Count("pk", filter=Q(outcome_requester="yes") | Q(outcome_other="yes")),
        partly=Count("pk", filter=Q(outcome_requester="partly") | Q(outcome_other="partly")),
        no=Count("pk", filter=Q(outcome_requester="no") & ~Q(outcome_other="yes"))).order_by(
        "post__category_rows__category")]


def outcomes_by_ecosystem() -> list[dict[str, Any]]:
    """How introductions ended, per industrial ecosystem of the post they came from."""
    return [dict(row) for row in Introduction.objects.filter(status=IntroductionStatus.ACCEPTED).values(
        "post__ecosystems").annotate(
        asked=Count("pk", distinct=True),
        yes=Count("pk", distinct=True, filter=Q(outcome_requester="yes") | Q(outcome_other="yes")),
        partly=Count("pk", distinct=True, filter=Q(outcome_requester="partly") | Q(outcome_other="partly")),
        no=Count("pk", distinct=True, filter=Q(outcome_requester="no") & ~Q(outcome_other="yes"))).order_by(
        "post__ecosystems")]


def contacted_pairs(organisation_ids: set[int]) -> set[tuple[int, int]]:
    """Pairs of organisations already in contact through an introduction, both ways."""
    pairs = set()
    for a, b in Introduction.objects.filter(Q(from_organisation_id__in=organisation_ids)
                                            | Q(to_organisation_id__in=organisation_ids)).values_list(
            "from_organisation_id", "to_organisation_id"):
        pairs |= {(a, b), (b, a)}
    return pairs


def session_needs_of(user: Any) -> QuerySet[Any]:
    """The needs a person said in sessions that are not posts yet: one click each makes
    them standing posts."""
    from alliance.lib import kinds
    from alliance.meetings.models import Contribution

    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return Contribution.objects.none()
    return (Contribution.objects.filter(kind=kinds.NEED, registration__person__user=user, hidden_at__isnull=True,
                                        post__isnull=True, organisation__isnull=False)
            .select_related("session").order_by("-created_at"))
