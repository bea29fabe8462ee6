"""Writes of the toolkit. The caller checks the right (access.py); these check the facts:
an invoice only for a current member, a payment no larger than what is due, a deferral
only into the future. A refused write raises ToolkitError with a message for the person
who asked, and changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.accounts.models import User
from alliance.community import actions as community_actions
from alliance.community.actions import log_activity
from alliance.community.models import ActivityVerb, Ecosystem, Membership, Organisation, OrganisationRoleKind, Person
from alliance.exchange import actions as exchange_actions
from alliance.exchange.models import Post, PostKind
from alliance.lib.mail import send_templated_mail_on_commit
from alliance.toolkit import continuity, dues, queries
from alliance.toolkit.models import (
    DEFAULT_CURRENCY,
    FeeTier,
    Instalment,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    MeasureKind,
    Payment,
    PaymentMethod,
    Project,
    ProjectChange,
    ProjectInvolvement,
    ProjectStatus,
    SolidarityMeasure,
    Standing,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
)

REMIND_EVERY = dt.timedelta(days=14)
DEFAULT_TERM = dt.timedelta(days=30)
MAX_INSTALMENTS = 24


class ToolkitError(ValueError):
    """Something the toolkit refuses; the message is for the person who asked."""


# --- Managers -------------------------------------------------------------------------------

def make_manager(*, by: User, organisation: Organisation, person: Person) -> None:
    """Give one of the organisation's registry contacts (affiliated to it or named as its
    contact, with an account) the manager role; logged by community.actions."""
    if not queries.eligible_managers(organisation).filter(pk=person.pk).exists():
        raise ToolkitError(_("Only a contact person of this organisation with an account can be made a manager."))
    community_actions.grant_organisation_role(by=by, user=person.user, organisation=organisation,
                                              role=OrganisationRoleKind.MANAGER)


# --- Tiers ----------------------------------------------------------------------------------

@transaction.atomic
def save_tier(*, by: User, organisation: Organisation, name: str, yearly_fee_cents: int,
              company_size: str = "", currency: str = DEFAULT_CURRENCY) -> FeeTier:
    name = name.strip()
    if not name:
        raise ToolkitError(_("A tier needs a name."))
    if yearly_fee_cents < 0:
        raise ToolkitError(_("An amount cannot be negative."))
    tier, _created = FeeTier.objects.update_or_create(
        organisation=organisation, name=name,
        defaults={"yearly_fee_cents": yearly_fee_cents, "company_size": company_size, "currency": currency})
    log_activity(by, ActivityVerb.FEE_TIER_SAVED, organisation.name, organisation=organisation.pk, tier=tier.pk,
                 fee_cents=yearly_fee_cents, currency=currency)
    return tier


@transaction.atomic
def set_member_tier(*, by: User, organisation: Organisation, membership: Membership, tier: FeeTier | None) -> None:
    if tier is not None and tier.organisation_id != organisation.pk:
        raise ToolkitError(_("This tier belongs to another organisation."))
    Standing.objects.update_or_create(membership=membership, defaults={"tier": tier})
    log_activity(by, ActivityVerb.MEMBER_TIER_SET, str(membership), organisation=organisation.pk,
                 membership=membership.pk, tier=tier.pk if tier else None)


# --- Invoices -------------------------------------------------------------------------------

def _next_number(organisation: Organisation, year: int) -> int:
    """The next number of the organisation's year, under a lock on its counter row: two
    invoices issued at once wait for each other, so numbers never repeat or skip (a
    rolled-back invoice rolls its number back too). Call inside a transaction."""
    InvoiceCounter.objects.get_or_create(organisation=organisation, year=year)
    counter = InvoiceCounter.objects.select_for_update().get(organisation=organisation, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def issue_invoice(*, by: User | None, organisation: Organisation, membership: Membership,
                  lines: Sequence[tuple[str, int]], issued_on: dt.date | None = None,
                  due_on: dt.date | None = None, currency: str = DEFAULT_CURRENCY) -> Invoice:
    """An invoice with its number, for a current member of the organisation's clusters."""
    issued_on = issued_on or timezone.localdate()
    due_on = due_on or issued_on + DEFAULT_TERM
    if not queries.is_current_member(organisation, membership, issued_on):
        raise ToolkitError(_("This organisation is not a current member of your clusters: no invoice was issued."))
    if not lines:
        raise ToolkitError(_("An invoice needs at least one line."))
    if any(amount < 0 for _text, amount in lines):
        raise ToolkitError(_("An amount cannot be negative."))
    if sum(amount for _text, amount in lines) <= 0:
        raise ToolkitError(_("An invoice's total must be more than zero."))
    if due_on < issued_on:
        raise ToolkitError(_("The due date cannot be before the invoice date."))
    invoice = Invoice.objects.create(
        organisation=organisation, membership=membership, year=issued_on.year,
        number=_next_number(organisation, issued_on.year), issued_on=issued_on, due_on=due_on,
        currency=currency, language=queries.member_language(membership), issued_by=by)
    InvoiceLine.objects.bulk_create([InvoiceLine(invoice=invoice, description=text[:200], amount_cents=amount)
                                     for text, amount in lines])
    log_activity(by, ActivityVerb.INVOICE_ISSUED, invoice.reference, organisation=organisation.pk,
                 invoice=invoice.pk, membership=membership.pk,
                 total_cents=sum(a for _t, a in lines), currency=currency)
    return invoice


