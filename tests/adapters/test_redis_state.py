"""The Redis state store on a real private redis-server: set-if-absent writes, fan-in, finalise once."""

from __future__ import annotations

import time

import pytest

from pipeline.adapters.redis_state import RedisState
from pipeline.errors import StoreUnavailable
from pipeline.models import ArticleInput, Claim, Document, SourceFailure, Span, Verdict
from tests.support.states import status_of


def _claims(aid: str, n: int) -> list[Claim]:
    return [Claim(id=f"c_{aid}_{i}", text=f"claim {i}", start=i * 10, end=i * 10 + 7, speaker=None, cue=None,
                  content=Span(f"claim {i}", i * 10, i * 10 + 7), quote="none") for i in range(n)]


def _verdict(label: str = "supported") -> Verdict:
    return Verdict(label, 0.5, "unconfirmed", 1, "because")  # type: ignore[arg-type]


@pytest.fixture()
def store(redis_client) -> RedisState:  # type: ignore[no-untyped-def]
    return RedisState.over(redis_client, prefix="t", events_maxlen=50)


def test_create_article_only_once(store: RedisState) -> None:
    inp = ArticleInput(text="hello")
    assert store.articles.create_article("a1", inp, deadline_s=60) is True
    assert store.articles.create_article("a1", ArticleInput(text="other"), deadline_s=60) is False
    assert store.articles.article_input("a1") == inp
    assert status_of(store, "a1") == "queued"


def test_register_claims_once_and_fan_in_counts_each_claim_once(store: RedisState) -> None:
    store.articles.create_article("a1", ArticleInput(text="x"), deadline_s=60)
    claims = _claims("a1", 3)
    assert store.verdicts.register_claims("a1", claims) is True
    assert store.verdicts.register_claims("a1", claims[:1]) is False
    assert store.verdicts.claim_ids("a1") == [c.id for c in claims]
    assert store.verdicts.record_verdict("a1", claims[0].id, _verdict()) == (True, 1, 3)
    # a redelivered task writes again: nothing doubles
    assert store.verdicts.record_verdict("a1", claims[0].id, _verdict("contradicted")) == (False, 1, 3)
    assert store.verdicts.verdict(claims[0].id).label == "supported"
    store.verdicts.record_verdict("a1", claims[1].id, _verdict())
    assert store.verdicts.record_verdict("a1", claims[2].id, _verdict()) == (True, 3, 3)
    assert store.verdicts.open_claims("a1") == []


def test_finalise_happens_once_and_leaves_the_sweeper_list(store: RedisState) -> None:
    store.articles.create_article("a1", ArticleInput(text="x", callback_url="http://127.0.0.1:1/cb"), deadline_s=0)
    assert store.deadlines.due_articles(now=time.time() + 1) == ["a1"]
    assert store.articles.finalise("a1") is True
    assert store.articles.finalise("a1") is False
    assert store.articles.finalise("a1", "failed") is False
    meta = store.articles.article("a1")
    assert meta is not None and meta.status == "done" and meta.callback is not None and meta.callback.status == "pending"
    assert store.deadlines.due_articles(now=time.time() + 1) == []


def test_report_joins_document_claims_verdicts_and_failures(store: RedisState) -> None:
    store.articles.create_article("a1", ArticleInput(text="claim 0 .."), deadline_s=60)
    store.articles.save_document("a1", Document(text="claim 0 ..", title="T"))
    store.articles.save_article_sources("a1", [Document(text="s", url="https://s.example/")], [SourceFailure("https://f.example/", "timeout")])
    claims = _claims("a1", 2)
    store.verdicts.register_claims("a1", claims)
    store.verdicts.record_verdict("a1", claims[1].id, _verdict())
    report = store.report("a1").to_dict()
    assert report["status"] == "running"
    assert report["progress"] == {"claims_total": 2, "claims_done": 1}
    assert [c["verdict"] is None for c in report["claims"]] == [True, False]
    assert report["source_failures"][0]["reason"] == "timeout"


def test_events_are_readable_in_order_and_capped(store: RedisState) -> None:
    store.articles.create_article("a1", ArticleInput(text="x"), deadline_s=60)
    for i in range(200):
        store.events.add_event("a1", "tick", n=i)
    events = []
    after = "0"
    while batch := store.events.read_events("a1", after):
        events += batch
        after = batch[-1][0]
    assert events[0][1]["type"] in ("queued", "tick")
    assert len(events) < 201  # capped (approximately, as XADD MAXLEN ~ allows)
    assert events[-1][1] == {"type": "tick", "n": "199"}


