from django.urls import path

from alliance.lib.clock import ClockConsumer

websocket_urlpatterns = [
    path("ws/clock/", ClockConsumer.as_asgi()),
]
