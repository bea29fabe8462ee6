from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from alliance.accounts.predicates import acting
from alliance.lib import embedding
from alliance.meetings import access as meetings_access
from alliance.meetings.models import Session
from alliance.minutes import access, actions
from alliance.minutes import render as rendering
from alliance.minutes.forms import AmendmentForm, ImportForm, MinutesForm, OpenAmendmentsForm, ReviewForm
from alliance.minutes.importer import ImportRefusedError, parse
from alliance.minutes.models import Amendment, AmendmentStatus, Minutes, MinutesVersion, PendingImport


def _error_message(code: str) -> str:
    return {
        "pending_amendments": _("Decide every proposed amendment first."),
        "too_long": _("The minutes are too long."),
        "published": _("The minutes are published; edit them to start a new draft."),
        "window_closed": _("The amendment window is closed."),
        "no_such_bullet": _("That bullet is no longer in the draft; reload the page."),
        "no_change": _("Write the wording you propose."),
        "decided": _("This amendment has already been decided."),
        "bullet_changed": _("That bullet has changed since the amendment was proposed; edit it by hand."),
        "empty": _("The minutes are empty."),
        "duplicate": _("This session is already here."),
    }.get(code, _("That cannot be done now."))


def _session(request: HttpRequest, pk: int) -> Session:
    session = get_object_or_404(Session, pk=pk)
    if not meetings_access.can_view_session(request.user, session):
        raise Http404
    return session


def _minutes(session: Session) -> Minutes | None:
    return Minutes.objects.filter(session=session).select_related("session", "published").first()


def _published(request: HttpRequest, minutes: Minutes | None) -> MinutesVersion:
    """The published version asked for (``?v=N``), or the latest one."""
    if minutes is None or not access.can_view_published(request.user, minutes.session):
        raise Http404
    number = request.GET.get("v", "")
    if number:
        if not number.isdigit() or len(number) > 6:
            raise Http404
        return get_object_or_404(MinutesVersion, minutes=minutes, number=int(number), published=True)
    if minutes.published is None:
        raise Http404
    return minutes.published


