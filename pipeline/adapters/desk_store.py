"""What the newsroom desk adds to the Redis state: reviews, the article listing and deletion.

The keys are those of :mod:`pipeline.adapters.redis_store` (its docstring holds the schema);
this module only adds operations on them, so the pipeline's own writes stay where they were.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pipeline.adapters import passage_store
from pipeline.adapters.redis_store import RedisStore, _unavailable_on_connection_error, now_iso
from pipeline.errors import InputError
from pipeline.models import ArticleInput, ArticleStatus, Review, Verdict, to_dict
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


@dataclass(frozen=True)
class ArticleSummary:
    """One row of the listing: enough to choose an article without loading its report."""

    id: str
    status: ArticleStatus
    created_at: str | None
    title: str | None
    url: str | None
    claims_total: int
    claims_done: int
    labels: dict[str, int] = field(default_factory=dict)
    reviewed: int = 0


@dataclass(frozen=True)
class Page:
    items: list[ArticleSummary]
    next_cursor: str | None


def encode_cursor(score: float, aid: str) -> str:
    return base64.urlsafe_b64encode(f"{score!r}|{aid}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[float, str]:
    """The position a cursor names; InputError (a 422) for anything this module did not write."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        score, aid = raw.split("|", 1)
        value = float(score)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InputError("cursor is not one this API gave out") from None
    if value != value or aid == "":  # NaN
        raise InputError("cursor is not one this API gave out")
    return value, aid


class DeskStore:
    """Reviews, listing and deletion over a :class:`RedisStore`."""

    def __init__(self, store: RedisStore) -> None:
        self.store = store
        self.r = store.r
        self._review = store.r.register_script(RECORD_REVIEW)
        self._recheck = store.r.register_script(RECHECK)

    # ---- reviews
    @_unavailable_on_connection_error
    def record_review(self, aid: str, cid: str, review: Review) -> bool:
        """Store the reviewer's decision beside the verdict; True when it is the claim's first."""
        s = self.store
        payload = json.dumps(to_dict(review))
        agrees = "1" if review.label == review.machine_label else "0"
        keys = [s.k_review(cid), s.k_review(cid) + ":history", s.k_stats, s.k_events(aid)]
        args = [payload, review.machine_label, agrees, cid, s.events_maxlen, review.label]
        return int(self._review(keys=keys, args=args)) == 1

    @_unavailable_on_connection_error
    def review(self, cid: str) -> Review | None:
        raw = self.r.get(self.store.k_review(cid))
        return Review.from_dict(json.loads(raw)) if raw else None

    @_unavailable_on_connection_error
    def review_history(self, cid: str) -> list[Review]:
        return [Review.from_dict(json.loads(x)) for x in self.r.lrange(self.store.k_review(cid) + ":history", 0, -1)]

    # ---- listing
    @_unavailable_on_connection_error
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
            batch = self.r.zrevrangebyscore(self.store.k_index, max_score, "-inf", start=offset,
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
        more = self.r.zcount(self.store.k_index, "-inf", f"({last[0]!r}") > 0 or self._same_score_after(*last)
        return Page(items, encode_cursor(*last) if more else None)

    def _same_score_after(self, score: float, aid: str) -> bool:
        return any(m < aid for m in self.r.zrangebyscore(self.store.k_index, score, score))

    @_unavailable_on_connection_error
    def summary(self, aid: str) -> ArticleSummary | None:
        s = self.store
        meta = s.article(aid)
        if meta is None:
            return None
        cids = s.claim_ids(aid)
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
        shown = article_document(meta, s.document(aid))  # the fetched document, else what was submitted
        title, url = shown.title, shown.url
        return ArticleSummary(
            id=aid, status=meta.status, created_at=meta.created_at, title=title, url=url,
            claims_total=meta.claims_total or 0, claims_done=meta.claims_done,
            labels=labels, reviewed=reviewed,
        )

    # ---- recheck
    @_unavailable_on_connection_error
    def recheck(self, aid: str, inp: ArticleInput, *, deadline_s: float) -> int:
        """Requeue a finished article with ``inp`` (its new sources), keeping its claims; see RECHECK."""
        s = self.store
        keys = [s.k_article(aid), s.k_sources(aid), s.k_events(aid), s.k_deadlines,
                *[s.k_verdict(c) for c in s.claim_ids(aid)]]
        args = [json.dumps(to_dict(inp)), now_iso(), time.time() + deadline_s, aid, s.events_maxlen]
        return int(self._recheck(keys=keys, args=args))

    @_unavailable_on_connection_error
    def verdict_history(self, cid: str) -> list[Verdict]:
        """Earlier verdicts of a rechecked claim, oldest first (the current one is not in it)."""
        raws = self.r.lrange(self.store.k_verdict(cid) + ":history", 0, -1)
        return [v for v in passage_store.unpack_many(self.r, raws, self.store.p) if v is not None]

    # ---- deletion
    @_unavailable_on_connection_error
    def delete_article(self, aid: str) -> bool:
        """Remove the article, its claims, verdicts, reviews and events; False when it did not exist.

        The shared source cache stays (other articles use it), and so do the /metrics counters.
        """
        s = self.store
        if not self.r.exists(s.k_article(aid)):
            return False
        cids = s.claim_ids(aid)
        keys: list[str] = [s.k_article(aid), s.k_claims(aid), s.k_sources(aid), s.k_events(aid)]
        for c in cids:
            keys += _claim_keys(s, c)
        pipe = self.r.pipeline()
        pipe.delete(*keys)
        pipe.zrem(s.k_deadlines, aid)
        pipe.zrem(s.k_index, aid)
        pipe.execute()
        return True


def _claim_keys(s: RedisStore, cid: str) -> Iterable[str]:
    return (s.k_claim(cid), s.k_claim_sources(cid), s.k_verdict(cid), s.k_verdict(cid) + ":history",
            s.k_review(cid), s.k_review(cid) + ":history")


def make_review(label: str, note: str, by: str, machine_label: str) -> Review:
    return Review(label=label, note=note, by=by, at=now_iso(), machine_label=machine_label)  # type: ignore[arg-type]
