"""The overview's read model: one row per statement — a disruption, need or solution
said somewhere in the alliance — with what the overview filters and counts by copied
onto it, so that its pages are a few indexed queries at 100,000 statements.

A statement is written only by overview.actions from a *source* (sources.py): the
contributions of sessions today, the exchange's posts next. The overview's views and
queries know statements only, never a source's models: a second source adds rows of
its own ``source`` and changes nothing here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from alliance.community.models import Ecosystem, Organisation, OrganisationType, Region
from alliance.lib import kinds


class StatementKind(models.TextChoices):
    """The kinds the overview collects (lib.kinds.STATEMENT_KINDS), with their labels."""

    DISRUPTION = kinds.DISRUPTION, _("Disruption")
    NEED = kinds.NEED, _("Need")
    SOLUTION = kinds.SOLUTION, _("Solution")


class StatementSource(models.TextChoices):
    CONTRIBUTION = "contribution", _("Session contribution")
    POST = "post", _("Exchange post")


class StatementVisibility(models.TextChoices):
    """Who may read a statement: as its source says (a session's visibility; a post is public)."""

    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")


class Statement(models.Model):
    source = models.CharField(max_length=20, choices=StatementSource.choices)
    source_id = models.PositiveBigIntegerField()
    kind = models.CharField(_("kind"), max_length=12, choices=StatementKind.choices)
    text = models.TextField(_("text"))
    # ISO 639-1, or "unknown" (overview.language.detect).
    language = models.CharField(_("language"), max_length=8)
    ecosystems = models.ManyToManyField(Ecosystem, blank=True, related_name="statements")
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="statements")
    organisation_type = models.CharField(_("organisation type"), max_length=20, blank=True,
                                         choices=OrganisationType.choices)
    country = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The organisation's NUTS region; "a region and its sub-regions" is region__code__startswith
    # (no join: code is the key).
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    session = models.ForeignKey("meetings.Session", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="statements")
    series = models.ForeignKey("meetings.Series", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    said_at = models.DateTimeField(_("said at"))
    visibility = models.CharField(max_length=10, choices=StatementVisibility.choices,
                                  default=StatementVisibility.PUBLIC)
    # Where it can be read in context (the session's minutes, the post).
    link = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-said_at", "-id"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [models.UniqueConstraint(fields=["source", "source_id"], name="statement_source_unique")]
        indexes = [
            models.Index(fields=["visibility", "said_at"], name="statement_visible_said"),
            models.Index(fields=["kind", "said_at"], name="statement_kind_said"),
            models.Index(fields=["language"], name="statement_language"),
            models.Index(fields=["organisation_type"], name="statement_organisation_type"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"
