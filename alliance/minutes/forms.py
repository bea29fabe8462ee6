from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alliance.lib.kinds import OTHER, SENTENCE_LABELS
from alliance.meetings.models import ContributionKind
from alliance.minutes.importer import MAX_BYTES
from alliance.minutes.models import MAX_BODY

# What a person may make of a doubtful sentence: the classifier's labels, with their names.
KIND_CHOICES = [*((kind, ContributionKind(kind).label) for kind in SENTENCE_LABELS if kind != OTHER),
                (OTHER, _("Other (leave out)"))]
MAX_FILES = 50


class MinutesForm(forms.Form):
    body = forms.CharField(label=_("Minutes (Markdown)"), max_length=MAX_BODY, required=False,
                           widget=forms.Textarea(attrs={"rows": 28, "spellcheck": "true"}))


class OpenAmendmentsForm(forms.Form):
    days = forms.IntegerField(label=_("Amendment window (days)"), min_value=1, max_value=30, initial=3)


class AmendmentForm(forms.Form):
    original = forms.CharField(widget=forms.HiddenInput, max_length=MAX_BODY)
    proposed = forms.CharField(label=_("Proposed wording"), max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Why (optional)"), max_length=500, required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, as Django's documentation shows (each cleaned alone)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class ImportForm(forms.Form):
    summaries = MultipleFileField(
        label=_("Summaries (.md, .txt, .html or .docx)"),
        widget=MultipleFileInput(attrs={"accept": ".md,.markdown,.txt,.html,.htm,.docx"}),
    )

    def clean_summaries(self) -> list[Any]:
        uploads = self.cleaned_data["summaries"]
        if not uploads:
            raise forms.ValidationError(_("Choose at least one file."))
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(_("At most %(n)s files at a time."), params={"n": MAX_FILES})
        limit = min(MAX_BYTES, settings.MAX_UPLOAD_BYTES)
        for upload in uploads:
            if upload.size > limit:
                raise forms.ValidationError(
                    _("%(name)s is %(size)s bytes; the limit is %(limit)s bytes."),
                    params={"name": upload.name, "size": upload.size, "limit": limit})
        return list(uploads)


class ReviewForm(forms.Form):
    """One choice of kind per doubtful sentence, proposed by the classifier."""

    def __init__(self, *args: Any, sentences: list[tuple[int, str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, text, guess in sentences:
            self.fields[f"s{index}"] = forms.ChoiceField(label=text, choices=KIND_CHOICES, initial=guess)
