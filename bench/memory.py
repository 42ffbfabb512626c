"""Where Redis memory goes: ``MEMORY USAGE`` of every key, grouped by key family.

The families are the store's key schema with the ids replaced by ``*`` (``nc:claim:*``,
``nc:delivery:*`` ...), plus Celery's own keys, so the per-article figure can be read
line by line against ``pipeline/adapters/redis_keys.py``.
"""

from __future__ import annotations

import json
import re

import redis

_ID = re.compile(r"(?<=:)(a_|c_)?[0-9a-f]{16,}(?=:|$)|(?<=:)[0-9a-f-]{36}(?=:|$)|(?<=:)\d+(?=:|$)")


def family(key: str) -> str:
    """The key with its ids (article, claim, URL hash, task uuid, counters) replaced by ``*``."""
    return _ID.sub("*", key)


def memory_by_family(r: redis.Redis, batch: int = 500) -> dict[str, tuple[int, int]]:
    """{family: (keys, bytes)} over the whole database."""
    out: dict[str, tuple[int, int]] = {}
    keys: list[str] = []

    def flush() -> None:
        pipe = r.pipeline(transaction=False)
        for k in keys:
            pipe.memory_usage(k, samples=0)
        for k, size in zip(keys, pipe.execute()):
            n, total = out.get(family(k), (0, 0))
            out[family(k)] = (n + 1, total + int(size or 0))
        keys.clear()

    for key in r.scan_iter(count=1000):
        keys.append(key)
        if len(keys) >= batch:
            flush()
    if keys:
        flush()
    return out


def verdict_bytes_with_and_without_refs(r: redis.Redis, prefix: str = "nc") -> tuple[int, int]:
    """(bytes of the stored verdicts plus the passage hashes they refer to, bytes the same verdicts
    take written out in full), the second measured on scratch keys in the same Redis, then removed."""
    from pipeline.adapters.passage_store import unpack_many
    from pipeline.models import to_dict

    keys = [k for k in r.scan_iter(f"{prefix}:verdict:*", count=1000) if k.count(":") == 2]
    stored = sum(int(r.memory_usage(k, samples=0) or 0) for k in keys)
    stored += sum(int(r.memory_usage(k, samples=0) or 0) for k in r.scan_iter(f"{prefix}:passages:*", count=1000))
    full = 0
    for i in range(0, len(keys), 200):
        chunk = keys[i:i + 200]
        verdicts = unpack_many(r, r.mget(chunk), prefix)
        scratch = [f"{prefix}:bench:fullverdict:{j}" for j in range(len(chunk))]
        pipe = r.pipeline(transaction=False)
        for k, v in zip(scratch, verdicts):
            pipe.set(k, json.dumps(to_dict(v)))
        pipe.execute()
        full += sum(int(r.memory_usage(k, samples=0) or 0) for k in scratch)
        r.delete(*scratch)
    return stored, full
