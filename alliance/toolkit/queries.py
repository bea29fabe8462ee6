"""Reads for the toolkit. Lists fetch their related rows in a fixed number of queries;
what a member owes is computed by dues.py from the rows as plain data."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from alliance.accounts.predicates import coordinator
from alliance.community.models import (
    Membership,
    Organisation,
    OrganisationRole,
    OrganisationRoleKind,
    OrganisationType,
    Person,
)
from alliance.lib.env import env_int
from alliance.toolkit import continuity as continuity_rules
from alliance.toolkit import dues
from alliance.toolkit.models import (
    ChangeReason,
    FeeTier,
    Invoice,
    MeasureKind,
    Project,
    ProjectChange,
    ProjectStatus,
    SolidarityMeasure,
    Standing,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
)

DEFAULT_GRACE_DAYS = env_int("ALLIANCE_TOOLKIT_GRACE_DAYS", 30, minimum=0)


def grace_days() -> int:
    """Days an overdue member stays *in grace* before it is *lapsed*: settings.TOOLKIT_GRACE_DAYS
    if set, else the environment's ALLIANCE_TOOLKIT_GRACE_DAYS, else 30."""
    return int(getattr(settings, "TOOLKIT_GRACE_DAYS", DEFAULT_GRACE_DAYS))


def workspaces_of(user: Any) -> QuerySet[Organisation]:
    """The cluster organisations whose workspace the user may open: all of them for a
    coordinator, the ones they manage for anyone else."""
    qs = Organisation.objects.filter(type=OrganisationType.CLUSTER_ORGANISATION)
    if not coordinator(user):
        qs = qs.filter(pk__in=OrganisationRole.objects.filter(
            user=user, role=OrganisationRoleKind.MANAGER).values("organisation_id"))
    return qs.order_by("name", "id")


def _current(today: dt.date) -> Q:
    return Q(until__isnull=True) | Q(until__gte=today)


def memberships(organisation: Organisation, *, today: dt.date | None = None,
                include_past: bool = False) -> QuerySet[Membership]:
    """The members: the registry's Memberships of the clusters this organisation facilitates."""
    qs = Membership.objects.filter(cluster__organisation=organisation)
    if not include_past:
        qs = qs.filter(_current(today or timezone.localdate()))
    return qs.select_related("organisation", "cluster", "standing__tier").order_by(
        "organisation__name", "cluster__name", "since")


def membership_of(organisation: Organisation, pk: int) -> Membership | None:
    """One membership, only if it is of this organisation's clusters (past ones too: a
    member's page keeps its history)."""
    return memberships(organisation, include_past=True).filter(pk=pk).first()


def is_current_member(organisation: Organisation, membership: Membership, today: dt.date | None = None) -> bool:
    return memberships(organisation, today=today).filter(pk=membership.pk).exists()


def tiers(organisation: Organisation) -> QuerySet[FeeTier]:
    return FeeTier.objects.filter(organisation=organisation)


def tier_for(membership: Membership, organisation: Organisation) -> FeeTier | None:
    """The member's own tier, else the tier of its company size, else the tier for any size."""
    standing = Standing.objects.filter(membership=membership).select_related("tier").first()
    if standing is not None and standing.tier is not None and standing.tier.organisation_id == organisation.pk:
        return standing.tier
    candidates = list(tiers(organisation))
    size = membership.organisation.size
    return (next((t for t in candidates if size and t.company_size == size), None)
            or next((t for t in candidates if not t.company_size), None))


def invoices(organisation: Organisation) -> QuerySet[Invoice]:
    return (Invoice.objects.filter(organisation=organisation)
            .select_related("membership__organisation", "membership__cluster")
            .prefetch_related("lines", "payments",
                              Prefetch("measures", queryset=SolidarityMeasure.objects.select_related("approved_by")
                                       .prefetch_related("instalments"))))


def invoice_of(organisation: Organisation, pk: int) -> Invoice | None:
    return invoices(organisation).filter(pk=pk).first()


def bill(invoice: Invoice) -> dues.Bill:
    """An invoice (with its lines, payments and measures prefetched) as dues.py's plain data.
    The latest deferral and the latest instalment plan count; reductions and waivers add up."""
    measures = list(invoice.measures.all())
    deferrals = [m for m in measures if m.kind == MeasureKind.DEFERRAL and m.new_due_on]
    plans = [m for m in measures if m.kind == MeasureKind.INSTALMENTS]
    return dues.Bill(
        total=sum(line.amount_cents for line in invoice.lines.all()),
        due_on=invoice.due_on,
        paid=sum(p.amount_cents for p in invoice.payments.all()),
        reduced=sum(m.amount_cents for m in measures if m.kind in (MeasureKind.REDUCTION, MeasureKind.WAIVER)),
        deferred_to=deferrals[-1].new_due_on if deferrals else None,
        instalments=tuple((i.due_on, i.amount_cents) for i in plans[-1].instalments.all()) if plans else (),
    )


