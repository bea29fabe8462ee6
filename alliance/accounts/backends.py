"""Log-in by e-mail and password, with the hashing in a small pool of its own.

A password hash is meant to cost CPU (PBKDF2: ~0.3 s of a core), and hashlib
releases the GIL while it runs, so parallel log-ins hash on every core at once:
eight log-in floods on two cores raised the agenda's median from 76 to 371 ms.
(Under Django's ASGIHandler each request has a sync thread of its own, through
asgiref's ThreadSensitiveContext, so the harm is the cores, not one shared thread.)
Django 5.2's async ``ModelBackend.aauthenticate`` even hashes inside the event
loop (``acheck_password`` calls the hasher directly). Here every hash of the
log-in, sign-up and reset pages runs in PASSWORD_HASHING_THREADS worker threads
that touch no database: at most that many cores hash, the rest serve pages, and
log-ins queue for their turn.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import check_password, make_password
from django.http import HttpRequest

from alliance.accounts.models import User

HASHING_THREAD_PREFIX = "password-hashing"
_pool = ThreadPoolExecutor(max_workers=settings.PASSWORD_HASHING_THREADS,
                           thread_name_prefix=HASHING_THREAD_PREFIX)
check_password_off_thread = sync_to_async(check_password, thread_sensitive=False, executor=_pool)
make_password_off_thread = sync_to_async(make_password, thread_sensitive=False, executor=_pool)


class EmailBackend(ModelBackend):
    async def aauthenticate(
        self, request: HttpRequest | None, username: str | None = None,
        password: str | None = None, **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = await User.objects.aget_by_natural_key(username)
        except User.DoesNotExist:
            # Hash anyway, so an unknown address takes as long as a known one (#20760).
            await make_password_off_thread(password)
            return None
        outdated: list[str] = []  # check_password's setter: called when the hash needs an upgrade
        if not await check_password_off_thread(password, user.password, outdated.append):
            return None
        if outdated:
            user.password = await make_password_off_thread(password)
            await user.asave(update_fields=["password"])
        return user if self.user_can_authenticate(user) else None
