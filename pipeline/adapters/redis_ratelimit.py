"""Per-domain politeness shared by every worker: a token bucket in one Lua script in Redis.

Celery's ``rate_limit`` is per worker process; a domain must see the same pace however many
workers run, so the bucket lives in Redis and is read, refilled and spent atomically by one
script, timed by the Redis server's clock (workers' clocks may disagree).

Key schema: ``<prefix>:ratelimit:<domain>`` (prefix: the ``key_prefix`` setting, "nc") -> hash {tokens, ts}; expires once a full bucket
would have refilled, so idle domains cost nothing.

    KEYS[1]  the bucket key
    ARGV[1]  rate: tokens added per second (> 0)
    ARGV[2]  burst: bucket capacity, requests allowed back to back
    ARGV[3]  cost: tokens one request takes (1)
    returns  seconds to wait, as a string (Lua numbers lose their fraction as Redis integers);
             "0" means a token was taken and the request may go now. A non-zero answer takes
             nothing: the caller sleeps that long and asks again, so abandoned waits waste no slot.
"""

from __future__ import annotations

import time
from typing import Mapping

import redis

from pipeline.adapters.redis_keys import RedisKeys, unavailable_on_connection_error
from pipeline.errors import StoreUnavailable


TOKEN_BUCKET_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
local wait = 0
if tokens >= cost then
  tokens = tokens - cost
else
  wait = (cost - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return tostring(wait)
"""


class RedisRateLimiter:
    """``pipeline.ports.RateLimiter``: ``rate`` requests per second per domain, bursts up to ``burst``.

    ``overrides`` maps a domain to its own ``(rate, burst)`` (a site that asks for a crawl delay).
    """

    def __init__(self, client: redis.Redis | str, *, rate: float = 1.0, burst: float = 2.0,
                 overrides: Mapping[str, tuple[float, float]] | None = None, prefix: str = "nc") -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.client = redis.Redis.from_url(client) if isinstance(client, str) else client
        self.rate, self.burst, self.prefix = rate, burst, prefix
        self.overrides = {k.lower(): v for k, v in (overrides or {}).items()}
        self._script = self.client.register_script(TOKEN_BUCKET_LUA)

    def key(self, domain: str) -> str:
        return f"{self.prefix}:ratelimit:{domain.lower().removeprefix('www.')}"

    def acquire(self, domain: str) -> float:
        """Seconds to wait before a request to ``domain`` may go; 0 means a slot was taken."""
        name = domain.lower().removeprefix("www.")
        rate, burst = self.overrides.get(name, (self.rate, self.burst))
        try:
            answer = self._script(keys=[self.key(name)], args=[rate, burst, 1])
        except redis.RedisError as exc:
            raise StoreUnavailable(f"rate limiter cannot reach Redis: {exc}") from exc
        return float(answer.decode() if isinstance(answer, bytes) else answer)


class RedisSubmissionLimit:
    """``pipeline.ports.SubmissionLimit``: API submissions counted in fixed windows,
    ``{p}:rate:{who}:{window}`` (TTL one window and a second), shared by every API replica."""

    def __init__(self, keys: RedisKeys) -> None:
        self.keys, self.r = keys, keys.r

    @unavailable_on_connection_error
    def hit_rate(self, who: str, window_s: int) -> tuple[int, int]:
        """Count one hit for ``who`` in the current window; returns (hits so far, seconds left)."""
        now = int(time.time())
        key = f"{self.keys.p}:rate:{who}:{now // window_s}"
        pipe = self.r.pipeline()
        pipe.incr(key)
        pipe.expire(key, window_s + 1)
        used = int(pipe.execute()[0])
        return used, window_s - now % window_s
