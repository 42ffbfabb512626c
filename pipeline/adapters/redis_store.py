"""Redis as the system of record for articles, claims, verdicts, progress and the source cache.

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
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import redis

from pipeline import ids
from pipeline.adapters import passage_store
from pipeline.errors import StoreUnavailable
from pipeline.facts import FactCheck, verdict_mark
from pipeline.models import ArticleInput, Claim, ClaimResult, Document, Report, Review, SourceFailure, Verdict, to_dict
from pipeline.politeness import utc_timestamp
from pipeline.ports import StateStore
from pipeline.records import ArticleMeta, ArticleStatus, CallbackDelivery, CallbackStatus
from pipeline.reporting import read_report

F = TypeVar("F", bound=Callable[..., Any])

STALE_KEEP = 7 * 86_400  # seconds a stale source with validators is kept for revalidation

# KEYS[1] verdict key, KEYS[2] article hash, KEYS[3] events stream, KEYS[4] stats hash
# ARGV[1] verdict JSON, ARGV[2] claim id, ARGV[3] events maxlen, ARGV[4] label, ARGV[5] now (ISO)
# Returns {fresh (1/0), claims_done, claims_total}.
RECORD_VERDICT = """
local fresh = redis.call('SET', KEYS[1], ARGV[1], 'NX')
local total = tonumber(redis.call('HGET', KEYS[2], 'claims_total') or '0')
if fresh then
  local done = redis.call('HINCRBY', KEYS[2], 'claims_done', 1)
  redis.call('HSET', KEYS[2], 'updated_at', ARGV[5])
  redis.call('HINCRBY', KEYS[4], 'verdicts:' .. ARGV[4], 1)
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[3], '*', 'type', 'claim', 'claim', ARGV[2],
             'label', ARGV[4], 'done', done, 'total', total)
  return {1, done, total}
end
return {0, tonumber(redis.call('HGET', KEYS[2], 'claims_done') or '0'), total}
"""

# KEYS[1] article hash, KEYS[2] claims list, KEYS[3] events stream, KEYS[4..] claim keys
# ARGV[1] events maxlen, ARGV[2] now, ARGV[3..] claim ids then claim JSONs (same order as KEYS[4..])
# Registers the claims once; returns 1 when it did, 0 when they were already registered.
REGISTER_CLAIMS = """
if redis.call('HEXISTS', KEYS[1], 'claims_total') == 1 then return 0 end
local n = #KEYS - 3
for i = 1, n do
  redis.call('SET', KEYS[3 + i], ARGV[2 + n + i])
  redis.call('RPUSH', KEYS[2], ARGV[2 + i])
