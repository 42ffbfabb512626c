"""Server-sent progress events of one article: validated resume point, bounded life, capped count.

A stream ends when its article is finished, whatever the resume point: the ``finished`` event
when the client has not seen it, else a closing ``finished`` event built from the article's
status (so ``$``, an id past the last event, or a trimmed stream never wait forever).
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator

from pipeline.adapters.redis_events import AsyncEvents
from pipeline.errors import InputError, StoreUnavailable

_STREAM_ID = re.compile(r"\A([0-9]{1,20})(?:-([0-9]{1,20}))?\Z")
_U64 = 2**64 - 1


def stream_position(value: str | None) -> tuple[int, int] | None:
    """The resume point a ``Last-Event-ID`` names: None for ``$`` (only new events), else (ms, seq).

    InputError (a 422) for anything that is not a Redis stream id: garbage never reaches XREAD.
    """
    if value is None or not value.strip():
        return (0, 0)
    value = value.strip()
    if value == "$":
        return None
    found = _STREAM_ID.match(value)
    if not found or int(found[1]) > _U64 or int(found[2] or 0) > _U64:
        raise InputError(f"Last-Event-ID must be an event id such as 1700000000000-0 or '$' (got {value[:40]!r})")
    return int(found[1]), int(found[2] or 0)


def _parse(eid: str) -> tuple[int, int]:
    ms, _, seq = eid.partition("-")
    return int(ms), int(seq or 0)


class EventStreams:
    """Opens article streams on one async reader, at most ``limit`` at a time."""

    def __init__(self, events: AsyncEvents, *, limit: int, keepalive_s: float = 15.0) -> None:
        self.events = events
        self.limit = limit
        self.keepalive_ms = int(keepalive_s * 1000)
        self.open = 0

    @property
    def full(self) -> bool:
        return self.open >= self.limit

    async def start_after(self, aid: str, position: tuple[int, int] | None) -> str:
        """The id to read after: ``$`` and ids past the newest event become the newest event's id."""
        newest = await self.events.last_id(aid)
        if position is None or position > _parse(newest):
            return newest
        return f"{position[0]}-{position[1]}"

    async def stream(self, aid: str, after: str) -> AsyncIterator[bytes]:
        self.open += 1
        try:
            async for chunk in self._events(aid, after):
                yield chunk
        finally:
            self.open -= 1

    async def _events(self, aid: str, after: str) -> AsyncIterator[bytes]:
        while True:
            try:
                status = await self.events.status(aid)
                done = status is None or status.finished
                batch = await self.events.read(aid, after, None if done else self.keepalive_ms)
            except StoreUnavailable:
                yield b"event: error\ndata: {\"detail\": \"state store unavailable\"}\n\n"
                return
            for eid, fields in batch:
                after = eid
                yield f"id: {eid}\nevent: {fields.get('type', 'message')}\ndata: {json.dumps(typed(fields))}\n\n".encode()
                if fields.get("type") == "finished":
                    return
            if done and not batch:
                closing = {"type": "finished", "status": status or "gone"}
                yield f"event: finished\ndata: {json.dumps(closing)}\n\n".encode()
                return
            if not batch:
                yield b": keep-alive\n\n"


def typed(fields: dict[str, str]) -> dict[str, str | int]:
    """Event fields as JSON types: Redis streams hold strings, but counts are numbers (done, total, chars)."""
    return {k: int(v) if v.isascii() and v.isdigit() and len(v) < 16 else v for k, v in fields.items()}