def public(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    minutes = _minutes(session)
    if minutes is not None and minutes.published is None and access.can_edit_minutes(request.user, session):
        return redirect("minutes:edit", pk=session.pk)
    version = _published(request, minutes)
    return render(request, "minutes/public.html", {
        "session": session, "version": version, "html": rendering.to_html(version.body),
        "can_edit": access.can_edit_minutes(request.user, session),
    })


def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    session = _session(request, pk)
    version = _published(request, _minutes(session))
    name = f"minutes-{session.local_start:%Y-%m-%d}-v{version.number}"
    if fmt == "md":
        response = HttpResponse(version.body, content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.md"'
    elif fmt == "pdf":
        response = HttpResponse(rendering.to_pdf(version.body, session.topic), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    else:
        raise Http404
    response["X-Content-Hash"] = version.content_hash
    return response


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The moderator's desk: draft, edit with a live preview, open amendments, decide them, publish."""
    session = _session(request, pk)
    if not access.can_edit_minutes(request.user, session):
        raise PermissionDenied
    minutes = _minutes(session)
    form = MinutesForm(initial={"body": minutes.body if minutes else ""})
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "draft":
                actions.draft_minutes(by=acting(request.user), session=session)
                messages.success(request, _("The minutes were drafted from the contributions."))
                return redirect("minutes:edit", pk=pk)
            if minutes is None:
                raise Http404
            if action == "save":
                form = MinutesForm(request.POST)
                if form.is_valid():
                    actions.save_minutes(by=acting(request.user), minutes=minutes, body=form.cleaned_data["body"])
                    messages.success(request, _("Saved."))
                    return redirect("minutes:edit", pk=pk)
            elif action == "open":
                days_form = OpenAmendmentsForm(request.POST)
                if days_form.is_valid():
                    actions.open_amendments(
                        by=acting(request.user), minutes=minutes, days=days_form.cleaned_data["days"],
                    )
                    messages.success(request, _("Attendees can now propose amendments."))
                    return redirect("minutes:edit", pk=pk)
                messages.error(request, _("The amendment window must be between 1 and 30 days."))
            elif action == "publish":  # an old form or a bookmarked request: publishing asks first
                return redirect("minutes:publish", pk=pk)
            else:
                messages.error(request, _("Unknown action."))
        except actions.MinutesError as error:
            messages.error(request, _error_message(error.code))
            if action != "save":
                return redirect("minutes:edit", pk=pk)
    context: dict[str, Any] = {"session": session, "minutes": minutes, "form": form,
                               "days_form": OpenAmendmentsForm(initial={"days": minutes.amendment_days
                                                                        if minutes else 3})}
    if minutes is not None:
        context["preview"] = rendering.to_html(form["body"].value() or "")
        context["amendments"] = list(minutes.amendments.filter(status=AmendmentStatus.PROPOSED)
                                     .select_related("proposed_by"))
        context["amendments_open"] = access.amendments_open(minutes)
    else:
        context["contributions"] = session.contributions.filter(hidden_at__isnull=True).count()
    return render(request, "minutes/edit.html", context, status=200 if request.method == "GET" else 400)


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publishing mails the summary to everyone on the list: the page says to how many
    people, and only a POST that carries the confirmation publishes."""
    session = _session(request, pk)
    minutes = _minutes(session)
    if minutes is None:
        raise Http404
    if not access.can_publish(request.user, minutes):
        raise PermissionDenied
    if request.method == "GET" or request.POST.get("confirm") != "yes":
        return render(request, "minutes/publish.html", {
            "session": session, "minutes": minutes, "recipients": actions.recipient_count(session),
            "pending": minutes.amendments.filter(status=AmendmentStatus.PROPOSED).count(),
        })
    try:
        actions.publish_minutes(by=acting(request.user), minutes=minutes)
    except actions.MinutesError as error:
        messages.error(request, _error_message(error.code))
        return redirect("minutes:edit", pk=pk)
    messages.success(request, _("Published; the summary is being sent to the list and the registrants."))
    return redirect("minutes:public", pk=pk)


@login_required
@require_POST
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    if not access.can_edit_minutes(request.user, session):
        raise PermissionDenied
    form = MinutesForm(request.POST)
    body = form.cleaned_data["body"] if form.is_valid() else ""
    return HttpResponse(rendering.to_html(body))


@login_required
@require_http_methods(["GET", "POST"])
def amend(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    minutes = _minutes(session)
    if minutes is None or not access.can_view_draft(request.user, minutes):
        raise Http404
    form = None
    if request.method == "POST":
        if not access.can_propose_amendment(request.user, minutes):
            messages.error(request, _("The amendment window is closed."))
            return redirect("minutes:amend", pk=pk)
        form = AmendmentForm(request.POST)
        if form.is_valid():
            try:
                actions.propose_amendment(
                    by=acting(request.user), minutes=minutes, original=form.cleaned_data["original"],
                    proposed=form.cleaned_data["proposed"], reason=form.cleaned_data["reason"],
                )
            except actions.MinutesError as error:
                messages.error(request, _error_message(error.code))
            else:
                messages.success(request, _("Thank you: the moderator will accept or reject your amendment."))
                return redirect("minutes:amend", pk=pk)
    lines = [(section, line, rendering.to_html(line)) for section, line in actions.amendable(minutes.body)]
    mine = list(minutes.amendments.filter(proposed_by_id=request.user.pk).order_by("-created_at"))
    return render(request, "minutes/amend.html", {
        "session": session, "minutes": minutes, "lines": lines, "mine": mine, "error_form": form,
        "can_propose": access.can_propose_amendment(request.user, minutes),
    }, status=400 if form is not None else 200)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, amendment: int) -> HttpResponse:
    session = _session(request, pk)
    item = get_object_or_404(Amendment.objects.select_related("minutes"), pk=amendment, minutes__session=session)
    if not access.can_decide_amendment(request.user, item.minutes):
        raise PermissionDenied
    accept = request.POST.get("decision") == "accept"
    try:
        actions.decide_amendment(by=acting(request.user), amendment=item, accept=accept)
    except actions.MinutesError as error:
        messages.error(request, _error_message(error.code))
    else:
        messages.success(request, _("Amendment accepted.") if accept else _("Amendment rejected."))
    return redirect("minutes:edit", pk=pk)


def versions(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    minutes = _minutes(session)
    if minutes is None:
        raise Http404
    rows = list(access.visible_versions(request.user, minutes).select_related("created_by").order_by("-number"))
    if not rows:
        raise Http404
    return render(request, "minutes/versions.html", {"session": session, "versions": rows})


def version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    session = _session(request, pk)
    item = get_object_or_404(MinutesVersion.objects.select_related("minutes__session", "created_by"),
                             minutes__session=session, number=number)
    if not access.can_view_version(request.user, item):
        raise Http404
    previous = (access.visible_versions(request.user, item.minutes).filter(number__lt=number)
                .order_by("-number").first())
    return render(request, "minutes/version.html", {
        "session": session, "version": item, "previous": previous, "html": rendering.to_html(item.body),
        "diff": rendering.diff(previous.body, item.body) if previous else None,
    })


# --- Importing ----------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    if not access.can_import_minutes(request.user):
        raise PermissionDenied
    form = ImportForm()
    report: list[dict[str, Any]] = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            for upload in form.cleaned_data["summaries"]:
                report.append(_import_one(request, upload.name or "upload", upload.read()))
            created = sum(1 for r in report if r["status"] == "created")
            messages.info(request, ngettext("%(n)s session created.", "%(n)s sessions created.", created)
                          % {"n": created})
    pending = PendingImport.objects.filter(created_by_id=request.user.pk).order_by("-created_at")
    return render(request, "minutes/import.html", {"form": form, "report": report, "pending": pending},
                  status=400 if request.method == "POST" and not form.is_valid() else 200)


def _import_one(request: HttpRequest, name: str, data: bytes) -> dict[str, Any]:
    try:
        # The sentence vectors feed the classifier's embedding head: kinds from meaning as
        # well as words (bench/minutes_classifier.py --embeddings: 80.5 % → 82.8 % right
        # on held-out prose summaries, 27 % → 21 % flagged).
        parsed = parse(name, data, encoder=lambda texts: embedding.encode(texts).tolist())
    except ImportRefusedError as error:
        return {"file": name, "status": "failed", "message": str(error)}
    if parsed.flagged:
        pending = actions.hold_for_review(by=acting(request.user), filename=name, parsed=parsed)
        return {"file": name, "status": "review", "counts": parsed.counts(),
                "url": reverse("minutes:review", args=[pending.pk]), "warnings": actions.import_warnings(parsed)}
    try:
        session = actions.import_parsed(by=acting(request.user), parsed=parsed)
    except actions.DuplicateImportError as error:
        return {"file": name, "status": "failed", "message": _("%(file)s: this session is already here.")
                % {"file": name}, "url": error.session.get_absolute_url()}
    except ValidationError as error:  # the file's values do not fit a session (a topic too long...)
        return {"file": name, "status": "failed", "message": "; ".join(error.messages)}
    return {"file": name, "status": "created", "counts": parsed.counts(), "url": session.get_absolute_url(),
            "session": session, "warnings": actions.import_warnings(parsed)}


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    pending = get_object_or_404(PendingImport, pk=pk)
    if not access.can_import_minutes(request.user) or pending.created_by_id != request.user.pk:
        raise Http404
    parsed = actions.parsed_from_json(pending.parsed)
    doubtful = [(i, parsed.items[i].text, parsed.items[i].kind) for i in parsed.flagged]
    form = ReviewForm(request.POST or None, sentences=doubtful)
    if request.method == "POST":
        if request.POST.get("action") == "discard":
            actions.discard_import(by=acting(request.user), pending=pending)
            messages.info(request, _("The import was discarded; nothing was saved."))
            return redirect("minutes:import")
        if form.is_valid():
            for index, _text, _guess in doubtful:
                parsed.items[index].kind = form.cleaned_data[f"s{index}"]
                parsed.items[index].flagged = False
            try:
                session = actions.import_reviewed(by=acting(request.user), pending=pending, parsed=parsed)
            except actions.DuplicateImportError:
                messages.error(request, _("This session is already here; nothing was saved."))
                return redirect("minutes:import")
            messages.success(request, _("The session and its contributions were saved."))
            return redirect(session.get_absolute_url())
    return render(request, "minutes/review.html", {"pending": pending, "parsed": parsed, "form": form,
                                                   "sure": [i for i in parsed.items if not i.flagged],
                                                   "warnings": actions.import_warnings(parsed)},
                  status=400 if request.method == "POST" else 200)
