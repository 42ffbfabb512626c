"""Evidence passages stored once per source; verdicts in Redis hold references to them (issue 13).

A verdict cites several passages of the same few sources, and every claim of an article (and every
article citing the same page) cites them again, each time with the source's title, outlet, date,
fetch time and body hash. Written out in full, that repetition is most of Redis' memory per article.
So the stored verdict JSON keeps, per evidence item, only what is the claim's own (stance,
independence, score, note ...; fields at their default are left out) plus the source URL and two
references into one hash per source:

=====================================  ======  ====================================================
key                                    type    content
=====================================  ======  ====================================================
{p}:passages:{urlkey}                  hash    ``p:{digest}`` -> passage text; ``m:{digest}`` -> JSON
                                               [title, outlet, published, fetched_at, sha256] of one
                                               fetched version of the source. Written with HSET (the same
                                               field always holds the same value), kept as long as the
                                               verdicts citing it (no TTL; deleting an article leaves it,
                                               as it leaves the source cache other articles share)
=====================================  ======  ====================================================

A packed verdict has ``evidence_refs`` instead of ``evidence`` (each source version listed once,
the items referring to it by index); :func:`unpack` rebuilds the very same :class:`Verdict` (so
the report and the API JSON do not change). A verdict stored in full
(before this module, or written by hand) still loads as it is, and so does the earlier layout of
references (a list of ``{url, m, p, ...}`` dicts).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from typing import Any

from pipeline import ids
from pipeline.models import Evidence, Verdict, to_dict

# what belongs to the fetched source version rather than to the claim
SOURCE_FIELDS = ("title", "outlet", "published", "fetched_at", "sha256")
_COMPACT = (",", ":")
_CLAIM_FIELDS = tuple(f for f in dataclasses.fields(Evidence) if f.name not in SOURCE_FIELDS + ("url", "passage"))


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def passages_key(prefix: str, url: str) -> str:
    return f"{prefix}:passages:{ids.url_key(url)}"


def pack(verdict: Verdict, prefix: str) -> tuple[str, dict[str, dict[str, str]]]:
    """The verdict's stored JSON and the passage-hash fields it refers to ({key: {field: value}}).

    Compact: each (source URL, fetched version) is listed once per verdict in ``sources`` and the
    evidence items refer to it by index, as ``[source index, passage digest, claim fields]``, with
    no spaces in the JSON (a verdict cites several passages of each source).
    """
    fields: dict[str, dict[str, str]] = {}
    sources: list[list[str]] = []
    index: dict[tuple[str, str], int] = {}
    refs: list[list[Any]] = []
    for ev in verdict.evidence:
        meta = json.dumps([getattr(ev, name) for name in SOURCE_FIELDS])
        m, p = _digest(meta), _digest(ev.passage)
        fields.setdefault(passages_key(prefix, ev.url), {}).update({f"m:{m}": meta, f"p:{p}": ev.passage})
        i = index.setdefault((ev.url, m), len(sources))
        if i == len(sources):
            sources.append([ev.url, m])
        own: dict[str, Any] = {}
        for f in _CLAIM_FIELDS:
            value = getattr(ev, f.name)
            if f.default is dataclasses.MISSING or value != f.default:
                own[f.name] = value
        refs.append([i, p, own])
    data = to_dict(dataclasses.replace(verdict, evidence=()))
    del data["evidence"]
    data["evidence_refs"] = {"sources": sources, "items": refs}
    return json.dumps(data, separators=_COMPACT), fields


def _refs(refs: Any) -> list[dict[str, Any]]:
    """A stored ``evidence_refs`` as ``{url, m, p, claim fields}`` dicts, from either layout (the
    compact one of :func:`pack`, or a list of such dicts as written before it)."""
    if isinstance(refs, list):
        return refs
    sources = refs["sources"]
    return [{"url": sources[i][0], "m": sources[i][1], "p": p, **own} for i, p, own in refs["items"]]


def _lookups(refs: list[dict[str, Any]], prefix: str) -> list[tuple[str, str]]:
    return [(passages_key(prefix, r["url"]), f) for r in refs for f in (f"m:{r['m']}", f"p:{r['p']}")]


def unpack_many(client: Any, raws: Sequence[str | None], prefix: str) -> list[Verdict | None]:
    """Verdicts from their stored JSON, the passages of all of them read in one round trip.

    A referenced passage that is gone (a hand-deleted key) leaves its evidence item out rather than
    failing the whole report.
    """
    datas = [json.loads(raw) if raw else None for raw in raws]
    refs = [_refs(d.pop("evidence_refs")) if d is not None and "evidence_refs" in d else None for d in datas]
    wanted = sorted({lk for r in refs if r for lk in _lookups(r, prefix)})
    values: dict[tuple[str, str], str | None] = {}
    if wanted:
        pipe = client.pipeline(transaction=False)
        for key, field in wanted:
            pipe.hget(key, field)
        values = dict(zip(wanted, pipe.execute()))
    out: list[Verdict | None] = []
    for d, own_refs in zip(datas, refs):
        if d is None:
            out.append(None)
            continue
        if own_refs is not None:
            evidence = []
            for ref in own_refs:
                key = passages_key(prefix, ref["url"])
                meta, passage = values.get((key, f"m:{ref['m']}")), values.get((key, f"p:{ref['p']}"))
                if meta is None or passage is None:
                    continue
                item = {k: v for k, v in ref.items() if k not in ("m", "p")}
                item.update(zip(SOURCE_FIELDS, json.loads(meta)), passage=passage)
                evidence.append(item)
            d["evidence"] = evidence
        out.append(Verdict.from_dict(d))
    return out


def unpack(client: Any, raw: str | None, prefix: str) -> Verdict | None:
    return unpack_many(client, [raw], prefix)[0]


def write_fields(pipe: Any, fields: dict[str, dict[str, str]]) -> None:
    for key, mapping in fields.items():
        pipe.hset(key, mapping=mapping)
