"""The overview's read model: one row per statement — a disruption, need or solution
said somewhere in the alliance — with what the overview filters and counts by copied
onto it, so that its pages are a few indexed queries at 100,000 statements.

A statement is written only by overview.actions from a *source* (sources.py): the
contributions of sessions today, the exchange's posts next. The overview's views and
queries know statements only, never a source's models: a second source adds rows of
its own ``source`` and changes nothing here."""

from __future__ import annotations

from django.conf import settings
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


class StatementResolution(models.TextChoices):
    MET = "met", _("Met")
    PARTLY_MET = "partly_met", _("Partly met")
    WITHDRAWN = "withdrawn", _("Withdrawn")


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
    # What came of a need, where its source follows it up (the exchange's posts): met,
    # partly met or withdrawn, and when; empty while open or for a source that does not say.
    resolution = models.CharField(max_length=10, blank=True, choices=StatementResolution.choices)
    resolved_at = models.DateTimeField(null=True, blank=True)
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
            # The members' list order (every statement), and the grouped counts of the
            # summary and the regions read from the index alone on SQLite (bench/overview.py:
            # members' first page 144 → 0.7 ms of SQL, regions 161 → 0.5 ms).
            models.Index(fields=["said_at", "id"], name="statement_said"),
            models.Index(fields=["visibility", "kind", "organisation_type", "organisation", "region", "country"],
                         name="statement_visible_breakdown"),
            models.Index(fields=["kind", "organisation_type", "organisation", "region", "country"],
                         name="statement_breakdown"),
            # The needs a source follows up (resolution_queries): only the exchange's posts.
            # SQLite's statistics average over sources (one "contribution" for thousands of
            # rows), so without an index of the posts alone it read every need through
            # (visibility, kind): 70-85 ms of /overview/ at 100,000 statements.
            models.Index(fields=["kind", "visibility"], condition=models.Q(source="post"),
                         name="statement_followed_up"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class StatementMonth(models.Model):
    """How many statements of a kind and visibility were said in an ecosystem in a month
    (UTC, "2020-05"): the heat map of an unfiltered or kind-filtered overview reads these
    few thousand rows instead of grouping every statement and its ecosystem links (100 to
    190 ms on SQLite at 100,000 statements, bench/overview.py).

    Kept by database triggers (migration 0006) on the statements and their ecosystem
    links, not by the code that writes them, so that every write counts: sync_statements,
    a session's cascade delete, a bulk load, a test's factory. A count can drop to 0 and
    stay as a row; readers skip those."""

    ecosystem = models.CharField(max_length=40)  # Ecosystem.slug, no foreign key: the triggers own the rows
    month = models.CharField(max_length=7)
    kind = models.CharField(max_length=12, choices=StatementKind.choices)
    visibility = models.CharField(max_length=10, choices=StatementVisibility.choices)
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("statements of a month")
        verbose_name_plural = _("statements of a month")
        constraints = [models.UniqueConstraint(fields=["ecosystem", "month", "kind", "visibility"],
                                               name="statement_month_unique")]

    def __str__(self) -> str:
        return f"{self.ecosystem} {self.month} {self.kind} {self.visibility}: {self.n}"


class StatementTally(models.Model):
    """How many statements there are of each visibility, kind, organisation type,
    organisation, region and country: the summary, organisation types and NUTS 2 regions
    of an overview filtered at most by kind, organisation type and region read these
    rows (a few per organisation) instead of grouping every statement (33 ms on
    PostgreSQL at 100,000 statements, bench/overview.py). No organisation, region or
    country is stored as 0 or "" (a unique key cannot match NULLs).

    Kept by database triggers (migration 0006) like StatementMonth; a count can drop to
    0 and stay as a row; readers skip those."""

    visibility = models.CharField(max_length=10, choices=StatementVisibility.choices)
    kind = models.CharField(max_length=12, choices=StatementKind.choices)
    organisation_type = models.CharField(max_length=20, blank=True)
    organisation = models.BigIntegerField(default=0)  # Organisation.pk, 0 for none
    region = models.CharField(max_length=10, blank=True)  # Region.code, "" for none
    country = models.CharField(max_length=10, blank=True)  # Region.code, "" for none
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("statement tally")
        verbose_name_plural = _("statement tallies")
        constraints = [models.UniqueConstraint(
            fields=["visibility", "kind", "organisation_type", "organisation", "region", "country"],
            name="statement_tally_unique")]

    def __str__(self) -> str:
        return f"{self.visibility} {self.kind} {self.organisation_type} {self.organisation} {self.region}: {self.n}"


# --- Embeddings -------------------------------------------------------------------------

class Embedding(models.Model):
    """A statement's sentence embedding, computed once when its text is written
    (overview.tasks.embed_statements) and read by every theme run. Kept apart from the
    statement so that the overview's lists never carry 1 KB of vector per row; float16
    (half the bytes, cosines unchanged to three decimals) tagged with the encoder that
    made it, so that a change of encoder re-embeds instead of mixing spaces."""

    statement = models.OneToOneField(Statement, on_delete=models.CASCADE, primary_key=True,
                                     related_name="embedding")
    encoder = models.CharField(max_length=40)
    # The text it was computed from: an edit that changes the words re-embeds.
    text_hash = models.CharField(max_length=16)
    vector = models.BinaryField()

    class Meta:
        verbose_name = _("embedding")
        verbose_name_plural = _("embeddings")

    def __str__(self) -> str:
        return f"{self.encoder} {self.statement_id}"


# --- Themes -----------------------------------------------------------------------------

class ThemeRunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ThemeRun(models.Model):
    """One automatic run of the theme pipeline: what it read and found, and how long it
    took. A failed run keeps its error and changes no theme (all or nothing)."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ThemeRunStatus.choices, default=ThemeRunStatus.RUNNING)
    encoder = models.CharField(max_length=40, blank=True)
    statements = models.PositiveIntegerField(default=0)
    themes = models.PositiveIntegerField(default=0)
    unsorted = models.PositiveIntegerField(default=0)
    undecided = models.PositiveIntegerField(default=0)
    k = models.PositiveIntegerField(default=0)
    score = models.FloatField(default=0.0)
    seconds = models.FloatField(default=0.0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("theme run")
        verbose_name_plural = _("theme runs")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.status}"


class Theme(models.Model):
    """A theme of statements: found by a run (``label``, its key phrases) and curated by
    coordinators (``name``, ``pinned``, ``hidden``, statements moved in). A theme keeps
    its id across runs while a new cluster overlaps it (themes.find_themes); one that no
    cluster continues is *retired*, not deleted, so that the curation log still points
    at it."""

    name = models.CharField(_("name"), max_length=120, blank=True)
    label = models.CharField(_("label"), max_length=200, blank=True)
    # Language code → the label from that language's statements.
    labels = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=8, blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    hidden = models.BooleanField(_("hidden"), default=False)
    retired = models.BooleanField(default=False)
    size = models.PositiveIntegerField(default=0)
    # What the run counted (themes.Theme.by_*), kept for the lists; a theme's own page
    # counts again from its statements, with the reader's visibility.
    counts = models.JSONField(default=dict, blank=True)
    representative_ids = models.JSONField(default=list, blank=True)
    first_said_at = models.DateTimeField(null=True, blank=True)
    last_said_at = models.DateTimeField(null=True, blank=True)
    # Early alert (overview.alerts) at the last run: organisations in the recent window
    # against the theme's own baseline.
    alert = models.BooleanField(default=False)
    alert_recent = models.PositiveIntegerField(default=0)
    alert_expected = models.FloatField(default=0.0)
    alert_p = models.FloatField(default=1.0)
    run = models.ForeignKey(ThemeRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-pinned", "-size", "id"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        indexes = [models.Index(fields=["retired", "hidden", "size"], name="theme_listed")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """What people read: the curated name, else the key phrases."""
        return self.name or self.label or f"#{self.pk}"


class PlacementStatus(models.TextChoices):
    PLACED = "placed", _("In a theme")
    PINNED = "pinned", _("Placed by a coordinator")
    UNDECIDED = "undecided", _("Between two themes")
    UNSORTED = "unsorted", _("Fits no theme")


class Placement(models.Model):
    """Where the last run (or a coordinator) put a statement: one row per statement, so
    that "a theme's statements", "the unsorted" and "the undecided" are one indexed
    filter each. A *pinned* placement is a coordinator's and the next run keeps it."""

    statement = models.OneToOneField(Statement, on_delete=models.CASCADE, primary_key=True,
                                     related_name="placement")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="placements")
    status = models.CharField(max_length=10, choices=PlacementStatus.choices)
    # For an undecided statement: the other theme it could be in, and by how little the
    # first one won (centroid cosine).
    second = models.ForeignKey(Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    margin = models.FloatField(default=0.0)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        indexes = [models.Index(fields=["theme", "status"], name="placement_theme_status"),
                   models.Index(fields=["status"], name="placement_status")]

    def __str__(self) -> str:
        return f"{self.statement_id} → {self.theme_id} ({self.status})"


class ThemeAlertMail(models.Model):
    """An early alert's e-mail, once per theme and ISO week: the row is claimed before
    the mail is queued, so two runs in one week cannot both send it."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="alert_mails")
    week = models.CharField(max_length=8)  # "2026-W49"
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("early alert e-mail")
        verbose_name_plural = _("early alert e-mails")
        constraints = [models.UniqueConstraint(fields=["theme", "week"], name="theme_alert_once_a_week")]

    def __str__(self) -> str:
        return f"{self.theme_id} {self.week}"


# --- Ecosystem reports ------------------------------------------------------------------

MAX_REPORT_TEXT = 20_000


class EcosystemReport(models.Model):
    """An industrial ecosystem's report: the coordinator's introduction and
    recommendations (the draft), and its published versions. The rest of the body is
    drafted from the statements (overview.report_draft) whenever it is shown or
    published, so the draft is always today's."""

    ecosystem = models.OneToOneField(Ecosystem, on_delete=models.CASCADE, primary_key=True, related_name="report")
    introduction = models.TextField(_("coordinator's introduction"), blank=True)
    recommendations = models.TextField(_("coordinator's recommendations"), blank=True)
    published = models.ForeignKey("ReportVersion", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("ecosystem report")
        verbose_name_plural = _("ecosystem reports")

    def __str__(self) -> str:
        return f"Report on {self.ecosystem_id}"


class ReportVersion(models.Model):
    """A published version of a report: its Markdown frozen with its SHA-256
    (minutes.models.content_hash). Nothing changes a version; publishing again adds one."""

    report = models.ForeignKey(EcosystemReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField()
    content_hash = models.CharField(max_length=64)
    statements = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_unique")]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"
