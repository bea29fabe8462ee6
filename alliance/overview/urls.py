from django.urls import path

from alliance.overview import views

app_name = "overview"

urlpatterns = [
    path("overview/", views.overview, name="overview"),
    path("overview/regions/", views.regions, name="regions"),
    path("overview/statements/", views.statement_list, name="statements"),
    path("overview/statements.<str:fmt>", views.export, name="export"),
]
