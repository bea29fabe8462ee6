from django.urls import path

from alliance.minutes import views

app_name = "minutes"

urlpatterns = [
    path("sessions/<int:pk>/minutes/", views.public, name="public"),
    path("sessions/<int:pk>/minutes.<str:fmt>", views.download, name="download"),
    path("sessions/<int:pk>/minutes/draft/", views.edit, name="edit"),
    path("sessions/<int:pk>/minutes/publish/", views.publish, name="publish"),
    path("sessions/<int:pk>/minutes/preview/", views.preview, name="preview"),
    path("sessions/<int:pk>/minutes/amend/", views.amend, name="amend"),
    path("sessions/<int:pk>/minutes/amendments/<int:amendment>/", views.decide, name="decide"),
    path("sessions/<int:pk>/minutes/versions/", views.versions, name="versions"),
    path("sessions/<int:pk>/minutes/versions/<int:number>/", views.version, name="version"),
    path("minutes/import/", views.import_upload, name="import"),
    path("minutes/import/<int:pk>/", views.review, name="review"),
]
