"""Session times as people need them: in their own zone, with the session's beside it."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alliance.lib import dates
from alliance.meetings.models import Session

register = template.Library()


def _format(moment: dt.datetime) -> str:
    return dates.full_date_time(moment, get_language() or "en")


@register.simple_tag
def session_time(session: Session) -> SafeString:
    """'Thursday 21 May 2020, 08:30 Europe/Brussels' — and, when the viewer's zone
    differs, '(07:30 your time, Europe/London)'. The <time> element carries UTC."""
    own = session.local_start
    viewer_zone = timezone.get_current_timezone()
    viewer = session.starts_at.astimezone(viewer_zone)
    main = format_html('<time datetime="{}">{}</time> <span class="zone">{}</span>',
                       session.starts_at.isoformat(), _format(own), session.time_zone)
    if viewer.utcoffset() == own.utcoffset():
        return main
    day = _format(viewer) if viewer.date() != own.date() else formats.time_format(viewer, "H:i")
    return format_html('{} <span class="viewer-time">({})</span>', main,
                       _("%(time)s your time, %(zone)s") % {"time": day, "zone": str(viewer_zone)})
