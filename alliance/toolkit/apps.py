from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolkitConfig(AppConfig):
    name = "alliance.toolkit"
    verbose_name = _("Cluster organisation toolkit")
    default_auto_field = "django.db.models.BigAutoField"
