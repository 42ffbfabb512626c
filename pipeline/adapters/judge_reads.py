"""What a judge task reads from Redis, in two round trips, with the article's parsed texts kept per
process; and what it writes, in one.

A judge task runs once per claim, and every claim of an article reads the same article text and
the same fetched sources (JSON of whole pages), which the in-process path parses once per article.
Here the reads are pipelined (claim, verdict, the claim's own sources; then the article's document
and sources) and the parsed document and sources are kept in a small per-process cache keyed by
a digest of the stored JSON: the bytes still come from Redis every time, so a recheck that rewrites
them is seen at once, only the parse (and the dataclasses built from it) is not repeated.

The writes (the claim fact's sharers, its stored check and the checked/reused counter, then the
verdict with its passages and the fan-in count) go in one pipeline: they were two round trips.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from pipeline.adapters import passage_store
from pipeline.adapters.redis_facts import RedisFacts
from pipeline.adapters.redis_verdicts import RedisVerdicts
from pipeline.adapters.redis_keys import RedisKeys, Sources, sources_from_json
from pipeline.adapters.redis_keys import unavailable_on_connection_error as _guarded
from pipeline.facts import FactCheck
from pipeline.models import Claim, Document, Verdict

T = TypeVar("T")


@dataclass(frozen=True)
class JudgeInputs:
    claim: Claim
    article_id: str
    verdict: Verdict | None  # already recorded (a redelivered task): nothing else is read
    document: Document
    sources: Sources
    own_sources: Sources | None  # what discovery found for this claim alone; None when it has not run


class JudgeReads:
    """Reads of ``workers.tasks.judge_claim``; one instance per worker process."""

    def __init__(self, keys: RedisKeys, cache_size: int = 16) -> None:
        self.keys = keys
        self.cache_size = cache_size
        self._parsed: OrderedDict[tuple[str, bytes], Any] = OrderedDict()
        self._verdicts = RedisVerdicts(keys)
        self._facts = RedisFacts(keys)

    def _parse(self, kind: str, raw: str, parse: Callable[[str], T]) -> T:
        key = (kind, hashlib.blake2b(raw.encode("utf-8"), digest_size=16).digest())
        if key in self._parsed:
            self._parsed.move_to_end(key)
            return self._parsed[key]
        value = parse(raw)
        self._parsed[key] = value
        if len(self._parsed) > self.cache_size:
            self._parsed.popitem(last=False)
        return value

    @_guarded
    def inputs(self, cid: str) -> JudgeInputs | None:
        """None when the claim is unknown."""
        s = self.keys
        pipe = s.r.pipeline(transaction=False)
        pipe.get(s.k_claim(cid))
        pipe.get(s.k_verdict(cid))
        pipe.get(s.k_claim_sources(cid))
        craw, vraw, own_raw = pipe.execute()
        if not craw:
            return None
        data = json.loads(craw)
        claim, aid = Claim.from_dict(data), data["article_id"]
        if vraw:
            verdict = passage_store.unpack(s.r, vraw, s.p)
            return JudgeInputs(claim, aid, verdict, Document(text=""), ([], []), None)
        pipe = s.r.pipeline(transaction=False)
        pipe.hget(s.k_article(aid), "doc")
        pipe.get(s.k_sources(aid))
        doc_raw, sources_raw = pipe.execute()
        doc = self._parse("doc", doc_raw, lambda r: Document.from_dict(json.loads(r))) if doc_raw else Document(text="")
        docs, failures = self._parse("sources", sources_raw, sources_from_json) if sources_raw else ([], [])
        own = sources_from_json(own_raw) if own_raw else None
        return JudgeInputs(claim, aid, None, doc, (list(docs), list(failures)), own)

    @_guarded
    def record(self, aid: str, cid: str, verdict: Verdict, *, counter: str, fact_key: str | None = None,
               fact_ttl: int = 0, fact: FactCheck | None = None) -> tuple[bool, int, int]:
        """``FactStore.share_fact`` (with ``fact_key``; else only the counter) and then
        ``VerdictStore.record_verdict``, in one round trip; returns (fresh, claims_done, claims_total)."""
        pipe = self.keys.r.pipeline(transaction=False)
        if fact_key:
            self._facts.share_into(pipe, fact_key, aid, fact_ttl, fact=fact, counter=counter)
        else:
            pipe.hincrby(self.keys.k_stats, counter, 1)
        self._verdicts.record_into(pipe, aid, cid, verdict)
        fresh, done, total = pipe.execute()[-1]
        return bool(fresh), int(done), int(total)
