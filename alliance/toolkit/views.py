"""The toolkit's pages. Views parse, check access.py, call actions and render. Everything
under /toolkit/<organisation>/ answers 404 to whoever may not see that workspace, and
reads its rows through the organisation, so an id of another workspace finds nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.accounts.models import User
from alliance.community.models import ActivityLog, Membership, Organisation
from alliance.overview.charts import bar_chart
from alliance.toolkit import access, actions, continuity, dues, queries
from alliance.toolkit.forms import (
    ContinuityForm,
    InvoiceForm,
    ManagerForm,
    MeasureForm,
    NeededForm,
    PaymentForm,
    ProjectChangeForm,
    ProjectForm,
    SurveyAnswerForm,
    SurveyForm,
    TierForm,
)
from alliance.toolkit.models import FeeTier, Invoice, MeasureKind, Project, ProjectStatus, Survey
from alliance.toolkit.pdf import invoice_pdf

_MEMBER_VERBS = ("invoice.issued", "payment.recorded", "solidarity.granted", "member.status_changed",
                 "fee_reminder.sent", "member.tier_set")


def _me(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user


def _workspace(request: HttpRequest, org: int,
               right: Callable[[Any, Organisation], bool] = access.can_view_workspace) -> Organisation:
    """The workspace ``org`` if the user has ``right`` in it (every right of a workspace
    includes seeing it), else 404: one check, not the workspace's and then the action's."""
    organisation = get_object_or_404(Organisation, pk=org)
    if not right(request.user, organisation):
        raise Http404
    return organisation


def _member(organisation: Organisation, pk: int) -> Membership:
    membership = queries.membership_of(organisation, pk)
    if membership is None:
        raise Http404
    return membership


def _open_invoices(organisation: Organisation, membership: Membership) -> list[Invoice]:
    return [i for i in queries.invoices(organisation).filter(membership=membership) if queries.bill(i).balance]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if not access.can_open_toolkit(request.user):
        return render(request, "toolkit/home.html", {"organisations": []})
    return render(request, "toolkit/home.html", {"organisations": queries.workspaces_of(request.user)})


def workspace(request: HttpRequest, org: int) -> HttpResponse:
    organisation = _workspace(request, org)
    space = queries.workspace(organisation)
    arrears = sorted((row for row in space.members if row.overdue), key=lambda r: (-r.days_overdue, -r.overdue))
    return render(request, "toolkit/workspace.html", {
        "organisation": organisation, "space": space, "arrears": arrears,
        "buckets": list(space.buckets.items()), "tiers": queries.tiers(organisation),
        "tier_form": TierForm(), "managers": queries.managers(organisation),
        "manager_form": ManagerForm(people=queries.eligible_managers(organisation)),
        "can_make_manager": access.can_make_manager(request.user, organisation),
        "measure_labels": [(MeasureKind(k).label, n) for k, n in space.measures.items()],
        "grace_days": queries.grace_days(),
        "project_statuses": [(ProjectStatus(s).label, n) for s, n in queries.project_statuses(organisation).items()],
    })


@require_POST
def make_manager(request: HttpRequest, org: int) -> HttpResponse:
    organisation = _workspace(request, org, access.can_make_manager)
    form = ManagerForm(request.POST, people=queries.eligible_managers(organisation))
    if form.is_valid():
        try:
            actions.make_manager(by=_me(request), organisation=organisation, person=form.cleaned_data["person"])
        except actions.ToolkitError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(name)s is now a manager of this workspace.")
                             % {"name": form.cleaned_data["person"].name})
    else:
        messages.error(request, _("Only a contact person of this organisation with an account can be made a manager."))
    return redirect("toolkit:workspace", org=organisation.pk)


@require_POST
def save_tier(request: HttpRequest, org: int) -> HttpResponse:
    organisation = _workspace(request, org, access.can_manage_fees)
    form = TierForm(request.POST)
    if form.is_valid():
        actions.save_tier(by=_me(request), organisation=organisation, name=form.cleaned_data["name"],
                          company_size=form.cleaned_data["company_size"],
                          yearly_fee_cents=form.cleaned_data["yearly_fee"])
        messages.success(request, _("Tier saved."))
    else:
        messages.error(request, _("The tier was not saved: %(errors)s") % {"errors": _errors(form)})
    return redirect("toolkit:workspace", org=organisation.pk)


def _errors(form: object) -> str:
    errors = getattr(form, "errors", {})
    return " ".join(str(message) for field_errors in errors.values() for message in field_errors)


def member(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    organisation = _workspace(request, org)
    membership = _member(organisation, pk)
    return _member_page(request, organisation, membership)


def _member_page(request: HttpRequest, organisation: Organisation, membership: Membership, *,
                 invoice_form: InvoiceForm | None = None, payment_form: PaymentForm | None = None,
                 measure_form: MeasureForm | None = None, status: int = 200) -> HttpResponse:
    invoices = list(queries.invoices(organisation).filter(membership=membership))
    open_ids = [i.pk for i in invoices if queries.bill(i).balance]
    open_qs = Invoice.objects.filter(pk__in=open_ids)
    today = timezone.localdate()
    rows = []
    bills = []
    for invoice in invoices:
        bill = queries.bill(invoice)
        amount, since = dues.overdue(bill, today)
        bills.append(bill)
        rows.append({"invoice": invoice, "bill": bill, "overdue": amount, "since": since})
    history = ActivityLog.objects.filter(verb__in=_MEMBER_VERBS, data__membership=membership.pk).select_related(
        "actor").order_by("-at", "-id")[:100]
    return render(request, "toolkit/member.html", {
        "organisation": organisation, "membership": membership, "rows": rows,
        "status": dues.status(bills, today, queries.grace_days()),
        "balance": sum(b.balance for b in bills), "overdue": sum(r["overdue"] for r in rows),
        "tier": queries.tier_for(membership, organisation), "tiers": queries.tiers(organisation),
        "history": history, "current": queries.is_current_member(organisation, membership),
        "invoice_form": invoice_form or InvoiceForm(initial={"year": today.year}, prefix="invoice"),
        "payment_form": payment_form or PaymentForm(invoices=open_qs, prefix="payment"),
        "measure_form": measure_form or MeasureForm(invoices=open_qs, prefix="measure"),
        "has_open": bool(open_ids),
    }, status=status)


def _back(organisation: Organisation, membership: Membership) -> HttpResponse:
    return redirect(reverse("toolkit:member", args=[organisation.pk, membership.pk]))


@require_POST
def member_tier(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    organisation = _workspace(request, org, access.can_manage_fees)
    membership = _member(organisation, pk)
    tier = None
    if request.POST.get("tier"):
        tier = FeeTier.objects.filter(organisation=organisation, pk=request.POST["tier"]).first()
        if tier is None:
            messages.error(request, _("Choose one of this workspace's tiers."))
            return _back(organisation, membership)
    actions.set_member_tier(by=_me(request), organisation=organisation, membership=membership, tier=tier)
    messages.success(request, _("Tier set."))
    return _back(organisation, membership)


@require_POST
def issue_invoice(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    organisation = _workspace(request, org, access.can_manage_fees)
    membership = _member(organisation, pk)
    form = InvoiceForm(request.POST, prefix="invoice")
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data.get("description") or data.get("amount") is not None:
                invoice = actions.issue_invoice(
                    by=_me(request), organisation=organisation, membership=membership,
                    lines=[(data["description"] or _("Membership fee %(year)s") % {"year": data["year"]},
                            data["amount"])], due_on=data.get("due_on"))
            else:
                invoice = actions.issue_yearly_fee(by=_me(request), organisation=organisation,
                                                   membership=membership, year=data["year"],
                                                   due_on=data.get("due_on"))
        except actions.ToolkitError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Invoice %(ref)s issued.") % {"ref": invoice.reference})
            return _back(organisation, membership)
    return _member_page(request, organisation, membership, invoice_form=form, status=400)


@require_POST
def record_payment(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    organisation = _workspace(request, org, access.can_manage_fees)
    membership = _member(organisation, pk)
    invoices = Invoice.objects.filter(pk__in=[i.pk for i in _open_invoices(organisation, membership)])
    form = PaymentForm(request.POST, invoices=invoices, prefix="payment")
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_payment(by=_me(request), invoice=data["invoice"], amount_cents=data["amount"],
                                   paid_on=data["paid_on"], method=data["method"])
        except actions.ToolkitError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Payment recorded."))
            return _back(organisation, membership)
    return _member_page(request, organisation, membership, payment_form=form, status=400)


@require_POST
def grant_measure(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    organisation = _workspace(request, org, access.can_approve_measure)
    membership = _member(organisation, pk)
    invoices = Invoice.objects.filter(pk__in=[i.pk for i in _open_invoices(organisation, membership)])
    form = MeasureForm(request.POST, invoices=invoices, prefix="measure")
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.grant_measure(by=_me(request), invoice=data["invoice"], kind=data["kind"], reason=data["reason"],
                                  new_due_on=data.get("new_due_on"), amount_cents=data.get("amount") or 0,
                                  instalments=data.get("instalments") or 0, first_due_on=data.get("first_due_on"))
        except actions.ToolkitError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Solidarity measure recorded."))
            return _back(organisation, membership)
    return _member_page(request, organisation, membership, measure_form=form, status=400)


def invoice_download(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    organisation = _workspace(request, org)
    invoice = queries.invoice_of(organisation, pk)
    if invoice is None:
        raise Http404
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="invoice-{invoice.reference}.pdf"'
    return response


# --- Innovation projects --------------------------------------------------------------------

CONTINUITY_DEFAULT_DAYS = 90


def _project(organisation: Organisation, pk: int) -> Project:
    project = queries.project_of(organisation, pk)
    if project is None:
        raise Http404
    return project


def projects(request: HttpRequest, org: int) -> HttpResponse:
    organisation = _workspace(request, org, access.can_manage_projects)
    form = ProjectForm(request.POST or None, organisation=organisation)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                project = actions.create_project(
                    by=_me(request), organisation=organisation, title=data["title"],
                    involvement=data["involvement"], partners=list(data["partners"]),
                    funding_programme=data["funding_programme"], budget_cents=data.get("budget"),
                    starts_on=data.get("starts_on"), ends_on=data.get("ends_on"), ecosystem=data.get("ecosystem"))
            except actions.ToolkitError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Project created: it is active."))
                return redirect("toolkit:project", org=organisation.pk, pk=project.pk)
        status = 400
    rows = list(queries.projects(organisation))
    labels = dict(ProjectStatus.choices)
    return render(request, "toolkit/projects.html", {
        "organisation": organisation, "projects": rows, "form": form,
        "statuses": [(labels[s], n) for s, n in queries.project_statuses(organisation).items()],
    }, status=status)


def project(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    organisation = _workspace(request, org, access.can_manage_projects)
    return _project_page(request, organisation, _project(organisation, pk))


def _project_page(request: HttpRequest, organisation: Organisation, project: Project, *,
                  change_form: ProjectChangeForm | None = None, needed_form: NeededForm | None = None,
                  status: int = 200) -> HttpResponse:
    current = getattr(project, "status", "")
    allowed = continuity.allowed_next(current)
    interruption = queries.current_change(project) if current in continuity.INTERRUPTED else None
    return render(request, "toolkit/project.html", {
        "organisation": organisation, "project": project, "timeline": queries.project_timeline(project),
        "status_label": ProjectStatus(current).label if current else "—", "status": current,
        "allowed": allowed, "interruption": interruption,
        "change_form": change_form or ProjectChangeForm(allowed=allowed, prefix="change"),
        "needed_form": needed_form or NeededForm(
            initial={"needed_to_resume": interruption.needed_to_resume if interruption else ""}, prefix="needed"),
    }, status=status)


@require_POST
def project_status(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    organisation = _workspace(request, org, access.can_manage_projects)
    project = _project(organisation, pk)
    allowed = continuity.allowed_next(getattr(project, "status", ""))
    form = ProjectChangeForm(request.POST, allowed=allowed, prefix="change")
    if form.is_valid():
        data = form.cleaned_data
        try:
            change = actions.change_project_status(by=_me(request), project=project, to_status=data["to_status"],
                                                   reason=data["reason"], note=data["note"],
                                                   needed_to_resume=data["needed_to_resume"])
        except actions.ToolkitError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The project is now %(status)s.")
                             % {"status": ProjectStatus(change.to_status).label.lower()})
            return redirect("toolkit:project", org=organisation.pk, pk=project.pk)
    return _project_page(request, organisation, project, change_form=form, status=400)


@require_POST
def project_needed(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    organisation = _workspace(request, org, access.can_manage_projects)
    project = _project(organisation, pk)
    form = NeededForm(request.POST, prefix="needed")
    if form.is_valid():
        try:
            actions.set_needed_to_resume(by=_me(request), project=project, text=form.cleaned_data["needed_to_resume"])
        except actions.ToolkitError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved what is needed to resume."))
            return redirect("toolkit:project", org=organisation.pk, pk=project.pk)
    return _project_page(request, organisation, project, needed_form=form, status=400)


@require_POST
def project_post(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    """One click (from the continuity view or the project's page): what the project needs
    to resume, posted to the exchange; the project's page then links the post."""
    organisation = _workspace(request, org, access.can_manage_projects)
    project = _project(organisation, pk)
    try:
        post = actions.post_project_need(by=_me(request), project=project, kind=request.POST.get("kind", ""))
    except actions.ToolkitError as error:
        messages.error(request, str(error))
        return redirect("toolkit:project", org=organisation.pk, pk=project.pk)
    messages.success(request, _("Posted to the exchange: %(title)s") % {"title": post.title})
    return redirect("toolkit:project", org=organisation.pk, pk=project.pk)


def continuity_view(request: HttpRequest, org: int) -> HttpResponse:
    organisation = _workspace(request, org, access.can_manage_projects)
    default = timezone.localdate() - dt.timedelta(days=CONTINUITY_DEFAULT_DAYS)
    form = ContinuityForm(request.GET or None)
    since, status = default, 200
    if form.is_bound:
        if form.is_valid():
            since = form.cleaned_data.get("since") or default
        else:
            status = 400  # the message is shown, and the default period listed
    groups = queries.continuity(organisation, since)
    return render(request, "toolkit/continuity.html", {
        "organisation": organisation, "form": form, "since": since, "groups": groups,
        "total": sum(len(g.rows) for g in groups),
    }, status=status)


# --- Member surveys -------------------------------------------------------------------------

def _survey(organisation: Organisation, pk: int) -> Survey:
    survey = queries.survey_of(organisation, pk)
    if survey is None:
        raise Http404
    return survey


def surveys(request: HttpRequest, org: int) -> HttpResponse:
    organisation = _workspace(request, org, access.can_run_surveys)
    form = SurveyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                survey = actions.create_survey(by=_me(request), organisation=organisation, title=data["title"],
                                               questions=form.questions(), opens_on=data.get("opens_on"),
                                               closes_on=data["closes_on"])
            except actions.ToolkitError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Survey created: check it, then send it to the members."))
                return redirect("toolkit:survey", org=organisation.pk, pk=survey.pk)
        status = 400
    return render(request, "toolkit/surveys.html", {
        "organisation": organisation, "surveys": queries.surveys(organisation), "form": form,
    }, status=status)


def survey(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    """The results: per question a bar chart with its table, and the answered/sent counts."""
    organisation = _workspace(request, org, access.can_run_surveys)
    item = _survey(organisation, pk)
    results = [{"result": r, "chart": bar_chart([row[0] for row in r.rows], [row[1] for row in r.rows],
                                                 title=r.question.text, chart_id=f"survey-q{r.question.pk}")}
               for r in queries.survey_results(item)]
    return render(request, "toolkit/survey.html", {
        "organisation": organisation, "survey": item, "results": results,
        "members": len(queries.survey_members(organisation)),
        "closed": timezone.localdate() > item.closes_on,
    })


@require_POST
def survey_send(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    organisation = _workspace(request, org, access.can_run_surveys)
    item = _survey(organisation, pk)
    try:
        sent = actions.send_survey(by=_me(request), survey=item)
    except actions.ToolkitError as error:
        messages.error(request, str(error))
    else:
        if sent:
            messages.success(request, _("Sent to %(n)s members.") % {"n": sent})
        else:
            messages.info(request, _("Every member with a contact address has its link already: nothing was sent."))
    return redirect("toolkit:survey", org=organisation.pk, pk=item.pk)


def survey_answer(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The signed link of the survey e-mail: no login, the link is the member's right to
    answer once. A GET only shows the questions (mail scanners open links, never submit
    forms); the POST records."""
    try:
        invitation = actions.invitation_from_token(pk, token)
    except actions.ToolkitError as error:
        return render(request, "toolkit/survey_answer.html", {"error": str(error)}, status=400)
    item = invitation.survey
    questions = list(item.questions.all())
    form = SurveyAnswerForm(request.POST or None, questions=questions)
    context = {"survey": item, "invitation": invitation, "form": form}
    if invitation.answered_at is not None:
        context["answered"] = True
    elif timezone.localdate() > item.closes_on:
        context["closed"] = True
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "toolkit/survey_answer.html", context, status=400)
        try:
            actions.answer_survey(invitation=invitation, choices=form.choices())
        except actions.ToolkitError as error:
            context["error"] = str(error)
            return render(request, "toolkit/survey_answer.html", context, status=400)
        return render(request, "toolkit/survey_answer.html", {"survey": item, "recorded": True})
    return render(request, "toolkit/survey_answer.html", context)
