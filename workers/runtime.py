"""Per-process singletons of a worker: settings, the Redis store, the fetcher.

Built lazily, after the prefork pool has forked, so no connection or model is shared
between processes.
"""

from __future__ import annotations

from functools import lru_cache

from config.settings import Settings, get_settings
from pipeline.adapters.http_fetcher import HttpFetcher
from pipeline.adapters.redis_ratelimit import RedisRateLimiter
from pipeline.adapters.redis_store import RedisStore
from pipeline.errors import StoreUnavailable


def settings() -> Settings:
    return get_settings()


@lru_cache(maxsize=1)
def store() -> RedisStore:
    s = settings()
    return RedisStore.from_url(s.redis_url, prefix=s.key_prefix, events_maxlen=s.events_maxlen)


@lru_cache(maxsize=1)
def fetcher() -> HttpFetcher:
    return build_fetcher(settings(), rate_limited=True)


def record_task_time(task: str, seconds: float) -> None:
    """Task durations for /metrics; never fails a task because Redis is briefly away."""
    try:
        store().add_task_time(task, seconds)
    except StoreUnavailable:
        pass


def build_fetcher(s: Settings, *, rate_limited: bool) -> HttpFetcher:
    """The one fetcher every path uses, configured from settings."""
    limiter = None
    if rate_limited:
        limiter = RedisRateLimiter(
            store().r, rate=s.fetch_rate_per_domain, burst=s.fetch_burst_per_domain, prefix=s.key_prefix
        )
    return HttpFetcher(
        allow_hosts=s.fetch_allow_hosts,
        connect_timeout=s.fetch_connect_timeout,
        read_timeout=s.fetch_read_timeout,
        deadline=s.fetch_deadline,
        max_bytes=s.fetch_max_bytes,
        max_redirects=s.fetch_max_redirects,
        user_agent=s.fetch_user_agent,
        respect_robots=s.fetch_respect_robots,
        retries=s.fetch_retries,
        rate_limiter=limiter,
    )
