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


async def presence_until(communicator: WebsocketCommunicator, wanted: Any, timeout: float = 10) -> list[dict[str, Any]]:
    """The first presence list a moderator's socket gets for which ``wanted(list)`` holds
    (the lists come after each batch of joins and leaves, meetings/presence.py)."""
    while True:
        message = json.loads(await communicator.receive_from(timeout=timeout))
        if message["type"] == "presence" and wanted(message["present"]):
            return message["present"]


def people(present: list[dict[str, Any]]) -> tuple[set[str], int]:
    """(the registrants and users a presence list names, the visitors it counts)."""
    named = {p["person"] or p["name"] for p in present if not p.get("visitors")}
    return named, sum(p.get("visitors", 0) for p in present)
