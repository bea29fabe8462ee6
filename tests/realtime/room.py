"""Joining a live room over an in-process websocket, as the room tests do."""

from __future__ import annotations

import json
from typing import Any

from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from alliance.meetings.consumers import RoomConsumer

ORIGIN = [(b"origin", b"http://testserver")]


async def join(session: Any, user: Any = None) -> WebsocketCommunicator:
    """A connected room socket for ``user`` (a visitor when None); its frames unread."""
    communicator = WebsocketCommunicator(RoomConsumer.as_asgi(), f"/ws/sessions/{session.pk}/room/",
                                         headers=ORIGIN)
    communicator.scope["user"] = user or AnonymousUser()
    communicator.scope["url_route"] = {"kwargs": {"pk": session.pk}}
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def reply(communicator: WebsocketCommunicator) -> dict[str, Any]:
    """The answer to the message just sent, past the room's snapshot and presence frames."""
    while True:
        message = json.loads(await communicator.receive_from(timeout=5))
        if message["type"] in ("ack", "error"):
            return message
