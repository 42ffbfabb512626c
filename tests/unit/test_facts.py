"""Claim facts (pipeline/facts.py): which claims are one cross-check, and what a check weighed."""

from __future__ import annotations

from pipeline.claims import extract_claims, standalone_claim
from pipeline.facts import fact_key, fingerprint, normalised_content
from pipeline.models import Document

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
