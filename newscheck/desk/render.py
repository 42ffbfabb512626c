"""Shapes of the report for the page: claim highlights in the article text, evidence groups, failures.

Pure functions over the report dictionary (the API's contract), so the page shows exactly what
``GET /v1/articles/{id}`` returns; all escaping is left to the templates (autoescape).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]


@dataclass(frozen=True)
class Segment:
    """A stretch of the article text, with the claim it highlights (None for plain text)."""

    text: str
    claim: Json | None = None


@dataclass(frozen=True)
class EvidenceGroup:
    """A passage from an original source with the copies of it (wire copies) folded under it."""

    lead: Json
    copies: list[Json] = field(default_factory=list)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def segments(text: str, claims: list[Json]) -> list[Segment]:
    """Cut ``text`` at the claims' offsets. A claim whose sentence other claims share is marked by
    its content span; a span that still overlaps an earlier mark is left unmarked (the claim list
    on the page still reaches it)."""
    sentence = {c["id"]: (c["start"], c["end"]) for c in claims}
    spans: list[tuple[int, int, Json]] = []
    for c in sorted(claims, key=lambda c: (c["start"], c["end"])):
        own = sentence[c["id"]]
        shared = any(_overlaps(own, other) for cid, other in sentence.items() if cid != c["id"])
        span = (c["content"]["start"], c["content"]["end"]) if shared else own
        if not 0 <= span[0] < span[1] <= len(text) or any(_overlaps(span, (s, e)) for s, e, _ in spans):
            continue
        spans.append((span[0], span[1], c))
    out: list[Segment] = []
    pos = 0
    for start, end, claim in sorted(spans, key=lambda s: s[0]):
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], claim))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def final_label(claim: Json) -> str:
    """The reviewer's label when there is one, else the machine's, else "pending"."""
    if claim.get("review"):
        return str(claim["review"]["label"])
    if claim.get("verdict"):
        return str(claim["verdict"]["label"])
    return "pending"


def evidence_groups(evidence: list[Json]) -> tuple[list[EvidenceGroup], list[Json]]:
    """Independent passages, each with its copies; and dependent passages whose original is not shown."""
    groups = [EvidenceGroup(e) for e in evidence if e.get("independent") or not e.get("duplicate_of")]
    by_url = {g.lead["url"]: g for g in groups}
    orphans: list[Json] = []
    for e in evidence:
        if e.get("independent") or not e.get("duplicate_of"):
            continue
        lead = by_url.get(e["duplicate_of"])
        if lead is not None:
            lead.copies.append(e)
        else:
            orphans.append(e)
    return groups, orphans


def failures(claim: Json, report: Json) -> list[Json]:
    """Sources the claim could not use: its own and the article's, each URL once."""
    seen: set[str] = set()
    out = []
    for f in [*((claim.get("verdict") or {}).get("failures") or []), *(report.get("source_failures") or [])]:
        if f["url"] not in seen:
            seen.add(f["url"])
            out.append(f)
    return out


def figures(claim: Json) -> str:
    """The claim's figures as read: "4,000 (4000 riders)"."""
    parts = []
    for q in claim.get("quantities") or []:
        value = q.get("value")
        read = " ".join(str(x) for x in (_number(value) if value is not None else None, q.get("unit"), q.get("counted")) if x)
        parts.append(f"{q['text']} ({read})" if read and read != q["text"] else q["text"])
    return "; ".join(parts)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def speaker(claim: Json) -> str:
    sp = claim.get("speaker")
    if not sp:
        return "no speaker"
    return str(sp.get("resolved") or sp["text"])


def href(url: str | None) -> str:
    """Only http(s) links reach an href (never javascript: or data:)."""
    return url if url and url.lower().startswith(("http://", "https://")) else "#"


@dataclass(frozen=True)
class Operation:
    """One documented method and path of the OpenAPI schema, for the offline reference page."""

    method: str
    path: str
    summary: str
    description: str
    parameters: list[Json]
    body: bool
    responses: list[tuple[str, str]]


def operations(schema: Json) -> list[Operation]:
    out = []
    for path, item in sorted(schema.get("paths", {}).items()):
        for method, op in item.items():
            if method not in ("get", "post", "put", "delete", "patch"):
                continue
            responses = [(code, str(r.get("description", ""))) for code, r in sorted(op.get("responses", {}).items())]
            out.append(Operation(method.upper(), path, str(op.get("summary", "")), str(op.get("description", "")),
                                 list(op.get("parameters", [])), "requestBody" in op, responses))
    return out
