"""A theme's title in the reader's language: the curated name if it has one, else the
key phrases of its statements in the reader's language when it has enough of them
(themes.LANGUAGE_LABEL_MIN), else those of its main language."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from alliance.overview.models import Theme

register = template.Library()


@register.filter
def theme_title(theme: Theme) -> str:
    if theme.name:
        return theme.name
    language = (get_language() or "en").split("-")[0]
    return (theme.labels or {}).get(language) or theme.title
