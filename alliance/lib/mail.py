"""Templated e-mail, sent from a background task in the recipient's language.

Callers enqueue after commit (``send_templated_mail_on_commit``) so a rolled-back
transaction never sends a message about something that did not happen.

The subject and the text part are plain text and rendered with autoescaping off
(``Tom's <b>`` stays as written); only the HTML part is escaped. A message with an
``unsubscribe_url`` is list mail: it gets the one-click unsubscribe headers of
RFC 2369 and RFC 8058 and the same link at the end of both parts.
"""

from __future__ import annotations

from email.mime.text import MIMEText
from typing import Any, TypedDict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context
from django.template.backends.django import Template as DjangoTemplate
from django.template.loader import get_template, render_to_string
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


def render_plain_text(name: str, context: dict[str, Any]) -> str:
    """Render a ``.txt`` template without HTML escaping: its output is never read as HTML."""
    template = get_template(name)
    if not isinstance(template, DjangoTemplate):  # pragma: no cover - the project has one template engine
        raise TypeError(f"{name} is not a Django template")
    return template.template.render(Context(context, autoescape=False))


def _before_body_end(html: str, footer: str) -> str:
    at = html.lower().rfind("</body>")
    return html + footer if at < 0 else html[:at] + footer + html[at:]


@task()
def send_templated_mail(
    *,
    to: list[str],
    template: str,
    context: dict[str, Any],
    language: str = "en",
    headers: dict[str, str] | None = None,
    attachments: list[Attachment] | None = None,
    unsubscribe_url: str = "",
) -> int:
    """Render ``<template>.subject.txt``, ``.txt`` and ``.html`` and send them.

    The context and attachments must be JSON-serialisable: tasks cross process boundaries.
    ``unsubscribe_url`` (absolute, one per recipient) makes it list mail.
    """
    context = {**context, "site_url": settings.SITE_URL, "alliance_name": settings.ALLIANCE_NAME}
    headers = dict(headers or {})
    with translation.override(language):
        subject = render_plain_text(f"{template}.subject.txt", context).strip()
        text = render_plain_text(f"{template}.txt", context)
        html: str = render_to_string(f"{template}.html", context)
        if unsubscribe_url:
            footer = {"unsubscribe_url": unsubscribe_url}
            text = text.rstrip("\n") + "\n\n" + render_plain_text("community/email/_unsubscribe.txt", footer)
            html = _before_body_end(html, render_to_string("community/email/_unsubscribe.html", footer))
            headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=to, headers=headers
    )
    message.attach_alternative(html, "text/html")
    for attachment in attachments or ():
        message.attach(_text_part(attachment))
    return message.send()


def send_templated_mail_on_commit(**kwargs: Any) -> None:
    transaction.on_commit(lambda: send_templated_mail.enqueue(**kwargs))
