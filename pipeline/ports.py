"""The I/O seams of the domain, as Protocols.

Pure code in ``pipeline/`` depends on these, never on requests or redis; the real
implementations live in ``pipeline/adapters/``. Each raises the errors of
``pipeline.errors`` (FetchError subclasses for the network), never library exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

from pipeline.models import Document, SourceFailure


@dataclass(frozen=True)
class FetchedPage:
    """A fetched HTTP body, decoded, with what an auditor needs to replay it."""

    url: str            # the URL asked for
    final_url: str      # after redirects
    status: int
    content_type: str   # media type without parameters, e.g. "text/html"
    text: str           # body decoded with the detected charset
    sha256: str         # hex digest of the raw body bytes
    fetched_at: str     # ISO 8601 UTC
    from_cache: bool = False
    etag: str | None = None            # validators for a later conditional request
    last_modified: str | None = None
    not_modified: bool = False         # a 304 to a conditional request: ``text`` is empty


@dataclass(frozen=True)
class Validators:
    """What a conditional request sends: the ETag and Last-Modified of the copy we hold."""

    etag: str | None = None
    last_modified: str | None = None


class Fetcher(Protocol):
    def fetch(self, url: str, *, validators: Validators | None = None) -> FetchedPage:
        """Fetch one URL politely and safely, or raise a ``FetchError``.

        With ``validators`` the request is conditional; an unchanged page comes back with
        ``not_modified=True`` and no body.
        """
        ...


class SearchProvider(Protocol):
    name: str

    def search(self, query: str, *, limit: int = 5) -> Sequence[str]:
        """URLs of candidate sources for a query (may be empty; raises FetchError on failure)."""
        ...


class RateLimiter(Protocol):
    def acquire(self, domain: str) -> float:
        """Seconds to wait before the next request to ``domain`` may go (0 means go now)."""
        ...


class SourceCache(Protocol):
    """Fetched sources kept across articles, with a per-URL lock so one URL is fetched once at a time.

    Results are the domain's (a Document or the SourceFailure saying why not); a document past
    its freshness stays readable as ``stale_source`` so it can be revalidated conditionally.
    """

    def cached_source(self, url: str) -> Document | SourceFailure | None: ...

    def stale_source(self, url: str) -> Document | None: ...

    def cache_source(self, url: str, result: Document | SourceFailure, ttl: int) -> None: ...

    def lock_source(self, url: str, ttl_ms: int) -> bool:
        """Take the right to fetch ``url``; the lock expires by itself if its holder dies."""
        ...

    def unlock_source(self, url: str) -> None: ...

    def wait_for_source(self, url: str, timeout: float) -> Document | SourceFailure | None:
        """The result of the fetch another holder of the lock is doing, once it lands (None on timeout)."""
        ...

    def count(self, field: str, by: int = 1) -> None:
        """Add to an operational counter (read by /metrics)."""
        ...
