from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alliance.accounts.predicates import acting
from alliance.community import actions as community_actions
from alliance.community.models import Ecosystem, Organisation
from alliance.lib import ratelimit
from alliance.lib.spreadsheet import cell, csv_response
from alliance.meetings import access, actions, ics, queries, signals
from alliance.meetings.forms import (
    AgendaFilterForm,
    CancelSessionForm,
    MessageForm,
    OneClickRegistrationForm,
    RegistrationForm,
    SeriesForm,
    SessionForm,
)
from alliance.meetings.models import (
    ContributionKind,
    Registration,
    RegistrationStatus,
    Series,
    Session,
    SessionStatus,
    person_key,
)

AGENDA_PAGE_SIZE = 20


def _session_or_404(request: HttpRequest, pk: int) -> Session:
    session = get_object_or_404(Session.objects.select_related("series"), pk=pk)
    if not access.can_view_session(request.user, session):
        raise Http404  # a members-only or draft session is not there for this viewer
    return session


# --- Agenda and session pages ------------------------------------------------------

def agenda(request: HttpRequest) -> HttpResponse:
    form = AgendaFilterForm(request.GET or None)
    now = timezone.now()
    page = None
    past = request.GET.get("when") == "past"
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        qs = queries.visible_sessions(request.user)
        # A session its moderator ended is past at once, even before its planned end.
        over = Q(status__in=[SessionStatus.ENDED, SessionStatus.MINUTES_PUBLISHED])
        qs = (qs.filter(Q(starts_at__lt=now) | over) if past
              else qs.filter(starts_at__gte=now - dt.timedelta(hours=2)).exclude(over))
        if data.get("ecosystem"):
            qs = qs.filter(ecosystems=data["ecosystem"])
        month = data.get("month")
        if month:
            zone = timezone.get_current_timezone()
            start = dt.datetime.combine(month, dt.time(), zone)
            end = dt.datetime.combine((month + dt.timedelta(days=32)).replace(day=1), dt.time(), zone)
            qs = qs.filter(starts_at__gte=start, starts_at__lt=end)
        qs = qs.order_by("-starts_at" if past else "starts_at", "id").annotate(
            seats_taken=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
            minutes_version=F("minutes__published__number"),
        ).prefetch_related("ecosystems")
        page = Paginator(qs, AGENDA_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "meetings/agenda.html", {
        "form": form, "page": page, "past": past, "query": params.urlencode(),
        "can_create": access.can_create_sessions(request.user),
    }, status=200 if page is not None else 400)


def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_page(request, _session_or_404(request, pk))


def _session_page(
    request: HttpRequest, session: Session, one_click_form: OneClickRegistrationForm | None = None,
) -> HttpResponse:
    registration = actions.active_registration(session, request.user)
    person = actions.account_person(request.user)
    organisation = person.affiliation if person is not None else None
    if one_click_form is None:
        one_click_form = OneClickRegistrationForm(require_organisation=organisation is None)
    seats = session.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    return render(request, "meetings/session_detail.html", {
        "session": session, "registration": registration, "seats_taken": seats, "over": session.is_over(),
        "waitlist_position": registration.waitlist_position() if registration else None,
        "agenda": list(session.agenda_items.all()), "ecosystems": list(session.ecosystems.all()),
        "registration_open": session.registration_is_open(),
        "full": session.capacity is not None and seats >= session.capacity,
        "show_join_link": access.can_see_join_link(request.user, session, registration),
        "join_link_soon": registration is not None and not session.join_link_visible()
        and session.starts_at > timezone.now(),
        "can_edit": access.can_edit_session(request.user, session),
        "can_cancel": access.can_cancel_session(request.user, session) and not session.is_cancelled,
        "can_see_registrants": access.can_see_registrants(request.user, session),
        "can_join_room": access.can_join_room(request.user, session)
        and session.status in (SessionStatus.SCHEDULED, SessionStatus.LIVE),
        "one_click_form": one_click_form, "account_organisation": organisation,
        "fairness": _fairness_for(request, session, registration),
        "can_end": access.can_edit_session(request.user, session)
        and session.status in (SessionStatus.SCHEDULED, SessionStatus.LIVE),
        **_from_apps_above(request, session),
    }, status=400 if one_click_form.errors else 200)


