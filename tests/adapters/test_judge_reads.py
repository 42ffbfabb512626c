"""A judge task's pipelined reads (real Redis): the same inputs the store's single reads give."""

from __future__ import annotations

from typing import Any

from pipeline.adapters.judge_reads import JudgeReads
from pipeline.adapters.redis_state import RedisState
from pipeline.claims import extract_claims
from pipeline.models import ArticleInput, Document, SourceFailure, Verdict
from tests.support.states import held

TEXT = ("The coastguard said 212 passengers were taken off the ferry Marisol on Monday. "
        "The operator said 14 crew members stayed aboard.")
SOURCE = Document(text="Coastguard officers said 212 passengers were taken off.", url="https://a.example/1", outlet="A")
FAILURE = SourceFailure(url="https://b.example/2", reason="timeout", detail="read timed out")


def _setup(redis_client: Any) -> tuple[RedisState, str, list[str]]:
    store = RedisState.over(redis_client, prefix="t", events_maxlen=50)
    aid = "a_" + "6" * 16
    store.articles.create_article(aid, ArticleInput(text=TEXT, published="2026-03-02"), deadline_s=600)
    store.articles.save_document(aid, Document(text=TEXT, published="2026-03-02"))
    claims = extract_claims(TEXT, article_id=aid, published="2026-03-02")
    store.verdicts.register_claims(aid, claims)
    store.articles.save_article_sources(aid, [SOURCE], [FAILURE])
    return store, aid, [c.id for c in claims]


def test_inputs_match_the_single_reads(redis_client: Any) -> None:
    store, aid, cids = _setup(redis_client)
    reads = JudgeReads(store.keys)
    store.verdicts.save_claim_sources(cids[1], [SOURCE], [])
    for cid in cids:
        got = reads.inputs(cid)
        assert got is not None
        assert (got.claim, got.article_id) == store.verdicts.claim(cid)
        assert got.verdict is None
        assert got.document == store.articles.document(aid)
        assert got.sources == store.articles.article_sources(aid)
        assert got.own_sources == store.verdicts.claim_sources(cid)
    assert reads.inputs("c_" + "0" * 16) is None


def test_a_rewritten_source_list_is_read_anew_and_a_recorded_verdict_is_returned(redis_client: Any) -> None:
    store, aid, cids = _setup(redis_client)
    reads = JudgeReads(store.keys, cache_size=1)
    first = reads.inputs(cids[0])
    assert first is not None and first.sources == ([SOURCE], [FAILURE])
    store.r.delete(store.keys.k_sources(aid))  # a recheck rewrites the article's sources
    store.articles.save_article_sources(aid, [], [FAILURE])
    again = reads.inputs(cids[0])
    assert again is not None and again.sources == ([], [FAILURE])
    verdict = Verdict(label="unverified", confidence=0.0, attribution="unknown", independent_sources=0, rationale="none")
    store.verdicts.record_verdict(aid, cids[0], verdict)
    done = reads.inputs(cids[0])
    assert done is not None and done.verdict == verdict


def test_share_fact_keeps_the_check_and_counts_it_in_one_call(redis_client: Any) -> None:
    from pipeline.facts import FactCheck

    store, aid, cids = _setup(redis_client)
    verdict = Verdict(label="supported", confidence=0.6, attribution="confirmed", independent_sources=1, rationale="A.")
    store.verdicts.record_verdict(aid, cids[0], verdict)
    store.facts.share_fact("k9", aid, 60, fact=FactCheck("k9", "weighed", verdict, cids[0], aid), counter="claims:checked")
    store.facts.share_fact("k9", "a_" + "7" * 16, 60, counter="claims:reused")
    check = held(store, "k9")
    assert check is not None and check.verdict == verdict and check.claim_id == cids[0]
    assert store.r.smembers(store.keys.k_fact("k9") + ":articles") == {aid, "a_" + "7" * 16}
    assert store.stats.stats()["claims:checked"] == 1 and store.stats.stats()["claims:reused"] == 1


def test_record_writes_what_share_fact_and_record_verdict_write_in_one_round_trip(redis_client: Any) -> None:
    from pipeline.facts import FactCheck

    store, aid, cids = _setup(redis_client)
    reads = JudgeReads(store.keys)
    verdict = Verdict(label="supported", confidence=0.6, attribution="confirmed", independent_sources=1, rationale="A.")
    fact = FactCheck("k8", "weighed", verdict, cids[0], aid)
    calls: list[int] = []
    real = store.r.pipeline

    def counted(*args: Any, **kwargs: Any) -> Any:
        pipe = real(*args, **kwargs)
        execute = pipe.execute
        pipe.execute = lambda *a, **k: (calls.append(1), execute(*a, **k))[1]
        return pipe

    store.r.pipeline = counted  # type: ignore[method-assign]
    try:
        assert reads.record(aid, cids[0], verdict, counter="claims:checked", fact_key="k8", fact_ttl=60, fact=fact) == (True, 1, len(cids))
        assert reads.record(aid, cids[0], verdict, counter="claims:checked", fact_key="k8", fact_ttl=60, fact=fact) == (False, 1, len(cids))
        assert reads.record(aid, cids[1], verdict, counter="claims:reused") == (True, 2, len(cids))
    finally:
        store.r.pipeline = real  # type: ignore[method-assign]
    assert calls == [1, 1, 1]
    assert store.verdicts.verdict(cids[0]) == verdict and store.verdicts.verdict(cids[1]) == verdict
    check = held(store, "k8")
    assert check is not None and check.verdict == verdict and check.claim_id == cids[0]
    assert store.r.smembers(store.keys.k_fact("k8") + ":articles") == {aid}
    assert store.stats.stats()["claims:checked"] == 2 and store.stats.stats()["claims:reused"] == 1
