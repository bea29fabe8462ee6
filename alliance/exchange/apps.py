from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "alliance.exchange"
    verbose_name = _("Needs and solutions exchange")
    default_auto_field = "django.db.models.BigAutoField"
