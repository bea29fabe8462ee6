"""A session's minutes: the working draft, every version of it, and amendments.

The draft is Markdown in the structure of the seed (see minutes/draft.py). Each save,
redraft, accepted amendment and publication adds a ``MinutesVersion``; a published
version is frozen with the SHA-256 of its text, and nothing ever changes a version.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliance.meetings.models import Session

MAX_BODY = 100_000


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AMENDMENTS = "amendments", _("Open for amendments")
    PUBLISHED = "published", _("Published")


class Minutes(models.Model):
    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(_("status"), max_length=12, choices=MinutesStatus.choices,
                              default=MinutesStatus.DRAFT)
    body = models.TextField(_("minutes (Markdown)"), blank=True)
    amendment_days = models.PositiveSmallIntegerField(_("amendment window (days)"), default=3)
    amendments_close_at = models.DateTimeField(_("amendments close"), null=True, blank=True)
    published = models.ForeignKey("MinutesVersion", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("published version"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("meeting record", "minutes")
        verbose_name_plural = pgettext_lazy("meeting record", "minutes")

    def __str__(self) -> str:
        return f"Minutes of {self.session}"


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class VersionReason(models.TextChoices):
    DRAFTED = "drafted", _("Drafted from the contributions")
    EDITED = "edited", _("Edited")
    AMENDED = "amended", _("Amendment accepted")
    PUBLISHED = "published", _("Published")


class MinutesVersion(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField()
    content_hash = models.CharField(max_length=64)
    reason = models.CharField(max_length=12, choices=VersionReason.choices)
    published = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["minutes", "number"]
        constraints = [models.UniqueConstraint(fields=["minutes", "number"], name="minutes_version_unique")]

    def __str__(self) -> str:
        return f"{self.minutes} v{self.number}"


class AmendmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Amendment(models.Model):
    """An attendee's proposed wording for one bullet (or paragraph) of the draft."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="amendments")
    original = models.TextField(_("current text"))
    proposed = models.TextField(_("proposed text"))
    reason = models.CharField(_("why"), max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=AmendmentStatus.choices, default=AmendmentStatus.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["minutes", "created_at", "id"]

    def __str__(self) -> str:
        return f"Amendment to {self.minutes}: {self.proposed[:40]}"


class PendingImport(models.Model):
    """A prose summary whose doubtful sentences wait for a person to confirm their kind.
    ``parsed`` is the importer's result as JSON; nothing else is saved until confirmed."""

    filename = models.CharField(max_length=255)
    parsed = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename
