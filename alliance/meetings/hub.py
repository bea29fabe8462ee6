"""One listener per room per process: the room's broadcasts written to every member here.

Through channels, a broadcast to a room of N members is N channel-layer messages,
each received by its consumer's own loop (a queue, a task, a dispatch) before the
frame is written: ≈ 190 µs of daphne CPU per member and frame, most of it that path
(py-spy during bench/live_fanout.py), so 1,000 watchers at 5 events a second saturated
a core. Here each process joins the room's group once, with a channel of its own;
one task receives each broadcast once and writes its pre-encoded text to every
member in this process. With Redis, every process does the same, so a broadcast costs
Redis one message per process, not per member.

Order is kept (one task per room reads its channel in order). The room is per event
loop, so each test's loop, or each daphne process, has its own.

The room also keeps the snapshot a joining page gets, encoded once (``snapshot_for``):
a thousand people opening the room at once would otherwise each
replay the floor, read its names and its latest 200 contributions and encode them. It
is dropped whenever the room hears anything (a floor snapshot, a contribution — the
frames every change sends) and after SNAPSHOT_TTL_S, for what changes without a frame
(a topic edited, a name); one read while a frame arrived is not kept. A member takes
the cached one only after joining, so a frame it does not contain still reaches it.

Broadcasts start in the actions, on commit, from whatever thread stored the change
(``publish`` and ``publish_contributions``): the websocket's database thread, an HTTP
view's, a command's. Where this process serves rooms, the frame is handed to its event
loop without waiting (the database thread goes on with the next write) and sent by one
task per loop, in the order the commits handed them over; anywhere else (a command, a
task worker) it is sent at once with ``async_to_sync``, as channels documents for code
outside consumers.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)
RETRY_S = 0.5
# A joining page's snapshot is read again at least this often (what changes without a frame).
SNAPSHOT_TTL_S = 2.0


def group_name(session_id: int) -> str:
    return f"room-{session_id}"


class Room:
    def __init__(self, layer: Any, group: str) -> None:
        self.layer = layer
        self.group = group
        self.members: dict[Any, None] = {}  # insertion-ordered set of consumers
        self.channel = ""
        self.ready = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.generation = 0  # frames heard so far
        self.snapshot: tuple[int, float, int, str] | None = None  # (generation, read at, seq, encoded)
        self.reading: tuple[int, asyncio.Task[tuple[int, str]]] | None = None  # a read under way

    async def start(self) -> None:
        try:
            self.channel = await self.layer.new_channel()
            await self.layer.group_add(self.group, self.channel)
            self.task = asyncio.create_task(self.listen(), name=f"hub:{self.group}")
            self.task.add_done_callback(self._ended)
        finally:
            self.ready.set()

    async def listen(self) -> None:
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # a dropped Redis connection must not silence the room for good
                logger.warning("room %s: receiving failed; trying again", self.group, exc_info=True)
                await asyncio.sleep(RETRY_S)
                continue
            text = message.get("text")
            if not isinstance(text, str):
                continue
            self.generation += 1
            self.snapshot = None
            for member in list(self.members):
                try:
                    await member.relay(text)
                except Exception:  # a connection closing under us must not stop the room
                    logger.debug("room %s: a member could not be sent to", self.group, exc_info=True)

    def _ended(self, task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            logger.error("room %s: the listener stopped", self.group, exc_info=task.exception())

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.task
        if self.channel:
            await self.layer.group_discard(self.group, self.channel)


_rooms: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, Room]] = weakref.WeakKeyDictionary()


def _here() -> dict[str, Room]:
    return _rooms.setdefault(asyncio.get_running_loop(), {})


async def join(layer: Any, group: str, member: Any) -> None:
    """Returns once this process receives the room's broadcasts, so a snapshot read after
    it cannot miss one."""
    global _serving
    _serving = asyncio.get_running_loop()
    rooms = _here()
    room = rooms.get(group)
    if room is None:
        room = rooms[group] = Room(layer, group)  # before any await: a second join finds it
        try:
            await room.start()
        except BaseException:
            rooms.pop(group, None)
            raise
    else:
        await room.ready.wait()
        if room.task is None:
            raise RuntimeError(f"room {group}: the channel layer refused the listener")
    room.members[member] = None


async def leave(group: str, member: Any) -> None:
    rooms = _here()
    room = rooms.get(group)
    if room is None:
        return
    room.members.pop(member, None)
    if not room.members:
        del rooms[group]  # before any await: a join meanwhile starts a fresh room
        await room.stop()


def snapshot_parts(state: dict[str, Any]) -> tuple[int, str]:
    """A snapshot (queries.snapshot) as its seq and its encoded body, without the parts
    that differ per send: the server's time and whose page it is."""
    return int(state["seq"]), json.dumps({k: v for k, v in state.items()
                                          if k not in ("type", "seq", "server_time_ms")})


