"""The exchange's part of an organisation's profile: what it offers and whom it helped.
An inclusion tag, so that the registry's page (a lower layer) shows it without the
registry importing the exchange."""

from __future__ import annotations

from typing import Any

from django import template

from alliance.exchange import queries
from alliance.exchange.models import Post, PostKind, PostStatus

register = template.Library()


@register.inclusion_tag("exchange/_organisation_exchange.html")
def organisation_exchange(organisation: Any) -> dict[str, Any]:
    offers = queries.listed(queries.open_posts().filter(organisation=organisation, kind=PostKind.OFFER))[:10]
    helped = (Post.objects.filter(helped_by_organisation=organisation, hidden_at__isnull=True,
                                  status__in=[PostStatus.FULFILLED, PostStatus.PARTLY_FULFILLED])
              .select_related("organisation").order_by("-resolved_at")[:10])
    return {"offers": list(offers), "helped": list(helped)}
