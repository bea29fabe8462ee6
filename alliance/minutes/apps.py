from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "alliance.minutes"
    verbose_name = _("Minutes")
    default_auto_field = "django.db.models.BigAutoField"
