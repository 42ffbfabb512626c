"""The shared token bucket on a real private redis-server (the session fixture ``redis_url``)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from pipeline.adapters.redis_ratelimit import RedisRateLimiter
from pipeline.errors import StoreUnavailable


def granted_within(limiter: RedisRateLimiter, domain: str, seconds: float) -> int:
    """How many requests the limiter lets go in ``seconds`` when asked as fast as possible."""
    end = time.monotonic() + seconds
    granted = 0
    while time.monotonic() < end:
        if limiter.acquire(domain) == 0:
            granted += 1
        else:
            time.sleep(0.005)
    return granted


def test_burst_then_wait(redis_client: Any, redis_url: str) -> None:
    limiter = RedisRateLimiter(redis_url, rate=2.0, burst=3)
    assert [limiter.acquire("news.example.com") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = limiter.acquire("news.example.com")
    assert 0.4 < wait <= 0.5  # one token at 2/s, less the few ms the calls took
    time.sleep(wait)
    assert limiter.acquire("news.example.com") == 0.0
    assert 0 < redis_client.pttl("nc:ratelimit:news.example.com") <= 2500


def test_domains_have_separate_buckets_and_www_is_the_same_site(redis_client: Any, redis_url: str) -> None:
    limiter = RedisRateLimiter(redis_url, rate=1.0, burst=1)
    assert limiter.acquire("www.a.example") == 0.0
    assert limiter.acquire("A.example") > 0
    assert limiter.acquire("b.example") == 0.0


def test_rate_is_shared_by_concurrent_clients(redis_client: Any, redis_url: str) -> None:
    """Four "workers" with their own connections together get burst + rate * time, not four times it."""
    rate, burst, seconds = 10.0, 2, 1.0
    counts: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        n = granted_within(RedisRateLimiter(redis.Redis.from_url(redis_url), rate=rate, burst=burst), "shared.example", seconds)
        with lock:
            counts.append(n)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = sum(counts)
    expected = burst + rate * seconds
    assert expected - 3 <= total <= expected + 1, counts


def test_overrides_give_a_domain_its_own_pace(redis_client: Any, redis_url: str) -> None:
    limiter = RedisRateLimiter(redis_url, rate=100.0, burst=5, overrides={"slow.example": (0.5, 1)})
    assert limiter.acquire("slow.example") == 0.0
    assert limiter.acquire("slow.example") > 1.5
    assert all(limiter.acquire("fast.example") == 0.0 for _ in range(5))


def test_invalid_settings_and_unreachable_redis() -> None:
    with pytest.raises(ValueError):
        RedisRateLimiter("redis://127.0.0.1:1/0", rate=0)
    nowhere = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2, retry=Retry(NoBackoff(), 0))
    limiter = RedisRateLimiter(nowhere)
    with pytest.raises(StoreUnavailable):
        limiter.acquire("news.example.com")
