"""The composition root: the store, the search providers and the one fetch stack, from settings.

    GuardedTransport (resolve once, check every answer and every redirect, pin the socket,
                      one user agent, one bounded read)
      -> HttpFetcher   (robots.txt, per-domain rate, retries, deadline)
        -> CachedSources (cross-article cache, one fetch per URL at a time, revalidation)

Sources, the article URL, robots.txt, feeds, search APIs and callbacks all leave through the one
transport. The queue (``workers.runtime``) and the in-process path (``newscheck verify``, the
bench, the tests) take their stack from here and differ only in where shared state lives:
``queued`` keeps the source cache and the rate limiter in Redis (shared by every worker),
``in_process`` keeps the cache in memory and has no rate limiter (one process, one run).
It also builds the state (``state``) the API and the workers share, and a worker's fast recovery
(``recovery``). It is the only adapter module that reads settings.
"""

from __future__ import annotations

import logging
from functools import cached_property
from typing import Any

import redis
import requests

from config.settings import Settings
from pipeline import flow
from pipeline.adapters.evidence_index import EvidenceIndex, open_index
from pipeline.facts import FactMemory
from pipeline.adapters.feeds import FeedReader, http_feed_reader
from pipeline.adapters.http_fetcher import HttpFetcher
from pipeline.adapters.providers import build_providers
from pipeline.adapters.redis_ratelimit import RedisRateLimiter
from pipeline.adapters.redis_recovery import Recovery
from pipeline.adapters.redis_state import RedisState
from pipeline.adapters.source_cache import CachedSources, MemorySourceCache
from pipeline.adapters.transport import GuardedTransport
from pipeline.errors import StoreUnavailable
from pipeline.models import ArticleInput, Report
from pipeline.netguard import Resolver, system_resolver
from pipeline.politeness import RetryPolicy
from pipeline.ports import RateLimiter, SearchProvider, SourceCache

log = logging.getLogger("newscheck.wiring")


def transport(s: Settings, *, resolver: Resolver = system_resolver,
              session: requests.Session | None = None) -> GuardedTransport:
    """The one guarded transport every outbound request of this process uses (``resolver`` and
    ``session`` are injectable for tests)."""
    return GuardedTransport.build(allow_hosts=s.fetch_allow_hosts, resolver=resolver, user_agent=s.fetch_user_agent,
                                  session=session, connect_timeout=s.fetch_connect_timeout,
                                  read_timeout=s.fetch_read_timeout)


def fetcher(s: Settings, via: GuardedTransport, *, rate_limiter: RateLimiter | None = None) -> HttpFetcher:
    return HttpFetcher(transport=via, deadline=s.fetch_deadline, max_bytes=s.fetch_max_bytes,
                       max_redirects=s.fetch_max_redirects, respect_robots=s.fetch_respect_robots,
                       retry=RetryPolicy(s.fetch_retries), rate_limiter=rate_limiter)


def state(s: Settings) -> RedisState:
    """The Redis state, one adapter per concern over one client and prefix."""
    return RedisState.from_url(s.redis_url, prefix=s.key_prefix, events_maxlen=s.events_maxlen)


def recovery(s: Settings, worker: str) -> Recovery | None:
    """Worker ``worker``'s fast recovery over the broker's Redis; None when the broker is not Redis
    (other brokers keep their own redelivery). A worker is dead after 4 silent beats, its messages
    go back after 2 more; a message no live worker holds is an orphan after 6."""
    if not s.broker.startswith(("redis://", "rediss://", "unix://")):
        return None
    client = redis.Redis.from_url(s.broker, socket_connect_timeout=2, socket_timeout=5)
    interval = s.worker_heartbeat_interval
    return Recovery(client, worker, prefix=s.key_prefix, beat_ttl_s=4 * interval, grace_s=2 * interval,
                    orphan_s=6 * interval)


class Wiring:
    """What one process needs to reach the outside world; build it with ``queued`` or ``in_process``."""

    def __init__(self, s: Settings, *, cache: SourceCache, rate_limiter: RateLimiter | None = None,
                 redis_state: RedisState | None = None, resolver: Resolver = system_resolver,
                 session: requests.Session | None = None) -> None:
        self.settings = s
        self.state = redis_state
        self.transport = transport(s, resolver=resolver, session=session)
        self.fetcher = fetcher(s, self.transport, rate_limiter=rate_limiter)
        self.sources = CachedSources(self.fetcher, cache, ttl=s.source_cache_ttl,
                                     lock_ms=int((s.fetch_deadline + 5) * 1000),
                                     stats=redis_state.stats if redis_state is not None else None)

    @cached_property
    def facts(self) -> FactMemory:
        """Claims checked once by ``verify`` in this process (the queue keeps them in Redis)."""
        return FactMemory()

    @cached_property
    def index(self) -> EvidenceIndex:
        return open_index(self.settings.index_url)

    @cached_property
    def corpus(self) -> EvidenceIndex | None:
        """The evidence index in corpus mode (the default), else None (also when it cannot be opened:
        corpus mode is best effort and never fails an article)."""
        if not self.settings.corpus_mode:
            return None
        try:
            return self.index
        except StoreUnavailable as exc:
            log.warning("corpus unavailable: %s", exc)
            return None

    @cached_property
    def providers(self) -> list[SearchProvider]:
        """The configured search providers, their APIs called through this transport."""
        return build_providers(self.settings, transport=self.transport, index=lambda: self.index)

    def feed_reader(self) -> FeedReader:
        s = self.settings
        return http_feed_reader(timeout=s.fetch_deadline, max_bytes=s.fetch_max_bytes, transport=self.transport)

    def post_callback(self, url: str, payload: Any, *, headers: dict[str, str] | None = None) -> int:
        return self.transport.post_json(url, payload, timeout=self.settings.callback_timeout, headers=headers)

    def verify(self, inp: ArticleInput) -> Report:
        """``flow.verify`` with this stack: the same sources, cache and providers as the queue."""
        s = self.settings
        return flow.verify(inp, self.fetcher, sources=self.sources, providers=self.providers,
                           max_claims=s.max_claims, max_sources=s.max_sources, max_cited_links=s.max_cited_links,
                           max_discovered_urls=s.discovery_max_urls, corpus=self.corpus,
                           corpus_max_sources=s.corpus_max_sources,
                           corpus_days=(s.corpus_days_before, s.corpus_days_after),
                           facts=self.facts if s.fact_ttl else None)

    def close(self) -> None:
        self.transport.close()
        if "index" in self.__dict__:  # opened
            self.index.close()

    def __enter__(self) -> Wiring:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def queued(s: Settings, *, resolver: Resolver = system_resolver, session: requests.Session | None = None) -> Wiring:
    """A worker's stack: Redis holds the source cache, its locks and the per-domain rate."""
    shared = state(s)
    limiter = RedisRateLimiter(shared.r, rate=s.fetch_rate_per_domain, burst=s.fetch_burst_per_domain,
                               prefix=s.key_prefix)
    return Wiring(s, cache=shared.sources, rate_limiter=limiter, redis_state=shared, resolver=resolver, session=session)


def in_process(s: Settings, *, resolver: Resolver = system_resolver,
               session: requests.Session | None = None) -> Wiring:
    """``newscheck verify``'s stack: the cache in memory (one run), no shared rate limiter."""
    return Wiring(s, cache=MemorySourceCache(), resolver=resolver, session=session)


__all__ = ["Wiring", "fetcher", "in_process", "queued", "recovery", "state", "transport"]