@dataclass
class MemberRow:
    membership: Membership
    status: str
    billed: int = 0
    paid: int = 0
    balance: int = 0
    overdue: int = 0
    overdue_since: dt.date | None = None
    bills: list[dues.Bill] = field(default_factory=list)

    @property
    def days_overdue(self) -> int:
        return dues.age_in_days(self.overdue_since, timezone.localdate()) if self.overdue_since else 0


@dataclass
class Workspace:
    organisation: Organisation
    members: list[MemberRow]
    buckets: dict[str, int]
    billed: int
    paid: int
    reduced: int
    overdue: int
    measures: dict[str, int]
    currency: str
    statuses: dict[str, int]


def member_rows(organisation: Organisation, today: dt.date | None = None) -> list[MemberRow]:
    today = today or timezone.localdate()
    by_membership: dict[int, list[dues.Bill]] = defaultdict(list)
    for invoice in invoices(organisation):
        by_membership[invoice.membership_id].append(bill(invoice))
    rows = []
    for membership in memberships(organisation, today=today):
        bills = by_membership.get(membership.pk, [])
        row = MemberRow(membership=membership, status=dues.status(bills, today, grace_days()), bills=bills)
        for b in bills:
            row.billed += b.total
            row.paid += b.paid
            row.balance += b.balance
            amount, since = dues.overdue(b, today)
            row.overdue += amount
            if since is not None and (row.overdue_since is None or since < row.overdue_since):
                row.overdue_since = since
        rows.append(row)
    return rows


def workspace(organisation: Organisation, today: dt.date | None = None) -> Workspace:
    """Everything the workspace page counts, from the same rows the member pages show."""
    today = today or timezone.localdate()
    rows = member_rows(organisation, today)
    all_bills = [bill(invoice) for invoice in invoices(organisation)]
    measures = Counter(SolidarityMeasure.objects.filter(invoice__organisation=organisation)
                       .values_list("kind", flat=True))
    currencies = set(Invoice.objects.filter(organisation=organisation).values_list("currency", flat=True))
    return Workspace(
        organisation=organisation, members=rows, buckets=dues.buckets(all_bills, today),
        billed=sum(b.total for b in all_bills), paid=sum(b.paid for b in all_bills),
        reduced=sum(min(b.reduced, b.total) for b in all_bills),
        overdue=sum(dues.overdue(b, today)[0] for b in all_bills),
        measures={kind: measures.get(kind, 0) for kind in MeasureKind.values},
        # One currency per workspace in practice; a second one is shown, not summed silently.
        currency=", ".join(sorted(currencies)) or "EUR",
        statuses=dict(Counter(row.status for row in rows)),
    )


def eligible_managers(organisation: Organisation) -> QuerySet[Person]:
    """Registry contact people of the organisation (affiliated to it, or named as its
    contacts) with an account, who are not managers yet."""
    managers = OrganisationRole.objects.filter(organisation=organisation, role=OrganisationRoleKind.MANAGER)
    return (Person.objects.filter(Q(affiliation=organisation) | Q(contact_for=organisation), user__isnull=False,
                                  user__is_active=True)
            .exclude(user__in=managers.values("user_id")).select_related("user").distinct().order_by("name"))


def managers(organisation: Organisation) -> QuerySet[OrganisationRole]:
    return (OrganisationRole.objects.filter(organisation=organisation, role=OrganisationRoleKind.MANAGER)
            .select_related("user").order_by("since"))


def member_language(membership: Membership) -> str:
    """The member's language for its invoices and reminders: the first language of its
    people the site speaks (their accounts' choice first), else the site's default."""
    offered = {code for code, _name in settings.LANGUAGES}
    people = Person.objects.filter(Q(affiliation=membership.organisation) | Q(contact_for=membership.organisation)
                                   ).select_related("user").order_by("id").distinct()
    for person in people:
        if person.user is not None and person.user.language in offered:
            return str(person.user.language)
        for code in person.language_list:
            if code in offered:
                return code
    return str(settings.LANGUAGE_CODE).split("-")[0]


def member_recipients(membership: Membership) -> list[str]:
    people = Person.objects.filter(Q(affiliation=membership.organisation) | Q(contact_for=membership.organisation)
                                   ).order_by("id").distinct()
    return sorted({p.email for p in people if p.email})


# --- Innovation projects --------------------------------------------------------------------

def _last_change() -> QuerySet[ProjectChange]:
    return ProjectChange.objects.filter(project=OuterRef("pk")).order_by("-at", "-id")


