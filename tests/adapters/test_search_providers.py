"""Search providers against local servers answering in each API's documented JSON format."""

from __future__ import annotations

import json
import socket
from typing import Any, Callable

import pytest

from newscheck.localserver import LocalServer, Route
from pipeline.adapters.search_http import BAD_RESPONSE, SearchAPI
from pipeline.adapters.search_providers import FactCheckSearch, GdeltSearch, MediaWikiSearch, SearxngSearch
from pipeline.discovery import DateWindow
from pipeline.errors import ConnectionFailed, FetchError, FetchTimeout, HTTPStatusError, TooLarge
from pipeline.ports import SearchProvider

JSON = "application/json; charset=utf-8"


def as_json(data: Any) -> Route:
    return Route(body=json.dumps(data), content_type=JSON)


SEARXNG_ANSWER = {
    "query": "harbour ships", "number_of_results": 3,
    "results": [
        {"url": "https://one.example/a", "title": "A", "content": "...", "engine": "bing", "engines": ["bing"],
         "parsed_url": ["https", "one.example", "/a", "", "", ""], "template": "default.html", "positions": [1],
         "score": 1.0, "category": "general"},
        {"url": "https://two.example/b", "title": "B", "content": "...", "engine": "ddg", "engines": ["ddg"],
         "positions": [2], "score": 0.5, "category": "general"},
        {"url": "https://one.example/a", "title": "A again", "content": "", "engine": "ddg"},
    ],
    "answers": [], "corrections": [], "infoboxes": [], "suggestions": [], "unresponsive_engines": [],
}
GDELT_ANSWER = {"articles": [
    {"url": "https://paper.example/2019/06/ships", "url_mobile": "", "title": "Ships", "seendate": "20190614T101500Z",
     "socialimage": "", "domain": "paper.example", "language": "English", "sourcecountry": "United Kingdom"},
    {"url": "https://wire.example/ships", "url_mobile": "", "title": "More ships", "seendate": "20190614T111500Z",
     "socialimage": "", "domain": "wire.example", "language": "English", "sourcecountry": "United States"},
]}
MEDIAWIKI_ANSWER = {
    "batchcomplete": "", "continue": {"sroffset": 2, "continue": "-||"},
    "query": {"searchinfo": {"totalhits": 40}, "search": [
        {"ns": 0, "title": "Port of Valdora", "pageid": 101, "size": 5120, "wordcount": 800,
         "snippet": "the <span class=\"searchmatch\">port</span>", "timestamp": "2019-05-01T10:00:00Z"},
        {"ns": 0, "title": "Harbour (disambiguation)", "pageid": 102, "size": 900, "wordcount": 90,
         "snippet": "", "timestamp": "2019-01-01T10:00:00Z"},
    ]},
}
FACTCHECK_ANSWER = {"claims": [
    {"text": "4,200 ships came", "claimant": "Mayor", "claimDate": "2019-06-01T00:00:00Z", "claimReview": [
        {"publisher": {"name": "Checker", "site": "checker.example"}, "url": "https://checker.example/review-1",
         "title": "Did 4,200 ships come?", "reviewDate": "2019-06-03T00:00:00Z", "textualRating": "False",
         "languageCode": "en"}]},
    {"text": "ships", "claimReview": [
        {"publisher": {"site": "other.example"}, "url": "https://other.example/check", "textualRating": "Mostly true"}]},
], "nextPageToken": "CAE"}

PROVIDERS: dict[str, tuple[str, Any, Callable[[SearchAPI], SearchProvider]]] = {
    "searxng": ("/search", SEARXNG_ANSWER, SearxngSearch),
    "gdelt": ("/api/v2/doc/doc", GDELT_ANSWER, GdeltSearch),
    "mediawiki": ("/w/api.php", MEDIAWIKI_ANSWER, MediaWikiSearch),
    "factcheck": ("/v1alpha1/claims:search", FACTCHECK_ANSWER, lambda api: FactCheckSearch(api, api_key="SECRET-KEY-123")),
}


def provider_for(name: str, server: LocalServer, *, timeout: float = 2.0) -> SearchProvider:
    return PROVIDERS[name][2](SearchAPI(server.base_url, timeout=timeout))


def test_searxng_returns_result_urls_in_rank_order_without_repeats() -> None:
    with LocalServer({"/search": as_json(SEARXNG_ANSWER)}) as server:
        assert provider_for("searxng", server).search("harbour ships") == ["https://one.example/a", "https://two.example/b"]
        assert server.hits["/search"] == 1


def test_gdelt_returns_article_urls_and_accepts_a_date_window() -> None:
    from datetime import date

    with LocalServer({"/api/v2/doc/doc": as_json(GDELT_ANSWER)}) as server:
        gdelt = provider_for("gdelt", server)
        expected = ["https://paper.example/2019/06/ships", "https://wire.example/ships"]
        assert gdelt.search("ships") == expected
        assert gdelt.search_window("ships", DateWindow(date(2019, 6, 1), date(2019, 6, 20)), limit=1) == expected[:1]  # type: ignore[attr-defined]