def issue_yearly_fee(*, by: User | None, organisation: Organisation, membership: Membership, year: int,
                     issued_on: dt.date | None = None, due_on: dt.date | None = None) -> Invoice:
    """The member's yearly fee by its tier (or company size)."""
    tier = queries.tier_for(membership, organisation)
    if tier is None:
        raise ToolkitError(_("No membership tier fits this member: add a tier first."))
    line = _("Membership fee %(year)s · %(tier)s") % {"year": year, "tier": tier.name}
    return issue_invoice(by=by, organisation=organisation, membership=membership,
                         lines=[(line, tier.yearly_fee_cents)], issued_on=issued_on, due_on=due_on,
                         currency=tier.currency)


def _locked(invoice: Invoice) -> Invoice:
    """The invoice row locked, so two payments or measures on it are decided one at a time."""
    Invoice.objects.select_for_update().filter(pk=invoice.pk).first()
    fresh = queries.invoice_of(invoice.organisation, invoice.pk)
    if fresh is None:  # pragma: no cover - invoices are never deleted (PROTECT)
        raise ToolkitError(_("This invoice no longer exists."))
    return fresh


# --- Payments -------------------------------------------------------------------------------

@transaction.atomic
def record_payment(*, by: User, invoice: Invoice, amount_cents: int, paid_on: dt.date, method: str) -> Payment:
    """A payment received. One larger than what is still due is refused (no credit is
    recorded: the manager checks the amount or records the rest on the next invoice)."""
    invoice = _locked(invoice)
    due = queries.bill(invoice).balance
    if amount_cents <= 0:
        raise ToolkitError(_("A payment must be more than zero."))
    if method not in PaymentMethod.values:
        raise ToolkitError(_("Choose how it was paid."))
    if paid_on > timezone.localdate():
        raise ToolkitError(_("A payment cannot be dated in the future."))
    if amount_cents > due:
        raise ToolkitError(_("This payment is larger than what is due on invoice %(ref)s (%(due)s %(cur)s): "
                             "nothing was recorded.") % {"ref": invoice.reference, "due": dues.format_cents(due),
                                                        "cur": invoice.currency})
    payment = Payment.objects.create(invoice=invoice, amount_cents=amount_cents, paid_on=paid_on, method=method,
                                     recorded_by=by)
    log_activity(by, ActivityVerb.PAYMENT_RECORDED, invoice.reference, organisation=invoice.organisation_id,
                 invoice=invoice.pk, membership=invoice.membership_id, amount_cents=amount_cents,
                 currency=invoice.currency, method=method, paid_on=paid_on.isoformat())
    return payment


