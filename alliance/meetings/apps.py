from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "alliance.meetings"
    verbose_name = _("Sessions")
    default_auto_field = "django.db.models.BigAutoField"
