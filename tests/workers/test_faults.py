"""Faults injected for real: workers SIGKILLed mid-batch, Redis stopped and restarted, a task that
kills its worker every time. Real redis-server, real Celery worker processes, the API over HTTP.

Visibility timeouts are short here so that messages of a killed worker come back within the test.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from config.settings import load_settings
from newscheck.demo import wait_healthy
from newscheck.localserver import LocalServer, Route
from pipeline.adapters.redis_state import RedisState
from pipeline.models import ArticleInput, Claim, Document, Span
from workers.app import create_app
from tests.support.states import claims_done, status_of

pytestmark = pytest.mark.slow

FAST_REDELIVERY = {
    "visibility_timeout": "20", "task_soft_time_limit": "10", "task_time_limit": "12",
    "fetch_deadline": "4", "max_retry_countdown": "4", "max_redeliveries": "6",
}

TEMPLATE = (
    "{city} officials said {n} families had left the district since {month}. "
    "\"We counted {m} damaged houses,\" the district head, {name}, told reporters on Monday. "
    "According to the regional council, {k} schools were closed. "
    "Police say there have been {a} arrests in the north and {b} in the south."
)
CITIES = ["Arvel", "Brisk", "Corran", "Dunmar", "Elsin", "Farrow", "Galen", "Hesk", "Ilmar", "Jorren"]
NAMES = ["Mara Velk", "Tomas Rin", "Ada Korr", "Ilse Barro", "Pavel Danu"]


def article_text(i: int) -> str:
    return TEMPLATE.format(city=CITIES[i % 10], n=100 + i, month=["March", "May", "June"][i % 3], m=20 + i,
                           name=NAMES[i % 5], k=3 + i % 7, a=10 + i, b=30 + i) + f" (Report {i}.)"


def wait_all_done(store: RedisState, ids: list[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        statuses = [status_of(store, a) for a in ids]
        if all(s in ("done", "failed") for s in statuses):
            return
        time.sleep(0.5)
    raise AssertionError(f"not finished: {sum(s not in ('done', 'failed') for s in statuses)} of {len(ids)}")


def assert_exactly_one_verdict_per_claim(store: RedisState, aid: str) -> None:
    meta = store.articles.article(aid)
    cids = store.verdicts.claim_ids(aid)
    assert meta is not None and meta.status == "done", meta
    assert meta.claims_total == len(cids) > 0
    assert meta.claims_done == len(cids)
    assert all(store.verdicts.verdict(c) is not None for c in cids)
    # every fresh verdict write adds one "claim" event: a doubled write would show here
    events, after = [], "0"
    while batch := store.events.read_events(aid, after):
        events += batch
        after = batch[-1][0]
    assert sum(1 for _, e in events if e["type"] == "claim") == len(cids)


@pytest.fixture()
def sources() -> Iterator[LocalServer]:
    page = "<html><head><title>Report</title></head><body><article><p>{}</p></article></body></html>"
    with LocalServer() as server:
        for i in range(5):
            server.add(f"/s{i}.html", Route(body=page.format(article_text(i * 7)), delay=0.05))
        yield server


@pytest.mark.timeout(600)  # waits up to 300 s for the batch, after starting a stack
def test_workers_killed_mid_batch_lose_no_claim_and_double_no_verdict(start_stack: Any, sources: LocalServer) -> None:
    with start_stack(**FAST_REDELIVERY) as stack:
        store = RedisState.from_url(stack.redis.url)
        srcs = [sources.url(f"/s{i}.html") for i in range(5)]
        ids = [stack.client.submit(ArticleInput(text=article_text(i), sources=tuple(srcs)))["id"] for i in range(50)]
        services = stack.services
        kills = 0
        for round_ in range(4):
            time.sleep(2.5)
            victim = services.procs[round_ % 2]  # io+control worker, then the cpu worker, in turn
            os.killpg(victim.pid, signal.SIGKILL)
            victim.wait()
            kills += 1
            name, queues, pool, conc = (("io", "io,control", "threads", 8), ("cpu", "cpu", "prefork", 2))[round_ % 2]
            services.procs[round_ % 2] = services.start_worker(name, queues, pool, conc, stack.log_dir)
        wait_all_done(store, ids, timeout=300)
        for aid in ids:
            assert_exactly_one_verdict_per_claim(store, aid)
        assert kills == 4


def test_a_task_that_kills_its_worker_every_time_is_capped(start_stack: Any) -> None:
    with start_stack(start_workers=False, **FAST_REDELIVERY) as stack:
        services = stack.services
        services.start_worker("io", "io,control", "threads", 4, stack.log_dir)
        services.start_worker("cpu", "cpu", "prefork", 1, stack.log_dir, "--include", "tests.support.crashing_tasks")
        store = RedisState.from_url(stack.redis.url)
        celery = create_app(load_settings(redis_url=stack.redis.url))
        aid = "a_crash_" + uuid.uuid4().hex[:8]
        text = "Officials said 10 boats sank. Officials said 20 boats sank."
        store.articles.create_article(aid, ArticleInput(text=text), deadline_s=600)
        store.articles.save_document(aid, Document(text=text))
        store.articles.save_article_sources(aid, [], [])
        claims = [Claim(id=f"c_{aid}_{i}", text=s, start=o, end=o + len(s), speaker=None, cue=None,
                        content=Span(s, o, o + len(s)), quote="none")
                  for i, (s, o) in enumerate([(text[:29], 0), (text[30:], 30)])]
        store.verdicts.register_claims(aid, claims)
        celery.send_task("newscheck.test_crash_claim", args=[claims[0].id])
        celery.send_task("newscheck.judge_claim", args=[claims[1].id])
        wait_all_done(store, [aid], timeout=180)
        crashed = store.verdicts.verdict(claims[0].id)
        assert crashed.label == "unverified" and crashed.reason == "worker lost", crashed
        assert store.verdicts.verdict(claims[1].id).reason is None
        assert_exactly_one_verdict_per_claim(store, aid)


def test_redis_restart_keeps_acknowledged_verdicts_and_everyone_reconnects(start_stack: Any) -> None:
    with start_stack(**FAST_REDELIVERY) as stack:
        store = RedisState.from_url(stack.redis.url)
        ids = [stack.client.submit(ArticleInput(text=article_text(100 + i)))["id"] for i in range(20)]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and sum(status_of(store, a) == "done" for a in ids) < 3:
            time.sleep(0.2)
        before = {c: store.verdicts.verdict(c) for a in ids for c in store.verdicts.claim_ids(a) if store.verdicts.verdict(c) is not None}
        assert before, "some verdicts were acknowledged before the stop"
        time.sleep(1.5)  # AOF everysec: what was acknowledged a second ago is on disk
        stack.redis.stop()
        base = stack.client.base
        resp = requests.get(f"{base}/v1/articles/{ids[0]}", timeout=10)
        assert resp.status_code == 503 and resp.headers["content-type"].startswith("application/problem+json")
        assert "Traceback" not in resp.text and resp.json()["status"] == 503
        health = requests.get(f"{base}/healthz", timeout=10)
        assert health.status_code == 503 and "unavailable" in health.json()["redis"].lower()
        time.sleep(3)
        stack.redis.start()
        wait_all_done(store, ids, timeout=240)
        for cid, verdict in before.items():
            assert store.verdicts.verdict(cid) == verdict
        for aid in ids:
            assert_exactly_one_verdict_per_claim(store, aid)
        deadline = time.monotonic() + 30
        while (health := requests.get(f"{base}/healthz", timeout=10)).status_code != 200 and time.monotonic() < deadline:
            time.sleep(1)
        assert health.status_code == 200, health.text


def test_metrics_count_what_happened(stack: Any) -> None:
    aid = stack.client.submit(ArticleInput(text=article_text(999)))["id"]
    store = RedisState.from_url(stack.redis.url)
    wait_all_done(store, [aid], timeout=120)
    text = requests.get(f"{stack.client.base}/metrics", timeout=10).text
    assert 'newscheck_articles_total{status="done"}' in text
    assert "newscheck_task_seconds_count" in text and 'task="newscheck.judge_claim"' in text
    assert 'newscheck_queue_length{queue="cpu"}' in text


def test_the_periodic_sweeper_finishes_an_article_whose_claim_tasks_were_purged(start_stack: Any) -> None:
    from pipeline import flow

    with start_stack(start_workers=False, article_deadline="8", sweep_interval="1", visibility_timeout="7",
                     task_soft_time_limit="5", task_time_limit="6", fetch_deadline="3", max_retry_countdown="3") as stack:
        services = stack.services
        services.start_worker("io", "io,control", "threads", 4, stack.log_dir)   # no cpu worker: claims wait
        services.spawn("beat", log=stack.log_dir / "beat.log")
        wait_healthy(stack.client, timeout=120)  # the worker is up: a slow start must not eat the 8 s deadline
        store = RedisState.from_url(stack.redis.url)
        aid = stack.client.submit(ArticleInput(text=article_text(7)))["id"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not store.articles.has_article_sources(aid):
            time.sleep(0.2)
        # the extraction happens (as the cpu task would), then every queued claim task is lost
        store.verdicts.register_claims(aid, flow.extract(store.articles.document(aid), aid, max_claims=50))
        store.r.delete("cpu")
        wait_all_done(store, [aid], timeout=60)
        verdicts = [store.verdicts.verdict(c) for c in store.verdicts.claim_ids(aid)]
        assert verdicts and {v.reason for v in verdicts} == {"timeout"}
        assert {v.label for v in verdicts} == {"unverified"}
        assert_exactly_one_verdict_per_claim(store, aid)


def test_a_redis_restart_under_running_tasks_loses_none_with_default_settings(start_stack: Any) -> None:
    """Issue 14, item 2: a task that met StoreUnavailable retried, the retry could not be published
    (same Redis), Celery rejected it without requeue and its article stayed running for ever."""
    with start_stack() as stack:
        store = RedisState.from_url(stack.redis.url)
        ids = [stack.client.submit(ArticleInput(text=article_text(300 + i)))["id"] for i in range(16)]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any(status_of(store, a) == "running" for a in ids):
            time.sleep(0.1)
        time.sleep(1.5)  # AOF everysec: the submissions are on disk
        stack.redis.stop()  # SIGTERM: Redis writes its AOF and exits
        time.sleep(4)
        stack.redis.start()  # same port, same AOF
        wait_all_done(store, ids, timeout=240)
        assert {status_of(store, a) for a in ids} == {"done"}


def test_a_batch_finishes_within_two_minutes_of_a_sigkill_with_default_settings(start_stack: Any) -> None:
    """Issue 13 (recovery): with the default 600 s visibility timeout the messages a SIGKILLed worker
    held waited ten minutes; dead workers' messages now go back to their queues at once."""
    with start_stack() as stack:
        store = RedisState.from_url(stack.redis.url)
        ids = [stack.client.submit(ArticleInput(text=article_text(400 + i)))["id"] for i in range(12)]
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and not any(claims_done(store, a) for a in ids):
            time.sleep(0.1)
        services = stack.services
        victim = services.procs[1]  # the cpu worker, mid-batch: its children hold judge_claim messages
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait()
        held = store.r.hlen("unacked")
        assert held > 0, "the killed worker held messages"
        services.procs[1] = services.start_worker("cpu", "cpu", "prefork", 2, stack.log_dir)
        started = time.monotonic()
        wait_all_done(store, ids, timeout=120)
        print(f"batch finished {time.monotonic() - started:.1f}s after the replacement started "
              f"({held} unacknowledged messages at the kill)")
        for aid in ids:
            assert_exactly_one_verdict_per_claim(store, aid)


