from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "alliance.community"
    verbose_name = _("Community registry")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from alliance.community import search

        post_migrate.connect(lambda sender, using="default", **kw: search.install(using),
                             sender=self, weak=False, dispatch_uid="community.search.install")
