import pytest_asyncio
from channels.layers import channel_layers

from alliance.meetings import hub, presence


@pytest_asyncio.fixture(autouse=True)
async def _a_fresh_channel_layer_and_no_room_left_behind():
    """Each test runs on an event loop of its own. Redis' channel layer keeps receive
    state bound to the loop that last received (a consumer a test left open, even the
    origin validator's denier, leaves it there), so every test gets a fresh layer, and
    the rooms' listeners of its loop are stopped at the end (meetings/hub.py), as is its
    presence writer (meetings/presence.py), after writing what it still holds."""
    channel_layers.backends.clear()
    yield
    await presence.close_all()
    await hub.close_all()
    channel_layers.backends.clear()
