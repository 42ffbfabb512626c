"""The I/O seams of the domain, as Protocols.

Pure code in ``pipeline/`` depends on these, never on requests or redis; the real
implementations live in ``pipeline/adapters/``. Each raises the errors of
``pipeline.errors`` (FetchError subclasses for the network), never library exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol, Sequence, runtime_checkable

from pipeline.models import ArticleInput, Claim, ClaimResult, Document, Report, Review, SourceFailure, Verdict
from pipeline.records import ArticleMeta, ArticleStatus, CallbackStatus

from pipeline.desk import ArticleSummary, Page

if TYPE_CHECKING:
    from pipeline.discovery import DateWindow
    from pipeline.facts import FactCheck, StoredFact

Sources = tuple[list[Document], list[SourceFailure]]


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


# ---- the state of record, one port per concern (``pipeline.adapters.redis_state`` composes them)
#
# Every write a redelivered task could repeat is idempotent: set-if-absent or guarded, so a task
# run twice never doubles a verdict or a count. Reads return the typed records of
# ``pipeline.records`` and ``pipeline.models``. Each raises ``StoreUnavailable`` when the store
# cannot be reached.


class ArticleStore(Protocol):
    """An article's record: input, extracted document, the sources fetched for it, its outcome."""

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

    def article_sources(self, aid: str) -> Sources: ...

    def finalise(self, aid: str, status: ArticleStatus = ArticleStatus.DONE,
                 error: dict[str, Any] | None = None) -> bool:
        """Mark the article finished once; True only for the call that did it."""
        ...

    def record_callback(self, aid: str, status: CallbackStatus, error: str | None = None) -> None: ...

    def iter_article_ids(self) -> Iterator[str]: ...


class VerdictStore(Protocol):
    """An article's claims, each claim's own discovered sources and its verdict (set once)."""

    def register_claims(self, aid: str, claims: Sequence[Claim]) -> bool:
        """Store the article's claims once (their ids are unique: ``pipeline.records.unique_claims``)."""
        ...

    def claim_ids(self, aid: str) -> list[str]: ...

    def claim(self, cid: str) -> tuple[Claim, str] | None:
        """The claim and the id of its article."""
        ...

    def save_claim_sources(self, cid: str, docs: Sequence[Document], failures: Sequence[SourceFailure]) -> None: ...

    def claim_sources(self, cid: str) -> Sources | None:
        """What discovery found for this claim alone; None when it has not run for it."""
        ...

    def verdict(self, cid: str) -> Verdict | None: ...

    def record_verdict(self, aid: str, cid: str, verdict: Verdict) -> tuple[bool, int, int]:
        """Store the claim's verdict unless one exists; returns (fresh, claims_done, claims_total)."""
        ...

    def open_claims(self, aid: str) -> list[str]:
        """The article's claims without a verdict yet."""
        ...

    def claim_results(self, aid: str) -> list[ClaimResult]:
        """Each registered claim with its verdict and review (either may be None), in article order."""
        ...


class EventLog(Protocol):
    """An article's progress events, in order (the API streams them)."""

    def add_event(self, aid: str, type_: str, **fields: Any) -> None: ...

    def read_events(self, aid: str, after: str = "0", block_ms: int = 0) -> list[tuple[str, dict[str, str]]]: ...


class Stats(Protocol):
    """Operational counters (read by /metrics)."""

    def count(self, field: str, by: int = 1) -> None: ...

    def add_task_time(self, task: str, seconds: float) -> None: ...

    def stats(self) -> dict[str, float]: ...


class Deadlines(Protocol):
    """Open articles by deadline, for the sweeper (``pipeline.deadlines`` says what a deadline means)."""

    def due_articles(self, now: float | None = None, limit: int = 100) -> list[str]: ...

    def forget_deadline(self, aid: str) -> None: ...

    def open_articles(self) -> int: ...


class Deliveries(Protocol):
    """How many times one task message was delivered (the redelivery cap)."""

    def count_delivery(self, task_id: str, retry: int) -> int: ...


class SubmissionLimit(Protocol):
    """API submissions per caller in fixed windows."""

    def hit_rate(self, who: str, window_s: int) -> tuple[int, int]:
        """Count one hit for ``who``; returns (hits in this window so far, seconds left in it)."""
        ...


class FactStore(Protocol):
    """Claims checked once (``pipeline/facts.py``): the latest check of each claim fact, and the
    articles that carry it. Whether a stored check still stands is ``facts.held_check``."""

    def stored_fact(self, key: str) -> StoredFact | None: ...

    def save_fact_check(self, fact: FactCheck, ttl: int) -> None: ...

    def share_fact(self, key: str, aid: str, ttl: int, *, fact: FactCheck | None = None,
                   counter: str | None = None) -> None:
        """Add the article to the fact's sharers; with ``fact`` also keep that check, with
        ``counter`` also count it (one round trip)."""
        ...

    def fact_articles(self, keys: Sequence[str | None]) -> list[set[str]]:
        """For each claim-fact key, the ids of the articles carrying it (empty for None)."""
        ...


class DeskStore(Protocol):
    """The newsroom desk: reviews beside verdicts, the listing, recheck and deletion."""

    def record_review(self, aid: str, cid: str, review: Review) -> bool:
        """Store the reviewer's decision beside the verdict; True when it is the claim's first."""
        ...

    def review(self, cid: str) -> Review | None: ...

    def review_history(self, cid: str) -> list[Review]: ...

    def list_articles(self, *, limit: int = 20, cursor: str | None = None, status: str | None = None,
                      label: str | None = None) -> Page: ...

    def summary(self, aid: str) -> ArticleSummary | None: ...

    def recheck(self, aid: str, inp: ArticleInput, *, deadline_s: float) -> int:
        """Requeue a finished article with ``inp``: -1 unknown, 0 not finished, 1 requeued."""
        ...

    def verdict_history(self, cid: str) -> list[Verdict]: ...

    def delete_article(self, aid: str) -> bool: ...


class StateStore(Protocol):
    """The system of record, by concern: callers take the narrow port they use."""

    @property
    def articles(self) -> ArticleStore: ...

    @property
    def verdicts(self) -> VerdictStore: ...

    @property
    def sources(self) -> SourceCache: ...

    @property
    def events(self) -> EventLog: ...

    @property
    def stats(self) -> Stats: ...

    @property
    def deadlines(self) -> Deadlines: ...

    @property
    def deliveries(self) -> Deliveries: ...

    @property
    def submissions(self) -> SubmissionLimit: ...

    @property
    def facts(self) -> FactStore: ...

    @property
    def desk(self) -> DeskStore: ...

    def ping(self) -> bool: ...

    def report(self, aid: str) -> Report | None: ...
