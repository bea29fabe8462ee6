from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from alliance.community.ecosystems import ECOSYSTEMS
from alliance.community.models import (
    Cluster,
    Ecosystem,
    Organisation,
    OrganisationType,
    Region,
)
from alliance.community.queries import DirectoryFilters
from alliance.lib import collation

NUTS_PATTERN = re.compile(r"^[A-Z]{2}[A-Z0-9]{0,3}$")


def clean_region_code(value: str) -> str:
    code = value.strip().upper()
    if not code:
        return ""
    if not NUTS_PATTERN.match(code) or not Region.objects.filter(code=code).exists():
        raise forms.ValidationError(
            _("“%(code)s” is not a NUTS 2024 region code."), params={"code": value[:12]}
        )
    return code


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    type = forms.ChoiceField(
        label=_("Type"), required=False,
        choices=[("", _("All types")), *OrganisationType.choices],
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.CharField(
        label=_("Region (NUTS code)"), required=False, max_length=5,
        help_text=_("Includes its sub-regions, e.g. ES2 for north-east Spain."),
    )
    ecosystem = forms.ChoiceField(
        label=_("Industrial ecosystem"), required=False,
        choices=[("", _("All ecosystems")), *ECOSYSTEMS],
    )
    # Validated against the table, not a choices list: with thousands of clusters,
    # Django's per-option widget rendering cost more than the search itself
    # (bench/directory.py). directory.html renders the <select> with a plain loop.
    cluster = forms.IntegerField(label=_("Cluster"), required=False, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country_field = self.fields["country"]
        assert isinstance(country_field, forms.ChoiceField)
        country_field.choices = [("", _("All countries")), *countries]
        ecosystem_field = self.fields["ecosystem"]
        assert isinstance(ecosystem_field, forms.ChoiceField)
        ecosystem_field.choices = [("", _("All ecosystems")),
                                   *collation.sorted_by_name(ECOSYSTEMS, lambda e: str(e[1]))]

    def clean_cluster(self) -> int | None:
        cluster = self.cleaned_data.get("cluster")
        if cluster is not None and not Cluster.objects.filter(pk=cluster).exists():
            raise forms.ValidationError(_("There is no such cluster."))
        return cluster

    def clean_region(self) -> str:
        return clean_region_code(self.cleaned_data.get("region", ""))

    def filters(self) -> DirectoryFilters:
        data = self.cleaned_data
        return DirectoryFilters(
            q=data.get("q", "").strip(), type=data.get("type", ""), country=data.get("country", ""),
            region=data.get("region", ""), ecosystem=data.get("ecosystem", ""),
            cluster=data.get("cluster"),
        )


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.name}"


class _ByLabel(ModelChoiceIterator):
    """Options in the reader's alphabetical order of their (translated) labels."""

    def __iter__(self) -> Iterator[Any]:
        choices = list(super().__iter__())
        empty = 1 if self.field.empty_label is not None else 0
        yield from choices[:empty]
        yield from collation.sorted_by_name(choices[empty:], lambda c: str(c[1]))


class CountryChoiceField(forms.ModelChoiceField):
    iterator = _ByLabel

    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class EcosystemsField(forms.ModelMultipleChoiceField):
    iterator = _ByLabel


class OrganisationForm(forms.ModelForm):
    country = CountryChoiceField(label=_("Country"), queryset=Region.objects.filter(level=0))
    region = RegionChoiceField(
        label=_("Region"), queryset=Region.objects.order_by("code"),
        help_text=_("The most precise NUTS region you know; the country itself will do."),
    )
    ecosystems = EcosystemsField(
        label=_("Industrial ecosystems"), queryset=Ecosystem.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "type", "size", "country", "region", "website", "description",
                  "ecosystems", "visibility"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}



class CsvUploadForm(forms.Form):
    KIND_CHOICES = [("organisations", _("Organisations")), ("people", _("People"))]
    kind = forms.ChoiceField(label=_("What the file holds"), choices=KIND_CHOICES)
    file = forms.FileField(label=_("CSV file (UTF-8, comma-separated, with a header row)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s bytes; the limit is %(limit)s bytes."),
                params={"size": upload.size, "limit": settings.MAX_UPLOAD_BYTES},
            )
        return upload


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    name = forms.CharField(label=_("Name (optional)"), max_length=200, required=False)
    consent = forms.BooleanField(
        label=_("I agree to receive the alliance's session summaries and news by e-mail. "
                "I can unsubscribe at any time with one click."),
    )
    # Bots fill every field; people never see this one (hidden by CSS and from screen readers).
    website = forms.CharField(required=False, label=_("Leave this field empty"), widget=forms.TextInput(
        attrs={"tabindex": "-1", "autocomplete": "off"}))


class ReviewDecisionForm(forms.Form):
    """A coordinator's decision on one organisation typed into a public form."""

    APPROVE, REJECT = "approve", "reject"
    organisation = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (REJECT, _("Reject and delete"))])


def cluster_choices() -> list[tuple[int, str]]:
    return list(Cluster.objects.order_by("name").values_list("pk", "name"))
