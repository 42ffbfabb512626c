"""The Celery tasks on real worker processes and a real Redis: idempotence, the redelivery cap, the sweeper."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from config.settings import load_settings
from pipeline.adapters.redis_state import RedisState
from pipeline.models import ArticleInput, Claim, Document, Span
from workers.app import create_app
from tests.support.states import status_of


@pytest.fixture(scope="module")
def env(stack: Any) -> tuple[RedisState, Any]:
    settings = load_settings(redis_url=stack.redis.url)
    return RedisState.from_url(stack.redis.url), create_app(settings)


def eventually(check: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def make_article(store: RedisState, n_claims: int, *, deadline_s: float = 600) -> tuple[str, list[Claim]]:
    aid = "a_test_" + uuid.uuid4().hex[:10]
    text = " ".join(f"Officials said {i + 10} boats sank." for i in range(n_claims))
    store.articles.create_article(aid, ArticleInput(text=text), deadline_s=deadline_s)
    store.articles.save_document(aid, Document(text=text))
    store.articles.save_article_sources(aid, [], [])
    claims = []
    for i in range(n_claims):
        start = i * len("Officials said 10 boats sank. ")
        sentence = text[start:start + len("Officials said 10 boats sank.")]
        claims.append(Claim(id=f"c_{aid}_{i}", text=sentence, start=start, end=start + len(sentence), speaker=None, cue=None,
                            content=Span(sentence, start, start + len(sentence)), quote="none"))
    store.verdicts.register_claims(aid, claims)
    return aid, claims


def test_a_claim_task_run_twice_records_one_verdict(env: tuple[RedisState, Any]) -> None:
    store, celery = env
    aid, claims = make_article(store, 2)
    for _ in range(2):
        for c in claims:
            celery.send_task("newscheck.judge_claim", args=[c.id])
    eventually(lambda: status_of(store, aid) == "done")
    time.sleep(1.0)  # let the duplicates run too
    meta = store.articles.article(aid)
    assert meta is not None and meta.claims_done == 2 and meta.claims_total == 2
    assert all(store.verdicts.verdict(c.id) is not None for c in claims)


def test_a_task_delivered_past_the_cap_gives_up_with_the_reason(env: tuple[RedisState, Any]) -> None:
    store, celery = env
    aid, claims = make_article(store, 1)
    task_id = str(uuid.uuid4())
    cap = load_settings().max_redeliveries
    for _ in range(cap):  # as if the worker had died on every earlier delivery
        store.deliveries.count_delivery(task_id, 0)
    celery.send_task("newscheck.judge_claim", args=[claims[0].id], task_id=task_id)
    eventually(lambda: status_of(store, aid) == "done")
    verdict = store.verdicts.verdict(claims[0].id)
    assert verdict.label == "unverified" and verdict.reason == "worker lost"


def test_the_sweeper_finishes_articles_past_their_deadline(env: tuple[RedisState, Any]) -> None:
    store, celery = env
    aid, claims = make_article(store, 3, deadline_s=0)   # claims registered, their tasks lost
    lost = "a_test_lost_" + uuid.uuid4().hex[:8]          # never even extracted
    store.articles.create_article(lost, ArticleInput(text="x"), deadline_s=0)
    celery.send_task("newscheck.sweep")
    eventually(lambda: status_of(store, aid) == "done" and status_of(store, lost) == "failed")
    assert {store.verdicts.verdict(c.id).reason for c in claims} == {"timeout"}
    assert store.report(lost).to_dict()["error"]["reason"] == "timeout"
