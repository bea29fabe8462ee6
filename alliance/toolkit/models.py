"""A cluster organisation's members and fees.

The members are the registry's Memberships of the clusters the organisation facilitates
(community.Cluster.organisation); the toolkit adds what the registry does not know: a
member's tier and standing, invoices with their lines, payments, and solidarity measures.
Money is integer cents with a currency (EUR by default); dues.py does the arithmetic."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.community.models import CompanySize, Ecosystem, Membership, Organisation
from alliance.toolkit import continuity, dues

DEFAULT_CURRENCY = "EUR"


class FeeTier(models.Model):
    """A membership tier with its yearly fee. A tier may name a company size: a member
    without a tier of its own pays the tier of its size (or the tier that names none)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="fee_tiers")
    name = models.CharField(_("name"), max_length=100)
    company_size = models.CharField(_("for company size"), max_length=10, choices=CompanySize.choices, blank=True)
    yearly_fee_cents = models.PositiveBigIntegerField(_("yearly fee (cents)"))
    currency = models.CharField(_("currency"), max_length=3, default=DEFAULT_CURRENCY)

    class Meta:
        ordering = ["organisation", "yearly_fee_cents", "name"]
        verbose_name = _("membership tier")
        verbose_name_plural = _("membership tiers")
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="fee_tier_unique_name")]

    def __str__(self) -> str:
        return self.name


class MemberStatus(models.TextChoices):
    CURRENT = dues.CURRENT, _("Current")
    IN_GRACE = dues.IN_GRACE, _("In grace")
    LAPSED = dues.LAPSED, _("Lapsed")
    DEFERRED = dues.DEFERRED, _("Deferred")


class Standing(models.Model):
    """What the toolkit keeps of one member: its tier and its status, recomputed from its
    dues by ``manage.py toolkit_dues``."""

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="standing")
    tier = models.ForeignKey(FeeTier, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("tier"))
    status = models.CharField(_("status"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.CURRENT)
    status_since = models.DateField(_("status since"), null=True, blank=True)

    class Meta:
        verbose_name = _("member standing")
        verbose_name_plural = _("member standings")

    def __str__(self) -> str:
        return f"{self.membership} · {self.get_status_display()}"


class InvoiceCounter(models.Model):
    """The last invoice number of one organisation in one year. Numbers are taken under
    ``select_for_update()`` on this row, so they never repeat or skip."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="invoice_counter_unique")]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.year}: {self.last_number}"


class Invoice(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="invoices_issued")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="invoices")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"))
    currency = models.CharField(_("currency"), max_length=3, default=DEFAULT_CURRENCY)
    language = models.CharField(_("language"), max_length=8, default="en")
    reminded_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "number"], name="invoice_number_unique"),
            models.CheckConstraint(condition=models.Q(due_on__gte=models.F("issued_on")),
                                   name="invoice_due_after_issue"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"{self.year}-{self.number:04d}"


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    description = models.CharField(_("description"), max_length=200)
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"))

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    DIRECT_DEBIT = "direct_debit", _("Direct debit")
    CARD = "card", _("Card")
    CASH = "cash", _("Cash")
    OTHER = "other", _("Other")


class Payment(models.Model):
    """A payment received (the platform processes none: it records what the bank says)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"))
    paid_on = models.DateField(_("paid on"))
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount_cents__gt=0), name="payment_positive")]

    def __str__(self) -> str:
        return f"{self.invoice_id}: {self.amount_cents} on {self.paid_on}"


class MeasureKind(models.TextChoices):
    DEFERRAL = "deferral", _("Deferral")
    INSTALMENTS = "instalments", _("Instalment plan")
    REDUCTION = "reduction", _("Reduction")
    WAIVER = "waiver", _("Waiver")


