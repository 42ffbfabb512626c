"""Open articles by deadline (the sweeper's sorted set) and the per-message delivery counter.

Keys: ``{p}:deadlines`` (article ids scored by deadline) and ``{p}:delivery:{task_id}:{retry}``
(one task message's deliveries, a day's TTL), see ``pipeline.adapters.redis_keys``. What a
deadline means for an article is the domain's rule (``pipeline.deadlines``), not this module's.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from pipeline.adapters.redis_keys import RedisKeys
from pipeline.adapters.redis_keys import unavailable_on_connection_error as _guarded
from pipeline.ports import Deadlines, Deliveries

DELIVERY_TTL_S = 86_400


class RedisDeadlines:
    """``Deadlines`` over the shared client."""

    def __init__(self, keys: RedisKeys) -> None:
        self.keys, self.r = keys, keys.r

    @_guarded
    def due_articles(self, now: float | None = None, limit: int = 100) -> list[str]:
        return list(self.r.zrangebyscore(self.keys.k_deadlines, "-inf", now or time.time(), start=0, num=limit))

    @_guarded
    def forget_deadline(self, aid: str) -> None:
        self.r.zrem(self.keys.k_deadlines, aid)

    @_guarded
    def open_articles(self) -> int:
        return int(self.r.zcard(self.keys.k_deadlines))


class RedisDeliveries:
    """``Deliveries`` over the shared client: how often one task message was delivered."""

    def __init__(self, keys: RedisKeys) -> None:
        self.keys, self.r = keys, keys.r

    @_guarded
    def count_delivery(self, task_id: str, retry: int) -> int:
        key = f"{self.keys.p}:delivery:{task_id}:{retry}"
        pipe = self.r.pipeline()
        pipe.incr(key)
        pipe.expire(key, DELIVERY_TTL_S)
        return int(pipe.execute()[0])


if TYPE_CHECKING:  # mypy checks that the adapters implement their ports
    _deadlines: type[Deadlines] = RedisDeadlines
    _deliveries: type[Deliveries] = RedisDeliveries
