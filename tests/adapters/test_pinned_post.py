"""The callback POST goes through the fetch guard: one DNS answer, checked, and the socket pinned to it."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from newscheck.localserver import LocalServer, Route
from pipeline.adapters.http_fetcher import pinned_post
from pipeline.errors import BlockedAddress, ConnectionFailed, HTTPStatusError


class Rebinding:
    """A resolver that answers a public address first and 127.0.0.1 on every later lookup."""

    def __init__(self, first: str = "93.184.216.34") -> None:
        self.first, self.calls = first, 0

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls += 1
        return [self.first] if self.calls == 1 else ["127.0.0.1"]


class RecordingSession(requests.Session):
    """Records what would be sent and where it is pinned, and never opens a socket (no traffic to a public address)."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[requests.PreparedRequest] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.sent.append(request)
        raise requests.ConnectionError("recording session opens no sockets")


def test_rebinding_answer_never_reaches_the_socket() -> None:
    resolver, session = Rebinding(), RecordingSession()
    with pytest.raises(ConnectionFailed):
        pinned_post("http://rebind.example/cb", {"a": 1}, resolver=resolver, session=session)
    assert resolver.calls == 1
    assert [getattr(r, "newscheck_pinned_address") for r in session.sent] == ["93.184.216.34"]
    assert session.sent[0].headers["Host"] == "rebind.example"


def test_private_answer_is_refused_and_nothing_is_sent() -> None:
    with LocalServer({"/cb": Route(body="ok", content_type="text/plain")}) as server:
        with pytest.raises(BlockedAddress):
            pinned_post(f"http://callback.test:{server.port}/cb", {"a": 1}, resolver=lambda h, p: ["127.0.0.1"])
        assert not server.received


def test_post_connects_to_the_vetted_address_not_the_name() -> None:
    with LocalServer({"/cb": Route(body="ok", content_type="text/plain")}) as server:
        status = pinned_post(f"http://callback.test:{server.port}/cb", {"a": 1}, allow_hosts=["127.0.0.1"],
                             resolver=lambda h, p: ["127.0.0.1"])
        assert status == 200
        [got] = [r for r in server.received if r.path == "/cb"]
        assert got.method == "POST" and b'"a": 1' in got.body
        assert got.headers.get("Host") == f"callback.test:{server.port}"


def test_error_status_and_redirects_are_not_followed() -> None:
    routes = {"/cb": Route(status=302, headers={"Location": "/elsewhere"}), "/bad": Route(status=500, body="x")}
    with LocalServer(routes) as server:
        resolve = lambda h, p: ["127.0.0.1"]  # noqa: E731
        assert pinned_post(server.url("/cb"), {}, allow_hosts=["127.0.0.1"], resolver=resolve) == 302
        with pytest.raises(HTTPStatusError):
            pinned_post(server.url("/bad"), {}, allow_hosts=["127.0.0.1"], resolver=resolve)
        assert not [r for r in server.received if r.path == "/elsewhere"]
