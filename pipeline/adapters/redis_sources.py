"""The source cache in Redis: fetched sources shared by every worker and article, one fetch per URL.

Keys: ``pipeline.adapters.redis_keys`` (``{p}:source:{urlkey}`` and its ``:lock``). The lock
expires by itself, so a worker that dies while fetching never blocks the URL for longer than
the fetch deadline. The caching logic itself is ``source_cache.CachedSources``.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING

from pipeline.adapters.redis_keys import RedisKeys
from pipeline.adapters.redis_keys import unavailable_on_connection_error as _guarded
from pipeline.adapters.source_cache import FAILURE_FRESH_S
from pipeline.models import Document, SourceFailure, to_dict
from pipeline.ports import SourceCache

STALE_KEEP = 7 * 86_400  # seconds a stale source with validators is kept for revalidation


class RedisSourceCache:
    """``SourceCache`` over the shared client."""

    def __init__(self, keys: RedisKeys) -> None:
        self.keys, self.r = keys, keys.r

    @_guarded
    def cached_source(self, url: str) -> Document | SourceFailure | None:
        """A fresh cached result for ``url`` (None when absent or past its freshness)."""
        entry = self._entry(url)
        if entry is None or entry[1] < time.time():
            return None
        return entry[0]

    @_guarded
    def stale_source(self, url: str) -> Document | None:
        """A cached document past its freshness, kept so a conditional request can revalidate it."""
        entry = self._entry(url)
        return entry[0] if entry is not None and isinstance(entry[0], Document) else None

    def _entry(self, url: str) -> tuple[Document | SourceFailure, float] | None:
        raw = self.r.get(self.keys.k_source(url))
        if not raw:
            return None
        data = json.loads(raw)
        fresh_until = float(data.get("fresh_until", "inf"))
        if "failure" in data:
            return SourceFailure.from_dict(data["failure"]), fresh_until
        return Document.from_dict(data["doc"]), fresh_until

    @_guarded
    def cache_source(self, url: str, result: Document | SourceFailure, ttl: int) -> None:
        """Keep a fetched source fresh for ``ttl`` seconds (failures for 5 minutes at most).

        A document with HTTP validators stays stored for ``STALE_KEEP`` longer, so that once
        stale it is revalidated with a conditional request instead of downloaded again.
        """
        if isinstance(result, SourceFailure):
            fresh = min(ttl, FAILURE_FRESH_S)
            payload, keep = {"failure": to_dict(result)}, fresh
        else:
            fresh = ttl
            payload = {"doc": to_dict(result)}
            keep = ttl + (STALE_KEEP if (result.etag or result.last_modified) else 0)
        payload["fresh_until"] = time.time() + fresh
        self.r.set(self.keys.k_source(url), json.dumps(payload), ex=max(1, int(keep)))

    @_guarded
    def lock_source(self, url: str, ttl_ms: int) -> bool:
        """Take the right to fetch ``url`` (expires by itself if the holder dies)."""
        return bool(self.r.set(f"{self.keys.k_source(url)}:lock", "1", nx=True, px=ttl_ms))

    @_guarded
    def unlock_source(self, url: str) -> None:
        self.r.delete(f"{self.keys.k_source(url)}:lock")

    def wait_for_source(self, url: str, timeout: float, poll: float = 0.1) -> Document | SourceFailure | None:
        """The cached result of a fetch another task holds the lock for, once it lands (None on timeout)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            hit = self.cached_source(url)
            if hit is not None:
                return hit
            if not self._locked(url):
                return self.cached_source(url)
            time.sleep(poll)
        return None

    @_guarded
    def _locked(self, url: str) -> bool:
        return bool(self.r.exists(f"{self.keys.k_source(url)}:lock"))


if TYPE_CHECKING:  # mypy checks that the adapter implements its port
    _port: type[SourceCache] = RedisSourceCache
