from django.urls import path

from alliance.exchange import views

app_name = "exchange"

urlpatterns = [
    path("exchange/", views.post_list, name="posts"),
    path("exchange/new/", views.post_create, name="create"),
    path("exchange/mine/", views.mine, name="mine"),
    path("exchange/follow-up/", views.follow_up, name="follow-up"),
    path("exchange/outcome/<str:token>/", views.outcome, name="outcome"),
    path("exchange/digest/", views.digest, name="digest"),
    path("exchange/digest/unsubscribe/<str:token>/", views.digest_unsubscribe, name="digest-unsubscribe"),
    path("exchange/from-contribution/<int:pk>/", views.post_from_contribution, name="from-contribution"),
    path("exchange/<int:pk>/", views.post_detail, name="post"),
    path("exchange/<int:pk>/resolve/", views.post_resolve, name="resolve"),
    path("exchange/<int:pk>/renew/", views.post_renew, name="renew"),
    path("exchange/<int:pk>/report/", views.post_report, name="report"),
    path("exchange/<int:pk>/hide/", views.post_hide, name="hide"),
    path("exchange/<int:pk>/introduce/", views.introduction_request, name="introduce"),
    path("exchange/<int:pk>/interest/", views.interest_express, name="interest"),
    path("exchange/introductions/<int:pk>/answer/", views.introduction_answer, name="answer"),
    path("exchange/interests/<int:pk>/shortlist/", views.interest_shortlist, name="shortlist"),
]
