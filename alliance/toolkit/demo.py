"""A demo toolkit (issue 12, items 1–3) over the demo registry: three cluster organisations
with members, tiers, a year of invoices — some paid, some partly, some in arrears in every
age bucket, some deferred, on an instalment plan, reduced or waived — and a demo manager
account for the first one, so the workspace has something on every page in ``make run``.

Everything is written through toolkit.actions, as the pages do, from one seeded random
generator: two runs give the same workspace. Invoices are issued with past dates (the
actions take them), so arrears have ages. The caller (community's seed_demo) runs it after
community.demo and prints ``MANAGER_EMAIL`` with the other logins (password DEMO_PASSWORD).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from alliance.accounts.models import Role, User
from alliance.community.demo import DEMO_PASSWORD
from alliance.community.models import (
    CompanySize,
    Ecosystem,
    Organisation,
    OrganisationRole,
    OrganisationType,
    Person,
)
from alliance.toolkit import actions, queries

MANAGER_EMAIL = "manager@alliance.example"
MANAGER_NAME = "Maite Manager"
ORGANISATIONS = 3
MEMBERS_EACH = 14
TIERS = (("Micro", CompanySize.MICRO, 15_000), ("Small", CompanySize.SMALL, 40_000),
         ("Medium", CompanySize.MEDIUM, 90_000), ("Large", CompanySize.LARGE, 250_000), ("Associate", "", 20_000))
REASONS = ("Production stopped during the lockdown", "Orders cancelled by the main customer",
           "Waiting for the regional support scheme", "Short-time work for most of the staff")


@dataclass(frozen=True)
class Counts:
    organisations: int
    invoices: int
    payments: int
    measures: int


def _manager(organisation: Organisation) -> User:
    user = User.objects.filter(email=MANAGER_EMAIL).first()
    if user is None:
        user = User.objects.create_user(MANAGER_EMAIL, DEMO_PASSWORD, name=MANAGER_NAME, role=Role.PARTICIPANT)
    if not Person.objects.filter(user=user).exists():
        Person.objects.create(user=user, name=MANAGER_NAME, email=MANAGER_EMAIL, affiliation=organisation)
    OrganisationRole.objects.update_or_create(user=user, organisation=organisation, defaults={"role": "manager"})
    return user


@transaction.atomic
def seed(*, seed: int) -> Counts:
    rng = random.Random(seed)
    today = timezone.localdate()
    chosen = list(Organisation.objects.filter(type=OrganisationType.CLUSTER_ORGANISATION)
                  .annotate(n=Count("facilitated_clusters__memberships")).filter(n__gte=3).order_by("-n", "id")
                  [:ORGANISATIONS])
    invoices = payments = measures = 0
    manager = None
    for index, organisation in enumerate(chosen):
        manager = _manager(organisation) if index == 0 else manager
        by = manager or User.objects.filter(role=Role.COORDINATOR).order_by("id").first()
        if by is None:
            continue
        for name, size, fee in TIERS:
            actions.save_tier(by=by, organisation=organisation, name=name, company_size=size, yearly_fee_cents=fee)
        for membership in list(queries.memberships(organisation))[:MEMBERS_EACH]:
            issued = today - dt.timedelta(days=rng.choice((5, 20, 45, 75, 100, 130, 200)))
            try:
                invoice = actions.issue_yearly_fee(by=by, organisation=organisation, membership=membership,
                                                   year=issued.year, issued_on=max(issued, membership.since),
                                                   due_on=max(issued, membership.since) + dt.timedelta(days=30))
            except actions.ToolkitError:
                continue
            invoices += 1
            due = queries.bill(invoice).balance
            fate = rng.random()
            if fate < 0.35:
                actions.record_payment(by=by, invoice=invoice, amount_cents=due, paid_on=min(today, invoice.due_on),
                                       method=rng.choice(("bank_transfer", "direct_debit")))
                payments += 1
            elif fate < 0.5:
                actions.record_payment(by=by, invoice=invoice, amount_cents=due // 2, paid_on=today,
                                       method="bank_transfer")
                payments += 1
            elif fate < 0.62:
                actions.grant_measure(by=by, invoice=invoice, kind="deferral", reason=rng.choice(REASONS),
                                      new_due_on=today + dt.timedelta(days=rng.choice((30, 60, 90))))
                measures += 1
            elif fate < 0.7:
                actions.grant_measure(by=by, invoice=invoice, kind="instalments", reason=rng.choice(REASONS),
                                      instalments=rng.choice((3, 4, 6)), first_due_on=today)
                measures += 1
            elif fate < 0.76:
                actions.grant_measure(by=by, invoice=invoice, kind=rng.choice(("reduction", "waiver")),
                                      reason=rng.choice(REASONS), amount_cents=due // 2)
                measures += 1
            # The rest stay unpaid: arrears of every age.
    actions.recompute_statuses(today=today)
    seed_projects(seed=seed)
    seed_surveys(seed=seed)
    return Counts(organisations=len(chosen), invoices=invoices, payments=payments, measures=measures)


# --- Innovation projects (issue 12, item 3) -------------------------------------------------

PROJECTS = (
    # title, programme, budget (cents), the status steps: (status, reason, note, needed to resume, days ago)
    ("Recyclable composite parts", "Horizon Europe", 180_000_000, ()),
    ("Predictive maintenance pilot", "ERDF regional programme", 45_000_000,
     (("paused", "lockdown", "The partners' plants are closed", "Remote access to the test line", 40),)),
    ("Hydrogen test bench", "Innovation Fund", 320_000_000,
     (("stopped", "partner_withdrew", "", "A partner able to run fatigue tests on composite parts", 25),)),
    ("Digital twin of the assembly line", "Digital Europe", 60_000_000,
     (("paused", "supply_shortage", "No sensors delivered since March", "200 vibration sensors", 70),
      ("resumed", "", "Sensors found through the exchange", "", 20))),
    ("Bio-based packaging", "LIFE", 25_000_000,
     (("paused", "funding_delayed", "The second instalment is late", "Bridge funding for three months", 15),)),
    ("Cobot training centre", "ESF+", 12_000_000,
     (("stopped", "other", "The training hall was requisitioned as a vaccination centre", "", 55),)),
    ("Smart textile sensors", "Eurostars", 80_000_000, (("completed", "", "", "", 10),)),
)


def seed_projects(*, seed: int) -> int:
    """Projects in every status, with their reasons, for each demo workspace; partners are
    other organisations of the registry. Returns how many were created."""
    rng = random.Random(seed)
    now = timezone.now()
    created = 0
    chosen = list(Organisation.objects.filter(type=OrganisationType.CLUSTER_ORGANISATION)
                  .annotate(n=Count("facilitated_clusters__memberships")).filter(n__gte=3).order_by("-n", "id")
                  [:ORGANISATIONS])
    others = list(Organisation.objects.exclude(type=OrganisationType.CLUSTER_ORGANISATION).order_by("id")[:200])
    ecosystems = list(Ecosystem.objects.order_by("position"))
    by = User.objects.filter(email=MANAGER_EMAIL).first() or User.objects.filter(
        role=Role.COORDINATOR).order_by("id").first()
    if by is None:
        return 0
    for organisation in chosen:
        for title, programme, budget, steps in PROJECTS:
            start = now - dt.timedelta(days=rng.choice((200, 300, 400)))
            project = actions.create_project(
                by=by, organisation=organisation, title=title, funding_programme=programme, budget_cents=budget,
                partners=rng.sample(others, min(len(others), rng.choice((1, 2, 3)))),
                starts_on=start.date(), ends_on=start.date() + dt.timedelta(days=730),
                ecosystem=rng.choice(ecosystems) if ecosystems else None, at=start)
            for status, reason, note, needed, days_ago in steps:
                actions.change_project_status(by=by, project=project, to_status=status, reason=reason, note=note,
                                              needed_to_resume=needed, at=now - dt.timedelta(days=days_ago))
            created += 1
    return created


# --- Member surveys (issue 12, item 6) ------------------------------------------------------

TURNOVER = ("How did the crisis affect your turnover?",
            ("−50 % or more", "−25 to −50 %", "−10 to −25 %", "about the same", "+10 % or more"))
STAFF = ("Did you have to put staff on short-time work?", ("No", "Some of them", "Most of them"))


def seed_surveys(*, seed: int) -> int:
    """A turnover survey in every demo workspace, sent to the members and answered by
    about two in three of them — a crisis's spread of answers, mostly losses."""
    from alliance.toolkit.models import SurveyInvitation

    rng = random.Random(seed + 6)
    today = timezone.localdate()
    surveys = 0
    for organisation in Organisation.objects.filter(user_roles__role="manager").distinct().order_by("pk")[:3]:
        manager = User.objects.filter(organisation_roles__organisation=organisation,
                                      organisation_roles__role="manager").first()
        if manager is None:
            continue
        survey = actions.create_survey(by=manager, organisation=organisation, title="The crisis and our members",
                                       questions=[TURNOVER, STAFF], closes_on=today + dt.timedelta(days=21),
                                       opens_on=today - dt.timedelta(days=7))
        actions.send_survey(by=manager, survey=survey, today=today)
        questions = list(survey.questions.order_by("position"))
        for invitation in SurveyInvitation.objects.filter(survey=survey).order_by("pk"):
            if rng.random() < 0.66:
                loss = min(4, max(0, int(rng.gauss(1.3, 1.1))))
                actions.answer_survey(invitation=invitation, today=today, choices={
                    questions[0].pk: loss, questions[1].pk: min(2, max(0, 2 - loss // 2 + rng.choice((-1, 0, 0))))})
        surveys += 1
    return surveys
