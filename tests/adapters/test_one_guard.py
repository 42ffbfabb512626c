"""Every outbound request of the composition root's stack passes one guard.

DNS rebinding: a resolver answers a public address first and 127.0.0.1 on every later lookup.
The callback, a source, a search API and a feed each send their first request to the checked
public address (the session records where each request is pinned and opens no socket) and
refuse the later answer; no request is ever pinned to 127.0.0.1.
Redirects to a private address are refused for search APIs and feeds, and never connected to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from config.settings import load_settings
from newscheck.localserver import LocalServer, Route
from pipeline.adapters import wiring
from pipeline.adapters.transport import PIN_ATTR
from pipeline.errors import BlockedAddress, ConnectionFailed, FetchError
from pipeline.models import SourceFailure
from tests.discovery_pages import searxng_route
from tests.support.rebinding import Rebinding, RecordingSession

PUBLIC = "93.184.216.34"


def rebinding_stack(**settings: Any) -> tuple[wiring.Wiring, Rebinding, RecordingSession]:
    resolver, session = Rebinding(PUBLIC), RecordingSession()
    stack = wiring.in_process(load_settings(fetch_retries=0, fetch_deadline=3.0, **settings),
                              resolver=resolver, session=session)
    return stack, resolver, session


def pinned(session: RecordingSession) -> list[str]:
    return [getattr(r, PIN_ATTR) for r in session.sent]


def _callback(stack: wiring.Wiring) -> Callable[[], object]:
    return lambda: stack.post_callback("http://rebind.example/hook", {"id": "a_1"})


def _search(stack: wiring.Wiring) -> Callable[[], object]:
    [provider] = stack.providers
    return lambda: provider.search("stone bridge closes")


def _feed(stack: wiring.Wiring) -> Callable[[], object]:
    reader = stack.feed_reader()
    return lambda: reader("http://rebind.example/feed.xml")


@pytest.mark.parametrize("door", [_callback, _search, _feed], ids=["callback", "search API", "feed"])
def test_rebinding_answer_is_refused(door: Callable[[wiring.Wiring], Callable[[], object]]) -> None:
    stack, resolver, session = rebinding_stack(discovery_providers="searxng", searxng_url="http://rebind.example")
    call = door(stack)
    with pytest.raises(ConnectionFailed):  # pinned to the public answer; the recording session never connects
        call()
    with pytest.raises(BlockedAddress) as info:  # the next lookup answers 127.0.0.1: checked and refused
        call()
    assert "127.0.0.1" in str(info.value)
    assert resolver.calls == 2
    assert pinned(session) == [PUBLIC]


def test_rebinding_answer_is_refused_for_a_source() -> None:
    """The page is pinned to the public answer; robots.txt's own lookup (127.0.0.1) is refused, and so
    is the next page's; each result goes through the caching layer as the queue's do."""
    stack, resolver, session = rebinding_stack()
    first = stack.sources("http://rebind.example/story")
    assert isinstance(first, SourceFailure) and first.reason == "connection"  # the recording session never connects
    second = stack.sources("http://rebind.example/other-story")
    assert isinstance(second, SourceFailure) and second.reason == "blocked address"
    assert resolver.calls == 3  # the page, its robots.txt, the next page
    assert pinned(session) == [PUBLIC]
    assert session.sent[0].path_url == "/story"


def test_search_redirect_to_a_private_address_is_refused() -> None:
    """The configured API (127.0.0.1, by address) may redirect within itself, never to another private origin."""
    with LocalServer({"/search": searxng_route(["https://one.example/a"])}) as elsewhere:
        routes = {"/old": Route(status=301, redirect="/search"), "/search": searxng_route(["https://two.example/b"])}
        with LocalServer(routes) as api:
            stack = wiring.in_process(load_settings(discovery_providers="searxng", searxng_url=api.base_url))
            [provider] = stack.providers
            assert provider.search("bridge") == ["https://two.example/b"]

            api.add("/search", Route(status=302, redirect=elsewhere.url("/search")))
            with pytest.raises(BlockedAddress) as info:
                provider.search("bridge")
            assert elsewhere.base_url in str(info.value)
        assert elsewhere.hits["/search"] == 0


def test_feed_redirect_to_a_private_address_is_refused_through_the_root() -> None:
    with LocalServer({"/feed": Route(status=302, redirect="http://127.0.0.2:9/feed")}) as server:
        reader = wiring.in_process(load_settings(fetch_allow_hosts=["127.0.0.1"])).feed_reader()
        with pytest.raises(FetchError) as info:
            reader(server.url("/feed"))
        assert info.value.reason == "blocked address" and "127.0.0.2" in str(info.value)
        assert server.hits["/feed"] == 1


def test_one_user_agent_for_every_door() -> None:
    agent = "newscheck-test/1 (+https://example.invalid/ua)"
    session = RecordingSession()
    stack = wiring.in_process(load_settings(fetch_retries=0, fetch_user_agent=agent, discovery_providers="searxng",
                                            searxng_url="http://search.example"),
                              resolver=lambda host, port: [PUBLIC], session=session)
    for door in (_callback, _search, _feed):
        with pytest.raises(ConnectionFailed):
            door(stack)()
    assert isinstance(stack.sources("http://news.example/story"), SourceFailure)
    paths = [r.path_url.split("?")[0] for r in session.sent]
    assert paths == ["/hook", "/search", "/feed.xml", "/robots.txt", "/story"]
    assert {r.headers["User-Agent"] for r in session.sent} == {agent}
