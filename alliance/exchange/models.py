"""The needs and solutions exchange: standing posts (needs, offers, partner searches),
what people report of them, the introductions between the two sides and how they ended.

Vocabularies are lib.exchange_vocabulary's plain strings, with their labels here. A post
is also a statement of the overview (exchange.actions writes it through
overview.actions.sync_statements), so it is embedded once, when written, like every
statement, and the matcher reads those stored vectors."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alliance.community.models import Ecosystem, Organisation, Region
from alliance.lib import exchange_vocabulary as vocabulary

DEFAULT_LIFETIME = dt.timedelta(days=60)


class PostKind(models.TextChoices):
    NEED = vocabulary.NEED, _("Need")
    OFFER = vocabulary.OFFER, _("Offer")
    PARTNER_SEARCH = vocabulary.PARTNER_SEARCH, _("Partner search")


class ResourceCategory(models.TextChoices):
    PROTECTIVE_EQUIPMENT = vocabulary.PROTECTIVE_EQUIPMENT, _("Protective equipment")
    MEDICAL_DEVICES = vocabulary.MEDICAL_DEVICES, _("Medical devices")
    RAW_MATERIALS = vocabulary.RAW_MATERIALS, _("Raw materials and components")
    LOGISTICS = vocabulary.LOGISTICS, _("Logistics and transport")
    PRODUCTION_CAPACITY = vocabulary.PRODUCTION_CAPACITY, _("Production capacity")
    DIGITAL = vocabulary.DIGITAL, _("Digital tools and services")
    EXPERTISE = vocabulary.EXPERTISE, _("Expertise and training")
    FUNDING = vocabulary.FUNDING, _("Funding and finance")
    PREMISES = vocabulary.PREMISES, _("Premises and facilities")
    WORKFORCE = vocabulary.WORKFORCE, _("Workforce")
    OTHER = vocabulary.OTHER, _("Other")


class Reach(models.TextChoices):
    LOCAL = vocabulary.LOCAL, _("Local (its region)")
    NATIONAL = vocabulary.NATIONAL, _("National")
    EU_WIDE = vocabulary.EU_WIDE, _("EU-wide")


class Urgency(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class ContactPreference(models.TextChoices):
    INTRODUCTION = "introduction", _("Through an introduction on the platform")
    EMAIL = "email", _("By e-mail after an introduction")
    PHONE = "phone", _("By phone after an introduction")


class PostStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FULFILLED = "fulfilled", _("Fulfilled")
    PARTLY_FULFILLED = "partly_fulfilled", _("Partly fulfilled")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


def default_expiry() -> dt.date:
    from django.utils import timezone

    return timezone.localdate() + DEFAULT_LIFETIME


class Post(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=PostKind.choices)
    title = models.CharField(_("title"), max_length=160)
    text = models.TextField(_("text"), max_length=5000)
    language = models.CharField(_("language"), max_length=8, default="unknown")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="posts",
                                     verbose_name=_("organisation"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="posts")
    # Comma-free list of ResourceCategory values (one vocabulary), kept in a table of its
    # own for filtering: PostCategory.
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("region"))
    reach = models.CharField(_("reach"), max_length=10, choices=Reach.choices, default=Reach.NATIONAL)
    ecosystems = models.ManyToManyField(Ecosystem, blank=True, related_name="posts", verbose_name=_("ecosystems"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    expires_on = models.DateField(_("expires on"), default=default_expiry)
    contact_preference = models.CharField(_("contact preference"), max_length=20, choices=ContactPreference.choices,
                                          default=ContactPreference.INTRODUCTION)
    status = models.CharField(_("status"), max_length=20, choices=PostStatus.choices, default=PostStatus.OPEN)
    # What is still missing (partly fulfilled), and who helped.
    outcome_note = models.TextField(_("what is still missing"), blank=True, max_length=1000)
    helped_by_post = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    helped_by_organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True,
                                               related_name="helped_with")
    resolved_at = models.DateTimeField(null=True, blank=True)
    # A need raised in a session, turned into a standing post by its author.
    contribution = models.OneToOneField("meetings.Contribution", on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="post")
    # Partner searches: the roles wanted, and who may apply.
    roles_wanted = models.TextField(_("roles wanted"), blank=True, max_length=2000)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    countries = models.JSONField(_("countries"), default=list, blank=True)
    organisation_types = models.JSONField(_("organisation types"), default=list, blank=True)
    # Light moderation: visible at once, hidden by a coordinator with a reason.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=300, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["status", "kind", "expires_on"], name="post_open_kind"),
                   models.Index(fields=["organisation", "status"], name="post_organisation")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("exchange:post", args=[self.pk])

    @property
    def is_open(self) -> bool:
        from django.utils import timezone

        return self.status == PostStatus.OPEN and self.hidden_at is None and self.expires_on >= timezone.localdate()


class PostCategory(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="category_rows")
    category = models.CharField(max_length=30, choices=ResourceCategory.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "category"], name="post_category_unique")]
        indexes = [models.Index(fields=["category"], name="post_category")]

    def __str__(self) -> str:
        return f"{self.post_id} {self.category}"


class ReportReason(models.TextChoices):
    ABUSE = "abuse", _("Abusive or offensive")
    SPAM = "spam", _("Spam or advertising")
    DUPLICATE = "duplicate", _("A duplicate of another post")


class PostReport(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="post_report_once")]

    def __str__(self) -> str:
        return f"{self.post_id} {self.reason}"


class IntroductionStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Outcome(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class Introduction(models.Model):
    """One side of a match asks to be introduced to the other. Contact details are given
    only on acceptance, and only by the two people involved."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="introductions_asked",
                             verbose_name=_("post"))
    # The other side: a post, or an organisation of the registry.
    to_post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="introductions_offered")
    to_organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="introductions")
    from_organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message"), max_length=1000)
    status = models.CharField(max_length=10, choices=IntroductionStatus.choices, default=IntroductionStatus.REQUESTED)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    answer_note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # Two weeks after acceptance each side is asked whether it led to something.
    followed_up_at = models.DateTimeField(null=True, blank=True)
    outcome_requester = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    outcome_other = models.CharField(max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        constraints = [models.UniqueConstraint(fields=["from_organisation", "to_organisation"],
                                               name="introduction_once_per_pair")]

    def __str__(self) -> str:
        return f"{self.from_organisation_id} → {self.to_organisation_id} ({self.status})"


class Interest(models.Model):
    """An organisation's interest in a partner search, with a short note."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("note"), max_length=500)
    shortlisted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "organisation"], name="interest_once")]

    def __str__(self) -> str:
        return f"{self.organisation_id} → {self.post_id}"


class ProfileEmbedding(models.Model):
    """An organisation's description as a sentence vector, for the matcher (an
    organisation of the registry is a counterpart too). Computed when the index is
    built and the description changed; the encoder and a hash of the text say which."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, primary_key=True,
                                        related_name="+")
    encoder = models.CharField(max_length=40)
    text_hash = models.CharField(max_length=16)
    vector = models.BinaryField()

    def __str__(self) -> str:
        return f"{self.encoder} {self.organisation_id}"


class DigestSubscription(models.Model):
    """A person's weekly e-mail of new posts that match their organisation: opt-in (the
    consent is the person's own click, recorded with its time), one-click unsubscribe."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exchange_digest")
    active = models.BooleanField(default=True)
    consented_at = models.DateTimeField()
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # "2026-W49": the week last sent, so that a second run in a week sends nothing.
    last_week = models.CharField(max_length=8, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id} {'on' if self.active else 'off'}"