# --- Solidarity measures --------------------------------------------------------------------

@transaction.atomic
def grant_measure(*, by: User, invoice: Invoice, kind: str, reason: str, new_due_on: dt.date | None = None,
                  amount_cents: int = 0, instalments: int = 0, first_due_on: dt.date | None = None,
                  ) -> SolidarityMeasure:
    """A deferral (``new_due_on``, after today), an instalment plan (``instalments`` monthly
    parts from ``first_due_on`` that add up exactly to the balance), a reduction
    (``amount_cents`` off, at most the balance) or a waiver (the whole balance), approved by ``by``."""
    invoice = _locked(invoice)
    balance = queries.bill(invoice).balance
    today = timezone.localdate()
    reason = reason.strip()
    if kind not in MeasureKind.values:
        raise ToolkitError(_("Choose a kind of measure."))
    if not reason:
        raise ToolkitError(_("Say why: a solidarity measure needs a reason."))
    if balance == 0:
        raise ToolkitError(_("Nothing is due on this invoice."))
    fields: dict[str, Any] = {}
    if kind == MeasureKind.DEFERRAL:
        if new_due_on is None or new_due_on <= today:
            raise ToolkitError(_("A deferral needs a new due date after today."))
        fields["new_due_on"] = new_due_on
    elif kind == MeasureKind.INSTALMENTS:
        if not 2 <= instalments <= MAX_INSTALMENTS:
            raise ToolkitError(_("An instalment plan has from 2 to %(max)s instalments.") % {"max": MAX_INSTALMENTS})
        if first_due_on is None or first_due_on < today:
            raise ToolkitError(_("The first instalment cannot be due in the past."))
    elif kind == MeasureKind.REDUCTION:
        if amount_cents <= 0 or amount_cents > balance:
            raise ToolkitError(_("A reduction must be more than zero and at most what is due (%(due)s).")
                               % {"due": dues.format_cents(balance)})
        fields["amount_cents"] = amount_cents
    else:
        fields["amount_cents"] = balance
    measure = SolidarityMeasure.objects.create(invoice=invoice, kind=kind, reason=reason, approved_by=by, **fields)
    if kind == MeasureKind.INSTALMENTS and first_due_on is not None:
        Instalment.objects.bulk_create([
            Instalment(measure=measure, due_on=dues.add_months(first_due_on, i), amount_cents=part)
            for i, part in enumerate(dues.split(balance, instalments))])
    log_activity(by, ActivityVerb.SOLIDARITY_GRANTED, invoice.reference, organisation=invoice.organisation_id,
                 invoice=invoice.pk, membership=invoice.membership_id, kind=kind, reason=reason,
                 amount_cents=measure.amount_cents,
                 new_due_on=new_due_on.isoformat() if kind == MeasureKind.DEFERRAL and new_due_on else None,
                 instalments=instalments if kind == MeasureKind.INSTALMENTS else None)
    return measure


# --- The periodic round ---------------------------------------------------------------------

def recompute_statuses(*, today: dt.date | None = None) -> int:
    """Every member's status from its dues; returns how many changed (each logged)."""
    from alliance.community.models import OrganisationType

    today = today or timezone.localdate()
    changed = 0
    for organisation in Organisation.objects.filter(type=OrganisationType.CLUSTER_ORGANISATION,
                                                    facilitated_clusters__isnull=False).distinct():
        for row in queries.member_rows(organisation, today):
            with transaction.atomic():
                standing, _created = Standing.objects.select_for_update().get_or_create(membership=row.membership)
                if standing.status == row.status and standing.status_since is not None:
                    continue
                before = standing.status
                standing.status, standing.status_since = row.status, today
                standing.save(update_fields=["status", "status_since"])
                if before != row.status:
                    changed += 1
                    log_activity(None, ActivityVerb.MEMBER_STATUS_CHANGED, str(row.membership),
                                 organisation=organisation.pk, membership=row.membership.pk,
                                 before=before, after=row.status)
    return changed


