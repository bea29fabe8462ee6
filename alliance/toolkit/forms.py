"""The toolkit's forms: they parse and say what is wrong; actions.py decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.community.models import CompanySize, Person
from alliance.toolkit import dues
from alliance.toolkit.models import Invoice, MeasureKind, PaymentMethod


class AmountField(forms.CharField):
    """An amount typed as text ("120", "120.50", "1 234,50") cleaned to integer cents."""

    def __init__(self, **kwargs: Any) -> None:
        # No max_length: its validator would measure the cleaned cents; the widget caps the text.
        kwargs.setdefault("widget", forms.TextInput(attrs={"maxlength": 20, "inputmode": "decimal"}))
        kwargs.setdefault("help_text", _("For example 120 or 120.50."))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 20:
            raise forms.ValidationError(_("This amount is too large."))
        try:
            return dues.parse_amount(text)
        except dues.AmountError as error:
            if str(error) == "negative":
                raise forms.ValidationError(_("An amount cannot be negative.")) from None
            if str(error) == "more than two decimals":
                raise forms.ValidationError(_("Use at most two decimals (cents).")) from None
            if str(error) == "too large":
                raise forms.ValidationError(_("This amount is too large.")) from None
            raise forms.ValidationError(_("Type an amount as a number, for example 120.50.")) from None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ManagerForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Contact person"))

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class TierForm(forms.Form):
    name = forms.CharField(label=_("Tier name"), max_length=100)
    company_size = forms.ChoiceField(label=_("For company size"), required=False,
                                     choices=[("", _("Any size")), *CompanySize.choices])
    yearly_fee = AmountField(label=_("Yearly fee"))


class InvoiceForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    description = forms.CharField(label=_("Description"), max_length=200, required=False,
                                  help_text=_("Leave empty for the yearly fee of the member's tier."))
    amount = AmountField(label=_("Amount"), required=False,
                         help_text=_("Leave empty for the yearly fee of the member's tier."))
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("description") and data.get("amount") is None:
            self.add_error("amount", _("Give the amount of this line."))
        if data.get("due_on") and data["due_on"] < timezone.localdate():
            self.add_error("due_on", _("The due date cannot be in the past."))
        return data


class PaymentForm(forms.Form):
    invoice = forms.ModelChoiceField(queryset=Invoice.objects.none(), label=_("Invoice"))
    amount = AmountField(label=_("Amount paid"))
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    method = forms.ChoiceField(label=_("Method"), choices=PaymentMethod.choices)

    def __init__(self, *args: Any, invoices: QuerySet[Invoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["invoice"].queryset = invoices  # type: ignore[attr-defined]
        # The oldest open invoice is the one a payment or a measure is usually about.
        self.fields["invoice"].initial = invoices.order_by("issued_on", "number").values_list("pk", flat=True).first()
        self.fields["paid_on"].initial = timezone.localdate()


class MeasureForm(forms.Form):
    invoice = forms.ModelChoiceField(queryset=Invoice.objects.none(), label=_("Invoice"))
    kind = forms.ChoiceField(label=_("Measure"), choices=MeasureKind.choices)
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    new_due_on = forms.DateField(label=_("New due date (deferral)"), required=False, widget=DateInput())
    amount = AmountField(label=_("Amount off (reduction)"), required=False)
    instalments = forms.IntegerField(label=_("Number of instalments (plan)"), required=False, min_value=2,
                                     max_value=24)
    first_due_on = forms.DateField(label=_("First instalment due (plan)"), required=False, widget=DateInput())

    def __init__(self, *args: Any, invoices: QuerySet[Invoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["invoice"].queryset = invoices  # type: ignore[attr-defined]
        # The oldest open invoice is the one a payment or a measure is usually about.
        self.fields["invoice"].initial = invoices.order_by("issued_on", "number").values_list("pk", flat=True).first()
