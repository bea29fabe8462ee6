"""Writes to the community registry. Views, the API, imports and the demo seeder
all come through here, so the activity log and e-mails are never skipped."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from alliance.community.models import (
    ActivityLog,
    ActivityVerb,
    Organisation,
    OrganisationRole,
    OrganisationRoleKind,
    Person,
    PolicyScope,
    ReviewStatus,
    Subscription,
    SubscriptionStatus,
)
from alliance.lib.mail import send_templated_mail, send_templated_mail_on_commit

if TYPE_CHECKING:
    from alliance.accounts.models import User

_CONFIRM_SALT = "alliance.community.subscription.confirm"
_UNSUBSCRIBE_SALT = "alliance.community.subscription.unsubscribe"
CONFIRM_MAX_AGE = 60 * 60 * 24 * 7


def log_activity(actor: User | None, verb: ActivityVerb, subject: str, **data: Any) -> None:
    """One entry in the activity log, which reports read from: every app writes here, with
    a verb of the one vocabulary (a plain string is a type error)."""
    ActivityLog.objects.create(
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        verb=verb, subject=subject[:200], data=data,
    )


@transaction.atomic
def create_organisation(
    *, by: User | None, fields: dict[str, Any], ecosystems: Iterable[Any] = (), reviewed: bool = True,
) -> Organisation:
    """``reviewed=False`` for names typed into public forms: the profile stays hidden
    until a coordinator approves it (see approve_organisation)."""
    org = Organisation(**fields)
    if not reviewed:
        org.review_status = ReviewStatus.PENDING
    org.full_clean()
    org.save()
    if ecosystems := list(ecosystems):  # a new row has none to remove: no query when there are none to add
        org.ecosystems.set(ecosystems)
    if by is not None and by.is_authenticated and hasattr(by, "person"):
        org.contacts.add(by.person)
    log_activity(by, ActivityVerb.ORGANISATION_CREATED, org.name, id=org.pk, review_status=org.review_status)
    return org


@transaction.atomic
def approve_organisation(*, by: User | None, organisation: Organisation) -> bool:
    """Make a pending profile public. False when it was no longer pending (another
    coordinator got there first); the row is locked so two decisions cannot cross."""
    org = Organisation.objects.select_for_update().filter(
        pk=organisation.pk, review_status=ReviewStatus.PENDING).first()
    if org is None:
        return False
    org.review_status = ReviewStatus.APPROVED
    org.save(update_fields=["review_status", "updated_at"])
    log_activity(by, ActivityVerb.ORGANISATION_APPROVED, org.name, id=org.pk)
    return True


class ReviewError(Exception):
    pass


@transaction.atomic
def reject_organisation(*, by: User | None, organisation: Organisation) -> bool:
    """Delete a pending profile nobody vouched for. People and registrations that
    named it keep their rows, without the organisation. False when it was no longer
    pending; ReviewError when a cluster depends on it."""
    org = Organisation.objects.select_for_update().filter(
        pk=organisation.pk, review_status=ReviewStatus.PENDING).first()
    if org is None:
        return False
    if org.facilitated_clusters.exists():
        raise ReviewError("facilitates a cluster")
    name, pk = org.name, org.pk
    org.delete()
    log_activity(by, ActivityVerb.ORGANISATION_REJECTED, name, id=pk)
    return True


@transaction.atomic
def update_organisation(
    *, by: User | None, organisation: Organisation, fields: dict[str, Any],
    ecosystems: Iterable[Any] | None = None,
) -> Organisation:
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    if ecosystems is not None:
        organisation.ecosystems.set(list(ecosystems))
    log_activity(by, ActivityVerb.ORGANISATION_UPDATED, organisation.name, id=organisation.pk, fields=sorted(fields))
    return organisation


@transaction.atomic
def delete_organisation(*, by: User | None, organisation: Organisation) -> None:
    name, pk = organisation.name, organisation.pk
    organisation.delete()
    log_activity(by, ActivityVerb.ORGANISATION_DELETED, name, id=pk)


@transaction.atomic
def grant_organisation_role(*, by: User | None, user: Any, organisation: Organisation, role: str) -> OrganisationRole:
    """Make ``user`` a manager or member of ``organisation`` (one role each; granting
    again changes it). The caller checks the right (coordinators, or its managers)."""
    grant, _created = OrganisationRole.objects.update_or_create(user=user, organisation=organisation,
                                                               defaults={"role": OrganisationRoleKind(role)})
    log_activity(by, ActivityVerb.ORGANISATION_ROLE_GRANTED, organisation.name, organisation=organisation.pk,
                 user=user.pk, role=grant.role)
    return grant


@transaction.atomic
def revoke_organisation_role(*, by: User | None, user: Any, organisation: Organisation) -> None:
    OrganisationRole.objects.filter(user=user, organisation=organisation).delete()
    log_activity(by, ActivityVerb.ORGANISATION_ROLE_REVOKED, organisation.name,
                 organisation=organisation.pk, user=user.pk)


@transaction.atomic
def set_policy_scope(*, by: User | None, user: Any, ecosystems: Iterable[Any], regions: Iterable[Any]) -> PolicyScope:
    """The ecosystems and regions a policy maker answers for (none named: all)."""
    scope, _created = PolicyScope.objects.get_or_create(user=user)
    scope.ecosystems.set(list(ecosystems))
    scope.regions.set(list(regions))
    log_activity(by, ActivityVerb.POLICY_SCOPE_SET, str(user), user=user.pk,
                 ecosystems=sorted(e.slug for e in scope.ecosystems.all()),
                 regions=sorted(r.code for r in scope.regions.all()))
    return scope


@transaction.atomic
def set_affiliation(*, by: User | None, person: Person, organisation: Organisation | None) -> None:
    """The organisation a person works for (None: none). The caller checks the right."""
    before = person.affiliation
    person.affiliation = organisation
    person.save(update_fields=["affiliation"])
    log_activity(by, ActivityVerb.PERSON_AFFILIATION_SET, person.name, person=person.pk,
                 organisation=organisation.pk if organisation else None,
                 previous=before.pk if before else None)


# --- Mailing list ------------------------------------------------------------

def unsubscribe_token(subscription: Subscription) -> str:
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign(str(subscription.pk))


def unsubscribe_url(subscription: Subscription) -> str:
    return settings.SITE_URL + reverse("community:unsubscribe", args=[unsubscribe_token(subscription)])


def send_list_mail(*, subscription: Subscription, template: str, context: dict[str, Any],
                   language: str = "") -> None:
    """Queue one message of the mailing list (minutes, digests, briefs) to one subscriber.
    Every list message goes through here, so none lacks the subscriber's own one-click
    unsubscribe link and List-Unsubscribe headers."""
    send_templated_mail.enqueue(to=[subscription.email], template=template, context=context,
                                language=language or subscription.language,
                                unsubscribe_url=unsubscribe_url(subscription))


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
    log_activity(None, ActivityVerb.SUBSCRIPTION_REQUESTED, sub.email)
    return sub


@transaction.atomic
def confirm_subscription(*, subscription: Subscription) -> None:
    if subscription.status == SubscriptionStatus.CONFIRMED:
        return
    subscription.status = SubscriptionStatus.CONFIRMED
    subscription.confirmed_at = timezone.now()
    subscription.unsubscribed_at = None
    subscription.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
    log_activity(None, ActivityVerb.SUBSCRIPTION_CONFIRMED, subscription.email)


@transaction.atomic
def unsubscribe(*, subscription: Subscription) -> None:
    if subscription.status == SubscriptionStatus.UNSUBSCRIBED:
        return
    subscription.status = SubscriptionStatus.UNSUBSCRIBED
    subscription.unsubscribed_at = timezone.now()
    subscription.save(update_fields=["status", "unsubscribed_at"])
    log_activity(None, ActivityVerb.SUBSCRIPTION_UNSUBSCRIBED, subscription.email)
