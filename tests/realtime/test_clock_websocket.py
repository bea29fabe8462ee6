"""The ASGI entry point serves websockets next to HTTP; the clock answers with server time."""

import json
import os
import time

import pytest
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from alliance.asgi import application

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db]

ORIGIN = [(b"origin", b"http://testserver")]


async def connect(origin=ORIGIN) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, "/ws/clock/", headers=origin)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def test_clock_returns_server_time_with_the_client_time_echoed():
    communicator = await connect()
    sent = time.time() * 1000 - 5000
    await communicator.send_to(text_data=json.dumps({"client_time": sent}))
    reply = json.loads(await communicator.receive_from())
    assert reply["type"] == "clock" and reply["client_time"] == sent
    assert abs(reply["server_time"] - time.time() * 1000) < 5000
    await communicator.disconnect()


@pytest.mark.parametrize("frame", ["not json", json.dumps([1, 2]), json.dumps({"client_time": "x"}), "x" * 5000])
async def test_bad_frames_get_an_error_and_the_connection_survives(frame):
    communicator = await connect()
    await communicator.send_to(text_data=frame)
    assert json.loads(await communicator.receive_from())["type"] == "error"
    await communicator.send_to(text_data=json.dumps({"client_time": 1}))
    assert json.loads(await communicator.receive_from())["type"] == "clock"
    await communicator.disconnect()


async def test_a_foreign_origin_is_refused():
    communicator = WebsocketCommunicator(application, "/ws/clock/", headers=[(b"origin", b"https://evil.example")])
    connected, _ = await communicator.connect()
    assert not connected


async def test_the_configured_channel_layer_delivers_group_messages(settings):
    # On the defaults this is the in-memory layer; in CI's second run (REDIS_URL set) it is Redis.
    layer = get_channel_layer()
    channel = await layer.new_channel()
    group = f"test-{os.getpid()}-{time.time_ns()}"
    await layer.group_add(group, channel)
    await layer.group_send(group, {"type": "ping", "n": 1})
    assert (await layer.receive(channel))["n"] == 1
    await layer.group_discard(group, channel)
