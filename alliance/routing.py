from django.urls import path

from alliance.lib.clock import ClockConsumer
from alliance.meetings.consumers import RoomConsumer

websocket_urlpatterns = [
    path("ws/clock/", ClockConsumer.as_asgi()),
    path("ws/sessions/<int:pk>/room/", RoomConsumer.as_asgi()),
]
