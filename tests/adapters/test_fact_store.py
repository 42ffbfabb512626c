"""Claims checked once in Redis (real server): a stored check points at its claim's verdict."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.adapters.redis_state import RedisState
from pipeline.claims import extract_claims
from pipeline.facts import FactCheck, fact_key
from pipeline.models import ArticleInput, Document, Evidence, Verdict
from tests.support.states import held

TEXT = "The coastguard said 212 passengers were taken off the ferry Marisol on Monday."
EVIDENCE = Evidence(url="https://a.example/1", title=None, outlet="A", published="2026-03-02", passage="212 passengers.",
                    stance="supports", independent=True, duplicate_of=None, fetched_at="", sha256="", score=1.5)
VERDICT = Verdict(label="supported", confidence=0.61, attribution="confirmed", independent_sources=1,
                  rationale="One independent source supports it: A.", evidence=(EVIDENCE,))


@pytest.fixture()
def store(redis_client: Any) -> RedisState:
    return RedisState.over(redis_client, prefix="t", events_maxlen=50)


def register(store: RedisState, aid: str, text: str) -> str:
    store.articles.create_article(aid, ArticleInput(text=text, published="2026-03-02"), deadline_s=600)
    store.articles.save_document(aid, Document(text=text, published="2026-03-02"))
    claims = extract_claims(text, article_id=aid, published="2026-03-02")
    store.verdicts.register_claims(aid, claims)
    return claims[0].id


def test_a_stored_check_is_the_claims_verdict_while_it_stands(store: RedisState) -> None:
    cid = register(store, "a_" + "1" * 16, TEXT)
    fact = FactCheck("k1", "weighed", VERDICT, cid, "a_" + "1" * 16)
    store.facts.save_fact_check(fact, 60)
    assert held(store, "k1") is None  # no verdict recorded yet
    store.verdicts.record_verdict("a_" + "1" * 16, cid, VERDICT)
    assert held(store, "k1") == fact
    assert len(store.r.get(store.keys.k_fact("k1"))) < 400  # a reference, not a second copy of the evidence
    store.r.set(store.keys.k_verdict(cid), '{"label": "mixed", "confidence": 0.3, "attribution": "disputed", '
                '"independent_sources": 2, "rationale": "rechecked"}')
    assert held(store, "k1") is None  # a recheck replaced the verdict: the stored check is void


def test_reports_name_the_other_articles_sharing_a_claim_fact(store: RedisState) -> None:
    first, second = "a_" + "1" * 16, "a_" + "2" * 16
    c1, c2 = register(store, first, TEXT), register(store, second, "Nordwire. " + TEXT)
    claim = store.verdicts.claim(c1)
    assert claim is not None
    key = fact_key(claim[0], "2026-03-02")
    assert key is not None
    for aid in (first, second):
        store.facts.share_fact(key, aid, 60)
    one, two = store.report(first), store.report(second)
    assert one is not None and two is not None
    assert [c.shared_with for c in one.claims] == [(second,)]
    assert [c.to_report()["shared_with"] for c in two.claims] == [[first]]
    assert c1 != c2
