"""flow.verify with source discovery: a claim supported only by a page a search provider found."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from newscheck.localserver import LocalServer, Route
from pipeline import flow
from pipeline.adapters.evidence_index import SqliteEvidenceIndex
from pipeline.extraction import extract_document
from pipeline.models import ArticleInput, Report
from tests.discovery_pages import ARTICLE, NO_ROBOTS, REPORT, searxng_route
from tests.support.stacks import local_stack

UNRELATED = ("<html><head><title>Fair opens</title></head><body><article><p>The county fair opened with a "
             "record number of sheep on show, organisers said.</p></article></body></html>")


@pytest.fixture()
def pages() -> Iterator[LocalServer]:
    routes = {"/robots.txt": NO_ROBOTS, "/story/bridge": Route(body=REPORT), "/story/fair": Route(body=UNRELATED)}
    with LocalServer(routes) as server:
        yield server


def searxng_answering(urls: list[str]) -> LocalServer:
    return LocalServer({"/search": searxng_route(urls)})


def verify(**settings: Any) -> Report:
    """flow.verify with the composition root's fetcher and the search providers ``settings`` configure."""
    with local_stack(**settings) as stack:
        return flow.verify(ArticleInput(text=ARTICLE, published="2019-06-14"), stack.fetcher, providers=stack.providers)


def labels(report: Report) -> list[str]:
    return [c.verdict.label for c in report.claims if c.verdict is not None]


def test_claims_are_unverified_without_providers(pages: LocalServer) -> None:
    report = verify()
    assert report.claims and set(labels(report)) == {"unverified"}
    assert pages.hits["/story/bridge"] == 0


def test_a_page_found_only_through_searxng_supports_the_claims(pages: LocalServer) -> None:
    with searxng_answering([pages.url("/story/fair"), pages.url("/story/bridge")]) as searx:
        report = verify(discovery_providers="searxng", searxng_url=searx.base_url, discovery_timeout=3.0)
        assert searx.hits["/search"] >= 1
    assert report.claims and set(labels(report)) == {"supported"}
    for result in report.claims:
        assert result.verdict is not None
        assert {e.url for e in result.verdict.evidence if e.stance == "supports"} == {pages.url("/story/bridge")}
    assert pages.hits["/story/bridge"] == 1  # fetched once for the article, however many claims found it
    assert report.failures == ()  # discovered sources belong to their claims, not to the article


def test_pages_kept_by_the_evidence_index_are_not_fetched_again(pages: LocalServer, tmp_path: Path) -> None:
    index = SqliteEvidenceIndex(tmp_path / "ev.sqlite3")
    try:
        index.add(extract_document(REPORT, pages.url("/story/bridge"), sha256="s", fetched_at="2019-06-14T10:00:00+00:00"))
    finally:
        index.close()
    report = verify(discovery_providers="index", index_url=f"sqlite:///{tmp_path / 'ev.sqlite3'}")
    assert set(labels(report)) == {"supported"}
    assert pages.hits["/story/bridge"] == 0