end
redis.call('HSET', KEYS[1], 'claims_total', n, 'claims_done', 0, 'status', 'running', 'updated_at', ARGV[2])
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[1], '*', 'type', 'claims', 'total', n)
return 1
"""

# KEYS[1] article hash, KEYS[2] events stream, KEYS[3] deadlines zset, KEYS[4] stats hash
# ARGV[1] final status, ARGV[2] error JSON or '', ARGV[3] now, ARGV[4] events maxlen, ARGV[5] article id
# Returns 1 the first time an article is finished, 0 afterwards.
FINALISE = """
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return -1 end
if status == 'done' or status == 'failed' then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'finished_at', ARGV[3], 'updated_at', ARGV[3])
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'error', ARGV[2]) end
if redis.call('HEXISTS', KEYS[1], 'callback_url') == 1 then redis.call('HSET', KEYS[1], 'callback', 'pending') end
redis.call('ZREM', KEYS[3], ARGV[5])
redis.call('HINCRBY', KEYS[4], 'articles:' .. ARGV[1], 1)
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'type', 'finished', 'status', ARGV[1])
return 1
"""


def _sources_json(docs: Sequence[Document], failures: Sequence[SourceFailure]) -> str:
    return json.dumps({"docs": to_dict(list(docs)), "failures": to_dict(list(failures))})


def _sources_from_json(raw: str) -> tuple[list[Document], list[SourceFailure]]:
    data = json.loads(raw)
    return [Document.from_dict(d) for d in data["docs"]], [SourceFailure.from_dict(f) for f in data["failures"]]


_META_FIELDS = ("status", "input", "created_at", "updated_at", "finished_at", "deadline", "claims_total",
                "claims_done", "error", "callback_url", "callback", "callback_attempts", "callback_last_at",
                "callback_last_error")


def _meta_from_hash(h: dict[str, str | None]) -> ArticleMeta:
    """The article hash's fields (all but the document) as the typed record."""
    callback = None
    if h.get("callback_url"):
        callback = CallbackDelivery(url=h["callback_url"] or "", status=CallbackStatus(h.get("callback") or CallbackStatus.WAITING),
                                    attempts=int(h.get("callback_attempts") or 0),
                                    last_at=h.get("callback_last_at"), last_error=h.get("callback_last_error"))
    raw_input, raw_error, total = h.get("input"), h.get("error"), h.get("claims_total")
    deadline = h.get("deadline")
    return ArticleMeta(
        status=ArticleStatus(h.get("status") or ArticleStatus.QUEUED),
        input=ArticleInput.from_dict(json.loads(raw_input)) if raw_input else None,
        created_at=h.get("created_at"), updated_at=h.get("updated_at"), finished_at=h.get("finished_at"),
        deadline=float(deadline) if deadline else None,
        claims_total=int(total) if total not in (None, "") else None,
        claims_done=int(h.get("claims_done") or 0),
        error=json.loads(raw_error) if raw_error else None,
        callback=callback,
    )


def _fact_json(fact: FactCheck) -> str:
    return json.dumps({"key": fact.key, "fingerprint": fact.fingerprint, "claim_id": fact.claim_id,
                       "article_id": fact.article_id, "verdict": verdict_mark(fact.verdict)})


def now_iso() -> str:
    return utc_timestamp()


