"""``SharedCache`` in Redis: small derived values shared by a deployment's worker processes.

Keys ``{p}:cache:{key}`` (strings, JSON), each with a short TTL: the values are only worth keeping
while the claims of the articles that need them are judged (seconds to minutes in a backlog), and
anything gone is computed again. Best effort: Redis away means a miss, never a failed task.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import redis

from pipeline.checking.same_quantity import SharedCache

TTL_S = 300


class RedisSharedCache:
    def __init__(self, client: Any, prefix: str, ttl_s: int = TTL_S) -> None:
        self.r, self.prefix, self.ttl_s = client, prefix, ttl_s

    def get(self, key: str) -> str | None:
        try:
            raw = self.r.get(f"{self.prefix}:cache:{key}")
        except redis.RedisError:
            return None
        return raw.decode("utf-8") if isinstance(raw, bytes) else raw

    def put(self, key: str, value: str) -> None:
        try:
            self.r.set(f"{self.prefix}:cache:{key}", value, ex=self.ttl_s)
        except redis.RedisError:
            pass


if TYPE_CHECKING:
    _port: type[SharedCache] = RedisSharedCache
