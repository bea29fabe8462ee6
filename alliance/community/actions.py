"""Writes to the community registry. Views, the API, imports and the demo seeder
all come through here, so the activity log and e-mails are never skipped."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from alliance.community.models import (
    ActivityLog,
    Organisation,
    Subscription,
    SubscriptionStatus,
)
from alliance.lib.mail import send_templated_mail_on_commit

_CONFIRM_SALT = "alliance.community.subscription.confirm"
_UNSUBSCRIBE_SALT = "alliance.community.subscription.unsubscribe"
CONFIRM_MAX_AGE = 60 * 60 * 24 * 7


def log_activity(actor: Any, verb: str, subject: str, **data: Any) -> None:
    """One entry in the activity log, which reports read from (every app writes here)."""
    ActivityLog.objects.create(
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        verb=verb, subject=subject[:200], data=data,
    )


@transaction.atomic
def create_organisation(
    *, by: Any, fields: dict[str, Any], ecosystems: Iterable[Any] = ()
) -> Organisation:
    org = Organisation(**fields)
    org.full_clean()
    org.save()
    org.ecosystems.set(list(ecosystems))
    if by is not None and by.is_authenticated and hasattr(by, "person"):
        org.contacts.add(by.person)
    log_activity(by, "organisation.created", org.name, id=org.pk)
    return org


@transaction.atomic
def update_organisation(
    *, by: Any, organisation: Organisation, fields: dict[str, Any],
    ecosystems: Iterable[Any] | None = None,
) -> Organisation:
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    if ecosystems is not None:
        organisation.ecosystems.set(list(ecosystems))
    log_activity(by, "organisation.updated", organisation.name, id=organisation.pk, fields=sorted(fields))
    return organisation


@transaction.atomic
def delete_organisation(*, by: Any, organisation: Organisation) -> None:
    name, pk = organisation.name, organisation.pk
    organisation.delete()
    log_activity(by, "organisation.deleted", name, id=pk)


# --- Mailing list ------------------------------------------------------------

def unsubscribe_token(subscription: Subscription) -> str:
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign(str(subscription.pk))


def subscription_from_unsubscribe_token(token: str) -> Subscription | None:
    try:
        pk = int(signing.Signer(salt=_UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return Subscription.objects.filter(pk=pk).first()


def subscription_from_confirm_token(token: str) -> Subscription | None:
    try:
        data = signing.loads(token, salt=_CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        return Subscription.objects.filter(pk=int(data["s"]), email=data["e"]).first()
    except (signing.BadSignature, KeyError, ValueError, TypeError):
        return None


@transaction.atomic
def request_subscription(*, email: str, name: str, language: str, consent_text: str) -> Subscription:
    """First step of the double opt-in. Re-asking re-sends the confirmation; an already
    confirmed address gets nothing new (and the page says the same either way)."""
    email = email.strip().lower()
    now = timezone.now()
    sub = Subscription.objects.select_for_update().filter(email__iexact=email).first()
    if sub is not None and sub.status == SubscriptionStatus.CONFIRMED:
        return sub
    if sub is None:
        sub = Subscription(email=email)
    sub.name = name or sub.name
    sub.language = language
    sub.consent_text = consent_text
    sub.requested_at = now
    sub.status = SubscriptionStatus.PENDING
    sub.save()
    token = signing.dumps({"s": sub.pk, "e": sub.email}, salt=_CONFIRM_SALT)
    send_templated_mail_on_commit(
        to=[sub.email], template="community/email/subscription_confirm",
        context={"name": sub.name, "path": reverse("community:subscription_confirm", args=[token])},
        language=language,
    )
    log_activity(None, "subscription.requested", sub.email)
    return sub


@transaction.atomic
def confirm_subscription(*, subscription: Subscription) -> None:
    if subscription.status == SubscriptionStatus.CONFIRMED:
        return
    subscription.status = SubscriptionStatus.CONFIRMED
    subscription.confirmed_at = timezone.now()
    subscription.unsubscribed_at = None
    subscription.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
    log_activity(None, "subscription.confirmed", subscription.email)


@transaction.atomic
def unsubscribe(*, subscription: Subscription) -> None:
    if subscription.status == SubscriptionStatus.UNSUBSCRIBED:
        return
    subscription.status = SubscriptionStatus.UNSUBSCRIBED
    subscription.unsubscribed_at = timezone.now()
    subscription.save(update_fields=["status", "unsubscribed_at"])
    log_activity(None, "subscription.unsubscribed", subscription.email)