class SolidarityMeasure(models.Model):
    """Help for a member that cannot pay on time: each with its reason and who approved it.
    A deferral moves the due date (the member keeps its rights meanwhile); an instalment
    plan spreads the balance (Instalment rows); a reduction takes an amount off; a waiver
    takes off everything that was still due."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField(_("kind"), max_length=12, choices=MeasureKind.choices)
    reason = models.TextField(_("reason"), max_length=1000)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), auto_now_add=True)
    new_due_on = models.DateField(_("new due date"), null=True, blank=True)
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"), default=0)

    class Meta:
        ordering = ["approved_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.invoice_id}"


class Instalment(models.Model):
    measure = models.ForeignKey(SolidarityMeasure, on_delete=models.CASCADE, related_name="instalments")
    due_on = models.DateField(_("due on"))
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"))

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.due_on}: {self.amount_cents}"


# --- Innovation projects and their continuity (issue 12, item 3) ---------------------------

class ProjectInvolvement(models.TextChoices):
    RUNS = "runs", _("Runs it")
    BROKERS = "brokers", _("Brokers it")


class ProjectStatus(models.TextChoices):
    ACTIVE = continuity.ACTIVE, _("Active")
    PAUSED = continuity.PAUSED, _("Paused")
    STOPPED = continuity.STOPPED, _("Stopped")
    RESUMED = continuity.RESUMED, _("Resumed")
    COMPLETED = continuity.COMPLETED, _("Completed")


class ChangeReason(models.TextChoices):
    PARTNER_WITHDREW = continuity.PARTNER_WITHDREW, _("Partner withdrew")
    FUNDING_DELAYED = continuity.FUNDING_DELAYED, _("Funding delayed")
    LOCKDOWN = continuity.LOCKDOWN, _("Lockdown")
    SUPPLY_SHORTAGE = continuity.SUPPLY_SHORTAGE, _("Supply shortage")
    OTHER = continuity.OTHER, _("Other")


class Project(models.Model):
    """An innovation project the organisation runs or brokers, with partners from the
    registry. It has no status field: its status is its last ProjectChange's (the first
    change, written with the project, makes it active)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="toolkit_projects")
    title = models.CharField(_("title"), max_length=200)
    involvement = models.CharField(_("the organisation"), max_length=10, choices=ProjectInvolvement.choices,
                                   default=ProjectInvolvement.RUNS)
    partners = models.ManyToManyField(Organisation, blank=True, related_name="toolkit_partner_projects",
                                      verbose_name=_("partners"))
    funding_programme = models.CharField(_("funding programme"), max_length=200, blank=True)
    budget_cents = models.PositiveBigIntegerField(_("budget (cents)"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default=DEFAULT_CURRENCY)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    ecosystem = models.ForeignKey(Ecosystem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name=_("industrial ecosystem"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("innovation project")
        verbose_name_plural = _("innovation projects")
        constraints = [
            models.CheckConstraint(condition=models.Q(starts_on__isnull=True) | models.Q(ends_on__isnull=True)
                                   | models.Q(ends_on__gte=models.F("starts_on")), name="project_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title


class ProjectChange(models.Model):
    """One step of a project's status timeline, with its reason, note, who and when. On a
    pause or a stop, ``needed_to_resume`` says what would let it go on; it can be posted to
    the exchange once (``post``)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(_("from"), max_length=10, choices=ProjectStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=ProjectStatus.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=ChangeReason.choices, blank=True)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    needed_to_resume = models.TextField(_("what is needed to resume"), max_length=2000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Not auto_now_add: the demo records past changes, so the continuity view has dates.
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    post = models.OneToOneField("exchange.Post", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="project_change")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("project status change")
        verbose_name_plural = _("project status changes")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.from_status or '—'} → {self.to_status}"


# --- Member surveys (issue 12, item 6) -------------------------------------------------------

class Survey(models.Model):
    """A short survey a manager sends to the members: one or a few single-choice questions,
    open from ``opens_on`` to ``closes_on`` (both days included). Each member organisation
    gets one signed link (a SurveyInvitation) and answers once."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="toolkit_surveys")
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"), default=timezone.localdate)
    closes_on = models.DateField(_("closes on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("member survey")
        verbose_name_plural = _("member surveys")
        constraints = [models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")),
                                              name="survey_closes_after_opening")]

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(models.Model):
    """A single-choice question; ``options`` is the ordered list of its answers (a scale
    reads from one end to the other), and an answer stores the option's index."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("question"), max_length=300)
    options = models.JSONField(_("options"), default=list)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class SurveyInvitation(models.Model):
    """One member organisation's link to a survey: sent once, answered at most once
    (``answered_at``)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language"), max_length=8, default="en")
    sent_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["survey", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "member"], name="survey_invitation_unique")]

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.member_id}"


class SurveyAnswer(models.Model):
    invitation = models.ForeignKey(SurveyInvitation, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    choice = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["question", "choice", "id"]
        constraints = [models.UniqueConstraint(fields=["invitation", "question"], name="survey_answer_unique")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.choice}"
