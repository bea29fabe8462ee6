from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Sign-up confirmation links. Salted apart from password resets so one cannot
    be used as the other; invalidated once the account is active."""

    key_salt = "alliance.accounts.activation"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{user.pk}{user.is_active}{timestamp}{user.email}"


activation_token = ActivationTokenGenerator()
