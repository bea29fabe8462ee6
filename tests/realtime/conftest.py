import pytest_asyncio
from channels.layers import channel_layers

from alliance.meetings import hub


@pytest_asyncio.fixture(autouse=True)
async def _a_fresh_channel_layer_and_no_room_left_behind():
    """Each test runs on an event loop of its own. Redis' channel layer keeps receive
    state bound to the loop that last received (a consumer a test left open, even the
    origin validator's denier, leaves it there), so every test gets a fresh layer, and
    the rooms' listeners of its loop are stopped at the end (meetings/hub.py)."""
    channel_layers.backends.clear()
    yield
    await hub.close_all()
    channel_layers.backends.clear()
