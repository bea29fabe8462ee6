from __future__ import annotations

from django import template

from alliance.toolkit.pdf import money as _money

register = template.Library()


@register.filter
def money(cents: int | None, currency: str = "EUR") -> str:
    """Integer cents as the viewer's language writes an amount, with its currency."""
    return _money(int(cents or 0), currency)
