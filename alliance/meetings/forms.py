from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from alliance.accounts.models import Role, User
from alliance.community.ecosystems import ECOSYSTEMS
from alliance.community.models import Ecosystem, Organisation, OrganisationType, Region
from alliance.lib import collation
from alliance.meetings.models import DEFAULT_START, DEFAULT_ZONE, Series, Session, SessionStatus
from alliance.meetings.recurrence import (
    EARLIEST,
    LATEST,
    PRESETS,
    RecurrenceError,
    check_first_date,
    local_start,
    occurrence_dates,
    parse_exdates,
    valid_zone,
)

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


_COUNTRIES: dict[str, list[tuple[str, str]]] = {}


def _countries() -> list[tuple[str, str]]:
    """Countries sorted by their name in the current language. NUTS level 0 is
    reference data loaded by a migration, so one read per process and language."""
    language = get_language() or "en"
    if language not in _COUNTRIES:
        countries = Region.objects.filter(level=0)
        _COUNTRIES[language] = [("", "—"), *sorted(((c.code, c.display_name) for c in countries),
                                                   key=lambda c: collation.sort_key(c[1]))]
    return _COUNTRIES[language]


class _RegistrationFields(forms.Form):
    """What both registration forms ask: on behalf of which organisation (from the
    registry, or a new one with its type and country), and a point for the floor."""

    organisation_id = forms.IntegerField(required=False, min_value=1, max_value=2**62,
                                         widget=forms.HiddenInput)
    organisation_name = forms.CharField(
        label=_("Organisation"), max_length=200, required=False,
        help_text=_("Start typing to choose it from the registry; a new one is added with its type and country."),
    )
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"), required=False, choices=[("", "—"), *OrganisationType.choices])
    organisation_country = forms.ChoiceField(label=_("Country"), required=False)
    wants_floor = forms.BooleanField(label=_("I would like the floor"), required=False)
    floor_point = forms.CharField(
        label=_("My point, in one line"), max_length=200, required=False,
        help_text=_("What you want to raise; the moderator sees it in the queue."),
    )
    require_organisation = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["organisation_country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = _countries()

    def clean_organisation_id(self) -> int | None:
        pk = self.cleaned_data.get("organisation_id")
        if pk is not None and not Organisation.objects.filter(pk=pk).exists():
            raise forms.ValidationError(_("Choose your organisation again: it is not in the registry."))
        return pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("wants_floor") and not (data.get("floor_point") or "").strip():
            self.add_error("floor_point", _("Say in one line what you want to raise."))
        typed = (data.get("organisation_name") or "").strip()
        if not data.get("organisation_id") and typed:
            if not data.get("organisation_type"):
                self.add_error("organisation_type", _("Choose the type of your organisation."))
            if not data.get("organisation_country"):
                self.add_error("organisation_country", _("Choose the country of your organisation."))
        elif self.require_organisation and not data.get("organisation_id") and "organisation_id" not in self.errors:
            self.add_error("organisation_name", _("Say on behalf of which organisation you take part."))
        return data


class RegistrationForm(_RegistrationFields):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    consent = forms.BooleanField(
        label=_("I agree that my name and organisation are shown to the session's moderators and "
                "that I receive e-mail about this session."),
    )
    # Bots fill every field; people never see this one (hidden by CSS and from screen readers).
    website = forms.CharField(required=False, label=_("Leave this field empty"), widget=forms.TextInput(
        attrs={"tabindex": "-1", "autocomplete": "off"}))
    field_order = ["name", "email"]


class OneClickRegistrationForm(_RegistrationFields):
    """A signed-in person registers with the organisation of their account; a person
    who has none yet says which, and it becomes their account's organisation."""

    def __init__(self, *args: Any, require_organisation: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.require_organisation = require_organisation
        if not require_organisation:
            for name in ("organisation_id", "organisation_name", "organisation_type", "organisation_country"):
                del self.fields[name]


class AgendaFilterForm(forms.Form):
    when = forms.ChoiceField(required=False, label=_("Show"),
                             choices=[("upcoming", _("Upcoming")), ("past", _("Past"))])
    ecosystem = forms.ChoiceField(label=_("Industrial ecosystem"), required=False,
                                  choices=[("", _("All ecosystems")), *ECOSYSTEMS])
    month = forms.CharField(label=_("Month"), required=False, max_length=20,
                            widget=forms.TextInput(attrs={"type": "month", "placeholder": "2020-05"}))

    def clean_month(self) -> dt.date | None:
        value = self.cleaned_data.get("month", "").strip()
        if not value:
            return None
        if not MONTH.match(value):
            raise forms.ValidationError(_("Write the month as YYYY-MM, e.g. 2020-05."))
        year = int(value[:4])
        # The agenda filters up to the next month in the viewer's zone: no year 0 or 10000.
        if not EARLIEST.year <= year <= LATEST.year:
            raise forms.ValidationError(_("Choose a month between %(first)s-01 and %(last)s-12.") % {
                "first": EARLIEST.year, "last": LATEST.year})
        return dt.date(year, int(value[5:]), 1)


class ZoneField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(label=_("Time zone"), max_length=64, initial=DEFAULT_ZONE,
                         help_text=_("An IANA zone name such as Europe/Brussels."), **kwargs)

    def clean(self, value: Any) -> str:
        name = super().clean(value).strip()
        try:
            valid_zone(name)
        except RecurrenceError as error:
            raise forms.ValidationError(str(error)) from None
        return name


def _user_label(user: Any) -> str:
    return str(user.name or user.email)


def _people_who_run_sessions() -> Any:
    return User.objects.filter(is_active=True, role__in=[Role.COORDINATOR, Role.MODERATOR]).order_by("name")


FORMAT_FIELDS = ["working_format", "opening_minutes", "closing_minutes", "min_turn_seconds",
                 "max_turn_seconds", "second_round", "duration_minutes", "capacity", "visibility",
                 "video_link"]


def _video_link() -> forms.URLField:
    return forms.URLField(label=_("Video-call link"), required=False, max_length=500, assume_scheme="https",
                          help_text=_("Shown only to registrants, from 15 minutes before the start."))


class SessionForm(forms.ModelForm):
    """Start date and time are asked in the session's own zone, as people think of them."""

    video_link = _video_link()
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Start time"), initial=DEFAULT_START,
                           widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    time_zone = ZoneField()
    ecosystems = forms.ModelMultipleChoiceField(
        label=_("Industrial ecosystems"), queryset=Ecosystem.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item per line: title | minutes, e.g. “Tour de table | 40”."))
    moderators = forms.ModelMultipleChoiceField(
        label=_("Moderators"), queryset=_people_who_run_sessions(), required=False,
        widget=forms.CheckboxSelectMultiple)
    scribes = forms.ModelMultipleChoiceField(
        label=_("Scribes"), queryset=User.objects.filter(is_active=True).exclude(role=Role.PARTICIPANT),
        required=False, widget=forms.CheckboxSelectMultiple)
    status = forms.ChoiceField(label=_("Status"), choices=[
        (SessionStatus.DRAFT, SessionStatus.DRAFT.label), (SessionStatus.SCHEDULED, SessionStatus.SCHEDULED.label)])

    class Meta:
        model = Session
        fields = ["topic", "description", "time_zone", *FORMAT_FIELDS, "registration_opens_at",
                  "registration_closes_at", "ecosystems", "moderators", "scribes", "status"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "registration_opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "registration_closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("moderators", "scribes"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.label_from_instance = _user_label  # type: ignore[method-assign,assignment]
        if self.instance.pk:
            local = self.instance.local_start
            self.initial.update({"date": local.date(), "time": local.time(),
                                 "agenda": "\n".join(f"{a.title} | {a.minutes}"
                                                     for a in self.instance.agenda_items.all())})
            if self.instance.status not in (SessionStatus.DRAFT, SessionStatus.SCHEDULED):
                del self.fields["status"]

    def clean_agenda(self) -> list[tuple[str, int]]:
        items = []
        for number, line in enumerate(self.cleaned_data.get("agenda", "").splitlines(), start=1):
            if not line.strip():
                continue
            title, sep, minutes = line.rpartition("|")
            if not sep or not minutes.strip().isdigit() or not title.strip() or int(minutes) > 24 * 60:
                raise forms.ValidationError(
                    _("Line %(n)s: write “title | minutes”, e.g. “Tour de table | 40”."), params={"n": number})
            items.append((title.strip()[:200], int(minutes)))
        return items

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date") and data.get("time") and data.get("time_zone"):
            self.instance.starts_at = local_start(data["date"], data["time"], valid_zone(data["time_zone"]))
            data["starts_at"] = self.instance.starts_at
        agenda = data.get("agenda") or []
        if agenda and data.get("duration_minutes") and sum(m for _t, m in agenda) > data["duration_minutes"]:
            self.add_error("agenda", _("The agenda is longer than the session."))
        return data

    def session_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = ["topic", "description", "time_zone", *FORMAT_FIELDS, "registration_opens_at",
                 "registration_closes_at", "starts_at"]
        if "status" in self.fields:
            names.append("status")
        return {name: data[name] for name in names}


class SeriesForm(forms.ModelForm):
    preset = forms.ChoiceField(label=_("Repeats"), choices=[
        ("weekdays", _("Every weekday (Monday to Friday)")), ("tue-thu", _("Tuesdays and Thursdays")),
        ("weekly", _("Every week on the first date's weekday")), ("custom", _("Custom rule (below)"))])
    rule = forms.CharField(label=_("Custom recurrence rule (RFC 5545)"), required=False, max_length=500,
                           help_text=_("e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"))
    until = forms.DateField(label=_("Last date"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}),
                            help_text=_("Blank: sessions keep being planned 60 days ahead."))
    exdates_text = forms.CharField(label=_("Exception dates"), required=False, max_length=5000,
                                   help_text=_("Dates without a session, e.g. 2020-05-01, 2020-05-21."))
    time_zone = ZoneField()
    video_link = _video_link()
    ecosystems = forms.ModelMultipleChoiceField(
        label=_("Industrial ecosystems"), queryset=Ecosystem.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Series
        fields = ["title", "description", "start_date", "start_time", "time_zone", *FORMAT_FIELDS]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean_start_date(self) -> dt.date:
        try:
            return check_first_date(self.cleaned_data["start_date"])
        except RecurrenceError:
            raise forms.ValidationError(_("Choose a first date between %(first)s and %(last)s.") % {
                "first": EARLIEST.isoformat(), "last": LATEST.isoformat()}) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        preset = data.get("preset")
        rule = (data.get("rule") or "").strip() if preset == "custom" else PRESETS.get(preset or "", "")
        if preset == "custom" and not rule:
            self.add_error("rule", _("Write the rule, or choose one of the patterns above."))
            return data
        if data.get("until"):
            rule = f"{rule};UNTIL={data['until']:%Y%m%d}" if "UNTIL" not in rule.upper() else rule
        try:
            exdates = parse_exdates(data.get("exdates_text") or "")
            if data.get("start_date") and rule:
                occurrence_dates(rule, data["start_date"], exdates=exdates)
        except RecurrenceError as error:
            self.add_error("rule" if preset == "custom" else "preset", str(error))
            return data
        self.instance.rule = rule
        self.instance.exdates = [d.isoformat() for d in exdates]
        data["rule_text"] = rule
        return data


class CancelSessionForm(forms.Form):
    reason = forms.CharField(label=_("Reason (sent to registrants)"), max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8}))
    include_waitlist = forms.BooleanField(label=_("Also send to people on the waitlist"), required=False)
