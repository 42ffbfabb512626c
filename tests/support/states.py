"""Reads of the Redis state that several tests share, through the adapters' ports."""

from __future__ import annotations

from pipeline.adapters.redis_state import RedisState
from pipeline.facts import FactCheck, held_check


def status_of(state: RedisState, aid: str) -> str | None:
    """The article's status as stored (None when there is no such article)."""
    meta = state.articles.article(aid)
    return meta.status.value if meta is not None else None


def claims_done(state: RedisState, aid: str) -> int:
    meta = state.articles.article(aid)
    return meta.claims_done if meta is not None else 0


def held(state: RedisState, key: str) -> FactCheck | None:
    """The stored check of a claim fact while it stands, as ``judge_claim`` reads it."""
    stored = state.facts.stored_fact(key)
    return held_check(stored, state.verdicts.verdict(stored.claim_id)) if stored is not None else None
