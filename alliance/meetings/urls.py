from django.urls import path

from alliance.meetings import views

app_name = "meetings"

urlpatterns = [
    path("sessions/", views.agenda, name="agenda"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/mine/", views.my_sessions, name="mine"),
    path("sessions/organisations/", views.organisation_suggestions, name="organisation_suggestions"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/session.ics", views.session_ics, name="session_ics"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/end/", views.session_end, name="session_end"),
    path("sessions/<int:pk>/register/", views.register, name="register"),
    path("sessions/<int:pk>/register/me/", views.register_me, name="register_me"),
    path("sessions/<int:pk>/register/done/", views.register_done, name="register_done"),
    path("sessions/<int:pk>/register/cancel/", views.cancel_mine, name="cancel_mine"),
    path("sessions/<int:pk>/registrants/", views.registrants, name="registrants"),
    path("sessions/<int:pk>/registrants.<str:fmt>", views.export_registrants, name="export_registrants"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("sessions/<int:pk>/room/", views.room, name="room"),
    path("sessions/<int:pk>/room/screen/", views.room, {"screen": True}, name="room_screen"),
    path("registrations/cancel/<str:token>/", views.cancel, name="cancel"),
    path("registrations/confirm/<str:token>/", views.confirm_registration, name="confirm_registration"),
    path("series/new/", views.series_create, name="series_create"),
    path("series/<int:pk>/", views.series_detail, name="series"),
    path("series/<int:pk>/calendar.ics", views.series_ics, name="series_ics"),
    path("calendar/<str:token>.ics", views.person_feed, name="person_feed"),
]
