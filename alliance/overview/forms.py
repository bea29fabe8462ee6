"""The overview's filters: every value is checked here, so a page or an export given an
unknown code or an impossible date says so instead of failing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel import Locale
from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from alliance.community.ecosystems import ECOSYSTEMS
from alliance.community.forms import clean_region_code
from alliance.community.models import OrganisationType
from alliance.meetings.models import Series
from alliance.overview.language import EU_LANGUAGES, UNKNOWN
from alliance.overview.models import StatementKind, Theme
from alliance.overview.queries import StatementFilters

# Before the alliance and after tomorrow there is nothing to find: out of this range a
# date is a typing error, not a filter.
EARLIEST = dt.date(2000, 1, 1)


def language_choices() -> list[tuple[str, Any]]:
    """The EU languages, named in the viewer's language (Babel's names)."""
    locale = Locale.parse((get_language() or "en").replace("-", "_"))
    named = sorted(((code, (locale.languages.get(code) or code).capitalize()) for code in EU_LANGUAGES),
                   key=lambda choice: choice[1])
    return [("", _("All languages")), *named, (UNKNOWN, _("Unknown"))]


class StatementFilterForm(forms.Form):
    ecosystem = forms.ChoiceField(label=_("Industrial ecosystem"), required=False,
                                  choices=[("", _("All ecosystems")), *ECOSYSTEMS])
    region = forms.CharField(label=_("Region (NUTS code)"), required=False, max_length=5,
                             help_text=_("Includes its sub-regions, e.g. ITC for north-west Italy."))
    organisation_type = forms.ChoiceField(label=_("Organisation type"), required=False,
                                          choices=[("", _("All types")), *OrganisationType.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("Disruptions, needs and solutions")), *StatementKind.choices])
    language = forms.ChoiceField(label=_("Language"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    series = forms.TypedChoiceField(label=_("Session series"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = language_choices()
        series = self.fields["series"]
        assert isinstance(series, forms.ChoiceField)
        series.choices = [("", _("All sessions")), *Series.objects.order_by("title").values_list("pk", "title")]

    def clean_region(self) -> str:
        return clean_region_code(self.cleaned_data.get("region", ""))

    def _clean_date(self, name: str) -> dt.date | None:
        value = self.cleaned_data.get(name)
        latest = timezone.localdate() + dt.timedelta(days=1)
        if value is not None and not EARLIEST <= value <= latest:
            raise forms.ValidationError(_("Give a date between %(first)s and %(last)s."),
                                        params={"first": EARLIEST.isoformat(), "last": latest.isoformat()})
        return value

    def clean_since(self) -> dt.date | None:
        return self._clean_date("since")

    def clean_until(self) -> dt.date | None:
        return self._clean_date("until")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end of the period comes before its start."))
        return data

    def filters(self) -> StatementFilters:
        """The filters asked for; only once the form is valid."""
        data = self.cleaned_data
        return StatementFilters(
            ecosystem=data.get("ecosystem") or "", region=data.get("region") or "",
            organisation_type=data.get("organisation_type") or "", kind=data.get("kind") or "",
            language=data.get("language") or "", since=data.get("since"), until=data.get("until"),
            series=data.get("series"))


class CurationForm(forms.Form):
    """One curation of a theme by a coordinator; ``other`` names the theme to merge in."""

    ACTIONS = ("rename", "pin", "unpin", "hide", "show", "merge", "split")

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    name = forms.CharField(label=_("New name"), max_length=120, required=False)
    other = forms.ModelChoiceField(label=_("Merge with"), queryset=Theme.objects.none(), required=False)

    def __init__(self, *args: Any, theme: Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        other = self.fields["other"]
        assert isinstance(other, forms.ModelChoiceField)
        other.queryset = Theme.objects.filter(retired=False).exclude(pk=theme.pk)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "rename" and not " ".join((data.get("name") or "").split()):
            self.add_error("name", _("A theme needs a name."))
        if data.get("action") == "merge" and not data.get("other"):
            self.add_error("other", _("Choose the theme to merge with."))
        return data


class MoveForm(forms.Form):
    theme = forms.ModelChoiceField(label=_("Move to theme"), queryset=Theme.objects.filter(retired=False))
