"""The newsroom desk in Redis: reviews, the article listing, recheck and deletion.

Keys: ``pipeline.adapters.redis_keys`` (its docstring holds the schema). The desk reads the
articles and verdicts through their adapters and adds its own writes, each one Lua script or
pipeline so a review or a recheck is never half applied.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pipeline.adapters import passage_store
from pipeline.adapters.redis_articles import RedisArticles
from pipeline.adapters.redis_keys import RedisKeys
from pipeline.adapters.redis_keys import unavailable_on_connection_error as _guarded
from pipeline.adapters.redis_verdicts import RedisVerdicts
from pipeline.desk import ArticleSummary, Page, decode_cursor, encode_cursor
from pipeline.models import ArticleInput, Review, Verdict, to_dict
from pipeline.politeness import utc_timestamp
from pipeline.ports import DeskStore
from pipeline.reporting import article_document

# KEYS[1] review key, KEYS[2] review history, KEYS[3] stats hash, KEYS[4] events stream
# ARGV[1] review JSON, ARGV[2] machine label, ARGV[3] "1" when the reviewer agrees, ARGV[4] claim id,
# ARGV[5] events maxlen, ARGV[6] reviewer label
# A new review of a claim replaces the previous one in the agreement counters (one vote per claim).
RECORD_REVIEW = """
local old = redis.call('GET', KEYS[1])
if old then
  local o = cjson.decode(old)
  redis.call('HINCRBY', KEYS[3], 'reviews:' .. o.machine_label, -1)
  if o.label == o.machine_label then redis.call('HINCRBY', KEYS[3], 'review_agree:' .. o.machine_label, -1) end
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('HINCRBY', KEYS[3], 'reviews:' .. ARGV[2], 1)
redis.call('HINCRBY', KEYS[3], 'review_agree:' .. ARGV[2], tonumber(ARGV[3]))
redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[5], '*', 'type', 'review', 'claim', ARGV[4], 'label', ARGV[6])
if old then return 0 end
return 1
"""

# KEYS[1] article hash, KEYS[2] article sources, KEYS[3] events stream, KEYS[4] deadlines zset,
# KEYS[5..] verdict keys of its claims; ARGV[1] input JSON, ARGV[2] now, ARGV[3] deadline (epoch),
# ARGV[4] article id, ARGV[5] events maxlen
# A finished article goes back to the queue with its claims: verdicts move to their history, the
# sources are fetched again from the new input, the event stream starts afresh (its old "finished"
# would end every new reader). Returns -1 unknown, 0 not finished, 1 requeued.
RECHECK = """
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return -1 end
if status ~= 'done' and status ~= 'failed' then return 0 end
for i = 5, #KEYS do
  local v = redis.call('GET', KEYS[i])
  if v then
    redis.call('RPUSH', KEYS[i] .. ':history', v)
    redis.call('DEL', KEYS[i])
  end
