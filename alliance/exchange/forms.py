"""The exchange's forms: every field checked here, so a bad post, quantity, region or
date says so and changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.community.ecosystems import ECOSYSTEMS
from alliance.community.forms import clean_region_code
from alliance.community.models import Organisation, OrganisationType, Region
from alliance.exchange.models import (
    ContactPreference,
    Post,
    PostKind,
    PostStatus,
    Reach,
    ReportReason,
    ResourceCategory,
    Urgency,
)
from alliance.overview.forms import language_choices

MAX_QUANTITY = Decimal("1000000000")


class PostForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label=_("This is"), choices=PostKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=160,
                            help_text=_("One line, e.g. “FFP2 masks for 300 workers in Lombardy”."))
    text = forms.CharField(label=_("Details"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    categories = forms.MultipleChoiceField(label=_("Resource categories"), choices=ResourceCategory.choices,
                                           widget=forms.CheckboxSelectMultiple)
    quantity = forms.DecimalField(label=_("Quantity"), required=False, min_value=Decimal("0.01"),
                                  max_value=MAX_QUANTITY, decimal_places=2, max_digits=14)
    unit = forms.CharField(label=_("Unit"), required=False, max_length=40,
                           help_text=_("e.g. pieces, workers, tonnes, m², hours"))
    region = forms.CharField(label=_("Region (NUTS code)"), required=False, max_length=12,
                             help_text=_("Where it is needed or offered; empty: your organisation's region."))
    reach = forms.ChoiceField(label=_("Reach"), choices=Reach.choices, initial=Reach.NATIONAL)
    ecosystems = forms.MultipleChoiceField(label=_("Industrial ecosystems"), required=False, choices=ECOSYSTEMS,
                                           widget=forms.CheckboxSelectMultiple)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    language = forms.ChoiceField(label=_("Language"), required=False)
    expires_on = forms.DateField(label=_("Open until"), widget=forms.DateInput(attrs={"type": "date"}))
    contact_preference = forms.ChoiceField(label=_("Contact"), choices=ContactPreference.choices,
                                           initial=ContactPreference.INTRODUCTION)
    roles_wanted = forms.CharField(label=_("Roles wanted (partner search)"), required=False, max_length=2000,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("Deadline (partner search)"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    organisation_types = forms.MultipleChoiceField(label=_("Organisation types wanted"), required=False,
                                                   choices=OrganisationType.choices,
                                                   widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
        self._only = organisations.first() if organisations.count() == 1 else None
        if self._only is not None:
            # One organisation to act for: no choice to make (the field still shows it).
            field.initial, field.required = self._only, False
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [("", _("Detect it from the text")), *language_choices()]
        if not self.is_bound:
            self.fields["expires_on"].initial = timezone.localdate() + dt.timedelta(days=60)

    def clean_organisation(self) -> Organisation:
        organisation = self.cleaned_data.get("organisation") or self._only
        if organisation is None:
            raise forms.ValidationError(_("Choose the organisation you post for."))
        return organisation

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("A post needs a title."))
        return title

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if len(text) < 10:
            raise forms.ValidationError(_("Say a little more: at least 10 characters."))
        return text

    def clean_region(self) -> str:
        return clean_region_code(self.cleaned_data["region"])

    def clean_expires_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError(_("The expiry date is in the past."))
        if value > today + dt.timedelta(days=366):
            raise forms.ValidationError(_("A post can stay open for a year at most; renew it then."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("unit") and data.get("quantity") is None and "quantity" not in self.errors:
            self.add_error("quantity", _("Give the quantity the unit is for."))
        if data.get("kind") == PostKind.PARTNER_SEARCH and not (data.get("roles_wanted") or "").strip():
            self.add_error("roles_wanted", _("Say which roles the partners should take."))
        deadline = data.get("deadline")
        if deadline is not None and deadline < timezone.localdate():
            self.add_error("deadline", _("The deadline is in the past."))
        return data

    def post_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"kind": data["kind"], "title": data["title"], "text": data["text"], "quantity": data.get("quantity"),
                "unit": data.get("unit", "").strip(), "region": Region.objects.filter(code=data["region"]).first()
                if data.get("region") else None, "reach": data["reach"], "urgency": data["urgency"],
                "language": data.get("language") or "unknown", "expires_on": data["expires_on"],
                "contact_preference": data["contact_preference"], "roles_wanted": data.get("roles_wanted", ""),
                "deadline": data.get("deadline"), "organisation_types": list(data.get("organisation_types") or [])}


class PostFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Needs, offers and partner searches")),
                                                                       *PostKind.choices])
    category = forms.ChoiceField(label=_("Resource category"), required=False,
                                 choices=[("", _("All categories")), *ResourceCategory.choices])
    ecosystem = forms.ChoiceField(label=_("Industrial ecosystem"), required=False,
                                  choices=[("", _("All ecosystems")), *ECOSYSTEMS])
    region = forms.CharField(label=_("Region (NUTS code)"), required=False, max_length=12)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Open")), ("all", _("All")), *PostStatus.choices[1:]])

    def clean_region(self) -> str:
        return clean_region_code(self.cleaned_data["region"])


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why"), choices=ReportReason.choices)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=300)


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=300)


class ResolveForm(forms.Form):
    status = forms.ChoiceField(label=_("Outcome"), choices=[(PostStatus.FULFILLED, _("Fulfilled")),
                                                             (PostStatus.PARTLY_FULFILLED, _("Partly fulfilled")),
                                                             (PostStatus.WITHDRAWN, _("Withdrawn"))])
    note = forms.CharField(label=_("What is still missing"), required=False, max_length=1000)
    helped_by = forms.ModelChoiceField(label=_("Who helped"), required=False, queryset=Organisation.objects.all(),
                                       widget=forms.Select)

    def __init__(self, *args: Any, helpers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if helpers is not None:
            field = self.fields["helped_by"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = helpers


class IntroductionForm(forms.Form):
    message = forms.CharField(label=_("Message to the other side"), max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    to_post = forms.ModelChoiceField(queryset=Post.objects.all(), required=False, widget=forms.HiddenInput)
    to_organisation = forms.ModelChoiceField(queryset=Organisation.objects.all(), required=False,
                                             widget=forms.HiddenInput)


class InterestForm(forms.Form):
    note = forms.CharField(label=_("What your organisation brings"), max_length=500,
                           widget=forms.Textarea(attrs={"rows": 3}))
