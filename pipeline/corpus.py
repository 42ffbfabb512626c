"""Corpus mode: every article checked and every source fetched becomes evidence for later claims.

With no search provider configured, a wire story's claims used to stay unverified even when
other outlets' reports of the same events had gone through the queue an hour earlier. In
corpus mode each page is kept in the evidence index with its outlet, publication date, URL
and near-duplicate cluster, and a claim is cross-checked against indexed pages of *other*
outlets in the claim's date window, under the independence rules of the checker:

- the article never supports itself: not its URL, not its article id, not a page of its own
  near-duplicate cluster, not a page whose text copies it, not another page of its outlet;
- wire copies and reprints are one source: at most one page per cluster (the earliest), and
  none from the cluster of a source the claim is already checked against;
- a page that says nothing about the claim is no evidence (it only matched a few words).

Pure: the index is reached through the ``Corpus`` protocol (pipeline/adapters/evidence_index).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol, Sequence
from urllib.parse import urlsplit

from pipeline import ids
from pipeline.checking import check_claim
from pipeline.checking.dedup import is_copy, shingles
from pipeline.checking.lexical import fold
from pipeline.discovery import DateWindow, build_queries, date_window, keywords, parse_day
from pipeline.models import Claim, Document

ARTICLE_SCHEME = "newscheck:article/"  # the index key of an article submitted without a URL
CLUSTER_CANDIDATES = 10  # indexed pages compared with a new one to find its near-duplicates
CLUSTER_DAYS = 30  # reprints run within this many days of each other
CLUSTER_TERMS = 16  # rarest words of a page that find its copies
CANDIDATES_PER_SOURCE = 2  # corpus pages examined per page a claim may be weighed against
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class CorpusEntry:
    """One indexed page: the Document and what the independence rules need to know about it."""

    doc: Document
    outlet: str | None  # outlet_key of the page
    cluster: str  # pages of one cluster are copies of each other (a wire story and its reprints)
    article_id: str | None = None  # set when the page is an article newscheck checked


class Corpus(Protocol):
    """The evidence index as corpus mode uses it (SQLite FTS5 or PostgreSQL)."""

    def entry(self, url: str) -> CorpusEntry | None: ...

    def search_entries(self, query: str, window: DateWindow | None, *, limit: int) -> list[CorpusEntry]: ...

    def put(self, entry: CorpusEntry) -> bool: ...


def outlet_key(doc: Document) -> str | None:
    """Who published a page, comparable across pages: its outlet name folded ("The Herald" and
    "the herald" meet), else its host without "www."; None when neither is known."""
    if doc.outlet and doc.outlet.strip():
        key = _NON_ALNUM.sub(" ", fold(doc.outlet)).strip()
        if key:
            return key
    if doc.url and not doc.url.startswith(ARTICLE_SCHEME):
        host = (urlsplit(doc.url).hostname or "").lower()
        return host.removeprefix("www.") or None
    return None


def corpus_url(doc: Document, article_id: str | None) -> str | None:
    """The index key of a page: its URL, else (a submitted text) a reference to the article."""
    if doc.url:
        return doc.url
    return f"{ARTICLE_SCHEME}{article_id}" if article_id else None


def _cluster_window(doc: Document) -> DateWindow | None:
    day = parse_day(doc.published)
    if day is None:
        return None
    return DateWindow(day - timedelta(days=CLUSTER_DAYS), day + timedelta(days=CLUSTER_DAYS))


def assign_cluster(doc: Document, url: str, candidates: Sequence[CorpusEntry]) -> str:
    """The cluster of the earliest indexed page ``doc`` is a copy of, else a new one of its own."""
    own = shingles(doc.text)
    copies = [c for c in candidates if c.doc.url != url and own and is_copy(own, shingles(c.doc.text))]
    if not copies:
        return ids.url_key(url)
    earliest = min(copies, key=lambda c: (c.doc.published is None, c.doc.published or "", c.doc.url or ""))
    return earliest.cluster


def index_document(corpus: Corpus, doc: Document, *, article_id: str | None = None) -> CorpusEntry | None:
    """Add a page to the corpus with its outlet and near-duplicate cluster; the entry, or None
    when the page has nothing to index. An unchanged page (same URL and body) is not redone."""
    url = corpus_url(doc, article_id)
    if url is None or not doc.text.strip():
        return None
    doc = dataclasses.replace(doc, url=url)
    held = corpus.entry(url)
    if held is not None and held.doc.text == doc.text and held.article_id == article_id:
        return held
    query = " ".join(keywords(doc.text)[:CLUSTER_TERMS])
    candidates = corpus.search_entries(query, _cluster_window(doc), limit=CLUSTER_CANDIDATES) if query else []
    entry = CorpusEntry(doc, outlet_key(doc), assign_cluster(doc, url, candidates), article_id)
    corpus.put(entry)
    return entry


@dataclass(frozen=True)
class ArticleIdentity:
    """What makes a page the article itself (or one of its copies), for the self-support rule."""

    url: str | None
    article_id: str | None
    outlet: str | None
    cluster: str | None
    text_shingles: frozenset[int]

    @classmethod
    def of(cls, doc: Document, article_id: str | None, entry: CorpusEntry | None) -> ArticleIdentity:
        return cls(
            url=ids.canonical_url(doc.url) if doc.url else None,
            article_id=article_id,
            outlet=entry.outlet if entry is not None else outlet_key(doc),
            cluster=entry.cluster if entry is not None else None,
            text_shingles=shingles(doc.text),
        )


def is_other(entry: CorpusEntry, me: ArticleIdentity) -> bool:
    """True when ``entry`` may corroborate the article: another outlet's page, not a copy of it."""
    if entry.doc.url and me.url and ids.canonical_url(entry.doc.url) == me.url:
        return False
    if me.article_id and entry.article_id == me.article_id:
        return False
    if me.cluster and entry.cluster == me.cluster:
        return False
    if me.outlet and entry.outlet == me.outlet:
        return False
    return not (me.text_shingles and is_copy(me.text_shingles, shingles(entry.doc.text)))


