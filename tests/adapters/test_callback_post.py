"""The callback POST (the composition root's ``post_callback``) goes through the one guarded
transport: one DNS answer, checked, and the socket pinned to it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
import requests

from config.settings import load_settings
from newscheck.localserver import LocalServer, Route
from pipeline.adapters import wiring
from pipeline.errors import BlockedAddress, ConnectionFailed, HTTPStatusError
from pipeline.netguard import Resolver
from tests.support.rebinding import Rebinding, RecordingSession


def pinned_post(url: str, payload: Any, *, resolver: Resolver, allow_hosts: Sequence[str] = (),
                session: requests.Session | None = None) -> int:
    with wiring.in_process(load_settings(fetch_allow_hosts=list(allow_hosts)), resolver=resolver,
                           session=session) as stack:
        return stack.post_callback(url, payload)


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
