"""API guards on a real Redis (in-process ASGI client): keys, rate limits, refused addresses."""

from __future__ import annotations

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from config.settings import load_settings
from newscheck.api import create_app
from pipeline.adapters.redis_state import RedisState
from tests.support.known_ids import seed_known_ids
from workers.app import create_app as create_celery


def client_for(redis_url: str, redis_client: Any, **overrides: Any) -> TestClient:
    settings = load_settings(redis_url=redis_url, **overrides)
    store = RedisState.over(redis_client, prefix=settings.key_prefix)
    return TestClient(create_app(settings, store=store, celery=create_celery(settings)))


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/x", "http://localhost/x", "http://10.1.2.3/x", "http://169.254.169.254/latest/meta-data",
    "http://[::1]/x", "http://0.0.0.0/x", "http://2130706433/x", "http://0x7f000001/x", "http://[::ffff:127.0.0.1]/x",
])
def test_private_addresses_are_refused_at_submission(redis_url: str, redis_client: Any, url: str) -> None:
    api = client_for(redis_url, redis_client)
    for body in ({"url": url}, {"text": "t", "sources": [url]}, {"text": "t", "callback_url": url}):
        resp = api.post("/v1/articles", json=body)
        assert resp.status_code == 422, (body, resp.text)
        assert resp.json()["title"] == "Unprocessable Content"


def test_allowlisted_hosts_are_accepted(redis_url: str, redis_client: Any) -> None:
    api = client_for(redis_url, redis_client, fetch_allow_hosts=["127.0.0.1"])
    resp = api.post("/v1/articles", json={"url": "http://127.0.0.1:9/x"})
    assert resp.status_code == 202


def test_api_keys_when_configured(redis_url: str, redis_client: Any) -> None:
    api = client_for(redis_url, redis_client, api_keys=["s3cret"])
    assert api.post("/v1/articles", json={"text": "a"}).status_code == 401
    assert api.get("/v1/articles/a_x").status_code == 401
    assert api.post("/v1/articles", json={"text": "a"}, headers={"Authorization": "Bearer s3cret"}).status_code == 202
    assert api.get("/v1/articles/a_x", headers={"X-API-Key": "s3cret"}).status_code == 404


def test_submissions_are_rate_limited_per_key(redis_url: str, redis_client: Any) -> None:
    api = client_for(redis_url, redis_client, api_keys=["k1", "k2"], api_rate_per_minute=3)
    if time.time() % 60 > 55:  # the limit counts per minute window: start well inside one
        time.sleep(61 - time.time() % 60)
    codes = [api.post("/v1/articles", json={"text": f"t{i}"}, headers={"X-API-Key": "k1"}).status_code for i in range(5)]
    assert codes[:3] == [202] * 3 and codes[3:] == [429, 429]
    limited = api.post("/v1/articles", json={"text": "x"}, headers={"X-API-Key": "k1"})
    assert int(limited.headers["Retry-After"]) >= 1
    assert api.post("/v1/articles", json={"text": "t9"}, headers={"X-API-Key": "k2"}).status_code == 202


def test_too_many_sources_is_a_clear_422(redis_url: str, redis_client: Any) -> None:
    api = client_for(redis_url, redis_client, max_sources=2)
    resp = api.post("/v1/articles", json={"text": "t", "sources": [f"https://s{i}.example/" for i in range(3)]})
    assert resp.status_code == 422 and "at most 2 sources" in resp.json()["detail"]


def test_redis_down_is_a_503_problem_not_a_trace(redis_client: Any) -> None:
    from newscheck.redis_server import free_port

    dead = f"redis://127.0.0.1:{free_port()}/0"
    settings = load_settings(redis_url=dead)
    api = TestClient(create_app(settings, celery=create_celery(settings)))
    resp = api.get("/v1/articles/a_0123456789abcdef")
    assert resp.status_code == 503 and resp.json()["status"] == 503
    health = api.get("/healthz")
    assert health.status_code == 503 and health.json()["redis"] != "ok"


