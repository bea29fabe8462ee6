from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    name = "alliance.overview"
    verbose_name = _("Overview of needs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Meetings announces, the overview listens (docs/architecture-layers.md): the
        # statements follow every contribution and session change without meetings
        # knowing that the overview exists.
        from alliance.meetings import signals
        from alliance.meetings.models import Session
        from alliance.overview import receivers

        signals.contributions_changed.connect(receivers.contributions_changed, sender=Session,
                                              dispatch_uid="overview.contributions_changed")
        signals.session_changed.connect(receivers.session_changed, sender=Session,
                                        dispatch_uid="overview.session_changed")