def test_source_cache_keeps_documents_and_briefly_failures(store: RedisState) -> None:
    doc = Document(text="body", url="https://s.example/a")
    store.sources.cache_source("https://S.example/a#x", doc, ttl=100)
    assert store.sources.cached_source("https://s.example/a") == doc
    store.sources.cache_source("https://s.example/b", SourceFailure("https://s.example/b", "timeout"), ttl=10_000)
    assert isinstance(store.sources.cached_source("https://s.example/b"), SourceFailure)
    assert store.r.ttl(store.keys.k_source("https://s.example/b")) <= 300


def test_delivery_counter_counts_per_retry(store: RedisState) -> None:
    assert store.deliveries.count_delivery("t1", 0) == 1
    assert store.deliveries.count_delivery("t1", 0) == 2
    assert store.deliveries.count_delivery("t1", 1) == 1


def test_unreachable_redis_raises_store_unavailable() -> None:
    from newscheck.redis_server import free_port

    dead = RedisState.from_url(f"redis://127.0.0.1:{free_port()}/0")
    with pytest.raises(StoreUnavailable):
        dead.ping()


def test_one_fetch_per_url_others_wait_for_its_result(store: RedisState) -> None:
    import threading

    url = "https://s.example/locked"
    assert store.sources.lock_source(url, 5_000) is True
    assert store.sources.lock_source(url, 5_000) is False
    got: list[object] = []
    waiter = threading.Thread(target=lambda: got.append(store.sources.wait_for_source(url, timeout=5)))
    waiter.start()
    time.sleep(0.3)
    doc = Document(text="fetched once", url=url)
    store.sources.cache_source(url, doc, ttl=60)
    store.sources.unlock_source(url)
    waiter.join(5)
    assert got == [doc]
    assert store.sources.lock_source(url, 5_000) is True  # released


def test_a_dead_lock_holder_does_not_block_for_ever(store: RedisState) -> None:
    url = "https://s.example/expired"
    assert store.sources.lock_source(url, 200) is True
    started = time.monotonic()
    assert store.sources.wait_for_source(url, timeout=5) is None  # lock expired, nothing cached: fetch yourself
    assert time.monotonic() - started < 5


def test_article_record_is_typed_and_keeps_the_stored_strings(store: RedisState) -> None:
    from pipeline.records import ArticleStatus, CallbackStatus

    inp = ArticleInput(text="Police say 3 were hurt.", callback_url="https://hook.example/x")
    assert store.articles.article("a_typed") is None
    store.articles.create_article("a_typed", inp, deadline_s=60)
    meta = store.articles.article("a_typed")
    assert meta is not None and meta.status is ArticleStatus.QUEUED and meta.input == inp
    assert meta.claims_total is None and meta.callback is not None and meta.callback.status is CallbackStatus.WAITING
    assert meta.deadline is not None and meta.deadline > time.time()
    store.verdicts.register_claims("a_typed", _claims("a_typed", 2))
    assert store.articles.article("a_typed").claims_total == 2  # type: ignore[union-attr]
    assert store.articles.finalise("a_typed", ArticleStatus.FAILED, {"reason": "timeout", "detail": "late"})
    meta = store.articles.article("a_typed")
    assert meta is not None and meta.finished and meta.error == {"reason": "timeout", "detail": "late"}
    assert meta.callback is not None and meta.callback.status is CallbackStatus.PENDING
    raw = store.r.hgetall(store.keys.k_article("a_typed"))  # the hash as stored: plain strings
    assert raw["status"] == "failed" and raw["callback"] == "pending"


def test_every_concern_shares_one_client_one_prefix_and_the_same_keys(store: RedisState) -> None:
    adapters = (store.articles, store.verdicts, store.sources, store.events, store.stats, store.deadlines,
                store.deliveries, store.submissions, store.facts, store.desk)
    assert all(a.keys is store.keys and a.r is store.r for a in adapters)
    store.articles.create_article("a1", ArticleInput(text="x"), deadline_s=60)
    assert store.r.hget("t:article:a1", "status") == "queued"  # the key the single store wrote
    assert store.r.zscore("t:deadlines", "a1") is not None and store.r.zscore("t:articles", "a1") is not None
    assert [e[1]["type"] for e in store.events.read_events("a1")] == ["queued"]
    assert store.stats.stats()["articles:submitted"] == 1 and store.deadlines.open_articles() == 1
