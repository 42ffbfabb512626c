"""An article's claims and their verdicts in Redis, and the sources discovered for each claim.

Keys: ``pipeline.adapters.redis_keys``. Claims are registered once and a verdict is set once
(first writer wins), each in one Lua script that also counts the fan-in, so a redelivered task
never doubles a verdict or a count. Verdict evidence is stored as references into the passage
store (``passage_store``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pipeline.adapters import passage_store
from pipeline.adapters.redis_keys import RedisKeys, Sources, sources_from_json, sources_json
from pipeline.adapters.redis_keys import unavailable_on_connection_error as _guarded
from pipeline.models import Claim, ClaimResult, Document, Review, SourceFailure, Verdict, to_dict
from pipeline.politeness import utc_timestamp
from pipeline.ports import VerdictStore

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


class RedisVerdicts:
    """``VerdictStore`` over the shared client."""

    def __init__(self, keys: RedisKeys) -> None:
        self.keys, self.r = keys, keys.r
        self._record = keys.r.register_script(RECORD_VERDICT)
        self._register = keys.r.register_script(REGISTER_CLAIMS)

    @_guarded
    def register_claims(self, aid: str, claims: Sequence[Claim]) -> bool:
        """Store the article's claims once; their ids are unique (``pipeline.records.unique_claims``,
        applied where claims are made), or the fan-in could never complete."""
        k = self.keys
        keys = [k.k_article(aid), k.k_claims(aid), k.k_events(aid)] + [k.k_claim(c.id) for c in claims]
        payloads = [json.dumps({**to_dict(c), "article_id": aid}) for c in claims]
        args: list[str | int] = [k.events_maxlen, utc_timestamp(), *[c.id for c in claims], *payloads]
        return bool(self._register(keys=keys, args=args))

    @_guarded
    def claim_ids(self, aid: str) -> list[str]:
        return list(self.r.lrange(self.keys.k_claims(aid), 0, -1))

    @_guarded
    def claim(self, cid: str) -> tuple[Claim, str] | None:
        raw = self.r.get(self.keys.k_claim(cid))
        if not raw:
            return None
        data = json.loads(raw)
        return Claim.from_dict(data), data["article_id"]

    @_guarded
    def save_claim_sources(self, cid: str, docs: Sequence[Document], failures: Sequence[SourceFailure]) -> None:
        """Keep what discovery found for one claim; the first writer wins (a redelivered task repeats it)."""
        self.r.set(self.keys.k_claim_sources(cid), sources_json(docs, failures), nx=True)

    @_guarded
    def claim_sources(self, cid: str) -> Sources | None:
        """The claim's own discovered sources; None when discovery has not run for it."""
        raw = self.r.get(self.keys.k_claim_sources(cid))
        return sources_from_json(raw) if raw else None

    @_guarded
    def verdict(self, cid: str) -> Verdict | None:
        return passage_store.unpack(self.r, self.r.get(self.keys.k_verdict(cid)), self.keys.p)

    @_guarded
    def record_verdict(self, aid: str, cid: str, verdict: Verdict) -> tuple[bool, int, int]:
        """Store the claim's verdict unless one exists; returns (fresh, claims_done, claims_total)."""
        pipe = self.r.pipeline(transaction=False)  # the passages and the verdict in one round trip
        self.record_into(pipe, aid, cid, verdict)
        fresh, done, total = pipe.execute()[-1]
        return bool(fresh), int(done), int(total)

    def record_into(self, pipe: Any, aid: str, cid: str, verdict: Verdict) -> None:
        """Queue :meth:`record_verdict`'s writes on ``pipe`` (its last reply is the script's)."""
        k = self.keys
        keys = [k.k_verdict(cid), k.k_article(aid), k.k_events(aid), k.k_stats]
        packed, passages = passage_store.pack(verdict, k.p)
        args: list[str | int] = [packed, cid, k.events_maxlen, verdict.label, utc_timestamp()]
        passage_store.write_fields(pipe, passages)
        self._record(keys=keys, args=args, client=pipe)

    @_guarded
    def open_claims(self, aid: str) -> list[str]:
        cids = self.claim_ids(aid)
        if not cids:
            return []
        exists = self.r.mget([self.keys.k_verdict(c) for c in cids])
        return [c for c, v in zip(cids, exists) if v is None]

    @_guarded
    def claim_results(self, aid: str) -> list[ClaimResult]:
        """Each registered claim with its verdict and review (either may be None), in article order."""
        k = self.keys
        cids = self.claim_ids(aid)
        if not cids:
            return []
        raws = self.r.mget([k.k_claim(c) for c in cids])
        verdicts = passage_store.unpack_many(self.r, self.r.mget([k.k_verdict(c) for c in cids]), k.p)
        reviews = self.r.mget([k.k_review(c) for c in cids])
        return [ClaimResult(Claim.from_dict(json.loads(raw)), verdict, Review.from_dict(json.loads(rraw)) if rraw else None)
                for raw, verdict, rraw in zip(raws, verdicts, reviews) if raw is not None]


if TYPE_CHECKING:  # mypy checks that the adapter implements its port
    _port: type[VerdictStore] = RedisVerdicts
