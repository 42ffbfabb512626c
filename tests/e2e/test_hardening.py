"""Hardening found by an outside attack run (issue 14), against the real served API."""

from __future__ import annotations

import socket
import time
import uuid
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from pipeline.adapters.redis_state import RedisState
from pipeline.ids import article_id_for
from pipeline.models import ArticleInput

pytestmark = pytest.mark.slow


def test_a_made_up_forwarded_for_does_not_open_fresh_rate_limit_buckets(start_stack: Any) -> None:
    """Item 7: uvicorn believes X-Forwarded-For from loopback unless told otherwise."""
    with start_stack(api_rate_per_minute="3") as stack:
        base = stack.client.base
        if time.time() % 60 > 50:  # the limit counts per minute window: start well inside one
            time.sleep(61 - time.time() % 60)
        codes = [requests.post(f"{base}/v1/articles", json={"text": f"Officials said {i} people left."},
                               headers={"X-Forwarded-For": f"203.0.113.{i}"}, timeout=30).status_code
                 for i in range(5)]
    assert codes[:3] == [202] * 3 and codes[3:] == [429, 429], codes


def _open_stream(base: str, path: str) -> socket.socket:
    """One SSE request on a raw socket: 200 streams without 200 client threads."""
    parts = urlsplit(base)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=60)
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept: text/event-stream\r\n\r\n".encode())
    return sock


def _status_line(sock: socket.socket) -> bytes:
    head = b""
    while b"\r\n\r\n" not in head and (chunk := sock.recv(4096)):
        head += chunk
    return head.split(b"\r\n", 1)[0]


def test_200_open_event_streams_leave_get_post_and_healthz_answering(stack: Any) -> None:
    """Item 1: every route was a sync handler in a 40-thread pool and each stream held a thread."""
    store = RedisState.from_url(stack.redis.url)
    inp = ArticleInput(text=f"Officials said 12 ferries were cancelled ({uuid.uuid4().hex}).")
    aid = article_id_for(inp)
    store.articles.create_article(aid, inp, deadline_s=900)  # queued and never sent: its streams stay open
    base = stack.client.base
    socks = [_open_stream(base, f"/v1/articles/{aid}/events") for _ in range(200)]
    try:
        assert {_status_line(s) for s in socks} == {b"HTTP/1.1 200 OK"}
        got = requests.get(f"{base}/v1/articles/{aid}", timeout=30)
        posted = requests.post(f"{base}/v1/articles", timeout=30,
                               json={"text": f"Officials said 13 ferries were cancelled ({uuid.uuid4().hex})."})
        health = requests.get(f"{base}/healthz", timeout=30)
        assert (got.status_code, posted.status_code, health.status_code) == (200, 202, 200), (got.text, health.text)
        assert got.json()["status"] == "queued"
    finally:
        for s in socks:
            s.close()


def test_a_chunked_body_over_the_limit_is_a_413_and_one_under_it_is_read(stack: Any) -> None:
    """Item 9: without Content-Length the limit was found while FastAPI read the body, and came out as 400."""
    base = stack.client.base

    def chunked(payload: bytes) -> Any:
        for i in range(0, len(payload), 65536):
            yield payload[i:i + 65536]

    big = b'{"text": "' + b"x" * 3_000_000 + b'"}'
    resp = requests.post(f"{base}/v1/articles", data=chunked(big), headers={"content-type": "application/json"}, timeout=60)
    assert resp.status_code == 413 and "limited" in resp.json()["detail"], resp.text
    small = f'{{"text": "Officials said 14 ferries were cancelled ({uuid.uuid4().hex})."}}'.encode()
    resp = requests.post(f"{base}/v1/articles", data=chunked(small), headers={"content-type": "application/json"}, timeout=60)
    assert resp.status_code == 202, resp.text
