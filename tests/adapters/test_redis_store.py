"""The Redis state store on a real private redis-server: set-if-absent writes, fan-in, finalise once."""

from __future__ import annotations

import time

import pytest

from pipeline.adapters.redis_store import RedisStore
from pipeline.errors import StoreUnavailable
from pipeline.models import ArticleInput, Claim, Document, SourceFailure, Span, Verdict


def _claims(aid: str, n: int) -> list[Claim]:
    return [Claim(id=f"c_{aid}_{i}", text=f"claim {i}", start=i * 10, end=i * 10 + 7, speaker=None, cue=None,
                  content=Span(f"claim {i}", i * 10, i * 10 + 7), quote="none") for i in range(n)]


def _verdict(label: str = "supported") -> Verdict:
    return Verdict(label, 0.5, "unconfirmed", 1, "because")  # type: ignore[arg-type]


@pytest.fixture()
def store(redis_client) -> RedisStore:  # type: ignore[no-untyped-def]
    return RedisStore(redis_client, prefix="t", events_maxlen=50)


def test_create_article_only_once(store: RedisStore) -> None:
    inp = ArticleInput(text="hello")
    assert store.create_article("a1", inp, deadline_s=60) is True
    assert store.create_article("a1", ArticleInput(text="other"), deadline_s=60) is False
    assert store.article_input("a1") == inp
    assert store.article_meta("a1")["status"] == "queued"


def test_register_claims_once_and_fan_in_counts_each_claim_once(store: RedisStore) -> None:
    store.create_article("a1", ArticleInput(text="x"), deadline_s=60)
    claims = _claims("a1", 3)
    assert store.register_claims("a1", claims) is True
    assert store.register_claims("a1", claims[:1]) is False
    assert store.claim_ids("a1") == [c.id for c in claims]
    assert store.record_verdict("a1", claims[0].id, _verdict()) == (True, 1, 3)
    # a redelivered task writes again: nothing doubles
    assert store.record_verdict("a1", claims[0].id, _verdict("contradicted")) == (False, 1, 3)
    assert store.verdict(claims[0].id).label == "supported"
    store.record_verdict("a1", claims[1].id, _verdict())
    assert store.record_verdict("a1", claims[2].id, _verdict()) == (True, 3, 3)
    assert store.open_claims("a1") == []


def test_finalise_happens_once_and_leaves_the_sweeper_list(store: RedisStore) -> None:
    store.create_article("a1", ArticleInput(text="x", callback_url="http://127.0.0.1:1/cb"), deadline_s=0)
    assert store.due_articles(now=time.time() + 1) == ["a1"]
    assert store.finalise("a1") is True
    assert store.finalise("a1") is False
    assert store.finalise("a1", "failed") is False
    meta = store.article_meta("a1")
    assert meta["status"] == "done" and meta["callback"] == "pending"
    assert store.due_articles(now=time.time() + 1) == []


def test_report_joins_document_claims_verdicts_and_failures(store: RedisStore) -> None:
    store.create_article("a1", ArticleInput(text="claim 0 .."), deadline_s=60)
    store.save_document("a1", Document(text="claim 0 ..", title="T"))
    store.save_article_sources("a1", [Document(text="s", url="https://s.example/")], [SourceFailure("https://f.example/", "timeout")])
    claims = _claims("a1", 2)
    store.register_claims("a1", claims)
    store.record_verdict("a1", claims[1].id, _verdict())
    report = store.report("a1").to_dict()
    assert report["status"] == "running"
    assert report["progress"] == {"claims_total": 2, "claims_done": 1}
    assert [c["verdict"] is None for c in report["claims"]] == [True, False]
    assert report["source_failures"][0]["reason"] == "timeout"


def test_events_are_readable_in_order_and_capped(store: RedisStore) -> None:
    store.create_article("a1", ArticleInput(text="x"), deadline_s=60)
    for i in range(200):
        store.add_event("a1", "tick", n=i)
    events = []
    after = "0"
    while batch := store.read_events("a1", after):
        events += batch
        after = batch[-1][0]
    assert events[0][1]["type"] in ("queued", "tick")
    assert len(events) < 201  # capped (approximately, as XADD MAXLEN ~ allows)
    assert events[-1][1] == {"type": "tick", "n": "199"}


def test_source_cache_keeps_documents_and_briefly_failures(store: RedisStore) -> None:
    doc = Document(text="body", url="https://s.example/a")
    store.cache_source("https://S.example/a#x", doc, ttl=100)
    assert store.cached_source("https://s.example/a") == doc
    store.cache_source("https://s.example/b", SourceFailure("https://s.example/b", "timeout"), ttl=10_000)
    assert isinstance(store.cached_source("https://s.example/b"), SourceFailure)
    assert store.r.ttl(store.k_source("https://s.example/b")) <= 300


def test_delivery_counter_counts_per_retry(store: RedisStore) -> None:
    assert store.count_delivery("t1", 0) == 1
    assert store.count_delivery("t1", 0) == 2
    assert store.count_delivery("t1", 1) == 1


def test_unreachable_redis_raises_store_unavailable() -> None:
    from newscheck.redis_server import free_port

    dead = RedisStore.from_url(f"redis://127.0.0.1:{free_port()}/0")
    with pytest.raises(StoreUnavailable):
        dead.ping()


def test_one_fetch_per_url_others_wait_for_its_result(store: RedisStore) -> None:
    import threading

    url = "https://s.example/locked"
    assert store.lock_source(url, 5_000) is True
    assert store.lock_source(url, 5_000) is False
    got: list[object] = []
    waiter = threading.Thread(target=lambda: got.append(store.wait_for_source(url, timeout=5)))
    waiter.start()
    time.sleep(0.3)
    doc = Document(text="fetched once", url=url)
    store.cache_source(url, doc, ttl=60)
    store.unlock_source(url)
    waiter.join(5)
    assert got == [doc]
    assert store.lock_source(url, 5_000) is True  # released


def test_a_dead_lock_holder_does_not_block_for_ever(store: RedisStore) -> None:
    url = "https://s.example/expired"
    assert store.lock_source(url, 200) is True
    started = time.monotonic()
    assert store.wait_for_source(url, timeout=5) is None  # lock expired, nothing cached: fetch yourself
    assert time.monotonic() - started < 5


def test_article_record_is_typed_and_keeps_the_stored_strings(store: RedisStore) -> None:
    from pipeline.records import ArticleStatus, CallbackStatus

    inp = ArticleInput(text="Police say 3 were hurt.", callback_url="https://hook.example/x")
    assert store.article("a_typed") is None
    store.create_article("a_typed", inp, deadline_s=60)
    meta = store.article("a_typed")
    assert meta is not None and meta.status is ArticleStatus.QUEUED and meta.input == inp
    assert meta.claims_total is None and meta.callback is not None and meta.callback.status is CallbackStatus.WAITING
    assert meta.deadline is not None and meta.deadline > time.time()
    store.register_claims("a_typed", _claims("a_typed", 2))
    assert store.article("a_typed").claims_total == 2  # type: ignore[union-attr]
    assert store.finalise("a_typed", ArticleStatus.FAILED, {"reason": "timeout", "detail": "late"})
    meta = store.article("a_typed")
    assert meta is not None and meta.finished and meta.error == {"reason": "timeout", "detail": "late"}
    assert meta.callback is not None and meta.callback.status is CallbackStatus.PENDING
    raw = store.article_meta("a_typed")
    assert raw is not None and raw["status"] == "failed" and raw["callback"] == "pending"
