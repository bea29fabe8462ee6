"""The toolkit's forms: they parse and say what is wrong; actions.py decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.community.models import CompanySize, Ecosystem, Organisation, Person, ReviewStatus
from alliance.toolkit import dues
from alliance.toolkit.models import (
    ChangeReason,
    Invoice,
    MeasureKind,
    PaymentMethod,
    ProjectInvolvement,
    ProjectStatus,
)


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


# --- Innovation projects --------------------------------------------------------------------

class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    involvement = forms.ChoiceField(label=_("The organisation"), choices=ProjectInvolvement.choices,
                                    initial=ProjectInvolvement.RUNS)
    partners = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(), label=_("Partners"), required=False,
        help_text=_("Organisations of the registry; hold Ctrl (or ⌘) to choose several."))
    funding_programme = forms.CharField(label=_("Funding programme"), max_length=200, required=False)
    budget = AmountField(label=_("Budget"), required=False, help_text=_("In euros, for example 250000."))
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput())
    ecosystem = forms.ModelChoiceField(queryset=Ecosystem.objects.all(), label=_("Industrial ecosystem"),
                                       required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.filter(review_status=ReviewStatus.APPROVED).exclude(pk=organisation.pk)
            .order_by("name", "id"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("A project cannot end before it starts."))
        return data


class ProjectChangeForm(forms.Form):
    """Every status is accepted here, so that a change the timeline does not allow reaches
    actions.py and is refused with its message (naming the allowed ones); the select
    offers only the allowed ones."""

    to_status = forms.ChoiceField(label=_("New status"), choices=ProjectStatus.choices)
    reason = forms.ChoiceField(label=_("Reason"), required=False, choices=[("", "—"), *ChangeReason.choices],
                               help_text=_("Needed to pause or stop a project."))
    note = forms.CharField(label=_("Note"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Needed when the reason is “other”."))
    needed_to_resume = forms.CharField(label=_("What is needed to resume"), max_length=2000, required=False,
                                       widget=forms.Textarea(attrs={"rows": 3}),
                                       help_text=_("On a pause or a stop: a partner, funding, material … It can "
                                                   "be posted to the exchange."))

    def __init__(self, *args: Any, allowed: tuple[str, ...] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if allowed is not None:
            labels = dict(ProjectStatus.choices)
            self.fields["to_status"].widget.choices = [(s, labels[s]) for s in allowed]


class NeededForm(forms.Form):
    needed_to_resume = forms.CharField(label=_("What is needed to resume"), max_length=2000,
                                       widget=forms.Textarea(attrs={"rows": 3}))


class ContinuityForm(forms.Form):
    since = forms.DateField(label=_("Paused or stopped since"), required=False, widget=DateInput(),
                            input_formats=["%Y-%m-%d"],
                            error_messages={"invalid": _("Type a date as YYYY-MM-DD.")})


SURVEY_QUESTIONS = 3
TURNOVER_SCALE = (_("−50 % or more"), _("−25 to −50 %"), _("−10 to −25 %"), _("about the same"), _("+10 % or more"))


class SurveyForm(forms.Form):
    """A title, dates, and up to three questions, each with its answers one a line (in the
    order they are offered). The first question starts as the turnover scale."""

    title = forms.CharField(label=_("Title"), max_length=200)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput(), required=False)
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, SURVEY_QUESTIONS + 1):
            self.fields[f"question_{n}"] = forms.CharField(label=_("Question %(n)s") % {"n": n}, max_length=300,
                                                           required=n == 1)
            self.fields[f"options_{n}"] = forms.CharField(
                label=_("Answers to choose from, one a line"), required=n == 1,
                widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}))
        if not self.is_bound:
            self.initial.setdefault("question_1", _("How did the crisis affect your turnover?"))
            self.initial.setdefault("options_1", "\n".join(str(option) for option in TURNOVER_SCALE))

    def questions(self) -> list[tuple[str, list[str]]]:
        data = self.cleaned_data
        return [(data.get(f"question_{n}") or "", (data.get(f"options_{n}") or "").splitlines())
                for n in range(1, SURVEY_QUESTIONS + 1)]


class SurveyAnswerForm(forms.Form):
    """One radio group per question of the survey, named after the question's id."""

    def __init__(self, *args: Any, questions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text, coerce=int, widget=forms.RadioSelect,
                choices=[(i, option) for i, option in enumerate(question.options)],
                error_messages={"required": _("Choose one answer.")})

    def choices(self) -> dict[int, int]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}