def _fairness_for(request: HttpRequest, session: Session, registration: Registration | None) -> dict[str, Any] | None:
    """The fairness report as this viewer may see it: aggregates for everyone, named
    speaking times for the people running the session, and each person's own."""
    if session.status not in (SessionStatus.ENDED, SessionStatus.MINUTES_PUBLISHED):
        return None
    report = queries.fairness(session)
    if report is None or access.can_see_speaking_times(request.user, session):
        return report
    own = person_key(registration.pk) if registration is not None else None
    return {**report, "people": [p for p in report["people"] if p["key"] == own], "own_only": True}


def _from_apps_above(request: HttpRequest, session: Session) -> dict[str, Any]:
    """What the apps above meetings add to the session page (the minutes links), without
    meetings importing them."""
    context: dict[str, Any] = {}
    for _receiver, extra in signals.session_page.send(sender=Session, request=request, session=session):
        # django-stubs types a receiver's answer as str | None; these receivers answer dicts.
        context.update(cast(dict[str, Any], extra))
    return context


def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    registration = actions.active_registration(session, request.user)
    body = ics.feed([session], name=session.topic,
                    join_links=access.can_see_join_link(request.user, session, registration,
                                                        now=session.starts_at))
    return _calendar_response(body, f"session-{session.pk}.ics")


def _calendar_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Registration ----------------------------------------------------------------------

def _registration_error_message(code: str) -> str:
    return {
        "closed": _("Registration for this session is closed."),
        "cancelled": _("This session has been cancelled; registration is closed."),
    }.get(code, _("Registration is not possible."))


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    if not access.can_register(request.user, session):
        raise PermissionDenied
    if request.user.is_authenticated and request.method == "GET":
        return redirect(session)  # one click from the session page
    if not session.registration_is_open():
        return render(request, "meetings/registration_closed.html", {
            "session": session, "message": _registration_error_message(
                "cancelled" if session.is_cancelled else "closed")}, status=409 if request.method == "POST" else 200)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        allowed = (
            ratelimit.hit("register-ip", ratelimit.client_ip(request), limit=settings.REGISTRATION_RATE_PER_IP,
                          window=settings.REGISTRATION_RATE_WINDOW)
            and ratelimit.hit("register-email", data["email"].lower(),
                              limit=settings.REGISTRATION_RATE_PER_EMAIL, window=settings.REGISTRATION_RATE_WINDOW)
        )
        if not allowed:
            form.add_error(None, _("Too many registrations from here in a short time; please wait a few "
                                   "minutes and try again."))
            return render(request, "meetings/register.html", {"session": session, "form": form}, status=429)
        if not data["website"]:  # the honeypot: a bot gets the same page and nothing happens
            try:
                # Nothing about the person is recorded until the address confirms.
                actions.request_registration(
                    session=session, registrant=actions.Registrant(
                        name=data["name"], email=data["email"], organisation_id=data["organisation_id"],
                        organisation_name=data["organisation_name"], organisation_type=data["organisation_type"],
                        organisation_country=data["organisation_country"]),
                    wants_floor=data["wants_floor"], floor_point=data["floor_point"],
                    language=get_language() or "en", consent_text=str(form.fields["consent"].label),
                )
            except actions.RegistrationError as error:
                return render(request, "meetings/registration_closed.html", {
                    "session": session, "message": _registration_error_message(error.code)}, status=409)
        # Same page for a new, repeated or bot registration, seat or waitlist: the e-mail tells.
        return redirect("meetings:register_done", pk=session.pk)
    return render(request, "meetings/register.html", {"session": session, "form": form},
                  status=400 if form.errors else 200)


def register_done(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "meetings/register_done.html", {
        "session": _session_or_404(request, pk), "hold_minutes": settings.REGISTRATION_HOLD_MINUTES})


