"""Templated e-mail, sent from a background task in the recipient's language.

Callers enqueue after commit (``send_templated_mail_on_commit``) so a rolled-back
transaction never sends a message about something that did not happen.
"""

from __future__ import annotations

from email.mime.text import MIMEText
from typing import Any, TypedDict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


class Attachment(TypedDict):
    filename: str
    content: str
    mimetype: str  # text/* only: e.g. "text/calendar; method=REQUEST", "text/csv"


def _text_part(attachment: Attachment) -> MIMEText:
    # Built by hand because Django's attach() drops MIME parameters such as the
    # calendar METHOD, which mail clients need to show an invitation as one.
    mimetype, *params = (p.strip() for p in attachment["mimetype"].split(";"))
    basetype, subtype = mimetype.split("/", 1)
    if basetype != "text":
        raise ValueError("only text attachments are supported")
    part = MIMEText(attachment["content"], subtype, "utf-8")
    for param in params:
        key, _sep, value = param.partition("=")
        part.set_param(key.strip(), value.strip())
    part.add_header("Content-Disposition", "attachment", filename=attachment["filename"])
    return part


@task()
def send_templated_mail(
    *,
    to: list[str],
    template: str,
    context: dict[str, Any],
    language: str = "en",
    headers: dict[str, str] | None = None,
    attachments: list[Attachment] | None = None,
) -> int:
    """Render ``<template>.subject.txt``, ``.txt`` and ``.html`` and send them.

    The context and attachments must be JSON-serialisable: tasks cross process boundaries.
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
    for attachment in attachments or ():
        message.attach(_text_part(attachment))
    return message.send()


def send_templated_mail_on_commit(**kwargs: Any) -> None:
    transaction.on_commit(lambda: send_templated_mail.enqueue(**kwargs))
