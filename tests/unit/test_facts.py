"""Claim facts (pipeline/facts.py): which claims are one cross-check, and what a check weighed."""

from __future__ import annotations

from pipeline.claims import extract_claims, standalone_claim
from pipeline.corpus import index_document
from pipeline.facts import FactCheck, fact_key, fingerprint, normalised_content
from pipeline.flow import Outcome, extract, judge_once
from pipeline.models import Document
from tests.support.memory_corpus import MemoryCorpus

WIRE = "The coastguard said 212 passengers were taken off the ferry Marisol after it ran aground on Monday."


def key_of(text: str, published: str | None = "2026-03-02", aid: str = "a_1") -> str | None:
    claims = extract_claims(text, article_id=aid, published=published)
    assert len(claims) == 1, claims
    return fact_key(claims[0], published)


def test_a_reprint_carries_the_same_fact_whatever_its_article() -> None:
    assert key_of(WIRE, aid="a_1") == key_of("Nordwire. " + WIRE + " Share this.", aid="a_2") is not None


def test_speaker_content_figures_and_day_each_make_another_fact() -> None:
    base = key_of(WIRE)
    assert key_of(WIRE.replace("The coastguard", "The harbour master")) != base
    assert key_of(WIRE.replace("212", "213")) != base
    assert key_of(WIRE.replace("ferry Marisol", "ferry Aurora")) != base
    assert key_of(WIRE, published="2026-03-03") != base


def test_word_forms_and_stop_words_do_not_make_another_fact() -> None:
    assert normalised_content("212 passengers were taken off the ferry") == normalised_content("212 passenger was taken off a ferry")


def test_an_undated_claim_has_no_fact() -> None:
    claim = standalone_claim("212 passengers were taken off the ferry", speaker="the coastguard")
    assert fact_key(claim, None) is None


def test_fingerprint_is_the_set_of_pages_and_failures() -> None:
    a = Document(text="one", url="https://a.example/1", sha256="x")
    b = Document(text="two", url="https://b.example/1")
    assert fingerprint([a, b], ["https://c.example/1"]) == fingerprint([b, a], ["https://c.example/1"])
    assert fingerprint([a, b], []) != fingerprint([a], [])
    assert fingerprint([a], []) != fingerprint([Document(text="one", url="https://a.example/1", sha256="y")], [])
    assert fingerprint([b], []) != fingerprint([Document(text="two, edited", url="https://b.example/1")], [])
    assert fingerprint([a], ["https://c.example/1"]) != fingerprint([a], [])


# ---- judge_once: a stored check reused only when the same pages would be weighed

WIRE_STORY = ("The coastguard said 212 passengers were taken off the ferry Marisol after it ran aground near Port Ederly. "
              "The harbour master said nobody on board was seriously hurt.")
REPORT = ("Rescuers brought 212 passengers ashore from the stranded ferry Marisol, the coastguard said, after it hit "
          "a sandbank outside Port Ederly before dawn.")
LATER = ("All 212 passengers of the ferry Marisol were taken off safely, the coastguard confirmed in a statement "
         "issued at noon in Port Ederly.")


def outlet_page(url: str, text: str, outlet: str) -> Document:
    return Document(text=text, url=url, outlet=outlet, published="2026-03-02")


def check(corpus: MemoryCorpus, doc: Document, aid: str, held: FactCheck | None) -> tuple[Outcome, str]:
    index_document(corpus, doc, article_id=aid)
    claim = [c for c in extract(doc, aid, max_claims=10) if "212" in c.content.text][0]
    return judge_once(claim, doc, aid, [], [], [], corpus, held, max_docs=5), claim.content.text


