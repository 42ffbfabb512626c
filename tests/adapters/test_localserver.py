"""The test server itself: routes, sequences, 404, robots, hits, and a stop that never hangs."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import requests

from newscheck.localserver import LocalServer, Route


def test_serves_routes_counts_hits_and_404s_unknown_paths() -> None:
    with LocalServer({"/a": Route(body="<p>héllo</p>", headers={"X-Test": "1"})}) as server:
        r = requests.get(server.url("/a?q=1"), timeout=5)
        assert r.status_code == 200
        assert r.headers["X-Test"] == "1"
        assert r.content.decode("utf-8") == "<p>héllo</p>"
        assert requests.get(server.url("/missing"), timeout=5).status_code == 404
        assert requests.get(server.url("/robots.txt"), timeout=5).status_code == 404
        server.add("/robots.txt", Route(body="User-agent: *\nDisallow: /x\n", content_type="text/plain"))
        assert "Disallow" in requests.get(server.url("/robots.txt"), timeout=5).text
        assert server.hits["/a"] == 1
        assert server.hits["/missing"] == 1


def test_route_list_is_answered_in_turn_and_last_repeats() -> None:
    with LocalServer({"/s": [Route(status=500), Route(body="ok")]}) as server:
        codes = [requests.get(server.url("/s"), timeout=5).status_code for _ in range(3)]
    assert codes == [500, 200, 200]


def test_redirect_sets_location_and_302_by_default() -> None:
    with LocalServer({"/from": Route(redirect="/to"), "/to": Route(body="here")}) as server:
        r = requests.get(server.url("/from"), timeout=5, allow_redirects=False)
        assert (r.status_code, r.headers["Location"]) == (302, "/to")
        assert requests.get(server.url("/from"), timeout=5).text == "here"


def test_post_body_is_recorded() -> None:
    with LocalServer({"/cb": Route(body="")}) as server:
        requests.post(server.url("/cb"), json={"k": 1}, timeout=5)
    assert server.received[-1].method == "POST"
    assert server.received[-1].body == b'{"k": 1}'


def test_drip_sends_bytes_slowly() -> None:
    with LocalServer({"/d": Route(body=b"abcd", drip=0.1)}) as server:
        start = time.monotonic()
        assert requests.get(server.url("/d"), timeout=5).content == b"abcd"
        assert time.monotonic() - start >= 0.3


@pytest.mark.parametrize("route", [Route(hang=True), Route(body=b"x" * 1000, drip=1.0), Route(delay=60)])
def test_stop_does_not_hang_with_connections_in_flight(route: Route) -> None:
    server = LocalServer({"/slow": route}).start()
    errors: list[BaseException] = []

    def client() -> None:
        try:
            requests.get(server.url("/slow"), timeout=30)
        except requests.RequestException as exc:
            errors.append(exc)

    thread = threading.Thread(target=client, daemon=True)
    thread.start()
    deadline = time.monotonic() + 5
    while server.hits["/slow"] == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    start = time.monotonic()
    server.stop()
    assert time.monotonic() - start < 2
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert errors, "the client should see its connection cut, not a complete answer"
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=1)
