from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class MinutesConfig(AppConfig):
    name = "alliance.minutes"
    verbose_name = pgettext_lazy("meeting record", "Minutes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Meetings announces, minutes listens: the dependency runs one way (docs/architecture-layers.md).
        from alliance.meetings import signals
        from alliance.meetings.models import Session
        from alliance.minutes import receivers

        signals.session_ended.connect(receivers.draft_when_ended, sender=Session,
                                      dispatch_uid="minutes.draft_when_ended")
        signals.session_page.connect(receivers.session_page_links, sender=Session,
                                     dispatch_uid="minutes.session_page_links")