@require_http_methods(["GET", "POST"])
def confirm_registration(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link: GET only shows a button (mail scanners follow links); the
    POST records the person, their consent and the registration."""
    pending = actions.pending_from_confirm_token(token)
    if pending is None:
        return render(request, "meetings/link_invalid.html", status=400)
    if request.method == "GET":
        return render(request, "meetings/confirm_registration.html", {
            "pending": pending, "consent": pending.consent_offered})
    try:
        registration, _created = actions.confirm_registration(pending=pending)
    except actions.RegistrationError as error:
        return render(request, "meetings/registration_closed.html", {
            "session": pending.session, "message": _registration_error_message(error.code)}, status=409)
    return render(request, "meetings/registration_confirmed.html", {"registration": registration})


@login_required
@require_POST
def register_me(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    if not access.can_register(request.user, session):
        raise PermissionDenied
    person = actions.person_for_user(request.user)
    form = OneClickRegistrationForm(request.POST, require_organisation=person.affiliation_id is None)
    if not form.is_valid():
        return _session_page(request, session, form)
    if person.affiliation is None:
        # Asked once, then kept on the account: the next registration is one click again.
        data = form.cleaned_data
        organisation = actions.organisation_for(actions.Registrant(
            name=person.name, email=person.email, organisation_id=data["organisation_id"],
            organisation_name=data["organisation_name"], organisation_type=data["organisation_type"],
            organisation_country=data["organisation_country"]), by=acting(request.user))
        community_actions.set_affiliation(by=acting(request.user), person=person, organisation=organisation)
    try:
        registration, _created = actions.register(
            session=session, person=person, organisation=person.affiliation,
            wants_floor=form.cleaned_data["wants_floor"], floor_point=form.cleaned_data["floor_point"],
            language=getattr(request.user, "language", "") or get_language() or "en",
            consent_text="Registered while signed in.",
        )
    except actions.RegistrationError as error:
        messages.error(request, _registration_error_message(error.code))
        return redirect(session)
    if registration.status == RegistrationStatus.CONFIRMED:
        messages.success(request, _("You have a seat. The confirmation and calendar invitation are in your inbox."))
    else:
        messages.info(request, _("The session is full: you are on the waitlist. "
                                 "We will e-mail you when a seat frees up."))
    return redirect(session)


@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = actions.registration_from_cancel_token(token)
    if registration is None:
        return render(request, "meetings/link_invalid.html", status=400)
    if registration.session.is_over() and registration.status != RegistrationStatus.CANCELLED:
        return render(request, "meetings/cancel.html", {"registration": registration, "over": True},
                      status=409 if request.method == "POST" else 200)
    if request.method == "POST":
        had = registration.status
        registration = actions.cancel_registration(registration=registration, by=acting(request.user))
        return render(request, "meetings/cancelled.html", {"registration": registration, "had": had})
    # GET only shows a button: mail scanners follow links.
    return render(request, "meetings/cancel.html", {"registration": registration})


@login_required
@require_POST
def cancel_mine(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    registration = actions.active_registration(session, request.user)
    if registration is None or not access.can_cancel_registration(request.user, registration):
        raise PermissionDenied
    if session.is_over():
        messages.error(request, _("The session is over: there is nothing left to cancel."))
        return redirect(session)
    waitlisted = registration.status == RegistrationStatus.WAITLISTED
    actions.cancel_registration(registration=registration, by=acting(request.user))
    messages.success(request, _("You have left the waitlist.") if waitlisted else _("Your registration is cancelled."))
    return redirect(session)


def organisation_suggestions(request: HttpRequest) -> HttpResponse:
    """htmx: organisations whose name contains what was typed (public profiles only)."""
    q = " ".join(request.GET.get("organisation_name", "").split())[:100]
    found = []
    if len(q) >= 2:
        found = list(Organisation.objects.filter(name__icontains=q, visibility="public", review_status="approved")
                     .select_related("country").order_by("name")[:8])
    return render(request, "meetings/_organisation_suggestions.html", {"found": found, "q": q})


# --- Calendars ---------------------------------------------------------------------------

@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    # Reading only: a GET creates no registry person; one who has none has no sessions yet.
    person = actions.account_person(request.user)
    registrations = (Registration.objects.filter(person=person).exclude(status=RegistrationStatus.CANCELLED)
                     .select_related("session").order_by("-session__starts_at") if person else [])
    return render(request, "meetings/my_sessions.html", {
        "registrations": registrations,
        "feed_url": actions.site_url(f"/calendar/{actions.feed_token(person)}.ics") if person else "",
    })


def person_feed(request: HttpRequest, token: str) -> HttpResponse:
    """"My sessions" as a feed for calendar apps: the signed token is the credential,
    as calendar apps cannot sign in."""
    person = actions.person_from_feed_token(token)
    if person is None:
        raise Http404
    sessions = (Session.objects.listed().filter(
        registrations__person=person, registrations__status=RegistrationStatus.CONFIRMED)
        .select_related("series").order_by("starts_at"))
    return _calendar_response(ics.feed(sessions, name=_("My alliance sessions")), "my-sessions.ics")


def _series_or_404(request: HttpRequest, pk: int) -> Series:
    if not access.can_view_series(request.user):
        raise Http404
    return get_object_or_404(Series, pk=pk)


def series_detail(request: HttpRequest, pk: int) -> HttpResponse:
    series = _series_or_404(request, pk)
    sessions = queries.visible_sessions(request.user, series.sessions.all())
    upcoming = sessions.filter(starts_at__gte=timezone.now()).order_by("starts_at")[:30]
    return render(request, "meetings/series_detail.html", {
        "series": series, "upcoming": upcoming, "count": sessions.count(),
        "feed_url": actions.site_url(f"/series/{series.pk}/calendar.ics"),
    })


def series_ics(request: HttpRequest, pk: int) -> HttpResponse:
    series = _series_or_404(request, pk)
    sessions = queries.visible_sessions(request.user, series.sessions.all()).select_related("series").order_by(
        "starts_at")
    return _calendar_response(ics.feed(sessions, name=series.title), f"series-{series.pk}.ics")


# --- Running sessions: create, edit, cancel, series ---------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest) -> HttpResponse:
    if not access.can_create_sessions(request.user):
        raise PermissionDenied
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = actions.create_session(
            by=acting(request.user), fields=form.session_fields(), ecosystems=form.cleaned_data["ecosystems"],
            agenda=form.cleaned_data["agenda"], moderators=form.cleaned_data["moderators"],
            scribes=form.cleaned_data["scribes"])
        messages.success(request, _("Session created."))
        return redirect(session)
    return render(request, "meetings/session_form.html", {"form": form},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    if not access.can_edit_session(request.user, session):
        raise PermissionDenied
    form = SessionForm(request.POST or None, instance=Session.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        updated = actions.update_session(
            by=acting(request.user), session=session, fields=form.session_fields(),
            ecosystems=form.cleaned_data["ecosystems"], agenda=form.cleaned_data["agenda"])
        actions.set_session_people(by=acting(request.user), session=updated, moderators=form.cleaned_data["moderators"],
                                   scribes=form.cleaned_data["scribes"])
        messages.success(request, _("Session saved."))
        return redirect(updated)
    return render(request, "meetings/session_form.html", {"form": form, "session": session},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    if not access.can_cancel_session(request.user, session):
        raise PermissionDenied
    form = CancelSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.cancel_session(by=acting(request.user), session=session, reason=form.cleaned_data["reason"])
        messages.success(request, _("Session cancelled; registrants have been told."))
        return redirect(session)
    return render(request, "meetings/session_cancel.html", {"form": form, "session": session})


@login_required
@require_http_methods(["GET", "POST"])
def series_create(request: HttpRequest) -> HttpResponse:
    if not access.can_create_series(request.user):
        raise PermissionDenied
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form._meta.fields or ()}
        fields.update(rule=form.instance.rule, exdates=form.instance.exdates)
        series = actions.create_series(by=acting(request.user), fields=fields,
                                       ecosystems=form.cleaned_data["ecosystems"])
        created = series.sessions.count()
        messages.success(request, ngettext("Series created with %(n)s session planned.",
                                           "Series created with %(n)s sessions planned.", created) % {"n": created})
        return redirect(series)
    return render(request, "meetings/series_form.html", {"form": form}, status=400 if form.errors else 200)


# --- Registrants and attendance -------------------------------------------------------------

def _registrations(session: Session) -> Any:
    return (session.registrations.select_related("person", "organisation__country")
            .order_by("status", "queued_at", "id"))


@login_required
@require_http_methods(["GET", "POST"])
def registrants(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    if not access.can_see_registrants(request.user, session):
        raise PermissionDenied
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not access.can_message_registrants(request.user, session):
            raise PermissionDenied
        if form.is_valid():
            count = actions.message_registrants(by=acting(request.user), session=session, **form.cleaned_data)
            messages.success(request, ngettext("Message sent to %(n)s person.", "Message sent to %(n)s people.",
                                               count) % {"n": count})
            return redirect("meetings:registrants", pk=session.pk)
    rows = list(_registrations(session))
    counts = {status: sum(1 for r in rows if r.status == status) for status in RegistrationStatus.values}
    return render(request, "meetings/registrants.html", {
        "session": session, "rows": rows, "counts": counts, "form": form,
        "can_message": access.can_message_registrants(request.user, session),
        "can_export": access.can_export_registrants(request.user, session),
        "can_mark": access.can_mark_attendance(request.user, session),
    }, status=400 if form.errors else 200)


EXPORT_HEADER = ["name", "email", "organisation", "organisation_type", "country", "status", "wants_floor",
                 "floor_point", "registered_at", "attended"]


def _export_rows(session: Session) -> list[list[str]]:
    rows = []
    for r in _registrations(session):
        org = r.organisation
        rows.append([cell(v) for v in (
            r.person.name, r.person.email, org.name if org else "", org.type if org else "",
            org.country_id if org else "", r.status, "yes" if r.wants_floor else "no", r.floor_point,
            r.registered_at.isoformat(), "yes" if r.attended_at else "no",
        )])
    return rows


@login_required
def export_registrants(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    session = _session_or_404(request, pk)
    if not access.can_export_registrants(request.user, session):
        raise PermissionDenied
    rows = _export_rows(session)
    name = f"registrants-{session.local_start:%Y%m%d}-{session.pk}"
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Registrants"))
        sheet.append(EXPORT_HEADER)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = csv_response(f"{name}.csv")
    writer = csv.writer(response)
    writer.writerow(EXPORT_HEADER)
    writer.writerows(rows)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    if not access.can_mark_attendance(request.user, session):
        raise PermissionDenied
    if request.method == "POST":
        try:
            registration_id = int(request.POST.get("registration", ""))
        except ValueError:
            registration_id = 0
        registration = session.registrations.filter(pk=registration_id).select_related("person").first()
        if registration is None or registration.status == RegistrationStatus.CANCELLED:
            messages.error(request, _("That registration is not in this session."))
        else:
            attended = request.POST.get("attended") == "1"
            actions.mark_attendance(by=acting(request.user), registration=registration, attended=attended)
        if getattr(request, "htmx", False) and registration is not None:
            registration = _registrations(session).get(pk=registration.pk)
            # The row, and the summary above the table out of band: both change.
            return render(request, "meetings/_attendance_row_and_summary.html", {
                "r": registration, "session": session, "oob": True, **_attendance_summary(session)})
        return redirect("meetings:attendance", pk=session.pk)
    summary = _attendance_summary(session)
    if request.GET.get("format") == "csv":
        return _attendance_csv(session, summary["present_rows"])
    return render(request, "meetings/attendance.html", {"session": session, **summary})


def _attendance_summary(session: Session) -> dict[str, Any]:
    rows = [r for r in _registrations(session) if r.status != RegistrationStatus.CANCELLED]
    present = [r for r in rows if r.attended_at]
    by_type: dict[str, int] = {}
    by_country: dict[str, int] = {}
    for r in present:
        label = str(r.organisation.get_type_display()) if r.organisation else _("Unknown")
        by_type[label] = by_type.get(label, 0) + 1
        country = r.organisation.country.display_name if r.organisation else _("Unknown")
        by_country[country] = by_country.get(country, 0) + 1
    return {"rows": rows, "present_rows": present, "present": len(present),
            "by_type": sorted(by_type.items()), "by_country": sorted(by_country.items())}


def _attendance_csv(session: Session, present: list[Registration]) -> HttpResponse:
    response = csv_response(f"attendance-{session.local_start:%Y%m%d}-{session.pk}.csv")
    writer = csv.writer(response)
    writer.writerow(["name", "organisation", "organisation_type", "country", "attended_at", "source"])
    for r in present:
        org = r.organisation
        writer.writerow([cell(v) for v in (
            r.person.name, org.name if org else "", org.type if org else "", org.country_id if org else "",
            r.attended_at.isoformat() if r.attended_at else "", r.attendance_source)])
    return response



# --- The live room --------------------------------------------------------------------------

def room(request: HttpRequest, pk: int, screen: bool = False) -> HttpResponse:
    """The page of the live room; everything live comes over the websocket (room.js)."""
    session = _session_or_404(request, pk)
    if not access.can_join_room(request.user, session):
        raise PermissionDenied
    registration = actions.active_registration(session, request.user)
    return render(request, "meetings/room_screen.html" if screen else "meetings/room.html", {
        "session": session, "registration": registration,
        "seated": registration is not None and registration.status == RegistrationStatus.CONFIRMED,
        "moderator": access.can_manage_session(request.user, session),
        "scribe": access.can_capture(request.user, session),
        "kinds": ContributionKind.choices, "ecosystems": list(Ecosystem.objects.all()),
    })


@login_required
@require_http_methods(["GET", "POST"])
def session_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Ending cannot be undone (the floor closes, the minutes are drafted): the page asks
    first, and only a POST that carries the confirmation ends the session."""
    session = _session_or_404(request, pk)
    if not access.can_edit_session(request.user, session):
        raise PermissionDenied
    if session.status not in (SessionStatus.SCHEDULED, SessionStatus.LIVE):
        messages.info(request, _("This session has already ended."))
        return redirect(session)
    if request.method == "GET" or request.POST.get("confirm") != "yes":
        return render(request, "meetings/session_end.html", {"session": session})
    actions.end_session(by=acting(request.user), session=session)
    messages.success(request, _("The session has ended; its fairness report is below."))
    return redirect(session)