def test_a_message_lost_between_the_pop_and_its_record_is_sent_again(start_stack: Any) -> None:
    """kombu pops a message (BRPOP) and records it as unacknowledged in a second write: a worker
    killed or a Redis stopped in between loses the message, and nothing redelivers it. Lost here by
    popping it ourselves while the cpu worker is stopped; the reconciliation of the queue with the
    state (pipeline/stranded.py) must notice the article no message stands for and send it on."""
    with start_stack() as stack:
        store = RedisState.from_url(stack.redis.url)
        services = stack.services
        cpu = services.procs[1]
        os.killpg(cpu.pid, signal.SIGTERM)  # a clean stop: it gives back what it held
        cpu.wait()
        aid = stack.client.submit(ArticleInput(text=article_text(7)))["id"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not store.r.llen("cpu"):
            time.sleep(0.05)  # prepare_article ran on the io worker; extract_claims waits on cpu
        lost = store.r.rpop("cpu")
        assert lost is not None and aid.encode() in base64.b64decode(json.loads(lost)["body"]), \
            "the article's extract_claims message"
        services.procs[1] = services.start_worker("cpu", "cpu", "prefork", 2, stack.log_dir)
        wait_all_done(store, [aid], timeout=120)
        assert_exactly_one_verdict_per_claim(store, aid)
        assert int(store.r.get(f"nc:resent:prepare:{aid}") or 0) == 1  # sent again once, by the reconciliation