def one_per_cluster(entries: Sequence[CorpusEntry]) -> list[CorpusEntry]:
    """Wire copies and reprints as one source: the earliest page of each cluster, in rank order."""
    first: dict[str, CorpusEntry] = {}
    for e in entries:
        held = first.get(e.cluster)
        if held is None or (e.doc.published or "9999") < (held.doc.published or "9999"):
            first[e.cluster] = e
    kept = set(id(e) for e in first.values())
    return [e for e in entries if id(e) in kept]


def bears_on(claim: Claim, article: Document, doc: Document, claim_date: str | None) -> bool:
    """True when the page takes a side on the claim: a page that only shares a few of its words
    is a search hit, not evidence, and would only add noise to the report."""
    return check_claim(claim, article, [doc], claim_date=claim_date).label != "unverified"


def candidates(claim: Claim, article: Document, corpus: Corpus, *, window: DateWindow | None,
               limit: int) -> list[CorpusEntry]:
    """Indexed pages matching the claim's queries in ``window``, best first, no URL twice."""
    seen: set[str] = set()
    out: list[CorpusEntry] = []
    for query in build_queries(claim):
        for e in corpus.search_entries(query, window, limit=limit):
            key = ids.canonical_url(e.doc.url or "")
            if key not in seen:
                seen.add(key)
                out.append(e)
    return out


def corpus_candidates(claim: Claim, article: Document, me: ArticleIdentity, corpus: Corpus, *,
                      exclude: Sequence[str] = (), max_docs: int = 5, days_before: int = 30,
                      days_after: int = 7) -> list[CorpusEntry]:
    """Other outlets' indexed pages in the claim's date window, one per near-duplicate cluster,
    never the article, its copies, its own sources (``exclude``, which the checker already
    weighs) or their copies; at most ``CANDIDATES_PER_SOURCE * max_docs``, best first (each is
    then judged on its own to see whether it bears on the claim: that is the cost to bound)."""
    if max_docs <= 0:
        return []
    window = date_window(claim, article.published, days_before=days_before, days_after=days_after)
    skip = {ids.canonical_url(u) for u in exclude}
    taken = {e.cluster for u in exclude if (e := corpus.entry(u)) is not None}
    found = [e for e in candidates(claim, article, corpus, window=window, limit=3 * max_docs)
             if ids.canonical_url(e.doc.url or "") not in skip and e.cluster not in taken and is_other(e, me)]
    return one_per_cluster(found)[: CANDIDATES_PER_SOURCE * max_docs]


def bearing(claim: Claim, article: Document, entries: Sequence[CorpusEntry], *, max_docs: int) -> list[Document]:
    """The first ``max_docs`` candidates that take a side on the claim."""
    claim_date = article.published or claim.time
    kept: list[Document] = []
    for e in entries:
        if len(kept) >= max_docs:
            break
        if bears_on(claim, article, e.doc, claim_date):
            kept.append(e.doc)
    return kept


def corpus_sources(claim: Claim, article: Document, me: ArticleIdentity, corpus: Corpus, *,
                   exclude: Sequence[str] = (), max_docs: int = 5, days_before: int = 30,
                   days_after: int = 7) -> list[Document]:
    """The claim's evidence from the corpus: ``corpus_candidates`` that bear on it."""
    found = corpus_candidates(claim, article, me, corpus, exclude=exclude, max_docs=max_docs,
                              days_before=days_before, days_after=days_after)
    return bearing(claim, article, found, max_docs=max_docs)


__all__ = [
    "ARTICLE_SCHEME", "ArticleIdentity", "Corpus", "CorpusEntry", "assign_cluster", "bearing", "bears_on",
    "corpus_candidates", "corpus_sources",
    "corpus_url", "index_document", "is_other", "one_per_cluster", "outlet_key",
]