def send_reminders(*, now: dt.datetime | None = None) -> int:
    """A reminder, in the member's language, for every invoice with something overdue, at
    most once per invoice every 14 days (the claim on ``reminded_at`` is taken under a row
    lock, so two rounds at once send one)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    candidates = Invoice.objects.filter(due_on__lt=today).exclude(reminded_at__gt=now - REMIND_EVERY)
    for pk in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            invoice = Invoice.objects.select_for_update().filter(pk=pk).first()
            if invoice is None or (invoice.reminded_at and invoice.reminded_at > now - REMIND_EVERY):
                continue
            full = queries.invoice_of(invoice.organisation, invoice.pk)
            if full is None:  # pragma: no cover
                continue
            amount, since = dues.overdue(queries.bill(full), today)
            recipients = queries.member_recipients(full.membership)
            if not amount or since is None or not recipients:
                continue
            invoice.reminded_at = now
            invoice.save(update_fields=["reminded_at"])
            send_templated_mail_on_commit(
                to=recipients, template="toolkit/email/fee_reminder", language=full.language,
                context={"member": full.membership.organisation.name, "organisation": full.organisation.name,
                         "invoice_number": full.reference, "amount": dues.format_cents(amount),
                         "currency": full.currency, "due_on": since.isoformat()})
            log_activity(None, ActivityVerb.FEE_REMINDER_SENT, full.reference, organisation=full.organisation_id,
                         invoice=full.pk, membership=full.membership_id, amount_cents=amount)
            sent += 1
    return sent


# --- Innovation projects --------------------------------------------------------------------

_REFUSALS = {
    continuity.UNKNOWN_STATUS: lambda cur, to: _("Choose a status."),
    continuity.SAME_STATUS: lambda cur, to: _("The project is %(status)s already: nothing was changed.")
    % {"status": ProjectStatus(cur).label.lower()},
    continuity.NOT_ALLOWED: lambda cur, to: _allowed_message(cur, to),
    continuity.REASON_NEEDED: lambda cur, to: _("Say why: pausing or stopping a project needs a reason from the "
                                                "list. Nothing was changed."),
    continuity.UNKNOWN_REASON: lambda cur, to: _("Choose a reason from the list."),
    continuity.NOTE_NEEDED: lambda cur, to: _("The reason is “other”: say what it is in the note. Nothing was "
                                              "changed."),
}


def _allowed_message(current: str, to: str) -> str:
    allowed = continuity.allowed_next(current)
    if not allowed:
        return _("The project is %(status)s: its status cannot change any more. Nothing was changed.") % {
            "status": ProjectStatus(current).label.lower()}
    return _("The project is %(current)s: it cannot become %(to)s now, only %(allowed)s. Nothing was changed.") % {
        "current": ProjectStatus(current).label.lower(), "to": ProjectStatus(to).label.lower(),
        "allowed": ", ".join(str(ProjectStatus(s).label).lower() for s in allowed)}


def _check_project(*, title: str, partners: Sequence[Organisation], organisation: Organisation,
                   budget_cents: int | None, starts_on: dt.date | None, ends_on: dt.date | None) -> str:
    title = title.strip()
    if not title:
        raise ToolkitError(_("A project needs a title."))
    if budget_cents is not None and budget_cents < 0:
        raise ToolkitError(_("An amount cannot be negative."))
    if starts_on and ends_on and ends_on < starts_on:
        raise ToolkitError(_("A project cannot end before it starts."))
    if any(p.pk == organisation.pk for p in partners):
        raise ToolkitError(_("The organisation itself is not one of its partners."))
    return title


@transaction.atomic
def create_project(*, by: User, organisation: Organisation, title: str, partners: Sequence[Organisation] = (),
                   funding_programme: str = "", budget_cents: int | None = None,
                   currency: str = DEFAULT_CURRENCY, starts_on: dt.date | None = None,
                   ends_on: dt.date | None = None, ecosystem: Ecosystem | None = None,
                   involvement: str = ProjectInvolvement.RUNS, at: dt.datetime | None = None) -> Project:
    """A project, active from ``at`` (now by default): its first timeline row says so."""
    title = _check_project(title=title, partners=partners, organisation=organisation, budget_cents=budget_cents,
                           starts_on=starts_on, ends_on=ends_on)
    if involvement not in ProjectInvolvement.values:
        raise ToolkitError(_("Say whether the organisation runs or brokers the project."))
    project = Project.objects.create(
        organisation=organisation, title=title[:200], involvement=involvement,
        funding_programme=funding_programme.strip()[:200], budget_cents=budget_cents, currency=currency,
        starts_on=starts_on, ends_on=ends_on, ecosystem=ecosystem, created_by=by)
    project.partners.set(partners)
    ProjectChange.objects.create(project=project, from_status="", to_status=ProjectStatus.ACTIVE, by=by,
                                 at=at or timezone.now())
    log_activity(by, ActivityVerb.PROJECT_CREATED, project.title, organisation=organisation.pk, project=project.pk,
                 partners=[p.pk for p in partners])
    return project


def _locked_project(project: Project) -> ProjectChange:
    """The project row locked (two changes at once are decided one at a time), and its
    current change."""
    Project.objects.select_for_update().filter(pk=project.pk).first()
    last = queries.current_change(project)
    if last is None:  # pragma: no cover - create_project always writes the first change
        raise ToolkitError(_("This project has no status yet."))
    return last


@transaction.atomic
def change_project_status(*, by: User | None, project: Project, to_status: str, reason: str = "", note: str = "",
                          needed_to_resume: str = "", at: dt.datetime | None = None) -> ProjectChange:
    """The next step of the timeline, if continuity.py allows it; refused with a message
    (and nothing written) otherwise. ``needed_to_resume`` is kept on a pause or a stop."""
    last = _locked_project(project)
    note, needed_to_resume = note.strip(), needed_to_resume.strip()
    why = continuity.refusal(last.to_status, to_status, reason, note)
    if why is not None:
        raise ToolkitError(_REFUSALS[why](last.to_status, to_status))
    at = at or timezone.now()
    if at < last.at:
        raise ToolkitError(_("A change cannot be dated before the project's last change."))
    if at > timezone.now():
        raise ToolkitError(_("A change cannot be dated in the future."))
    change = ProjectChange.objects.create(
        project=project, from_status=last.to_status, to_status=to_status, reason=reason, note=note[:1000],
        needed_to_resume=needed_to_resume[:2000] if to_status in continuity.INTERRUPTED else "", by=by, at=at)
    log_activity(by, ActivityVerb.PROJECT_STATUS_CHANGED, project.title, organisation=project.organisation_id,
                 project=project.pk, before=last.to_status, after=to_status, reason=reason, note=note[:1000])
    return change


def _interruption(project: Project) -> ProjectChange:
    last = _locked_project(project)
    if last.to_status not in continuity.INTERRUPTED:
        raise ToolkitError(_("This project is neither paused nor stopped: nothing is needed to resume it."))
    return last


@transaction.atomic
def set_needed_to_resume(*, by: User, project: Project, text: str) -> ProjectChange:
    """What would let a paused or stopped project go on, on its current pause or stop."""
    change = _interruption(project)
    text = text.strip()
    if not text:
        raise ToolkitError(_("Say what is needed to resume the project."))
    change.needed_to_resume = text[:2000]
    change.save(update_fields=["needed_to_resume"])
    log_activity(by, ActivityVerb.PROJECT_NEEDS_SET, project.title, organisation=project.organisation_id,
                 project=project.pk, change=change.pk)
    return change


@transaction.atomic
def post_project_need(*, by: User, project: Project, kind: str) -> Post:
    """What a paused or stopped project needs to resume, posted to the exchange in one click
    on behalf of the project's organisation (as a need or a partner search), and linked
    to the pause or stop. Once per pause or stop: a second click is refused."""
    change = _interruption(project)
    change = ProjectChange.objects.select_for_update().get(pk=change.pk)
    if change.post_id is not None:
        raise ToolkitError(_("What this project needs is already posted to the exchange."))
    if kind not in (PostKind.NEED, PostKind.PARTNER_SEARCH):
        raise ToolkitError(_("Post it as a need or as a partner search."))
    if not change.needed_to_resume:
        raise ToolkitError(_("Say what is needed to resume the project first."))
    title = _("To resume: %(title)s") % {"title": project.title}
    fields: dict[str, Any] = {"kind": kind, "title": title[:160], "text": change.needed_to_resume[:5000],
                              "language": "unknown"}
    if kind == PostKind.PARTNER_SEARCH:
        fields["roles_wanted"] = change.needed_to_resume[:2000]
    try:
        post = exchange_actions.create_post(by=by, organisation=project.organisation, fields=fields,
                                            ecosystems=[project.ecosystem_id] if project.ecosystem_id else [])
    except (exchange_actions.ExchangeError, ValidationError) as error:  # pragma: no cover - fields are ours
        raise ToolkitError(_("The post was refused: %(why)s") % {"why": error}) from error
    change.post = post
    change.save(update_fields=["post"])
    log_activity(by, ActivityVerb.PROJECT_POSTED, project.title, organisation=project.organisation_id,
                 project=project.pk, change=change.pk, post=post.pk, kind=kind)
    return post


# --- Member surveys -------------------------------------------------------------------------

SURVEY_SALT = "toolkit.survey"
MAX_QUESTIONS = 5
MAX_OPTIONS = 10


def _check_questions(questions: Sequence[tuple[str, Sequence[str]]]) -> list[tuple[str, list[str]]]:
    cleaned = [(text.strip(), [o.strip() for o in options if o.strip()]) for text, options in questions]
    cleaned = [(text, options) for text, options in cleaned if text or options]
    if not cleaned:
        raise ToolkitError(_("A survey needs at least one question."))
    if len(cleaned) > MAX_QUESTIONS:
        raise ToolkitError(_("A survey has at most %(max)s questions.") % {"max": MAX_QUESTIONS})
    for text, options in cleaned:
        if not text:
            raise ToolkitError(_("Every question needs its text."))
        if not 2 <= len(options) <= MAX_OPTIONS:
            raise ToolkitError(_("“%(question)s” needs from 2 to %(max)s answers to choose from, one a line.")
                               % {"question": text, "max": MAX_OPTIONS})
        if len({o.casefold() for o in options}) != len(options):
            raise ToolkitError(_("“%(question)s” has the same answer twice.") % {"question": text})
    return cleaned


@transaction.atomic
def create_survey(*, by: User, organisation: Organisation, title: str,
                  questions: Sequence[tuple[str, Sequence[str]]], closes_on: dt.date,
                  opens_on: dt.date | None = None) -> Survey:
    """A survey with its questions, each with its answers in the order given (a scale from
    one end to the other). Nothing is sent yet: ``send_survey`` does."""
    title = title.strip()
    opens_on = opens_on or timezone.localdate()
    if not title:
        raise ToolkitError(_("A survey needs a title."))
    if closes_on < opens_on:
        raise ToolkitError(_("A survey cannot close before it opens."))
    if closes_on < timezone.localdate():
        raise ToolkitError(_("A survey cannot close in the past."))
    cleaned = _check_questions(questions)
    survey = Survey.objects.create(organisation=organisation, title=title[:200], opens_on=opens_on,
                                   closes_on=closes_on, created_by=by)
    SurveyQuestion.objects.bulk_create([SurveyQuestion(survey=survey, position=i, text=text[:300],
                                                       options=[o[:200] for o in options])
                                        for i, (text, options) in enumerate(cleaned)])
    log_activity(by, ActivityVerb.SURVEY_CREATED, survey.title, organisation=organisation.pk, survey=survey.pk,
                 questions=len(cleaned))
    return survey


def survey_token(invitation: SurveyInvitation) -> str:
    """The signed link's token: it names the survey and the member's invitation, so a token
    of one survey opens nothing on another."""
    return signing.dumps({"s": invitation.survey_id, "i": invitation.pk}, salt=SURVEY_SALT)


def survey_link(invitation: SurveyInvitation) -> str:
    return settings.SITE_URL + reverse("toolkit:survey-answer", args=[invitation.survey_id, survey_token(invitation)])


def invitation_from_token(survey_pk: int, token: str) -> SurveyInvitation:
    """The invitation a link names, or ToolkitError for a forged, altered or foreign one.
    No max_age: the survey's close date ends the link's use."""
    try:
        data = signing.loads(token, salt=SURVEY_SALT)
    except signing.BadSignature as error:
        raise ToolkitError(_("This link is not valid.")) from error
    invitation = None
    if isinstance(data, dict) and data.get("s") == survey_pk and isinstance(data.get("i"), int):
        invitation = (SurveyInvitation.objects.select_related("survey__organisation", "member")
                      .filter(pk=data["i"], survey_id=survey_pk).first())
    if invitation is None:
        raise ToolkitError(_("This link is not valid."))
    return invitation


def _closed_message(survey: Survey) -> str:
    return _("This survey closed on %(date)s: nothing was changed.") % {"date": survey.closes_on.isoformat()}


@transaction.atomic
def send_survey(*, by: User, survey: Survey, today: dt.date | None = None) -> int:
    """One signed link per current member organisation with a contact address, in the
    member's language, to its contact people. Sending again reaches only the members not
    asked yet (new members); returns how many were asked now."""
    today = today or timezone.localdate()
    Survey.objects.select_for_update().filter(pk=survey.pk).first()
    if today > survey.closes_on:
        raise ToolkitError(_closed_message(survey))
    asked = set(SurveyInvitation.objects.filter(survey=survey).values_list("member_id", flat=True))
    sent = 0
    for membership in queries.survey_members(survey.organisation, today):
        recipients = queries.survey_recipients(membership)
        if membership.organisation_id in asked or not recipients:
            continue
        invitation = SurveyInvitation.objects.create(survey=survey, member=membership.organisation,
                                                     language=queries.member_language(membership))
        send_templated_mail_on_commit(
            to=recipients, template="toolkit/email/survey", language=invitation.language,
            context={"member": membership.organisation.name, "organisation": survey.organisation.name,
                     "title": survey.title, "closes_on": survey.closes_on.isoformat(),
                     "url": survey_link(invitation)})
        sent += 1
    log_activity(by, ActivityVerb.SURVEY_SENT, survey.title, organisation=survey.organisation_id, survey=survey.pk,
                 sent=sent)
    return sent


@transaction.atomic
def answer_survey(*, invitation: SurveyInvitation, choices: dict[int, int],
                  today: dt.date | None = None) -> None:
    """The member's answers (question id → option index), once: a second answer, one
    after the close or before the opening, or one that skips a question is refused and
    nothing is changed. The invitation row is locked, so two answers at once record one."""
    today = today or timezone.localdate()
    invitation = SurveyInvitation.objects.select_for_update().select_related("survey", "member").get(pk=invitation.pk)
    survey = invitation.survey
    if invitation.answered_at is not None:
        raise ToolkitError(_("This survey was already answered for %(member)s on %(date)s: the first answer counts, "
                             "nothing was changed.") % {"member": invitation.member.name,
                                                        "date": timezone.localdate(invitation.answered_at).isoformat()})
    if today > survey.closes_on:
        raise ToolkitError(_closed_message(survey))
    if today < survey.opens_on:
        raise ToolkitError(_("This survey opens on %(date)s: nothing was recorded.")
                           % {"date": survey.opens_on.isoformat()})
    questions = list(survey.questions.all())
    for question in questions:
        choice = choices.get(question.pk)
        if choice is None or not 0 <= choice < len(question.options):
            raise ToolkitError(_("Answer every question: nothing was recorded."))
    SurveyAnswer.objects.bulk_create([SurveyAnswer(invitation=invitation, question=q, choice=choices[q.pk])
                                      for q in questions])
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answered_at"])
    log_activity(None, ActivityVerb.SURVEY_ANSWERED, survey.title, organisation=survey.organisation_id,
                 survey=survey.pk, member=invitation.member_id)