def _unavailable_on_connection_error(fn: F) -> F:
    """Map redis-py's connection failures to StoreUnavailable at the boundary."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError) as exc:
            raise StoreUnavailable(f"Redis is unavailable: {exc}") from exc

    return wrapper  # type: ignore[return-value]


class RedisStore:
    """Typed access to newscheck's Redis state; see the module docstring for the keys."""

    def __init__(self, client: redis.Redis, *, prefix: str = "nc", events_maxlen: int = 1000) -> None:
        # Any: redis-py types every reply bytes | str whatever decode_responses says (here always str)
        self.r: Any = client
        self.p = prefix
        self.events_maxlen = events_maxlen
        self._record = client.register_script(RECORD_VERDICT)
        self._register = client.register_script(REGISTER_CLAIMS)
        self._finalise = client.register_script(FINALISE)

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> RedisStore:
        client = redis.Redis.from_url(
            url, decode_responses=True, socket_connect_timeout=2, socket_timeout=10,
            health_check_interval=15, retry_on_timeout=True,
        )
        return cls(client, **kwargs)

    # ---- keys
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

    # ---- health
    @_unavailable_on_connection_error
    def ping(self) -> bool:
        return bool(self.r.ping())

    # ---- articles
    @_unavailable_on_connection_error
    def create_article(self, aid: str, inp: ArticleInput, *, deadline_s: float) -> bool:
        """Create the article record unless it exists; True when this call created it."""
        key = self.k_article(aid)
        created = self.r.hsetnx(key, "input", json.dumps(to_dict(inp)))
        if not created:
            return False
        now = now_iso()
        deadline = time.time() + deadline_s
        mapping: dict[str, Any] = {"status": ArticleStatus.QUEUED.value, "created_at": now, "updated_at": now, "deadline": deadline}
        if inp.callback_url:
            mapping["callback_url"] = inp.callback_url
        pipe = self.r.pipeline()
        pipe.hset(key, mapping=mapping)
        pipe.zadd(self.k_deadlines, {aid: deadline})
        pipe.zadd(self.k_index, {aid: time.time()})
        pipe.hincrby(self.k_stats, "articles:submitted", 1)
        pipe.xadd(self.k_events(aid), {"type": "queued"}, maxlen=self.events_maxlen, approximate=True)
        pipe.execute()
        return True

    @_unavailable_on_connection_error
    def article(self, aid: str) -> ArticleMeta | None:
        """The article's record (without its document: ``document``), None when there is none."""
        values = self.r.hmget(self.k_article(aid), _META_FIELDS)
        h = dict(zip(_META_FIELDS, values))
        if h["input"] is None and h["status"] is None:
            return None
        return _meta_from_hash(h)

    @_unavailable_on_connection_error
    def article_meta(self, aid: str) -> dict[str, str] | None:
        """The raw article hash, for tools and tests that read its fields as stored (use ``article``)."""
        meta = self.r.hgetall(self.k_article(aid))
        return meta or None

    @_unavailable_on_connection_error
    def article_input(self, aid: str) -> ArticleInput | None:
        raw = self.r.hget(self.k_article(aid), "input")
        return ArticleInput.from_dict(json.loads(raw)) if raw else None

    @_unavailable_on_connection_error
    def mark_running(self, aid: str) -> None:
        key = self.k_article(aid)
        if self.r.hget(key, "status") == ArticleStatus.QUEUED:
            self.r.hset(key, mapping={"status": ArticleStatus.RUNNING.value, "updated_at": now_iso()})
            self.add_event(aid, ArticleStatus.RUNNING.value)

    @_unavailable_on_connection_error
    def save_document(self, aid: str, doc: Document) -> None:
        self.r.hset(self.k_article(aid), mapping={"doc": json.dumps(to_dict(doc)), "updated_at": now_iso()})

    @_unavailable_on_connection_error
    def document(self, aid: str) -> Document | None:
        raw = self.r.hget(self.k_article(aid), "doc")
        return Document.from_dict(json.loads(raw)) if raw else None

    @_unavailable_on_connection_error
    def save_article_sources(self, aid: str, docs: Sequence[Document], failures: Sequence[SourceFailure]) -> None:
        self.r.set(self.k_sources(aid), _sources_json(docs, failures), nx=True)

    @_unavailable_on_connection_error
    def has_article_sources(self, aid: str) -> bool:
        return bool(self.r.exists(self.k_sources(aid)))

    @_unavailable_on_connection_error
    def article_sources(self, aid: str) -> tuple[list[Document], list[SourceFailure]]:
        raw = self.r.get(self.k_sources(aid))
        return _sources_from_json(raw) if raw else ([], [])

    @_unavailable_on_connection_error
    def save_claim_sources(self, cid: str, docs: Sequence[Document], failures: Sequence[SourceFailure]) -> None:
        """Keep what discovery found for one claim; the first writer wins (a redelivered task repeats it)."""
        self.r.set(self.k_claim_sources(cid), _sources_json(docs, failures), nx=True)

    @_unavailable_on_connection_error
    def claim_sources(self, cid: str) -> tuple[list[Document], list[SourceFailure]] | None:
        """The claim's own discovered sources; None when discovery has not run for it."""
        raw = self.r.get(self.k_claim_sources(cid))
        return _sources_from_json(raw) if raw else None

    # ---- claims and verdicts
    @_unavailable_on_connection_error
    def register_claims(self, aid: str, claims: Sequence[Claim]) -> bool:
        """Store the article's claims once; their ids are unique (``pipeline.records.unique_claims``,
        applied where claims are made), or the fan-in could never complete."""
        keys = [self.k_article(aid), self.k_claims(aid), self.k_events(aid)] + [self.k_claim(c.id) for c in claims]
        payloads = [json.dumps({**to_dict(c), "article_id": aid}) for c in claims]
        args: list[str | int] = [self.events_maxlen, now_iso(), *[c.id for c in claims], *payloads]
        return bool(self._register(keys=keys, args=args))

    @_unavailable_on_connection_error
    def claim_ids(self, aid: str) -> list[str]:
        return list(self.r.lrange(self.k_claims(aid), 0, -1))

    @_unavailable_on_connection_error
    def claim(self, cid: str) -> tuple[Claim, str] | None:
        raw = self.r.get(self.k_claim(cid))
        if not raw:
            return None
        data = json.loads(raw)
        return Claim.from_dict(data), data["article_id"]

    @_unavailable_on_connection_error
    def verdict(self, cid: str) -> Verdict | None:
        return passage_store.unpack(self.r, self.r.get(self.k_verdict(cid)), self.p)

    @_unavailable_on_connection_error
    def record_verdict(self, aid: str, cid: str, verdict: Verdict) -> tuple[bool, int, int]:
        """Store the claim's verdict unless one exists; returns (fresh, claims_done, claims_total)."""
        keys = [self.k_verdict(cid), self.k_article(aid), self.k_events(aid), self.k_stats]
        packed, passages = passage_store.pack(verdict, self.p)
        args: list[str | int] = [packed, cid, self.events_maxlen, verdict.label, now_iso()]
        pipe = self.r.pipeline(transaction=False)  # the passages and the verdict in one round trip
        passage_store.write_fields(pipe, passages)
        self._record(keys=keys, args=args, client=pipe)
        fresh, done, total = pipe.execute()[-1]
        return bool(fresh), int(done), int(total)

    @_unavailable_on_connection_error
    def finalise(self, aid: str, status: ArticleStatus = ArticleStatus.DONE,
                 error: dict[str, Any] | None = None) -> bool:
        """Mark the article finished once; True only for the call that did it."""
        keys = [self.k_article(aid), self.k_events(aid), self.k_deadlines, self.k_stats]
        args: list[str | int] = [ArticleStatus(status).value, json.dumps(error) if error else "", now_iso(), self.events_maxlen, aid]
        return int(self._finalise(keys=keys, args=args)) == 1

    @_unavailable_on_connection_error
    def record_callback(self, aid: str, status: CallbackStatus, error: str | None = None) -> None:
        """One delivery attempt: sent, retrying or failed (with why), shown in the report."""
        key = self.k_article(aid)
        fields = {"callback": CallbackStatus(status).value, "callback_last_at": now_iso()}
        if error is not None:
            fields["callback_last_error"] = error
        pipe = self.r.pipeline()
        pipe.hset(key, mapping=fields)
        pipe.hincrby(key, "callback_attempts", 1)
        pipe.execute()

    # ---- progress events
    @_unavailable_on_connection_error
    def add_event(self, aid: str, type_: str, **fields: Any) -> None:
        data = {"type": type_, **{k: str(v) for k, v in fields.items()}}
        self.r.xadd(self.k_events(aid), data, maxlen=self.events_maxlen, approximate=True)

    @_unavailable_on_connection_error
    def read_events(self, aid: str, after: str = "0", block_ms: int = 0) -> list[tuple[str, dict[str, str]]]:
        """Events after the id ``after``; blocks up to ``block_ms`` when there are none."""
        res = self.r.xread({self.k_events(aid): after}, count=100, block=block_ms or None)
        if not res:
            return []
        return [(eid, fields) for eid, fields in res[0][1]]

    # ---- the source cache (shared across articles)
    @_unavailable_on_connection_error
    def cached_source(self, url: str) -> Document | SourceFailure | None:
        """A fresh cached result for ``url`` (None when absent or past its freshness)."""
        entry = self._source_entry(url)
        if entry is None or entry[1] < time.time():
            return None
        return entry[0]

    @_unavailable_on_connection_error
    def stale_source(self, url: str) -> Document | None:
        """A cached document past its freshness, kept so a conditional request can revalidate it."""
        entry = self._source_entry(url)
        return entry[0] if entry is not None and isinstance(entry[0], Document) else None

    def _source_entry(self, url: str) -> tuple[Document | SourceFailure, float] | None:
        raw = self.r.get(self.k_source(url))
        if not raw:
            return None
        data = json.loads(raw)
        fresh_until = float(data.get("fresh_until", "inf"))
        if "failure" in data:
            return SourceFailure.from_dict(data["failure"]), fresh_until
        return Document.from_dict(data["doc"]), fresh_until

    @_unavailable_on_connection_error
    def cache_source(self, url: str, result: Document | SourceFailure, ttl: int) -> None:
        """Keep a fetched source fresh for ``ttl`` seconds (failures for 5 minutes at most).

        A document with HTTP validators stays stored for ``STALE_KEEP`` longer, so that once
        stale it is revalidated with a conditional request instead of downloaded again.
        """
        if isinstance(result, SourceFailure):
            fresh = min(ttl, 300)
            payload, keep = {"failure": to_dict(result)}, fresh
        else:
            fresh = ttl
            payload = {"doc": to_dict(result)}
            keep = ttl + (STALE_KEEP if (result.etag or result.last_modified) else 0)
        payload["fresh_until"] = time.time() + fresh
        self.r.set(self.k_source(url), json.dumps(payload), ex=max(1, int(keep)))

    # ---- operational counters (read by /metrics)
    @_unavailable_on_connection_error
    def count(self, field: str, by: int = 1) -> None:
        self.r.hincrby(self.k_stats, field, by)

    @_unavailable_on_connection_error
    def add_task_time(self, task: str, seconds: float) -> None:
        pipe = self.r.pipeline()
        pipe.hincrbyfloat(self.k_stats, f"task_seconds:{task}", seconds)
        pipe.hincrby(self.k_stats, f"task_count:{task}", 1)
        pipe.execute()

    @_unavailable_on_connection_error
    def stats(self) -> dict[str, float]:
        return {k: float(v) for k, v in self.r.hgetall(self.k_stats).items()}

    @_unavailable_on_connection_error
    def open_articles(self) -> int:
        return int(self.r.zcard(self.k_deadlines))

    # ---- API rate limit: fixed windows
    @_unavailable_on_connection_error
    def hit_rate(self, who: str, window_s: int) -> tuple[int, int]:
        """Count one hit for ``who`` in the current window; returns (hits so far, seconds left)."""
        now = int(time.time())
        key = f"{self.p}:rate:{who}:{now // window_s}"
        pipe = self.r.pipeline()
        pipe.incr(key)
        pipe.expire(key, window_s + 1)
        used = int(pipe.execute()[0])
        return used, window_s - now % window_s

    @_unavailable_on_connection_error
    def lock_source(self, url: str, ttl_ms: int) -> bool:
        """Take the right to fetch ``url`` (expires by itself if the holder dies)."""
        return bool(self.r.set(f"{self.k_source(url)}:lock", "1", nx=True, px=ttl_ms))

    @_unavailable_on_connection_error
    def unlock_source(self, url: str) -> None:
        self.r.delete(f"{self.k_source(url)}:lock")

    def wait_for_source(self, url: str, timeout: float, poll: float = 0.1) -> Document | SourceFailure | None:
        """The cached result of a fetch another task holds the lock for, once it lands (None on timeout)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            hit = self.cached_source(url)
            if hit is not None:
                return hit
            if not self.r.exists(f"{self.k_source(url)}:lock"):
                return self.cached_source(url)
            time.sleep(poll)
        return None

    # ---- redelivery cap and sweeping
    @_unavailable_on_connection_error
    def count_delivery(self, task_id: str, retry: int) -> int:
        key = f"{self.p}:delivery:{task_id}:{retry}"
        pipe = self.r.pipeline()
        pipe.incr(key)
        pipe.expire(key, 86_400)
        return int(pipe.execute()[0])

    @_unavailable_on_connection_error
    def due_articles(self, now: float | None = None, limit: int = 100) -> list[str]:
        return list(self.r.zrangebyscore(self.k_deadlines, "-inf", now or time.time(), start=0, num=limit))

    @_unavailable_on_connection_error
    def forget_deadline(self, aid: str) -> None:
        self.r.zrem(self.k_deadlines, aid)

    @_unavailable_on_connection_error
    def open_claims(self, aid: str) -> list[str]:
        cids = self.claim_ids(aid)
        if not cids:
            return []
        exists = self.r.mget([self.k_verdict(c) for c in cids])
        return [c for c, v in zip(cids, exists) if v is None]

    # ---- what the report is assembled from (pipeline.reporting)
    @_unavailable_on_connection_error
    def claim_results(self, aid: str) -> list[ClaimResult]:
        cids = self.claim_ids(aid)
        if not cids:
            return []
        raws = self.r.mget([self.k_claim(c) for c in cids])
        verdicts = passage_store.unpack_many(self.r, self.r.mget([self.k_verdict(c) for c in cids]), self.p)
        reviews = self.r.mget([self.k_review(c) for c in cids])
        return [ClaimResult(Claim.from_dict(json.loads(raw)), verdict, Review.from_dict(json.loads(rraw)) if rraw else None)
                for raw, verdict, rraw in zip(raws, verdicts, reviews) if raw is not None]

    @_unavailable_on_connection_error
    def fact_articles(self, keys: Sequence[str | None]) -> list[set[str]]:
        """For each claim-fact key, the articles carrying it (one round trip)."""
        pipe = self.r.pipeline()
        for key in keys:
            pipe.smembers(f"{self.k_fact(key)}:articles" if key else f"{self.p}:fact:none")
        return [set(m) for m in pipe.execute()]

    def report(self, aid: str) -> Report | None:
        """The article's report (``pipeline.reporting.read_report`` over this store)."""
        return read_report(self, aid)

    # ---- claims checked once (pipeline/facts.py)
    @_unavailable_on_connection_error
    def fact_check(self, key: str) -> FactCheck | None:
        """The stored check of a claim fact, with the verdict it points at; None when there is none,
        or when that verdict is gone or was replaced since (deleted article, recheck)."""
        raw = self.r.get(self.k_fact(key))
        if not raw:
            return None
        data = json.loads(raw)
        verdict = passage_store.unpack(self.r, self.r.get(self.k_verdict(data["claim_id"])), self.p)
        if verdict is None:
            return None
        if verdict_mark(verdict) != data["verdict"]:
            return None
        return FactCheck(data["key"], data["fingerprint"], verdict, data["claim_id"], data["article_id"])

    @_unavailable_on_connection_error
    def save_fact_check(self, fact: FactCheck, ttl: int) -> None:
        """Keep (or refresh) the cross-check of a claim fact, the latest check winning: what it
        weighed and a reference to the claim verdict it found (never a second copy of it)."""
        self.r.set(self.k_fact(fact.key), _fact_json(fact), ex=max(1, ttl))

    @_unavailable_on_connection_error
    def share_fact(self, key: str, aid: str, ttl: int, *, fact: FactCheck | None = None, counter: str | None = None) -> None:
        """Add the article to the claim fact's sharers; with ``fact``, also keep that check
        (as :meth:`save_fact_check`) and with ``counter``, count it: one round trip."""
        pipe = self.r.pipeline()
        if fact is not None:
            pipe.set(self.k_fact(fact.key), _fact_json(fact), ex=max(1, ttl))
        pipe.sadd(f"{self.k_fact(key)}:articles", aid)
        pipe.expire(f"{self.k_fact(key)}:articles", max(1, ttl))
        if counter:
            pipe.hincrby(self.k_stats, counter, 1)
        pipe.execute()

    def iter_article_ids(self) -> Iterator[str]:
        for key in self.r.scan_iter(f"{self.p}:article:*", count=500):
            parts = key.split(":")
            if len(parts) == 3:
                yield parts[2]


if TYPE_CHECKING:  # mypy checks that RedisStore implements the port
    _port: type[StateStore] = RedisStore
