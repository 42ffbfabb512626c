"""One Redis client and key prefix shared by the state adapters, one per concern.

Redis is the system of record of articles, claims, verdicts, progress and the source cache; each
concern has its own small adapter (``redis_articles``, ``redis_verdicts``, ``redis_sources``,
``redis_events``, ``redis_stats``, ``redis_deadlines``, ``redis_facts``, ``desk_store``) behind its
port in ``pipeline/ports.py``, composed by ``redis_state.RedisState``. They share this module's
client, prefix and key names, so the keys are those the single store wrote (no migration).

Key schema (``{p}`` is the ``NEWSCHECK_KEY_PREFIX``, default ``nc``); this docstring is the one
place it is written down:

=====================================  ======  ====================================================
key                                    type    content
=====================================  ======  ====================================================
{p}:article:{aid}                      hash    status, input (JSON), doc (JSON), claims_total,
                                               claims_done, created_at, updated_at, deadline,
                                               error (JSON), finished_at, callback (pending/retrying/sent/
                                               failed), callback_attempts, callback_last_at, callback_last_error
{p}:article:{aid}:claims               list    claim ids in article order, written once
{p}:article:{aid}:sources              string  JSON {"docs": [...], "failures": [...]}, written once
{p}:article:{aid}:events               stream  progress events, capped (XADD MAXLEN ~)
{p}:claim:{cid}                        string  JSON of the claim plus "article_id"
{p}:claim:{cid}:sources                string  JSON {"docs": [...], "failures": [...]}: sources discovered
                                               for this claim alone (search providers), written once
{p}:verdict:{cid}                      string  JSON of the verdict, its evidence as references into
                                               {p}:passages:{urlkey} (pipeline/adapters/passage_store.py,
                                               the key's schema there); SET NX, the first writer wins
{p}:source:{urlkey}                    string  JSON of a fetched source or its failure, "fresh_until";
                                               kept a week past freshness when it has HTTP validators
{p}:source:{urlkey}:lock               string  held while one task fetches the URL; expires with the fetch deadline
{p}:deadlines                          zset    open article ids scored by deadline (the sweeper)
{p}:delivery:{task_id}:{retry}         string  delivery counter of one task message; TTL 1 day
{p}:rate:{who}:{window}                string  API submissions in one minute window; TTL 61 s
{p}:stats                              hash    counters for /metrics: articles:<status>, verdicts:<label>,
                                               fetch_errors:<reason>, task_seconds:<task>, task_count:<task>,
                                               reviews:<machine label>, review_agree:<machine label>,
                                               claims:checked, claims:reused
{p}:articles                           zset    article ids scored by creation time (listing, newest first)
{p}:review:{cid}                       string  JSON of the reviewer's decision (label, note, by, at,
                                               machine_label): beside the verdict, never over it
{p}:review:{cid}:history               list    every review JSON of the claim, oldest first
{p}:verdict:{cid}:history              list    earlier verdicts of the claim (moved there by a recheck)
{p}:fact:{key}                         string  JSON of the latest cross-check of a claim fact (pipeline/facts.py):
                                               fingerprint, claim and article, digest of the claim's verdict
                                               (the verdict itself is the claim's); TTL fact_ttl
{p}:fact:{key}:articles                set     ids of the articles carrying the claim fact; TTL fact_ttl
=====================================  ======  ====================================================

Every write that a redelivered task could repeat is set-if-absent or guarded in one Lua
script, so running a task twice never doubles a verdict or a count.
"""
from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import redis

from pipeline import ids
from pipeline.errors import StoreUnavailable
from pipeline.models import Document, SourceFailure, to_dict
from pipeline.ports import Sources

F = TypeVar("F", bound=Callable[..., Any])


def unavailable_on_connection_error(fn: F) -> F:
    """Map redis-py's connection failures to StoreUnavailable at the boundary."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError) as exc:
            raise StoreUnavailable(f"Redis is unavailable: {exc}") from exc

    return wrapper  # type: ignore[return-value]


def connect(url: str) -> redis.Redis:
    """The state's client: short connect timeout, health checks, replies decoded to str."""
    return redis.Redis.from_url(url, decode_responses=True, socket_connect_timeout=2, socket_timeout=10,
                                health_check_interval=15, retry_on_timeout=True)


def sources_json(docs: Sequence[Document], failures: Sequence[SourceFailure]) -> str:
    return json.dumps({"docs": to_dict(list(docs)), "failures": to_dict(list(failures))})


def sources_from_json(raw: str) -> Sources:
    data = json.loads(raw)
    return [Document.from_dict(d) for d in data["docs"]], [SourceFailure.from_dict(f) for f in data["failures"]]


class RedisKeys:
    """The shared client, the prefix and the key names of the schema above."""

    def __init__(self, client: redis.Redis, *, prefix: str = "nc", events_maxlen: int = 1000) -> None:
        # Any: redis-py types every reply bytes | str whatever decode_responses says (here always str)
        self.r: Any = client
        self.p = prefix
        self.events_maxlen = events_maxlen

    def k_article(self, aid: str) -> str:
        return f"{self.p}:article:{aid}"

    def k_claims(self, aid: str) -> str:
        return f"{self.p}:article:{aid}:claims"

    def k_sources(self, aid: str) -> str:
        return f"{self.p}:article:{aid}:sources"

    def k_events(self, aid: str) -> str:
        return f"{self.p}:article:{aid}:events"

    def k_claim(self, cid: str) -> str:
        return f"{self.p}:claim:{cid}"

    def k_claim_sources(self, cid: str) -> str:
        return f"{self.p}:claim:{cid}:sources"

    def k_verdict(self, cid: str) -> str:
        return f"{self.p}:verdict:{cid}"

    def k_source(self, url: str) -> str:
        return f"{self.p}:source:{ids.url_key(url)}"

    def k_review(self, cid: str) -> str:
        return f"{self.p}:review:{cid}"

    def k_fact(self, key: str) -> str:
        return f"{self.p}:fact:{key}"

    @property
    def k_index(self) -> str:
        return f"{self.p}:articles"

    @property
    def k_deadlines(self) -> str:
        return f"{self.p}:deadlines"

    @property
    def k_stats(self) -> str:
        return f"{self.p}:stats"


__all__ = ["RedisKeys", "Sources", "connect", "sources_from_json", "sources_json", "unavailable_on_connection_error"]
