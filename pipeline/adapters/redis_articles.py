"""The article records in Redis: input, document, the sources fetched for it, outcome, callback.

Keys and their schema: ``pipeline.adapters.redis_keys``. Creating and finishing an article also
writes its deadline, listing index, event and counters, in one round trip each, so a crash never
leaves an article half created or finished twice.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from pipeline.adapters.redis_keys import RedisKeys, Sources, sources_from_json, sources_json
from pipeline.adapters.redis_keys import unavailable_on_connection_error as _guarded
from pipeline.models import ArticleInput, Document, SourceFailure, to_dict
from pipeline.politeness import utc_timestamp
from pipeline.ports import ArticleStore
from pipeline.records import ArticleMeta, ArticleStatus, CallbackDelivery, CallbackStatus

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

META_FIELDS = ("status", "input", "created_at", "updated_at", "finished_at", "deadline", "claims_total",
               "claims_done", "error", "callback_url", "callback", "callback_attempts", "callback_last_at",
               "callback_last_error")


def meta_from_hash(h: dict[str, str | None]) -> ArticleMeta:
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


class RedisArticles:
    """``ArticleStore`` over the shared client."""

    def __init__(self, keys: RedisKeys) -> None:
        self.keys, self.r = keys, keys.r
        self._finalise = keys.r.register_script(FINALISE)

    @_guarded
    def create_article(self, aid: str, inp: ArticleInput, *, deadline_s: float) -> bool:
        """Create the article record unless it exists; True when this call created it."""
        k = self.keys
        key = k.k_article(aid)
        if not self.r.hsetnx(key, "input", json.dumps(to_dict(inp))):
            return False
        now = utc_timestamp()
        deadline = time.time() + deadline_s
        mapping: dict[str, Any] = {"status": ArticleStatus.QUEUED.value, "created_at": now, "updated_at": now, "deadline": deadline}
        if inp.callback_url:
            mapping["callback_url"] = inp.callback_url
        pipe = self.r.pipeline()
        pipe.hset(key, mapping=mapping)
        pipe.zadd(k.k_deadlines, {aid: deadline})
        pipe.zadd(k.k_index, {aid: time.time()})
        pipe.hincrby(k.k_stats, "articles:submitted", 1)
        pipe.xadd(k.k_events(aid), {"type": "queued"}, maxlen=k.events_maxlen, approximate=True)
        pipe.execute()
        return True

    @_guarded
    def article(self, aid: str) -> ArticleMeta | None:
        """The article's record (without its document: ``document``), None when there is none."""
        h = dict(zip(META_FIELDS, self.r.hmget(self.keys.k_article(aid), META_FIELDS)))
        if h["input"] is None and h["status"] is None:
            return None
        return meta_from_hash(h)

    @_guarded
    def article_input(self, aid: str) -> ArticleInput | None:
        raw = self.r.hget(self.keys.k_article(aid), "input")
        return ArticleInput.from_dict(json.loads(raw)) if raw else None

    @_guarded
    def mark_running(self, aid: str) -> None:
        k = self.keys
        key = k.k_article(aid)
        if self.r.hget(key, "status") == ArticleStatus.QUEUED:
            pipe = self.r.pipeline()
            pipe.hset(key, mapping={"status": ArticleStatus.RUNNING.value, "updated_at": utc_timestamp()})
            pipe.xadd(k.k_events(aid), {"type": ArticleStatus.RUNNING.value}, maxlen=k.events_maxlen, approximate=True)
            pipe.execute()

    @_guarded
    def save_document(self, aid: str, doc: Document) -> None:
        self.r.hset(self.keys.k_article(aid), mapping={"doc": json.dumps(to_dict(doc)), "updated_at": utc_timestamp()})

    @_guarded
    def document(self, aid: str) -> Document | None:
        raw = self.r.hget(self.keys.k_article(aid), "doc")
        return Document.from_dict(json.loads(raw)) if raw else None

    @_guarded
    def save_article_sources(self, aid: str, docs: Sequence[Document], failures: Sequence[SourceFailure]) -> None:
        self.r.set(self.keys.k_sources(aid), sources_json(docs, failures), nx=True)

    @_guarded
    def has_article_sources(self, aid: str) -> bool:
        return bool(self.r.exists(self.keys.k_sources(aid)))

    @_guarded
    def article_sources(self, aid: str) -> Sources:
        raw = self.r.get(self.keys.k_sources(aid))
        return sources_from_json(raw) if raw else ([], [])

    @_guarded
    def finalise(self, aid: str, status: ArticleStatus = ArticleStatus.DONE,
                 error: dict[str, Any] | None = None) -> bool:
        """Mark the article finished once; True only for the call that did it."""
        k = self.keys
        keys = [k.k_article(aid), k.k_events(aid), k.k_deadlines, k.k_stats]
        args: list[str | int] = [ArticleStatus(status).value, json.dumps(error) if error else "", utc_timestamp(),
                                 k.events_maxlen, aid]
        return int(self._finalise(keys=keys, args=args)) == 1

    @_guarded
    def record_callback(self, aid: str, status: CallbackStatus, error: str | None = None) -> None:
        """One delivery attempt: sent, retrying or failed (with why), shown in the report."""
        key = self.keys.k_article(aid)
        fields = {"callback": CallbackStatus(status).value, "callback_last_at": utc_timestamp()}
        if error is not None:
            fields["callback_last_error"] = error
        pipe = self.r.pipeline()
        pipe.hset(key, mapping=fields)
        pipe.hincrby(key, "callback_attempts", 1)
        pipe.execute()

    def iter_article_ids(self) -> Iterator[str]:
        for key in self.r.scan_iter(f"{self.keys.p}:article:*", count=500):
            parts = key.split(":")
            if len(parts) == 3:
                yield parts[2]


if TYPE_CHECKING:  # mypy checks that the adapter implements its port
    _port: type[ArticleStore] = RedisArticles
