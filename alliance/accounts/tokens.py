from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Sign-up confirmation links. Salted apart from password resets so one cannot
    be used as the other. Dead once the account has been active (activated_at is set
    then and never cleared), so a used link stays used after a deactivation."""

    key_salt = "alliance.accounts.activation"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{user.pk}{user.is_active}{user.activated_at}{timestamp}{user.email}"


activation_token = ActivationTokenGenerator()
