from django.urls import path

from alliance.toolkit import views

app_name = "toolkit"

urlpatterns = [
    path("toolkit/", views.home, name="home"),
    path("toolkit/<int:org>/", views.workspace, name="workspace"),
    path("toolkit/<int:org>/managers/", views.make_manager, name="make-manager"),
    path("toolkit/<int:org>/tiers/", views.save_tier, name="save-tier"),
    path("toolkit/<int:org>/members/<int:pk>/", views.member, name="member"),
    path("toolkit/<int:org>/members/<int:pk>/tier/", views.member_tier, name="member-tier"),
    path("toolkit/<int:org>/members/<int:pk>/invoice/", views.issue_invoice, name="issue-invoice"),
    path("toolkit/<int:org>/members/<int:pk>/payment/", views.record_payment, name="payment"),
    path("toolkit/<int:org>/members/<int:pk>/measure/", views.grant_measure, name="measure"),
    path("toolkit/<int:org>/invoices/<int:pk>.pdf", views.invoice_download, name="invoice-pdf"),
    path("toolkit/<int:org>/projects/", views.projects, name="projects"),
    path("toolkit/<int:org>/projects/<int:pk>/", views.project, name="project"),
    path("toolkit/<int:org>/projects/<int:pk>/status/", views.project_status, name="project-status"),
    path("toolkit/<int:org>/projects/<int:pk>/needed/", views.project_needed, name="project-needed"),
    path("toolkit/<int:org>/projects/<int:pk>/post/", views.project_post, name="project-post"),
    path("toolkit/<int:org>/continuity/", views.continuity_view, name="continuity"),
    path("toolkit/<int:org>/surveys/", views.surveys, name="surveys"),
    path("toolkit/<int:org>/surveys/<int:pk>/", views.survey, name="survey"),
    path("toolkit/<int:org>/surveys/<int:pk>/send/", views.survey_send, name="survey-send"),
    path("toolkit/surveys/<int:pk>/answer/<str:token>/", views.survey_answer, name="survey-answer"),
]
