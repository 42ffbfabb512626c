"""Reports of the two paths (queued, in-process) reduced to what must agree between them."""

from __future__ import annotations

from typing import Any

CLAIM_KEYS = ("id", "text", "start", "end", "speaker", "cue", "content", "quote", "quantities", "checkworthy")
EVIDENCE_KEYS = ("url", "passage", "stance", "independent", "duplicate_of", "sha256")


def comparable(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Claims and verdicts without the fetch times, which differ between two runs."""
    out = []
    for c in report["claims"]:
        v = dict(c["verdict"])
        v["evidence"] = [{k: e[k] for k in EVIDENCE_KEYS} for e in v["evidence"]]
        v.pop("failures", None)
        out.append({**{k: c[k] for k in CLAIM_KEYS}, "verdict": v})
    return out
