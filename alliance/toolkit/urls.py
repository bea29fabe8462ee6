from django.urls import path  # noqa: F401 - the toolkit's pages are added here

app_name = "toolkit"

urlpatterns: list = []
