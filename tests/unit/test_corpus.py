"""Corpus mode's rules (pipeline/corpus.py) on a small in-memory corpus: outlets, clusters, self-support."""

from __future__ import annotations

from pipeline.claims import standalone_claim
from pipeline.corpus import (
    ARTICLE_SCHEME, ArticleIdentity, CorpusEntry, assign_cluster, corpus_sources, corpus_url, index_document, is_other,
    one_per_cluster, outlet_key,
)
from pipeline.models import Document
from tests.support.memory_corpus import MemoryCorpus


WIRE = ("The coastguard said 212 passengers were taken off the ferry Marisol after it ran aground on a sandbank "
        "near Port Ederly early on Monday. The harbour master, Ilse Varga, said nobody was seriously hurt and that "
        "tugs would try to refloat the ship at high tide on Tuesday morning.")
OWN = ("Rescuers brought 212 passengers ashore from the stranded ferry Marisol, the coastguard said, after the vessel "
       "hit a sandbank outside Port Ederly before dawn on Monday. Families waited on the quay for hours.")
UNRELATED = ("The Torvik city council approved a new tram line on Monday after a long debate about the coastguard "
             "station budget and the cost of the harbour works.")


def page(url: str, text: str, outlet: str, published: str = "2026-03-02") -> Document:
    return Document(text=text, url=url, outlet=outlet, published=published)


def test_outlet_key_folds_names_and_falls_back_to_the_host() -> None:
    assert outlet_key(Document(text="x", outlet="  The Ederly Gazette! ")) == "the ederly gazette"
    assert outlet_key(Document(text="x", outlet="THE EDERLY GAZETTE")) == "the ederly gazette"
    assert outlet_key(Document(text="x", url="https://www.gazette.example/a")) == "gazette.example"
    assert outlet_key(Document(text="x", url=f"{ARTICLE_SCHEME}a_1")) is None
    assert outlet_key(Document(text="x")) is None


def test_a_submitted_text_is_indexed_under_its_article_id() -> None:
    assert corpus_url(Document(text="x"), "a_0123") == f"{ARTICLE_SCHEME}a_0123"
    assert corpus_url(Document(text="x", url="https://o.example/1"), "a_0123") == "https://o.example/1"
    assert corpus_url(Document(text="x"), None) is None


def test_reprints_join_the_cluster_of_the_earliest_copy() -> None:
    corpus = MemoryCorpus()
    original = index_document(corpus, page("https://wire.example/1", WIRE, "Nordwire", "2026-03-02T07:00:00Z"))
    reprint = index_document(corpus, page("https://gazette.example/9", "Advertisement. " + WIRE + " Read more.",
                                          "Ederly Gazette", "2026-03-02T09:00:00Z"))
    own = index_document(corpus, page("https://herald.example/2", OWN, "Herald"))
    assert original is not None and reprint is not None and own is not None
    assert reprint.cluster == original.cluster
    assert own.cluster != original.cluster
    assert reprint.outlet == "ederly gazette"


def test_assign_cluster_ignores_the_page_itself() -> None:
    entry = CorpusEntry(page("https://wire.example/1", WIRE, "Nordwire"), "nordwire", "c-wire")
    assert assign_cluster(entry.doc, "https://wire.example/1", [entry]) != "c-wire"
    assert assign_cluster(entry.doc, "https://other.example/1", [entry]) == "c-wire"


def test_the_article_never_supports_itself() -> None:
    article = page("https://gazette.example/9", OWN, "Ederly Gazette")
    me = ArticleIdentity.of(article, "a_1", CorpusEntry(article, "ederly gazette", "c-own", "a_1"))
    other = CorpusEntry(page("https://wire.example/1", WIRE, "Nordwire"), "nordwire", "c-wire")
    assert is_other(other, me)
    same_url = CorpusEntry(page("https://GAZETTE.example/9#top", WIRE, "Nordwire"), "nordwire", "c-x")
    same_id = CorpusEntry(page("https://x.example/1", WIRE, "X"), "x", "c-y", article_id="a_1")
    same_cluster = CorpusEntry(page("https://y.example/1", WIRE, "Y"), "y", "c-own")
    same_outlet = CorpusEntry(page("https://gazette.example/10", WIRE, "Ederly Gazette"), "ederly gazette", "c-z")
    copy = CorpusEntry(page("https://z.example/1", "Breaking. " + OWN, "Z"), "z", "c-q")
    for entry in (same_url, same_id, same_cluster, same_outlet, copy):
        assert not is_other(entry, me), entry.doc.url


def test_one_page_per_cluster_the_earliest_in_rank_order() -> None:
    late = CorpusEntry(page("https://a.example/1", WIRE, "A", "2026-03-03"), "a", "c1")
    other = CorpusEntry(page("https://b.example/1", OWN, "B", "2026-03-02"), "b", "c2")
    early = CorpusEntry(page("https://c.example/1", WIRE, "C", "2026-03-01"), "c", "c1")
    assert one_per_cluster([late, other, early]) == [other, early]


def test_claims_are_checked_against_other_outlets_and_wire_copies_count_once() -> None:
    corpus = MemoryCorpus()
    copies = {"https://wire.example/1": "Nordwire", "https://post.example/1": "Post", "https://times.example/1": "Times"}
    for url, outlet in copies.items():
        index_document(corpus, page(url, "Share this. " + WIRE if "wire" not in url else WIRE, outlet))
    index_document(corpus, page("https://council.example/1", UNRELATED, "Council News"))
    article = page("https://herald.example/2", OWN, "Herald", "2026-03-02T12:00:00Z")
    entry = index_document(corpus, article, article_id="a_herald")
    claim = standalone_claim("212 passengers were taken off the ferry Marisol", speaker="the coastguard", date="2026-03-02")
    found = corpus_sources(claim, article, ArticleIdentity.of(article, "a_herald", entry), corpus, max_docs=5)
    assert len(found) == 1 and found[0].url in copies  # one of three copies, never the article nor the council


def test_pages_outside_the_date_window_or_saying_nothing_are_left_out() -> None:
    corpus = MemoryCorpus()
    index_document(corpus, page("https://wire.example/old", WIRE, "Nordwire", "2025-01-05"))
    index_document(corpus, page("https://council.example/1", UNRELATED, "Council News"))
    article = page("https://herald.example/2", OWN, "Herald")
    claim = standalone_claim("212 passengers were taken off the ferry Marisol", speaker="the coastguard", date="2026-03-02")
    assert corpus_sources(claim, article, ArticleIdentity.of(article, "a_h", None), corpus, max_docs=5) == []


def test_copies_of_the_claims_own_sources_add_nothing() -> None:
    corpus = MemoryCorpus()
    index_document(corpus, page("https://wire.example/1", WIRE, "Nordwire"))
    index_document(corpus, page("https://mirror.example/1", WIRE + " Mirrored.", "Mirror"))
    article = page("https://herald.example/2", OWN, "Herald")
    claim = standalone_claim("212 passengers were taken off the ferry Marisol", speaker="the coastguard", date="2026-03-02")
    me = ArticleIdentity.of(article, "a_h", None)
    assert corpus_sources(claim, article, me, corpus, exclude=["https://wire.example/1"], max_docs=5) == []
    assert len(corpus_sources(claim, article, me, corpus, max_docs=5)) == 1
