from django.urls import path

from alliance.community import review_views, views

app_name = "community"

urlpatterns = [
    path("organisations/", views.directory, name="directory"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/review/", review_views.review_organisations, name="review"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/delete/", views.organisation_delete, name="organisation_delete"),
    path("organisations/export.csv", views.export_organisations, name="export_organisations"),
    path("people/export.csv", views.export_people, name="export_people"),
    path("import/", views.import_csv, name="import"),
    path("clusters/", views.cluster_list, name="clusters"),
    path("clusters/<int:pk>/", views.cluster_detail, name="cluster"),
    path("ecosystems/", views.ecosystem_list, name="ecosystems"),
    path("ecosystems/<slug:slug>/", views.ecosystem_detail, name="ecosystem"),
    path("regions/<str:code>/", views.region_detail, name="region"),
    path("mailing-list/", views.subscribe, name="subscribe"),
    path("mailing-list/check-your-inbox/", views.subscribe_done, name="subscribe_done"),
    path("mailing-list/confirm/<str:token>/", views.subscription_confirm, name="subscription_confirm"),
    path("mailing-list/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("mailing-list/subscribers.csv", views.export_subscribers, name="export_subscribers"),
]
