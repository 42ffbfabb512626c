"""Cached sources are revalidated with HTTP validators, not downloaded again (real local server, real Redis)."""

from __future__ import annotations

import time

from newscheck.localserver import LocalServer, Route
from pipeline.adapters.http_fetcher import HttpFetcher
from pipeline.adapters.redis_state import RedisState
from pipeline.flow import fetch_source
from pipeline.models import Document
from pipeline.ports import Validators

PAGE = ("<html><head><title>Dam</title></head><body><article><p>Engineers said the dam held after 300 millimetres "
        "of rain fell in two days, the regional water authority reported.</p></article></body></html>")
STAMP = "Tue, 04 Mar 2025 10:00:00 GMT"


def fetcher() -> HttpFetcher:
    return HttpFetcher(allow_hosts=["127.0.0.1"], deadline=5, respect_robots=False)


def test_a_conditional_request_carries_the_validators_and_a_304_is_not_modified() -> None:
    routes = {"/dam": [Route(body=PAGE, headers={"ETag": '"v1"', "Last-Modified": STAMP}),
                       Route(status=304, headers={"ETag": '"v1"'})]}
    with LocalServer(routes) as site:
        first = fetcher().fetch(site.url("/dam"))
        assert first.etag == '"v1"' and first.last_modified == STAMP and not first.not_modified
        second = fetcher().fetch(site.url("/dam"), validators=Validators(etag=first.etag, last_modified=first.last_modified))
        sent = site.received[-1].headers
    assert second.not_modified and second.status == 304 and second.text == ""
    assert sent.get("If-None-Match") == '"v1"' and sent.get("If-Modified-Since") == STAMP


def test_an_unchanged_source_gives_back_the_copy_held_and_a_changed_one_is_read_again() -> None:
    routes = {"/dam": [Route(body=PAGE, headers={"ETag": '"v1"'}), Route(status=304, headers={"ETag": '"v1"'}),
                       Route(body=PAGE.replace("300", "350"), headers={"ETag": '"v2"'})]}
    with LocalServer(routes) as site:
        url = site.url("/dam")
        held = fetch_source(url, fetcher())
        assert isinstance(held, Document) and held.etag == '"v1"'
        assert fetch_source(url, fetcher(), previous=held) == held
        changed = fetch_source(url, fetcher(), previous=held)
    assert isinstance(changed, Document) and changed.etag == '"v2"' and "350" in changed.text
    assert changed.sha256 != held.sha256


def test_a_stale_document_with_validators_is_kept_for_revalidation(redis_client: object) -> None:
    store = RedisState.over(redis_client, prefix="t")  # type: ignore[arg-type]
    doc = Document(text="body", url="https://s.example/a", etag='"v1"')
    store.sources.cache_source(doc.url, doc, ttl=1)
    assert store.sources.cached_source(doc.url) == doc
    time.sleep(1.2)
    assert store.sources.cached_source(doc.url) is None
    assert store.sources.stale_source(doc.url) == doc
    plain = Document(text="body", url="https://s.example/b")
    store.sources.cache_source(plain.url, plain, ttl=1)
    assert store.r.ttl(store.keys.k_source(plain.url)) <= 1
