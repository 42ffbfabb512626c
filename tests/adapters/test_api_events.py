"""Progress streams (issue 14, item 1): Last-Event-ID validated, every stream of a finished article
ends. In-process ASGI client on a real Redis; a stream that never ends fails on the timeout."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from config.settings import load_settings
from newscheck.api import create_app
from pipeline.adapters.redis_state import RedisState
from pipeline.ids import article_id_for
from pipeline.models import ArticleInput
from workers.app import create_app as create_celery


def api_and_store(redis_url: str, redis_client: Any, **overrides: Any) -> tuple[TestClient, RedisState]:
    settings = load_settings(redis_url=redis_url, **overrides)
    store = RedisState.over(redis_client, prefix=settings.key_prefix)
    return TestClient(create_app(settings, store=store, celery=create_celery(settings))), store


def article(store: RedisState, text: str, *, finished: bool) -> str:
    inp = ArticleInput(text=text)
    aid = article_id_for(inp)
    store.articles.create_article(aid, inp, deadline_s=900)
    store.events.add_event(aid, "article", chars=len(text))
    if finished:
        store.articles.finalise(aid, "done")
    return aid


def events_of(api: TestClient, aid: str, last_event_id: str | None = None) -> tuple[int, list[str]]:
    headers = {"Last-Event-ID": last_event_id} if last_event_id is not None else {}
    with api.stream("GET", f"/v1/articles/{aid}/events", headers=headers) as resp:
        lines = [line for line in resp.iter_lines()]
    return resp.status_code, [line[len("event: "):] for line in lines if line.startswith("event: ")]


@pytest.mark.parametrize("garbage", ["garbage", "12-ab", "-1", "1-2-3", "99999999999999999999999-0", "0x10", "1 2"])
def test_a_malformed_last_event_id_is_a_422_with_a_message(redis_url: str, redis_client: Any, garbage: str) -> None:
    api, store = api_and_store(redis_url, redis_client)
    aid = article(store, "Officials said 10 boats sank.", finished=False)
    resp = api.get(f"/v1/articles/{aid}/events", headers={"Last-Event-ID": garbage})
    assert resp.status_code == 422, resp.text
    assert "Last-Event-ID" in resp.json()["detail"]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("resume", [None, "0", "$", "99999999999999-0", "18446744073709551615-18446744073709551615"])
def test_the_stream_of_a_finished_article_ends_whatever_the_resume_point(redis_url: str, redis_client: Any,
                                                                       resume: str | None) -> None:
    api, store = api_and_store(redis_url, redis_client)
    aid = article(store, "Officials said 20 boats sank.", finished=True)
    status, events = events_of(api, aid, resume)
    assert status == 200 and events[-1] == "finished", events
    if resume in (None, "0"):
        assert events == ["queued", "article", "finished"]


@pytest.mark.timeout(60)
def test_resuming_after_the_finished_event_ends_at_once(redis_url: str, redis_client: Any) -> None:
    api, store = api_and_store(redis_url, redis_client)
    aid = article(store, "Officials said 30 boats sank.", finished=True)
    last = store.events.read_events(aid, "0")[-1][0]
    assert events_of(api, aid, last) == (200, ["finished"])


def test_streams_over_the_cap_get_503(redis_url: str, redis_client: Any) -> None:
    api, store = api_and_store(redis_url, redis_client, api_max_streams=0)
    aid = article(store, "Officials said 40 boats sank.", finished=True)
    resp = api.get(f"/v1/articles/{aid}/events")
    assert resp.status_code == 503 and resp.headers["Retry-After"]
