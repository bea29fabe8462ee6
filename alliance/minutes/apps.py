from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class MinutesConfig(AppConfig):
    name = "alliance.minutes"
    verbose_name = pgettext_lazy("meeting record", "Minutes")
    default_auto_field = "django.db.models.BigAutoField"
