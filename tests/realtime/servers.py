"""Real ASGI server processes (`manage.py serve`: Uvicorn, as in production) on the test
database, and a small websocket client.

The server reads the same database as the test: the test database's own settings are
turned back into a DATABASE_URL for it. Tests using this are transaction=True, so the
rows they create are committed and visible to the server.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from django.db import connection
from websockets.sync.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings["USER"] or "postgres"
    return f"postgres://{user}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    def __init__(self, port: int, env: dict[str, str], log: Path) -> None:
        self.port, self.env, self.log = port, env, log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Server:
        handle = self.log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--port", str(self.port), "--log-level", "warning"],
            cwd=ROOT, env=self.env, stdout=handle, stderr=handle)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log.read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def kill(self) -> None:
        """kill -9: no clean-up of any kind, as when a machine dies."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def servers(tmp_path: Path, count: int = 1, **extra_env: str) -> Iterator[list[Server]]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update({"DATABASE_URL": database_url(), "ALLIANCE_ENV": "development", "DEBUG": "false",
                "TASKS_BACKEND": "immediate", "EMAIL_BACKEND": "locmem", "PYTHONPATH": str(ROOT)})
    env.update(extra_env)
    started = [Server(free_port(), env, tmp_path / f"server-{i}.log") for i in range(count)]
    try:
        for server in started:
            server.start()
        yield started
    finally:
        for server in started:
            server.stop()


class RoomClient:
    """One participant's websocket to a room, with the frames it has received."""

    def __init__(self, port: int, session_id: int, cookie: str = "") -> None:
        self.port, self.session_id, self.cookie = port, session_id, cookie
        self.frames: list[dict[str, Any]] = []
        self.ws: ClientConnection | None = None

    def open(self) -> RoomClient:
        headers = {"Origin": f"http://127.0.0.1:{self.port}"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        self._stack = ExitStack()
        self.ws = self._stack.enter_context(connect(
            f"ws://127.0.0.1:{self.port}/ws/sessions/{self.session_id}/room/",
            additional_headers=headers, open_timeout=10))
        self.frames.append(self.receive())
        return self

    def receive(self, timeout: float = 10) -> dict[str, Any]:
        assert self.ws is not None
        return json.loads(self.ws.recv(timeout=timeout))

    def send(self, kind: str, **data: Any) -> str:
        assert self.ws is not None
        key = uuid.uuid4().hex
        self.ws.send(json.dumps({"type": "floor", "kind": kind, "key": key, **data}))
        return key

    def until(self, predicate: Any, timeout: float = 10) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            frame = self.receive(timeout=max(0.01, deadline - time.monotonic()))
            self.frames.append(frame)
            if predicate(frame):
                return frame
        raise AssertionError(f"no matching frame; last: {self.frames[-3:]}")

    def close(self) -> None:
        if self.ws is not None:
            self._stack.close()
            self.ws = None