def test_gdelt_empty_object_means_no_match() -> None:
    with LocalServer({"/api/v2/doc/doc": as_json({})}) as server:
        assert provider_for("gdelt", server).search("nothing at all") == []


def test_mediawiki_builds_article_urls_from_titles() -> None:
    with LocalServer({"/w/api.php": as_json(MEDIAWIKI_ANSWER)}) as server:
        urls = provider_for("mediawiki", server).search("port valdora", limit=5)
        assert urls == [server.url("/wiki/Port_of_Valdora"), server.url("/wiki/Harbour_(disambiguation)")]


def test_mediawiki_error_object_is_a_bad_response() -> None:
    error = {"error": {"code": "nosrsearch", "info": "The \"srsearch\" parameter must be set.", "*": "..."}}
    with LocalServer({"/w/api.php": as_json(error)}) as server:
        with pytest.raises(FetchError) as info:
            provider_for("mediawiki", server).search("x")
        assert info.value.reason == BAD_RESPONSE and "nosrsearch" in info.value.detail


def test_factcheck_returns_review_urls_of_prior_fact_checks() -> None:
    with LocalServer({"/v1alpha1/claims:search": as_json(FACTCHECK_ANSWER)}) as server:
        urls = provider_for("factcheck", server).search("4,200 ships")
        assert urls == ["https://checker.example/review-1", "https://other.example/check"]
    with LocalServer({"/v1alpha1/claims:search": as_json({})}) as server:
        assert provider_for("factcheck", server).search("unknown claim") == []


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_server_error_is_an_http_status_fetch_error(name: str) -> None:
    path = PROVIDERS[name][0]
    with LocalServer({path: Route(body="oops", status=500, content_type="text/plain")}) as server:
        with pytest.raises(HTTPStatusError) as info:
            provider_for(name, server).search("harbour ships")
        assert info.value.reason == "http 500" and info.value.transient


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_answer_that_is_not_json_is_a_bad_response(name: str) -> None:
    path = PROVIDERS[name][0]
    body = "Your search contained a phrase that was too short."  # GDELT answers query problems in plain text
    with LocalServer({path: Route(body=body, content_type="text/html")}) as server:
        with pytest.raises(FetchError) as info:
            provider_for(name, server).search("a")
        assert info.value.reason == BAD_RESPONSE


@pytest.mark.parametrize("name", ["searxng", "mediawiki"])
def test_json_in_another_shape_is_a_bad_response(name: str) -> None:
    path = PROVIDERS[name][0]
    with LocalServer({path: as_json({"unexpected": []})}) as server:
        with pytest.raises(FetchError) as info:
            provider_for(name, server).search("harbour")
        assert info.value.reason == BAD_RESPONSE


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_silent_server_times_out(name: str) -> None:
    path = PROVIDERS[name][0]
    with LocalServer({path: Route(hang=True)}) as server:
        with pytest.raises(FetchTimeout) as info:
            provider_for(name, server, timeout=0.5).search("harbour")
        assert info.value.reason == "timeout"


def test_dripping_answer_hits_the_wall_clock_deadline() -> None:
    with LocalServer({"/search": Route(body=json.dumps(SEARXNG_ANSWER), content_type=JSON, drip=0.02)}) as server:
        with pytest.raises(FetchTimeout):
            provider_for("searxng", server, timeout=0.5).search("harbour")


def test_oversized_answer_is_refused() -> None:
    with LocalServer({"/search": as_json(SEARXNG_ANSWER)}) as server:
        with pytest.raises(TooLarge):
            SearxngSearch(SearchAPI(server.base_url, max_bytes=100)).search("harbour")


def test_unreachable_api_is_a_connection_failure() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ConnectionFailed) as info:
        SearxngSearch(SearchAPI(f"http://127.0.0.1:{port}", timeout=1)).search("harbour")
    assert info.value.reason == "connection"


def test_the_api_key_never_appears_in_errors() -> None:
    forbidden = {"error": {"code": 400, "message": "API key not valid.", "status": "INVALID_ARGUMENT"}}
    with LocalServer({"/v1alpha1/claims:search": Route(body=json.dumps(forbidden), status=400, content_type=JSON)}) as server:
        provider = provider_for("factcheck", server)
        with pytest.raises(HTTPStatusError) as info:
            provider.search("ships")
    assert "SECRET-KEY-123" not in str(info.value) and "SECRET-KEY-123" not in repr(provider)


def test_the_api_key_is_a_header_never_in_a_logged_url(caplog: pytest.LogCaptureFixture) -> None:
    """Hardening (issue 14, item 8): urllib3 logs every request line at DEBUG; the key must not be in it."""
    import logging

    with LocalServer({"/v1alpha1/claims:search": Route(body=json.dumps(FACTCHECK_ANSWER), content_type=JSON)}) as server:
        with caplog.at_level(logging.DEBUG, logger="urllib3"):
            provider_for("factcheck", server).search("4,200 ships")
        received = server.received[-1]
    assert caplog.records, "urllib3 should have logged the request line at DEBUG"
    assert all("SECRET-KEY-123" not in r.getMessage() for r in caplog.records)
    assert {k.lower(): v for k, v in received.headers.items()}.get("x-goog-api-key") == "SECRET-KEY-123"
