"""A websocket that tells clients the server's time.

The live room's countdowns must not drift between clients (a participant's
laptop clock can be minutes off), so every client measures its offset to the
server here: it sends its own time, gets the server's back, and corrects by the
round trip. The clock reveals nothing, so it needs no access check beyond the
Origin check every websocket gets in asgi.py.
"""

from __future__ import annotations

import json
import time
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer

MAX_MESSAGE_BYTES = 256


class ClockConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        await self.accept()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is None or len(text_data) > MAX_MESSAGE_BYTES:
            await self._error("message must be a small JSON text frame")
            return
        try:
            message: Any = json.loads(text_data)
            client_time = float(message["client_time"]) if isinstance(message, dict) else None
        except (ValueError, KeyError, TypeError):
            client_time = None
        if client_time is None:
            await self._error('expected {"client_time": <milliseconds since the epoch>}')
            return
        await self.send(text_data=json.dumps(
            {"type": "clock", "client_time": client_time, "server_time": time.time() * 1000}
        ))

    async def _error(self, message: str) -> None:
        await self.send(text_data=json.dumps({"type": "error", "error": message}))
