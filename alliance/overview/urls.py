from django.urls import path

from alliance.overview import views

app_name = "overview"

urlpatterns = [
    path("overview/", views.overview, name="overview"),
    path("overview/regions/", views.regions, name="regions"),
    path("overview/statements/", views.statement_list, name="statements"),
    path("overview/statements.<str:fmt>", views.export, name="export"),
    path("overview/statements/<int:pk>/move/", views.statement_move, name="statement-move"),
    path("overview/themes/", views.theme_list, name="themes"),
    path("overview/themes/run/", views.themes_run, name="themes-run"),
    path("overview/themes/remainder/", views.theme_remainder, name="remainder"),
    path("overview/themes/<int:pk>/", views.theme_detail, name="theme"),
    path("overview/themes/<int:pk>/curate/", views.theme_curate, name="theme-curate"),
    path("overview/reports/", views.report_list, name="reports"),
    path("overview/reports/<slug:slug>/", views.report_detail, name="report"),
    path("overview/reports/<slug:slug>/edit/", views.report_edit, name="report-edit"),
    path("overview/reports/<slug:slug>/publish/", views.report_publish, name="report-publish"),
    path("overview/reports/<slug:slug>/versions/", views.report_versions, name="report-versions"),
    path("overview/reports/<slug:slug>.<str:fmt>", views.report_download, name="report-download"),
]
