"""The caching, single-flight layer over the Fetcher port: one fetch per URL however many ask.

``CachedSources`` turns a URL into the domain's source result (``flow.fetch_source``), through a
``SourceCache``: a fresh cached result is returned as it is; otherwise the caller takes the URL's
lock and fetches (conditionally, when a stale copy with validators is held), or, when another
caller holds the lock, waits for its result instead of fetching again. If the holder dies, the
lock expires with the fetch deadline and the waiter fetches itself.

The queue backs it with Redis (``RedisSourceCache``: shared by every worker, kept across articles);
``newscheck verify`` with ``MemorySourceCache`` (one process, threads of one run). Same logic.
"""

from __future__ import annotations

import threading
import time

from pipeline import flow
from pipeline.flow import SourceResult
from pipeline.models import Document, SourceFailure
from pipeline.ports import Fetcher, SourceCache, Stats

FAILURE_FRESH_S = 300  # a failed source is tried again after five minutes at most


class CachedSources:
    """``fetch_one`` for ``flow.fetch_all``: a URL's source result, fetched once through ``cache``."""

    def __init__(self, fetcher: Fetcher, cache: SourceCache, *, ttl: int, lock_ms: int, stats: Stats | None = None) -> None:
        self.fetcher, self.cache, self.ttl, self.lock_ms, self.stats = fetcher, cache, ttl, lock_ms, stats

    def __call__(self, url: str) -> SourceResult:
        hit = self.cache.cached_source(url)
        if hit is not None:
            return hit
        if not self.cache.lock_source(url, self.lock_ms):
            waited = self.cache.wait_for_source(url, timeout=self.lock_ms / 1000)
            if waited is not None:
                return waited
        try:
            result = flow.fetch_source(url, self.fetcher, previous=self.cache.stale_source(url))
            self.cache.cache_source(url, result, self.ttl)
        finally:
            self.cache.unlock_source(url)
        if isinstance(result, SourceFailure) and self.stats is not None:
            self.stats.count(f"fetch_errors:{result.reason}")
        return result


class MemorySourceCache:
    """``SourceCache`` in one process: threads asking for the same URL share one fetch."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[SourceResult, float]] = {}
        self._locks: dict[str, float] = {}
        self._changed = threading.Condition()

    def cached_source(self, url: str) -> SourceResult | None:
        with self._changed:
            entry = self._entries.get(url)
        return entry[0] if entry is not None and entry[1] >= time.monotonic() else None

    def stale_source(self, url: str) -> Document | None:
        with self._changed:
            entry = self._entries.get(url)
        return entry[0] if entry is not None and isinstance(entry[0], Document) else None

    def cache_source(self, url: str, result: SourceResult, ttl: int) -> None:
        fresh = min(ttl, FAILURE_FRESH_S) if isinstance(result, SourceFailure) else ttl
        with self._changed:
            self._entries[url] = (result, time.monotonic() + fresh)
            self._changed.notify_all()

    def lock_source(self, url: str, ttl_ms: int) -> bool:
        now = time.monotonic()
        with self._changed:
            if self._locks.get(url, 0.0) > now:
                return False
            self._locks[url] = now + ttl_ms / 1000
            return True

    def unlock_source(self, url: str) -> None:
        with self._changed:
            self._locks.pop(url, None)
            self._changed.notify_all()

    def wait_for_source(self, url: str, timeout: float) -> SourceResult | None:
        end = time.monotonic() + timeout
        with self._changed:
            while True:
                entry = self._entries.get(url)
                now = time.monotonic()
                if entry is not None and entry[1] >= now:
                    return entry[0]
                if self._locks.get(url, 0.0) <= now or now >= end:
                    return None
                self._changed.wait(min(end, self._locks[url]) - now)


__all__ = ["CachedSources", "MemorySourceCache", "SourceResult"]
