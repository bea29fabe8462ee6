from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from alliance.accounts import access as account_access
from alliance.api.api import api
from alliance.community import views as community_views

# The admin asks the same question as every other page, through access.py.
admin.site.has_permission = lambda request: account_access.can_use_admin(request.user)  # type: ignore[method-assign]
admin.site.site_header = settings.ALLIANCE_NAME

# A database too busy to answer is 503 + Retry-After, not 500 (lib/errors.py).
handler500 = "alliance.lib.errors.server_error"

urlpatterns = [
    path("", community_views.home, name="home"),
    path("", include("alliance.community.urls")),
    path("", include("alliance.meetings.urls")),
    path("", include("alliance.minutes.urls")),
    path("", include("alliance.overview.urls")),
    path("", include("alliance.exchange.urls")),
    path("", include("alliance.toolkit.urls")),
    path("account/", include("alliance.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]
