"""Issue 14, item 3: a link that does not parse (``http://[::1``, port 99999) or a source URL with a
lone surrogate is one recorded source failure, never the article's failure; in process and
through the queue (the surrogate arrives from a search provider's JSON, as a hostile one sends it)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from newscheck.localserver import LocalServer, Route
from pipeline import flow
from pipeline.adapters.redis_state import RedisState
from pipeline.adapters.search_http import SearchAPI
from pipeline.adapters.search_providers import SearxngSearch
from pipeline.models import ArticleInput, Report
from tests.discovery_pages import NO_ROBOTS
from tests.support.stacks import local_stack

STORY = ("The harbour board said 14 ferries would stop running on Sunday. \"Our crews need the week to repair "
         "the ramps,\" the board's chair, Odile Marsh, told reporters.")
BAD_LINKS = ("http://[::1", "http://127.0.0.1:99999/plan")


def page() -> str:
    links = " ".join(f'See <a href="{u}">notice {i} of the harbour board</a> for the timetable.' for i, u in enumerate(BAD_LINKS))
    return f"<html><head><title>Ferries stop</title></head><body><article><p>{STORY}</p><p>{links}</p></article></body></html>"


def searxng_answering_raw(body: str) -> LocalServer:
    """A search provider answering with JSON text as given (escapes kept: ``\\ud800`` decodes to a lone surrogate)."""
    return LocalServer({"/search": Route(body=body, content_type="application/json")})


def surrogate_answer(site: LocalServer) -> str:
    url = site.url("/notice") + "\\ud800"
    return ('{"query": "q", "number_of_results": 1, "answers": [], "infoboxes": [], "suggestions": [], '
            f'"results": [{{"url": "{url}", "title": "t", "content": "c", "engine": "e"}}]}}')


@pytest.fixture()
def site() -> Iterator[LocalServer]:
    with LocalServer({"/robots.txt": NO_ROBOTS, "/story": Route(body=page())}) as server:
        yield server


def utf8_json(report: dict[str, Any]) -> bytes:
    return json.dumps(report, ensure_ascii=False).encode("utf-8")  # what the API sends: no lone surrogate left


def test_links_that_do_not_parse_are_one_failed_source_each_in_process(site: LocalServer) -> None:
    with local_stack() as stack:
        report: Report = flow.verify(ArticleInput(url=site.url("/story")), stack.fetcher)
    assert report.status == "done" and report.claims
    assert {(f.url, f.reason) for f in report.failures} == {(u, "bad url") for u in BAD_LINKS}


def test_a_source_url_with_a_lone_surrogate_is_one_failed_source_in_process(site: LocalServer) -> None:
    with local_stack() as stack:
        report = flow.verify(ArticleInput(text=STORY, sources=(site.url("/notice\ud800"),)), stack.fetcher)
    assert report.status == "done" and report.claims
    assert [f.reason for f in report.failures] == ["bad url"]
    assert b"\\ud800" in utf8_json(report.to_dict())


@pytest.mark.slow
def test_hostile_links_and_a_surrogate_from_search_fail_sources_not_the_article_through_the_queue(
        start_stack: Any, site: LocalServer) -> None:
    with searxng_answering_raw(surrogate_answer(site)) as searx, \
            start_stack(discovery_providers="searxng", searxng_url=searx.base_url) as stack:
        aid = stack.client.submit(ArticleInput(url=site.url("/story")))["id"]
        deadline = time.monotonic() + 180
        while (report := requests.get(f"{stack.client.base}/v1/articles/{aid}", timeout=30)).json()["status"] \
                not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.5)
        body = report.json()
        assert report.status_code == 200 and body["status"] == "done", body
        assert body["claims"] and searx.hits["/search"] >= 1
        failed = {(f["url"], f["reason"]) for f in body["source_failures"]}
        assert failed == {(u, "bad url") for u in BAD_LINKS}, failed
        assert "internal" not in report.text
        store = RedisState.from_url(stack.redis.url)
        own = [store.verdicts.claim_sources(c["id"]) for c in body["claims"]]
        assert own and all(o is not None and [f.reason for f in o[1]] == ["bad url"] for o in own), own
