"""Claims checked once: one cross-check per claim fact, reused by every article that carries it.

A wire claim runs in every outlet that reprints the story; cross-checking it again for each
reprint repeats the same work on the same evidence. A *claim fact* is what makes two claims the
same check: the normalised speaker, the normalised content, the figures (value and unit) and
the date the claim was made (it fixes the date window, and which pages are "later" than the
claim). A stored cross-check is reused when the new claim would be weighed against exactly the
same pages (its own sources and the corpus candidates, each by URL and body); any difference,
such as new independent evidence indexed since, means the check is redone and the stored one
refreshed. Pure: keys and fingerprints only; where they are kept is the store's business.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterator, MutableMapping, Sequence
from dataclasses import dataclass

from pipeline.checking.lexical import STOP_WORDS, fold, stem, tokens
from pipeline.discovery import parse_day
from pipeline.models import Claim, Document, Verdict, to_dict


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()[:24]


def normalised_content(text: str) -> str:
    """Content words as light stems, in order: "were taken off" and "was taken off" meet,
    punctuation and stop words do not count."""
    return " ".join(stem(t) for t in tokens(text) if t not in STOP_WORDS)


def normalised_speaker(claim: Claim) -> str:
    """Who says it, without case, articles or punctuation ("The Coastguard" = "coastguard");
    a role ("the harbour master") counts as written, a resolved pronoun as its name."""
    if claim.speaker is None:
        return ""
    return " ".join(t for t in tokens(fold(claim.speaker.name)) if t not in STOP_WORDS)


def figures_of(claim: Claim) -> str:
    """The claim's figures as value and unit, in order ("212:None|480000000.0:SEK")."""
    return "|".join(f"{q.value}:{q.unit}" for q in claim.quantities)


def fact_key(claim: Claim, published: str | None) -> str | None:
    """The claim fact: speaker + content + figures + the day it was made; None without a day
    (an undated claim has no date window, so nothing says two of them are one check)."""
    day = parse_day(published) or parse_day(claim.time)
    content = normalised_content(claim.content.text or claim.text)
    if day is None or not content:
        return None
    return _digest("fact", normalised_speaker(claim), content, figures_of(claim), day.isoformat())


def page_mark(doc: Document) -> str:
    """A page as a check saw it: its URL and its body."""
    return _digest("page", doc.url or "", doc.sha256 or _digest("text", doc.text))


def fingerprint(sources: Sequence[Document], failed_urls: Sequence[str]) -> str:
    """What a cross-check weighed: the pages (in any order) and the sources that failed."""
    marks = sorted({page_mark(d) for d in sources})
    return _digest("weighed", *marks, "failed", *sorted(set(failed_urls)))


@dataclass(frozen=True)
class FactCheck:
    """A stored cross-check of one claim fact: what it weighed and what it found, and where."""

    key: str
    fingerprint: str
    verdict: Verdict
    claim_id: str
    article_id: str

    def reusable_for(self, key: str | None, weighed: str) -> bool:
        """True when a claim of this fact would weigh exactly these pages again."""
        return key == self.key and weighed == self.fingerprint


def verdict_mark(verdict: Verdict) -> str:
    """A digest of a verdict as stored: a stored check that points at a claim's verdict is only
    reused while that verdict is still the one it found (a recheck replaces it)."""
    return _digest("verdict", json.dumps(to_dict(verdict), sort_keys=True))


@dataclass(frozen=True)
class StoredFact:
    """A cross-check as a shared store keeps it: a reference to the claim verdict it found (its
    claim id and a digest of it), never a second copy of the verdict."""

    key: str
    fingerprint: str
    claim_id: str
    article_id: str
    verdict_mark: str

    @classmethod
    def of(cls, fact: FactCheck) -> StoredFact:
        return cls(fact.key, fact.fingerprint, fact.claim_id, fact.article_id, verdict_mark(fact.verdict))


def held_check(stored: StoredFact | None, verdict: Verdict | None) -> FactCheck | None:
    """The stored check of a claim fact, with ``verdict`` (the current verdict of the claim it
    points at), while it still stands: a verdict gone (deleted article) or replaced since (a
    recheck) voids it, and the claim fact is checked again (the new check then replaces it)."""
    if stored is None or verdict is None or verdict_mark(verdict) != stored.verdict_mark:
        return None
    return FactCheck(stored.key, stored.fingerprint, verdict, stored.claim_id, stored.article_id)


__all__ = ["FactCheck", "StoredFact", "fact_key", "held_check", "verdict_mark", "fingerprint", "figures_of",
           "normalised_content", "normalised_speaker", "page_mark"]


class FactMemory(MutableMapping[str, FactCheck]):
    """Claim fact checks kept in one process (``flow.verify`` outside the queue): the newest
    ``limit`` of them, the least recently used dropped first."""

    def __init__(self, limit: int = 10_000) -> None:
        self.limit = limit
        self._data: OrderedDict[str, FactCheck] = OrderedDict()

    def __getitem__(self, key: str) -> FactCheck:
        self._data.move_to_end(key)
        return self._data[key]

    def __setitem__(self, key: str, value: FactCheck) -> None:
        self._data[key] = value
        self._data.move_to_end(key)
        while len(self._data) > self.limit:
            self._data.popitem(last=False)

    def __delitem__(self, key: str) -> None:
        del self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)
