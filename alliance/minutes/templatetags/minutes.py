from django import template
from django.utils.safestring import SafeString, mark_safe

from alliance.minutes.render import to_html

register = template.Library()


@register.filter
def minutes_html(body: str) -> SafeString:
    """Markdown as HTML, sanitised by nh3 (see minutes/render.py), so safe to mark."""
    return mark_safe(to_html(str(body)))  # noqa: S308
