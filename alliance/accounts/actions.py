from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from alliance.accounts.models import ApiToken, Role, User
from alliance.accounts.tokens import activation_token
from alliance.community.actions import log_activity
from alliance.community.models import ActivityVerb
from alliance.lib.mail import send_templated_mail_on_commit


@transaction.atomic
def sign_up(*, email: str, name: str, password_hash: str, language: str) -> User | None:
    """Create an inactive account and mail its confirmation link.

    Takes the password hashed already (backends.make_password_off_thread), so the
    caller can keep the hashing off the sync thread. Returns None when the address
    already has an account; the caller shows the same message either way so the
    form does not reveal who is registered.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email__iexact=email).exists():
        return None
    user = User.objects.create(
        email=email, password=password_hash, name=name, language=language, is_active=False,
        role=Role.PARTICIPANT,
    )
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:activate", args=[uid, activation_token.make_token(user)])
    send_templated_mail_on_commit(
        to=[user.email], template="accounts/email/activate",
        context={"name": user.name, "path": path}, language=language,
    )
    log_activity(None, ActivityVerb.ACCOUNT_SIGNED_UP, user.email)
    return user


@transaction.atomic
def activate(*, user: User) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])
    log_activity(user, ActivityVerb.ACCOUNT_ACTIVATED, user.email)


@transaction.atomic
def create_api_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Return the token and its key; the key is not stored and cannot be shown again."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[3:11], key_hash=ApiToken.hash_key(key)
    )
    log_activity(user, ActivityVerb.API_TOKEN_CREATED, name)
    return token, key


@transaction.atomic
def revoke_api_token(*, token: ApiToken, by: User) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_activity(by, ActivityVerb.API_TOKEN_REVOKED, token.name)


def user_for_api_key(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