def snapshot_frame(seq: int, body: str, you: dict[str, Any]) -> str:
    """The frame a joining page gets: the server's time now (pages set their clocks by it),
    the cached body, and ``you``; as json.dumps({**snapshot, "you": you}) would write it."""
    return (f'{{"type": "snapshot", "seq": {seq}, "server_time_ms": {json.dumps(time.time() * 1000)}, '
            f'{body[1:-1]}, "you": {json.dumps(you)}}}')


async def snapshot_for(group: str, read: Callable[[], Awaitable[dict[str, Any]]]) -> tuple[int, str]:
    """(seq, encoded body) of the room's snapshot for a member that has joined ``group``:
    the one kept, if nothing was heard since it was read and it is younger than
    SNAPSHOT_TTL_S; else the read under way, if it started after the last frame heard
    (a thousand joins at once wait for one read, not a thousand); else ``read()`` now.
    Either way the read began after the last frame this member could have missed; what
    the room hears after it reaches the member as a frame."""
    room = _here().get(group)
    if room is None:
        return snapshot_parts(await read())
    if room.snapshot is not None:
        generation, at, seq, body = room.snapshot
        if generation == room.generation and time.monotonic() - at <= SNAPSHOT_TTL_S:
            return seq, body
        room.snapshot = None
    if room.reading is None or room.reading[0] != room.generation:
        room.reading = (room.generation, asyncio.create_task(_read(room, room.generation, read)))
    # Shielded: one member leaving while it waits does not cancel the others' read.
    return await asyncio.shield(room.reading[1])


async def _read(room: Room, generation: int, read: Callable[[], Awaitable[dict[str, Any]]]) -> tuple[int, str]:
    started = time.monotonic()
    try:
        seq, body = snapshot_parts(await read())
    finally:
        if room.reading is not None and room.reading[0] == generation:
            room.reading = None
    if room.generation == generation:  # nothing heard meanwhile: good for the next joins too
        room.snapshot = (generation, started, seq, body)
    return seq, body


def members(group: str) -> int:
    room = _here().get(group)
    return len(room.members) if room else 0


async def close_all() -> None:
    """Stop every room of this event loop (tests: each test's loop must not leave a
    listener blocked in the channel layer, which Redis' layer would refuse to share
    with the next loop)."""
    rooms = _here()
    while rooms:
        _group, room = rooms.popitem()
        room.members.clear()
        await room.stop()
    sender = _senders.pop(asyncio.get_running_loop(), None)
    if sender is not None:
        sender.task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await sender.task


# --- Written contributions, in batches ----------------------------------------------------

# A contribution waits at most this long for others to travel with it.
BATCH_S = 0.05
_outboxes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, list[dict[str, Any]]]] = (
    weakref.WeakKeyDictionary())
_flushing: set[asyncio.Task[None]] = set()


