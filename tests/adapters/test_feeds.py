"""Feed ingestion end to end: RSS and Atom feeds on a local server, items fetched by the real fetcher."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from newscheck.localserver import LocalServer, Route
from pipeline.adapters.evidence_index import SqliteEvidenceIndex
from pipeline.adapters.feeds import feed_items, http_feed_reader, ingest_feeds
from pipeline.adapters.http_fetcher import HttpFetcher
from pipeline.errors import FetchError
from pipeline.politeness import RetryPolicy
from tests.support.rebinding import Rebinding, RecordingSession


def article_html(title: str, body: str) -> str:
    paras = "".join(f"<p>{s}</p>" for s in body.split("\n"))
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paras}</article></body></html>"


def rss(base: str, items: list[tuple[str, str, str]]) -> str:
    entries = "".join(
        f"<item><title>{t}</title><link>{base}{p}</link><pubDate>{d}</pubDate></item>" for p, t, d in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title><link>{base}/</link>' \
           f"<description>news</description>{entries}</channel></rss>"


def atom(base: str, items: list[tuple[str, str, str]]) -> str:
    entries = "".join(
        f'<entry><title>{t}</title><link href="{base}{p}"/><id>{base}{p}</id><updated>{d}</updated></entry>'
        for p, t, d in items
    )
    return f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Local</title>' \
           f"<id>{base}/</id><updated>2019-06-14T10:00:00Z</updated>{entries}</feed>"


BRIDGE = ("The river authority said the old stone bridge at Marlow Ford will close for repairs for eight months.\n"
          "Engineers found cracks in three of the bridge's five arches during an inspection in May.")
MARKET = ("Traders at the covered market reported that rents rose by a fifth over the past year.\n"
          "The market's owners said the rise reflects higher heating costs.")


@pytest.fixture()
def site() -> Iterator[LocalServer]:
    server = LocalServer()
    base = server.base_url
    server.add("/robots.txt", Route(body="User-agent: *\nAllow: /\n", content_type="text/plain"))
    server.add("/news/bridge", Route(body=article_html("Bridge to close", BRIDGE)))
    server.add("/news/market", Route(body=article_html("Market rents rise", MARKET)))
    server.add("/news/gone", Route(body="gone", status=404, content_type="text/plain"))
    server.add("/rss.xml", Route(body=rss(base, [("/news/bridge", "Bridge", "Fri, 14 Jun 2019 09:00:00 GMT"),
                                                 ("/news/gone", "Gone", "Fri, 14 Jun 2019 08:00:00 GMT")]),
                                 content_type="application/rss+xml"))
    server.add("/atom.xml", Route(body=atom(base, [("/news/market", "Market", "2019-06-13T07:30:00Z")]),
                                  content_type="application/atom+xml"))
    server.add("/broken.xml", Route(body="<html>this is not a feed", content_type="text/html"))
    with server:
        yield server


@pytest.fixture()
def fetcher() -> HttpFetcher:
    return HttpFetcher(allow_hosts=["127.0.0.1"], connect_timeout=2, read_timeout=2, deadline=5, retry=RetryPolicy(0))


@pytest.fixture()
def index(tmp_path: Path) -> Iterator[SqliteEvidenceIndex]:
    idx = SqliteEvidenceIndex(tmp_path / "evidence.sqlite3")
    yield idx
    idx.close()


def test_rss_and_atom_items_are_fetched_extracted_and_searchable(site: LocalServer, fetcher: HttpFetcher,
                                                                  index: SqliteEvidenceIndex) -> None:
    reader = http_feed_reader(timeout=3, allow_hosts=["127.0.0.1"])
    report = ingest_feeds([site.url("/rss.xml"), site.url("/atom.xml")], fetcher, index, read_feed=reader)
    assert (report.feeds, report.items, report.added, report.known) == (2, 3, 2, 0)
    assert [(f.url, f.reason) for f in report.failures] == [(site.url("/news/gone"), "http 404")]
    assert index.search("stone bridge arches cracks", limit=3) == [site.url("/news/bridge")]
    market = index.document(site.url("/news/market"))
    assert market is not None and "rents rose by a fifth" in market.text
    assert market.published is not None and market.published.startswith("2019-06-13")  # from the feed entry
    assert market.sha256


def test_known_items_are_not_fetched_again(site: LocalServer, fetcher: HttpFetcher, index: SqliteEvidenceIndex) -> None:
    reader = http_feed_reader(timeout=3, allow_hosts=["127.0.0.1"])
    ingest_feeds([site.url("/rss.xml")], fetcher, index, read_feed=reader)
    again = ingest_feeds([site.url("/rss.xml")], fetcher, index, read_feed=reader)
    assert (again.added, again.known) == (0, 1)
    assert site.hits["/news/bridge"] == 1


def test_a_broken_feed_is_recorded_and_does_not_stop_the_others(site: LocalServer, fetcher: HttpFetcher,
                                                                 index: SqliteEvidenceIndex) -> None:
    reader = http_feed_reader(timeout=3, allow_hosts=["127.0.0.1"])
    report = ingest_feeds([site.url("/broken.xml"), site.url("/missing.xml"), site.url("/atom.xml")], fetcher, index,
                          read_feed=reader)
    reasons = {f.url: f.reason for f in report.failures}
    assert reasons == {site.url("/broken.xml"): "bad feed", site.url("/missing.xml"): "http 404"}
    assert report.added == 1


def test_feed_addresses_are_guarded_like_sources(site: LocalServer) -> None:
    with pytest.raises(FetchError) as info:
        http_feed_reader(timeout=3)(site.url("/rss.xml"))  # loopback, not allow-listed
    assert info.value.reason == "blocked address"
    assert site.hits["/rss.xml"] == 0


def test_feed_items_honours_max_items_and_skips_entries_without_web_links() -> None:
    body = rss("https://n.example", [("/a", "A", "Fri, 14 Jun 2019 09:00:00 GMT"), ("/b", "B", "bad date"),
                                     ("/c", "C", "Fri, 14 Jun 2019 07:00:00 GMT")])
    body = body.replace("<link>https://n.example/b</link>", "<link>mailto:x@n.example</link>")
    items = feed_items(body.encode(), max_items=2)
    assert [i.url for i in items] == ["https://n.example/a", "https://n.example/c"]
    assert items[0].published == "2019-06-14T09:00:00Z"


def test_feed_redirect_to_a_private_address_is_refused() -> None:
    """The first URL is allowed (127.0.0.1); its redirect to 127.0.0.2 is not, and is never connected to."""
    with LocalServer({"/feed": Route(status=302, redirect="http://127.0.0.2:9/feed")}) as server:
        with pytest.raises(FetchError) as info:
            http_feed_reader(timeout=3, allow_hosts=["127.0.0.1"])(server.url("/feed"))
        assert info.value.reason == "blocked address" and "127.0.0.2" in str(info.value)
        assert server.hits["/feed"] == 1


def test_feed_rebinding_answer_never_reaches_the_socket() -> None:
    resolver, session = Rebinding(), RecordingSession()
    with pytest.raises(FetchError) as info:
        http_feed_reader(timeout=3, resolver=resolver, session=session)("http://rebind.example/feed.xml")
    assert info.value.reason == "connection"
    assert resolver.calls == 1
    assert [getattr(r, "newscheck_pinned_address") for r in session.sent] == ["93.184.216.34"]