def projects(organisation: Organisation) -> QuerySet[Project]:
    """The organisation's projects, each annotated with its current ``status`` and
    ``status_since`` (its last change's), partners and ecosystem fetched."""
    last = _last_change()
    return (Project.objects.filter(organisation=organisation)
            .annotate(status=Subquery(last.values("to_status")[:1]), status_since=Subquery(last.values("at")[:1]))
            .select_related("ecosystem").prefetch_related("partners"))


def project_of(organisation: Organisation, pk: int) -> Project | None:
    return projects(organisation).filter(pk=pk).first()


def project_timeline(project: Project) -> list[ProjectChange]:
    return list(project.changes.select_related("by", "post").order_by("at", "id"))


def current_change(project: Project) -> ProjectChange | None:
    return project.changes.select_related("post").order_by("-at", "-id").first()


def project_statuses(organisation: Organisation) -> dict[str, int]:
    """How many projects are in each status, every status named (zeros too)."""
    # The plugin does not see the annotation ``projects`` adds.
    counted = Counter(projects(organisation).values_list("status", flat=True))  # type: ignore[misc]
    return {status: counted.get(status, 0) for status in ProjectStatus.values}


@dataclass
class Interruption:
    project: Project
    change: ProjectChange


@dataclass
class ReasonGroup:
    reason: str
    label: str
    rows: list[Interruption]


def continuity(organisation: Organisation, since: dt.date) -> list[ReasonGroup]:
    """The projects paused or stopped now, whose pause or stop was on ``since`` or later,
    grouped by its reason (in the list's order; a change without a reason last)."""
    start = dt.datetime.combine(since, dt.time.min, tzinfo=timezone.get_current_timezone())
    latest = (ProjectChange.objects.filter(project__organisation=organisation)
              .annotate(latest=Subquery(ProjectChange.objects.filter(project=OuterRef("project"))
                                        .order_by("-at", "-id").values("id")[:1]))
              .filter(id=F("latest"), to_status__in=continuity_rules.INTERRUPTED, at__gte=start)
              .select_related("project__ecosystem", "post").prefetch_related("project__partners")
              .order_by("-at", "-id"))
    grouped: dict[str, list[Interruption]] = defaultdict(list)
    for change in latest:
        change.project.status = change.to_status  # type: ignore[attr-defined]
        grouped[change.reason].append(Interruption(change.project, change))
    labels = dict(ChangeReason.choices)
    return [ReasonGroup(reason, str(labels.get(reason, "—")), grouped[reason])
            for reason in [*ChangeReason.values, ""] if grouped.get(reason)]


# --- Member surveys -------------------------------------------------------------------------

def surveys(organisation: Organisation) -> QuerySet[Survey]:
    """The organisation's surveys, each annotated with ``sent`` and ``answered`` counts."""
    return (Survey.objects.filter(organisation=organisation)
            .annotate(sent=Count("invitations", distinct=True),
                      answered=Count("invitations", filter=Q(invitations__answered_at__isnull=False), distinct=True))
            .prefetch_related("questions"))


def survey_of(organisation: Organisation, pk: int) -> Survey | None:
    return surveys(organisation).filter(pk=pk).first()


def survey_members(organisation: Organisation, today: dt.date | None = None) -> list[Membership]:
    """One current membership per member organisation (a member of two of the clusters is
    asked once), in the members' order."""
    seen: set[int] = set()
    rows = []
    for membership in memberships(organisation, today=today):
        if membership.organisation_id not in seen:
            seen.add(membership.organisation_id)
            rows.append(membership)
    return rows


def survey_recipients(membership: Membership) -> list[str]:
    """The member's contact people (affiliated to it or named as its contacts): the
    address of their registry entry, else of their account."""
    people = Person.objects.filter(Q(affiliation=membership.organisation) | Q(contact_for=membership.organisation)
                                   ).select_related("user").order_by("id").distinct()
    return sorted({p.email or (p.user.email if p.user else "") for p in people} - {""})


@dataclass
class QuestionResult:
    question: SurveyQuestion
    rows: list[tuple[str, int, int]]  # option, answers, per cent of the answers
    answered: int


def survey_results(survey: Survey) -> list[QuestionResult]:
    """Per question, every option in its order with its count (zeros too) and its share."""
    counted = Counter(SurveyAnswer.objects.filter(question__survey=survey).values_list("question_id", "choice"))
    results = []
    for question in survey.questions.all():
        counts = [counted.get((question.pk, i), 0) for i in range(len(question.options))]
        total = sum(counts)
        results.append(QuestionResult(question, [
            (str(option), n, round(100 * n / total) if total else 0)
            for option, n in zip(question.options, counts, strict=True)], total))
    return results
