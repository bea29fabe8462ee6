"""Templated e-mail, sent from a background task in the recipient's language.

Callers enqueue after commit (``send_templated_mail_on_commit``) so a rolled-back
transaction never sends a message about something that did not happen.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


@task()
def send_templated_mail(
    *,
    to: list[str],
    template: str,
    context: dict[str, Any],
    language: str = "en",
    headers: dict[str, str] | None = None,
) -> int:
    """Render ``<template>.subject.txt``, ``.txt`` and ``.html`` and send them.

    The context must be JSON-serialisable: tasks cross process boundaries.
    """
    context = {**context, "site_url": settings.SITE_URL, "alliance_name": settings.ALLIANCE_NAME}
    with translation.override(language):
        subject = render_to_string(f"{template}.subject.txt", context).strip()
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=to, headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    return message.send()


def send_templated_mail_on_commit(**kwargs: Any) -> None:
    transaction.on_commit(lambda: send_templated_mail.enqueue(**kwargs))
