"""Per-process singletons of a worker, taken from the composition root (``pipeline.adapters.wiring``).

Built lazily, after the prefork pool has forked, so no connection or model is shared
between processes.
"""

from __future__ import annotations

from functools import lru_cache

from config.settings import Settings, get_settings
from pipeline.adapters import wiring as root
from pipeline.adapters.http_fetcher import HttpFetcher
from pipeline.adapters.judge_reads import JudgeReads
from pipeline.adapters.redis_state import RedisState
from pipeline.adapters.shared_cache import RedisSharedCache
from pipeline.checking import same_quantity
from pipeline.errors import StoreUnavailable
from pipeline.ports import StateStore


def settings() -> Settings:
    return get_settings()


@lru_cache(maxsize=1)
def wiring() -> root.Wiring:
    """The queue's stack: source cache, locks and per-domain rate in Redis."""
    return root.queued(settings())


def _redis() -> RedisState:
    shared = wiring().state
    assert shared is not None  # root.queued always has one
    return shared


def state() -> StateStore:
    """The state's ports; a task takes the one it uses (``state().articles``, ``state().verdicts``...)."""
    return _redis()


@lru_cache(maxsize=1)
def judge_reads() -> JudgeReads:
    """Also, once per process: the parse of a passage shared with the other worker processes
    (``same_quantity.share_parses``; the claims of one article go to every prefork child)."""
    keys = _redis().keys
    same_quantity.share_parses(RedisSharedCache(keys.r, keys.p))
    return JudgeReads(keys)


def fetcher() -> HttpFetcher:
    return wiring().fetcher


def record_task_time(task: str, seconds: float) -> None:
    """Task durations for /metrics; never fails a task because Redis is briefly away."""
    try:
        state().stats.add_task_time(task, seconds)
    except StoreUnavailable:
        pass
