"""Independence: which sources copy the article, and which are reprints of each other.

A wire story reprinted by seven outlets is one source, and an article never corroborates
itself. Documents are compared on sets of word 5-gram shingles; overlap is measured against
the smaller document (containment), so a copy wrapped in extra boilerplate or cut short is
still a copy. Shared shingles are counted through an inverted index, so the work grows with
the amount of text plus the number of overlapping pairs rather than with every pair's size.
"""

from __future__ import annotations

from functools import lru_cache

from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from pipeline.checking.lexical import tokens
from pipeline.models import Document

SHINGLE_WORDS = 5
COPY_THRESHOLD = 0.5  # share of the smaller document's shingles found in the other
MIN_SHARED = 8  # below this many shared shingles two documents are never copies (a shared quote)
ARTICLE = "article"  # duplicate_of for copies of an article that has no URL


@lru_cache(maxsize=4096)  # every claim of an article compares it with the same candidates (corpus.is_other)
def shingles(text: str, n: int = SHINGLE_WORDS) -> frozenset[int]:
    """Hashes of the word n-grams of ``text`` (the whole text when it is shorter than n words)."""
    words = tokens(text)
    if len(words) < n:
        return frozenset({hash(tuple(words))}) if words else frozenset()
    return frozenset(hash(tuple(words[i : i + n])) for i in range(len(words) - n + 1))


def _copied(shared: int, smaller: int) -> bool:
    """The copy rule on counts: enough shared shingles, and most of the smaller text."""
    return smaller > 0 and shared >= min(MIN_SHARED, smaller) and shared / smaller >= COPY_THRESHOLD


def is_copy(a: frozenset[int], b: frozenset[int]) -> bool:
    return _copied(len(a & b), min(len(a), len(b)))


@dataclass(frozen=True)
class Independence:
    """Per source (same order as given): whether it counts, and what it copies."""

    independent: tuple[bool, ...]
    duplicate_of: tuple[str | None, ...]
    copies_article: tuple[bool, ...]


def _earliest_first(order: list[int], sources: Sequence[Document]) -> list[int]:
    """Earliest publication first; undated sources after dated ones, in the order given."""
    return sorted(order, key=lambda i: (sources[i].published is None, sources[i].published or "", i))


def assess_independence(article: Document | None, sources: Sequence[Document]) -> Independence:
    """Mark copies of the article and collapse reprints to their earliest (else first) source."""
    sets = [shingles(s.text) for s in sources]
    article_set = shingles(article.text) if article is not None and article.text else frozenset()
    article_ref = (article.url or ARTICLE) if article is not None else ARTICLE
    n = len(sources)
    dup: list[str | None] = [None] * n
    copies_article = [bool(article_set) and is_copy(article_set, sets[i]) for i in range(n)]
    for i in range(n):
        if copies_article[i]:
            dup[i] = article_ref

    # Shared-shingle counts between sources via an inverted index (no all-pairs intersection).
    postings: dict[int, list[int]] = defaultdict(list)
    for i, sh in enumerate(sets):
        if not copies_article[i]:
            for h in sh:
                postings[h].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for docs in postings.values():
        if 1 < len(docs) <= 50:  # a shingle in more than 50 pages is boilerplate, not copying
            for x in range(len(docs)):
                for y in range(x + 1, len(docs)):
                    shared[(docs[x], docs[y])] += 1

    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (i, j), count in shared.items():
        if _copied(count, min(len(sets[i]), len(sets[j]))):
            parent[find(i)] = find(j)
    same_url: dict[str, int] = {}
    for i, s in enumerate(sources):
        if s.url and not copies_article[i]:
            if s.url in same_url:
                parent[find(i)] = find(same_url[s.url])
            else:
                same_url[s.url] = i

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        if not copies_article[i]:
            groups[find(i)].append(i)
    for members in groups.values():
        ordered = _earliest_first(members, sources)
        head = ordered[0]
        for other in ordered[1:]:
            dup[other] = sources[head].url or f"source #{head + 1}"
    independent = tuple(d is None for d in dup)
    return Independence(independent, tuple(dup), tuple(copies_article))
