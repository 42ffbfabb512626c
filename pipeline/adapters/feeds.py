"""Feed ingestion: RSS/Atom items from the configured feeds, fetched, extracted and indexed.

A claim's best corroboration is often a report that the article does not cite; outlets list
their new reports in feeds, so reading feeds on a schedule builds a local evidence index that
later claims search without any web search API. The feed itself is a short XML document read
with a bounded GET (the page fetcher accepts HTML only); each item's page goes through the
project's Fetcher, so items are fetched with the same guard, robots.txt and rate limit as
every source. Items already indexed are not fetched again.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import feedparser
import requests

from pipeline.adapters.evidence_index import EvidenceIndex
from pipeline.adapters.transport import GuardedTransport
from pipeline.errors import FailureReason, FetchError, InputError
from pipeline.extraction import extract_document
from pipeline.models import SourceFailure
from pipeline.netguard import Resolver, system_resolver
from pipeline.politeness import utc_timestamp
from pipeline.ports import Fetcher

log = logging.getLogger("newscheck.feeds")

FeedReader = Callable[[str], bytes]


@dataclass(frozen=True)
class FeedItem:
    url: str
    published: str | None  # ISO 8601 UTC, from the feed entry


@dataclass(frozen=True)
class IngestReport:
    """What one ingestion did: items seen, pages added to the index, and what failed why."""

    feeds: int
    items: int
    added: int
    known: int
    failures: tuple[SourceFailure, ...] = ()


def http_feed_reader(*, timeout: float = 10.0, max_bytes: int = 5_000_000, allow_hosts: Sequence[str] = (),
                     resolver: Resolver = system_resolver, session: requests.Session | None = None,
                     transport: GuardedTransport | None = None) -> FeedReader:
    """A reader of feed URLs through the guarded transport: address-guarded like sources (every
    redirect hop vetted, the socket pinned to the vetted address), bounded in time and size.
    Without a ``transport`` one is built from ``allow_hosts``, ``resolver`` and ``session``."""
    http = transport or GuardedTransport.build(allow_hosts=allow_hosts, resolver=resolver, session=session)

    def read(url: str) -> bytes:
        return http.get(url, timeout=timeout, max_bytes=max_bytes,
                        accept="application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5").raw

    return read


def _iso(parsed: object) -> str | None:
    if not parsed:
        return None
    try:
        stamp = calendar.timegm(parsed)  # type: ignore[arg-type]  # feedparser's UTC struct_time
    except (TypeError, ValueError, OverflowError):
        return None
    return utc_timestamp(stamp)


def feed_items(body: bytes, *, max_items: int) -> list[FeedItem]:
    """Links and dates of a feed's entries (RSS 0.9x/1.0/2.0 or Atom), newest first as listed;
    raises FetchError "bad feed" when the body is no feed at all."""
    parsed = feedparser.parse(body)
    if parsed.bozo and not parsed.entries:
        raise FetchError("feed", f"not a feed ({type(parsed.bozo_exception).__name__})", reason=FailureReason.BAD_FEED)
    out: list[FeedItem] = []
    for entry in parsed.entries:
        link = entry.get("link")
        if isinstance(link, str) and link.startswith(("http://", "https://")):
            out.append(FeedItem(link, _iso(entry.get("published_parsed") or entry.get("updated_parsed"))))
        if len(out) >= max_items:
            break
    return out


def ingest_item(item: FeedItem, fetcher: Fetcher, index: EvidenceIndex) -> bool:
    """Fetch, extract and index one item; True when the index gained or updated a page."""
    page = fetcher.fetch(item.url)
    doc = extract_document(page.text, page.final_url, sha256=page.sha256, fetched_at=page.fetched_at)
    doc = replace(doc, url=item.url, published=doc.published or item.published)
    return index.add(doc)


def ingest_feeds(feed_urls: Sequence[str], fetcher: Fetcher, index: EvidenceIndex, *, read_feed: FeedReader,
                 max_items: int = 30) -> IngestReport:
    """Read every feed and index its new items; one failing feed or item never stops the rest."""
    items = added = known = 0
    failures: list[SourceFailure] = []
    for feed_url in feed_urls:
        try:
            entries = feed_items(read_feed(feed_url), max_items=max_items)
        except FetchError as exc:
            failures.append(SourceFailure(url=feed_url, reason=exc.reason, detail=exc.detail))
            continue
        for item in entries:
            items += 1
            if index.document(item.url) is not None:
                known += 1
                continue
            try:
                added += ingest_item(item, fetcher, index)
            except FetchError as exc:
                failures.append(SourceFailure(url=item.url, reason=exc.reason, detail=exc.detail))
            except InputError as exc:
                failures.append(SourceFailure(url=item.url, reason=FailureReason.NO_TEXT, detail=str(exc)))
    report = IngestReport(feeds=len(feed_urls), items=items, added=added, known=known, failures=tuple(failures))
    log.info("feeds ingested: %d items, %d added, %d known, %d failed", items, added, known, len(failures))
    return report


__all__ = ["FeedItem", "IngestReport", "feed_items", "http_feed_reader", "ingest_feeds", "ingest_item"]
