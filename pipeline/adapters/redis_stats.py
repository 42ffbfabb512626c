"""Operational counters in one Redis hash (``{p}:stats``), read by /metrics, and the queue gauges.

One hash written by the API and every worker, so every API replica reports the same figures
and nothing is lost when a process restarts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.adapters.redis_keys import RedisKeys
from pipeline.adapters.redis_keys import unavailable_on_connection_error as _guarded
from pipeline.ports import Stats


class RedisStats:
    """``Stats`` over the shared client (also the broker's queue lengths when it is the same Redis)."""

    def __init__(self, keys: RedisKeys) -> None:
        self.keys, self.r = keys, keys.r

    @_guarded
    def count(self, field: str, by: int = 1) -> None:
        self.r.hincrby(self.keys.k_stats, field, by)

    @_guarded
    def add_task_time(self, task: str, seconds: float) -> None:
        pipe = self.r.pipeline()
        pipe.hincrbyfloat(self.keys.k_stats, f"task_seconds:{task}", seconds)
        pipe.hincrby(self.keys.k_stats, f"task_count:{task}", 1)
        pipe.execute()

    @_guarded
    def stats(self) -> dict[str, float]:
        return {k: float(v) for k, v in self.r.hgetall(self.keys.k_stats).items()}

    @_guarded
    def queue_length(self, queue: str) -> int:
        """Task messages waiting in a kombu queue of this Redis."""
        return int(self.r.llen(queue))

    @_guarded
    def in_flight(self) -> int:
        """Task messages kombu delivered and has not seen acknowledged."""
        return int(self.r.hlen("unacked"))


if TYPE_CHECKING:  # mypy checks that the adapter implements its port
    _port: type[Stats] = RedisStats