def test_a_reprint_reuses_the_check_until_new_evidence_arrives() -> None:
    corpus = MemoryCorpus()
    index_document(corpus, outlet_page("https://herald.example/1", REPORT, "Herald"))
    wire = outlet_page("https://wire.example/1", WIRE_STORY, "Nordwire")
    first, _ = check(corpus, wire, "a_wire", None)
    assert not first.reused and first.fact is not None and first.verdict.label == "supported"
    reprint = outlet_page("https://post.example/1", "Nordwire. " + WIRE_STORY, "Post")
    again, _ = check(corpus, reprint, "a_post", first.fact)
    assert again.reused and again.fact is None and again.verdict == first.verdict
    index_document(corpus, outlet_page("https://ledger.example/1", LATER, "Ledger"))
    refreshed, _ = check(corpus, outlet_page("https://times.example/1", "Wire. " + WIRE_STORY, "Times"), "a_times", first.fact)
    assert not refreshed.reused and refreshed.fact is not None
    assert refreshed.fact.key == first.fact.key and refreshed.fact.fingerprint != first.fact.fingerprint
    assert refreshed.verdict.independent_sources == first.verdict.independent_sources + 1


def test_a_reprint_by_the_outlet_of_the_evidence_is_checked_anew() -> None:
    corpus = MemoryCorpus()
    index_document(corpus, outlet_page("https://herald.example/1", REPORT, "Herald"))
    first, _ = check(corpus, outlet_page("https://wire.example/1", WIRE_STORY, "Nordwire"), "a_wire", None)
    own, _ = check(corpus, outlet_page("https://herald.example/2", "Wire. " + WIRE_STORY, "Herald"), "a_herald", first.fact)
    assert not own.reused and own.verdict.label == "unverified"  # the Herald never corroborates the Herald


def test_verify_checks_a_wire_claim_once_across_articles_in_one_process() -> None:
    from pipeline import flow
    from pipeline.facts import FactMemory
    from pipeline.models import ArticleInput

    wire = ("The coastguard said 212 passengers were taken off the ferry Marisol on Monday. "
            "The operator said 14 crew members stayed aboard.")
    facts = FactMemory()
    first = flow.verify(ArticleInput(text=wire, published="2026-03-02"), None, facts=facts)
    assert len(facts) == len(first.claims) > 0
    kept = dict(facts)
    again = flow.verify(ArticleInput(text=wire + " Reprinted.", published="2026-03-02"), None,
                        facts=facts)
    assert again.id != first.id
    assert [c.verdict for c in again.claims] == [c.verdict for c in first.claims]
    assert dict(facts) == kept  # reused, not checked again: the stored checks still name the first article
    plain = flow.verify(ArticleInput(text=wire, published="2026-03-02"), None)
    assert [c.verdict for c in plain.claims] == [c.verdict for c in first.claims]


def test_fact_memory_drops_the_least_recently_used() -> None:
    from pipeline.facts import FactCheck, FactMemory
    from pipeline.models import Verdict

    v = Verdict(label="unverified", confidence=0.0, attribution="unknown", independent_sources=0, rationale="")
    memory = FactMemory(limit=2)
    for k in ("a", "b"):
        memory[k] = FactCheck(k, "", v, "c", "a")
    assert memory["a"].key == "a"  # a used: b is the oldest now
    memory["c"] = FactCheck("c", "", v, "c", "a")
    assert sorted(memory) == ["a", "c"]


def test_a_stored_check_stands_while_its_claim_verdict_is_the_one_it_found() -> None:
    from dataclasses import replace

    from pipeline.facts import StoredFact, held_check
    from pipeline.models import Verdict

    verdict = Verdict(label="supported", confidence=0.6, attribution="confirmed", independent_sources=1, rationale="A.")
    fact = FactCheck("k", "weighed", verdict, "c_1", "a_1")
    stored = StoredFact.of(fact)
    assert held_check(stored, verdict) == fact
    assert held_check(stored, None) is None  # the verdict is gone (its article was deleted)
    assert held_check(stored, replace(verdict, label="mixed")) is None  # a recheck replaced it
    assert held_check(None, verdict) is None