end
redis.call('HSET', KEYS[1], 'input', ARGV[1], 'status', 'queued', 'updated_at', ARGV[2], 'deadline', ARGV[3])
if redis.call('HEXISTS', KEYS[1], 'claims_total') == 1 then redis.call('HSET', KEYS[1], 'claims_done', 0) end
redis.call('HDEL', KEYS[1], 'error', 'finished_at', 'callback', 'callback_last_error')
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[4])
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', 'type', 'queued', 'recheck', '1')
return 1
"""

SCAN_LIMIT = 500  # index entries one listing request may examine while filtering


class RedisDesk:
    """``DeskStore`` over the shared client, reading articles and verdicts through their adapters."""

    def __init__(self, keys: RedisKeys, articles: RedisArticles, verdicts: RedisVerdicts) -> None:
        self.keys, self.r = keys, keys.r
        self.articles, self.verdicts = articles, verdicts
        self._review = keys.r.register_script(RECORD_REVIEW)
        self._recheck = keys.r.register_script(RECHECK)

    # ---- reviews
    @_guarded
    def record_review(self, aid: str, cid: str, review: Review) -> bool:
        """Store the reviewer's decision beside the verdict; True when it is the claim's first."""
        s = self.keys
        payload = json.dumps(to_dict(review))
        agrees = "1" if review.label == review.machine_label else "0"
        keys = [s.k_review(cid), s.k_review(cid) + ":history", s.k_stats, s.k_events(aid)]
        args = [payload, review.machine_label, agrees, cid, s.events_maxlen, review.label]
        return int(self._review(keys=keys, args=args)) == 1

    @_guarded
    def review(self, cid: str) -> Review | None:
        raw = self.r.get(self.keys.k_review(cid))
        return Review.from_dict(json.loads(raw)) if raw else None

    @_guarded
    def review_history(self, cid: str) -> list[Review]:
        return [Review.from_dict(json.loads(x)) for x in self.r.lrange(self.keys.k_review(cid) + ":history", 0, -1)]

    # ---- listing
    @_guarded
    def list_articles(self, *, limit: int = 20, cursor: str | None = None, status: str | None = None,
                      label: str | None = None) -> Page:
        """Newest first from the creation index; ``label`` matches a claim's final label (the review's, else the verdict's)."""
        max_score: float | str = "+inf"
        after: tuple[float, str] | None = None
        if cursor:
            after = decode_cursor(cursor)
            max_score = after[0]
        items: list[ArticleSummary] = []
        scanned = 0
        last: tuple[float, str] | None = None
        offset = 0
        while len(items) < limit and scanned < SCAN_LIMIT:
            batch = self.r.zrevrangebyscore(self.keys.k_index, max_score, "-inf", start=offset,
                                            num=min(100, SCAN_LIMIT - scanned), withscores=True)
            if not batch:
                return Page(items, None)
            offset += len(batch)
            for aid, score in batch:
                if after is not None and score == after[0] and aid >= after[1]:
                    continue
                scanned += 1
                last = (score, aid)
                summary = self.summary(aid)
                if summary is None or (status and summary.status != status) or (label and not summary.labels.get(label)):
                    continue
                items.append(summary)
                if len(items) == limit:
                    break
        if last is None:
            return Page(items, None)
        more = self.r.zcount(self.keys.k_index, "-inf", f"({last[0]!r}") > 0 or self._same_score_after(*last)
        return Page(items, encode_cursor(*last) if more else None)

    def _same_score_after(self, score: float, aid: str) -> bool:
        return any(m < aid for m in self.r.zrangebyscore(self.keys.k_index, score, score))

    @_guarded
    def summary(self, aid: str) -> ArticleSummary | None:
        s = self.keys
        meta = self.articles.article(aid)
        if meta is None:
            return None
        cids = self.verdicts.claim_ids(aid)
        labels: dict[str, int] = {}
        reviewed = 0
        if cids:
            verdicts = self.r.mget([s.k_verdict(c) for c in cids])
            reviews = self.r.mget([s.k_review(c) for c in cids])
            for vraw, rraw in zip(verdicts, reviews):
                final = json.loads(rraw)["label"] if rraw else (json.loads(vraw)["label"] if vraw else None)
                reviewed += rraw is not None
                if final:
                    labels[final] = labels.get(final, 0) + 1
        shown = article_document(meta, self.articles.document(aid))  # the fetched document, else what was submitted
        title, url = shown.title, shown.url
        return ArticleSummary(
            id=aid, status=meta.status, created_at=meta.created_at, title=title, url=url,
            claims_total=meta.claims_total or 0, claims_done=meta.claims_done,
            labels=labels, reviewed=reviewed,
        )

    # ---- recheck
    @_guarded
    def recheck(self, aid: str, inp: ArticleInput, *, deadline_s: float) -> int:
        """Requeue a finished article with ``inp`` (its new sources), keeping its claims; see RECHECK."""
        s = self.keys
        keys = [s.k_article(aid), s.k_sources(aid), s.k_events(aid), s.k_deadlines,
                *[s.k_verdict(c) for c in self.verdicts.claim_ids(aid)]]
        args = [json.dumps(to_dict(inp)), utc_timestamp(), time.time() + deadline_s, aid, s.events_maxlen]
        return int(self._recheck(keys=keys, args=args))

    @_guarded
    def verdict_history(self, cid: str) -> list[Verdict]:
        """Earlier verdicts of a rechecked claim, oldest first (the current one is not in it)."""
        raws = self.r.lrange(self.keys.k_verdict(cid) + ":history", 0, -1)
        return [v for v in passage_store.unpack_many(self.r, raws, self.keys.p) if v is not None]

    # ---- deletion
    @_guarded
    def delete_article(self, aid: str) -> bool:
        """Remove the article, its claims, verdicts, reviews and events; False when it did not exist.

        The shared source cache stays (other articles use it), and so do the /metrics counters.
        """
        s = self.keys
        if not self.r.exists(s.k_article(aid)):
            return False
        cids = self.verdicts.claim_ids(aid)
        keys: list[str] = [s.k_article(aid), s.k_claims(aid), s.k_sources(aid), s.k_events(aid)]
        for c in cids:
            keys += _claim_keys(s, c)
        pipe = self.r.pipeline()
        pipe.delete(*keys)
        pipe.zrem(s.k_deadlines, aid)
        pipe.zrem(s.k_index, aid)
        pipe.execute()
        return True


def _claim_keys(s: RedisKeys, cid: str) -> Iterable[str]:
    return (s.k_claim(cid), s.k_claim_sources(cid), s.k_verdict(cid), s.k_verdict(cid) + ":history",
            s.k_review(cid), s.k_review(cid) + ":history")


if TYPE_CHECKING:  # mypy checks that the adapter implements its port
    _port: type[DeskStore] = RedisDesk
