"""Claims checked once, in Redis: the latest cross-check of each claim fact and its sharers.

Keys: ``{p}:fact:{key}`` and ``{p}:fact:{key}:articles`` (``pipeline.adapters.redis_keys``). A
stored check holds a reference to the claim verdict it found (a digest of it), never a second
copy; whether it still stands is the domain's rule (``pipeline.facts.held_check``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pipeline.adapters.redis_keys import RedisKeys
from pipeline.adapters.redis_keys import unavailable_on_connection_error as _guarded
from pipeline.facts import FactCheck, StoredFact
from pipeline.ports import FactStore


def _fact_json(fact: FactCheck) -> str:
    s = StoredFact.of(fact)
    return json.dumps({"key": s.key, "fingerprint": s.fingerprint, "claim_id": s.claim_id,
                       "article_id": s.article_id, "verdict": s.verdict_mark})


class RedisFacts:
    """``FactStore`` over the shared client."""

    def __init__(self, keys: RedisKeys) -> None:
        self.keys, self.r = keys, keys.r

    def _members(self, key: str) -> str:
        return f"{self.keys.k_fact(key)}:articles"

    @_guarded
    def stored_fact(self, key: str) -> StoredFact | None:
        """The stored check of a claim fact as written (None when there is none)."""
        raw = self.r.get(self.keys.k_fact(key))
        if not raw:
            return None
        d = json.loads(raw)
        return StoredFact(d["key"], d["fingerprint"], d["claim_id"], d["article_id"], d["verdict"])

    @_guarded
    def save_fact_check(self, fact: FactCheck, ttl: int) -> None:
        """Keep (or refresh) the cross-check of a claim fact, the latest check winning."""
        self.r.set(self.keys.k_fact(fact.key), _fact_json(fact), ex=max(1, ttl))

    @_guarded
    def share_fact(self, key: str, aid: str, ttl: int, *, fact: FactCheck | None = None, counter: str | None = None) -> None:
        """Add the article to the claim fact's sharers; with ``fact``, also keep that check
        (as :meth:`save_fact_check`) and with ``counter``, count it: one round trip."""
        pipe = self.r.pipeline()
        self.share_into(pipe, key, aid, ttl, fact=fact, counter=counter)
        pipe.execute()

    def share_into(self, pipe: Any, key: str, aid: str, ttl: int, *, fact: FactCheck | None = None,
                   counter: str | None = None) -> None:
        """Queue :meth:`share_fact`'s writes on ``pipe``."""
        if fact is not None:
            pipe.set(self.keys.k_fact(fact.key), _fact_json(fact), ex=max(1, ttl))
        pipe.sadd(self._members(key), aid)
        pipe.expire(self._members(key), max(1, ttl))
        if counter:
            pipe.hincrby(self.keys.k_stats, counter, 1)

    @_guarded
    def fact_articles(self, keys: Sequence[str | None]) -> list[set[str]]:
        """For each claim-fact key, the articles carrying it (one round trip)."""
        pipe = self.r.pipeline()
        for key in keys:
            pipe.smembers(self._members(key) if key else f"{self.keys.p}:fact:none")
        return [set(m) for m in pipe.execute()]


if TYPE_CHECKING:  # mypy checks that the adapter implements its port
    _port: type[FactStore] = RedisFacts