def publish_contribution(layer: Any, group: str, payload: dict[str, Any]) -> None:
    """Send a stored contribution to the room, with whatever else this process stores in
    the next BATCH_S: a thousand people sharing at once would otherwise be a thousand
    frames to every member (a million for a room of a thousand); batched, it is one
    frame per 50 ms. One contribution alone goes as a ``contribution`` frame, several
    as ``contributions``."""
    loop = asyncio.get_running_loop()
    boxes = _outboxes.setdefault(loop, {})
    if group not in boxes:
        boxes[group] = []
        loop.call_later(BATCH_S, _start_flush, loop, layer, group)
    boxes[group].append(payload)


def _start_flush(loop: asyncio.AbstractEventLoop, layer: Any, group: str) -> None:
    task = loop.create_task(_flush(loop, layer, group))
    _flushing.add(task)  # a running task needs a reference, or it may be collected
    task.add_done_callback(_flushing.discard)


async def _flush(loop: asyncio.AbstractEventLoop, layer: Any, group: str) -> None:
    items = _outboxes.get(loop, {}).pop(group, [])
    if not items:
        return
    if len(items) == 1:
        text = json.dumps({"type": "contribution", "contribution": items[0]})
    else:
        text = json.dumps({"type": "contributions", "contributions": items})
    try:
        await layer.group_send(group, {"type": "room.contribution", "text": text})
    except Exception:  # stored already: pages that missed it get it with their next snapshot
        logger.warning("room %s: %s contribution(s) could not be sent", group, len(items), exc_info=True)


# --- Publishing from anywhere ------------------------------------------------------------

# The loop that serves rooms in this process (one per process; each test has its own).
_serving: asyncio.AbstractEventLoop | None = None
_senders: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Sender] = weakref.WeakKeyDictionary()


class _Sender:
    """One task per loop sends the room frames handed over by commits, one after the
    other: two snapshots committed in order reach the layer in that order (concurrent
    sends to Redis could overtake each other)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.queue: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()
        self.task = loop.create_task(self.run(), name="hub:sender")

    async def run(self) -> None:
        while True:
            group, message = await self.queue.get()
            try:
                await get_channel_layer().group_send(group, message)
            except Exception:  # stored already: pages that missed it get it with their next snapshot
                logger.warning("room %s: a frame could not be sent", group, exc_info=True)


def _on_serving_loop(call: Callable[[], None]) -> bool:
    """Run ``call`` on the loop that serves rooms here, without waiting; False when
    there is none to run it (this process serves no room)."""
    loop = _serving
    if loop is None or loop.is_closed() or not loop.is_running():
        return False
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        call()
    else:
        loop.call_soon_threadsafe(call)
    return True


def _send_in_order(group: str, message: dict[str, Any]) -> None:
    loop = asyncio.get_running_loop()
    sender = _senders.get(loop)
    if sender is None or sender.task.done():
        sender = _senders[loop] = _Sender(loop)
    sender.queue.put_nowait((group, message))


def _send_now(group: str, message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception:  # the write is committed; the room catches up with its next snapshot
        logger.warning("room %s: a frame could not be sent", group, exc_info=True)


def publish(group: str, message: dict[str, Any]) -> None:
    """Send a room frame (``{"type": ..., "text": <encoded>}``) from any thread; called
    by the actions once their transaction has committed."""
    if not _on_serving_loop(lambda: _send_in_order(group, message)):
        _send_now(group, message)


def publish_contributions(group: str, payloads: list[dict[str, Any]]) -> None:
    """Stored contributions for the room, from any thread: batched with whatever else
    this process stores in the next BATCH_S where it serves rooms, sent at once elsewhere."""
    if not payloads:
        return

    def batch() -> None:
        layer = get_channel_layer()
        for payload in payloads:
            publish_contribution(layer, group, payload)

    if not _on_serving_loop(batch):
        text = json.dumps({"type": "contribution", "contribution": payloads[0]} if len(payloads) == 1
                          else {"type": "contributions", "contributions": payloads})
        _send_now(group, {"type": "room.contribution", "text": text})