def test_made_up_credentials_do_not_escape_the_rate_limit(redis_url: str, redis_client: Any) -> None:
    api = client_for(redis_url, redis_client, api_rate_per_minute=3)  # keys off: limited per client address
    if time.time() % 60 > 55:
        time.sleep(61 - time.time() % 60)
    codes = [api.post("/v1/articles", json={"text": f"u{i}"}, headers={"X-API-Key": f"fake-{i}"}).status_code
             for i in range(5)]
    assert codes[:3] == [202] * 3 and codes[3:] == [429, 429]


@pytest.mark.parametrize("field", ["text", "html"])
def test_whitespace_only_input_is_a_422(redis_url: str, redis_client: Any, field: str) -> None:
    api = client_for(redis_url, redis_client)
    resp = api.post("/v1/articles", json={field: " \n\t "})
    assert resp.status_code == 422 and "whitespace" in resp.json()["detail"], resp.text


@pytest.mark.parametrize("path", [
    "/v1/articles/a_0123456789abcdef:claims", "/v1/articles/a_0123456789abcdef:sources",
    "/v1/articles/a_0123456789abcdef:events/events", "/v1/claims/c_0123456789abcdef:sources",
    "/v1/articles/a_0123456789abcdef:events", "/v1/claims/x:y",
])
def test_malformed_ids_are_a_404_problem(redis_url: str, redis_client: Any, path: str) -> None:
    """Hardening (issue 14, item 5): ids that cannot be ours never reach a Redis key. The article and
    claim exist, so ``<id>:claims`` and its kin name real keys of other types (a list, a stream):
    read as an article's hash they gave a plain-text 500."""
    seed_known_ids(RedisState.over(redis_client, prefix=load_settings(redis_url=redis_url).key_prefix))
    api = TestClient(client_for(redis_url, redis_client).app, raise_server_exceptions=False)
    resp = api.get(path)
    assert resp.status_code == 404, resp.text
    assert resp.json()["title"] == "Not Found"


@pytest.mark.parametrize("body", [
    '{"text": "Lone \\ud800 surrogate"}', '{"url": "http://example.org/\\udc80"}',
    '{"text": "Officials said 5 people left.", "sources": ["http://example.org/\\ud83d"]}',
    '{"text": "Officials said 5 people left.", "title": "\\udfff"}',
    '{"text": "Officials said 5 people left.", "published": "2024-13-45"}',
    '{"text": "Officials said 5 people left.", "published": "2024-02-30"}',
    '{"text": "Officials said 5 people left.", "published": "2024-01-01\\n"}',
    '{"text": "Officials said 5 people left.", "published": "\\u0662\\u0660\\u0662\\u0664-01-01"}',
    '{"text": " \\n\\t "}', '{"html": "  "}',
])
def test_doomed_submissions_are_a_422_not_a_500_or_a_late_failure(redis_url: str, redis_client: Any, body: str) -> None:
    """Hardening (issue 14, item 6): refused at the API, never accepted to fail later, never a 500."""
    api = TestClient(client_for(redis_url, redis_client).app, raise_server_exceptions=False)
    resp = api.post("/v1/articles", content=body.encode(), headers={"Content-Type": "application/json"})
    assert resp.status_code == 422, resp.text
    assert resp.json()["title"] == "Unprocessable Content"


def test_text_over_the_pipeline_limit_is_a_422(redis_url: str, redis_client: Any) -> None:
    from pipeline.claims.guard import MAX_CHARS

    api = client_for(redis_url, redis_client, api_max_body_bytes=MAX_CHARS * 2)
    resp = api.post("/v1/articles", json={"text": "word " * (MAX_CHARS // 5 + 1)})
    assert resp.status_code == 422, resp.text[:300]
    assert api.post("/v1/articles", json={"text": "Officials said 5 people left.", "published": "2024-02-29"}).status_code == 202
