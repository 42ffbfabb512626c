"""An article's progress stream: appended by the pipeline, read by the API's server-sent events.

``RedisEventLog`` appends and reads synchronously (workers, tests). ``AsyncEvents`` reads without
blocking, for the API's streams.

Why async: a stream waits in ``XREAD BLOCK`` for most of its life; on a thread it holds one of
the server's few worker threads, so a few dozen open streams stopped every other route. Here a
waiting stream costs one coroutine and one Redis connection. Keys: ``pipeline.adapters.redis_keys``.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

import redis
import redis.asyncio as aioredis

from pipeline.adapters.redis_keys import RedisKeys
from pipeline.adapters.redis_keys import unavailable_on_connection_error as _guarded
from pipeline.errors import StoreUnavailable
from pipeline.models import ArticleStatus
from pipeline.ports import EventLog

T = TypeVar("T")


def _unavailable(fn: Callable[..., Awaitable[T]]) -> Callable[..., Awaitable[T]]:
    """redis-py's connection failures as StoreUnavailable, as ``unavailable_on_connection_error``."""

    @functools.wraps(fn)
    async def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return await fn(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError) as exc:
            raise StoreUnavailable(f"Redis is unavailable: {exc}") from exc

    return wrapper


class RedisEventLog:
    """``EventLog`` over the shared client: a capped stream per article (XADD MAXLEN ~)."""

    def __init__(self, keys: RedisKeys) -> None:
        self.keys, self.r = keys, keys.r

    @_guarded
    def add_event(self, aid: str, type_: str, **fields: Any) -> None:
        data = {"type": type_, **{k: str(v) for k, v in fields.items()}}
        self.r.xadd(self.keys.k_events(aid), data, maxlen=self.keys.events_maxlen, approximate=True)

    @_guarded
    def read_events(self, aid: str, after: str = "0", block_ms: int = 0) -> list[tuple[str, dict[str, str]]]:
        """Events after the id ``after``; blocks up to ``block_ms`` when there are none."""
        res = self.r.xread({self.keys.k_events(aid): after}, count=100, block=block_ms or None)
        if not res:
            return []
        return [(eid, fields) for eid, fields in res[0][1]]


class AsyncEvents:
    """An article's status and events, read without blocking the event loop."""

    def __init__(self, url: str, keys: RedisKeys, *, max_connections: int = 1100) -> None:
        self.url = url
        self.keys = keys
        self.max_connections = max_connections
        self._clients: dict[int, aioredis.Redis] = {}

    def _r(self) -> aioredis.Redis:
        """One client per event loop: asyncio connections cannot cross loops (tests run several)."""
        loop = id(asyncio.get_running_loop())
        client = self._clients.get(loop)
        if client is None:
            client = aioredis.Redis.from_url(self.url, decode_responses=True, socket_connect_timeout=2,
                                             max_connections=self.max_connections)
            self._clients[loop] = client
        return client

    @_unavailable
    async def status(self, aid: str) -> ArticleStatus | None:
        """The article's status, None when there is no such article."""
        value = await self._r().hget(self.keys.k_article(aid), "status")
        return ArticleStatus(str(value)) if value is not None else None

    @_unavailable
    async def last_id(self, aid: str) -> str:
        """Id of the newest event ("0-0" when there is none)."""
        newest = await self._r().xrevrange(self.keys.k_events(aid), count=1)
        return str(newest[0][0]) if newest else "0-0"

    @_unavailable
    async def read(self, aid: str, after: str, block_ms: int | None) -> list[tuple[str, dict[str, str]]]:
        """Events after ``after``, waiting up to ``block_ms`` (None: do not wait) when there are none."""
        res: Any = await self._r().xread({self.keys.k_events(aid): after}, count=100, block=block_ms)
        return [(str(eid), dict(fields)) for eid, fields in res[0][1]] if res else []


if TYPE_CHECKING:  # mypy checks that the adapter implements its port
    _port: type[EventLog] = RedisEventLog
