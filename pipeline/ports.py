"""The I/O seams of the domain, as Protocols.

Pure code in ``pipeline/`` depends on these, never on requests or redis; the real
implementations live in ``pipeline/adapters/``. Each raises the errors of
``pipeline.errors`` (FetchError subclasses for the network), never library exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, Sequence, runtime_checkable

from pipeline.models import ArticleInput, Claim, ClaimResult, Document, SourceFailure, Verdict
from pipeline.records import ArticleMeta, ArticleStatus, CallbackStatus

if TYPE_CHECKING:
    from pipeline.discovery import DateWindow
    from pipeline.facts import FactCheck


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


@runtime_checkable
class WindowedSearch(Protocol):
    """A SearchProvider that can also restrict results to a date window (GDELT, the index)."""

    def search_window(self, query: str, window: DateWindow | None, *, limit: int = 5) -> Sequence[str]: ...


@runtime_checkable
class DocumentStore(Protocol):
    """A provider that keeps the pages it returns, so they need not be fetched again."""

    def document(self, url: str) -> Document | None: ...


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


class StateStore(Protocol):
    """The system of record of articles, claims and verdicts (``pipeline.adapters.redis_store``).

    Every write a redelivered task could repeat is idempotent: set-if-absent or guarded, so a
    task run twice never doubles a verdict or a count. Reads return the typed records of
    ``pipeline.records`` and ``pipeline.models``; the report is assembled from them by
    ``pipeline.reporting``. Raises ``StoreUnavailable`` when the store cannot be reached.
    """

    # ---- articles
    def create_article(self, aid: str, inp: ArticleInput, *, deadline_s: float) -> bool:
        """Create the article record unless it exists; True when this call created it."""
        ...

    def article(self, aid: str) -> ArticleMeta | None: ...

    def article_input(self, aid: str) -> ArticleInput | None: ...

    def mark_running(self, aid: str) -> None: ...

    def save_document(self, aid: str, doc: Document) -> None: ...

    def document(self, aid: str) -> Document | None: ...

    def save_article_sources(self, aid: str, docs: Sequence[Document], failures: Sequence[SourceFailure]) -> None: ...

    def has_article_sources(self, aid: str) -> bool: ...

    def article_sources(self, aid: str) -> tuple[list[Document], list[SourceFailure]]: ...

    def save_claim_sources(self, cid: str, docs: Sequence[Document], failures: Sequence[SourceFailure]) -> None: ...

    def claim_sources(self, cid: str) -> tuple[list[Document], list[SourceFailure]] | None: ...

    # ---- claims and verdicts
    def register_claims(self, aid: str, claims: Sequence[Claim]) -> bool:
        """Store the article's claims once (their ids are unique: ``pipeline.records.unique_claims``)."""
        ...

    def claim_ids(self, aid: str) -> list[str]: ...

    def claim(self, cid: str) -> tuple[Claim, str] | None: ...

    def claim_results(self, aid: str) -> list[ClaimResult]:
        """Each registered claim with its verdict and review (either may be None), in article order."""
        ...

    def verdict(self, cid: str) -> Verdict | None: ...

    def record_verdict(self, aid: str, cid: str, verdict: Verdict) -> tuple[bool, int, int]:
        """Store the claim's verdict unless one exists; returns (fresh, claims_done, claims_total)."""
        ...

    def open_claims(self, aid: str) -> list[str]: ...

    def finalise(self, aid: str, status: ArticleStatus = ArticleStatus.DONE,
                 error: dict[str, Any] | None = None) -> bool:
        """Mark the article finished once; True only for the call that did it."""
        ...

    def record_callback(self, aid: str, status: CallbackStatus, error: str | None = None) -> None: ...

    # ---- progress, counters, deadlines
    def add_event(self, aid: str, type_: str, **fields: Any) -> None: ...

    def count(self, field: str, by: int = 1) -> None: ...

    def due_articles(self, now: float | None = None, limit: int = 100) -> list[str]: ...

    def forget_deadline(self, aid: str) -> None: ...

    # ---- claims checked once (pipeline/facts.py)
    def fact_check(self, key: str) -> FactCheck | None: ...

    def save_fact_check(self, fact: FactCheck, ttl: int) -> None: ...

    def share_fact(self, key: str, aid: str, ttl: int) -> None: ...

    def fact_articles(self, keys: Sequence[str | None]) -> list[set[str]]:
        """For each claim-fact key, the ids of the articles carrying it (empty for None)."""
        ...
