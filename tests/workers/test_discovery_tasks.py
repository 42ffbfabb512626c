"""The queued path with discovery on: extract_claims -> discover_claim (io) -> judge_claim, on real workers."""

from __future__ import annotations

import time
from typing import Any, Iterator

import pytest

from config.settings import load_settings
from newscheck.localserver import LocalServer, Route
from pipeline.adapters import wiring
from pipeline.adapters.redis_state import RedisState
from pipeline.models import ArticleInput
from tests.discovery_pages import ARTICLE, NO_ROBOTS, REPORT, searxng_route
from tests.support.reports import comparable


@pytest.fixture(scope="module")
def pages() -> Iterator[LocalServer]:
    with LocalServer({"/robots.txt": NO_ROBOTS, "/story/bridge": Route(body=REPORT)}) as server:
        yield server


@pytest.fixture(scope="module")
def searxng(pages: LocalServer) -> Iterator[LocalServer]:
    with LocalServer({"/search": searxng_route([pages.url("/story/bridge")])}) as server:
        yield server


@pytest.fixture(scope="module")
def discovery_stack(tmp_path_factory: pytest.TempPathFactory, searxng: LocalServer) -> Iterator[Any]:
    from tests.conftest import running_stack

    with running_stack(tmp_path_factory, discovery_providers="searxng", searxng_url=searxng.base_url) as stack:
        yield stack


def finished(stack: Any, inp: ArticleInput) -> dict[str, Any]:
    client = stack.client
    aid = client.submit(inp)["id"]
    deadline = time.monotonic() + 120
    report = client.report(aid)
    while report["status"] not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.3)
        report = client.report(aid)
    assert report["status"] == "done", stack.logs()
    return report


@pytest.mark.slow
def test_claims_are_judged_with_the_sources_discovered_for_them(discovery_stack: Any, pages: LocalServer,
                                                                 searxng: LocalServer) -> None:
    report = finished(discovery_stack, ArticleInput(text=ARTICLE, published="2019-06-14"))
    assert report["claims"] and {c["verdict"]["label"] for c in report["claims"]} == {"supported"}, discovery_stack.logs()
    # claims discovered at the same moment may both miss the shared cache: at most one fetch per claim
    assert searxng.hits["/search"] >= 1 and 1 <= pages.hits["/story/bridge"] <= len(report["claims"])
    store = RedisState.from_url(discovery_stack.redis.url)
    for claim in report["claims"]:
        found = store.verdicts.claim_sources(claim["id"])
        assert found is not None and [d.url for d in found[0]] == [pages.url("/story/bridge")]
    assert report["source_failures"] == []


@pytest.mark.slow
def test_queued_path_agrees_with_in_process_verify_with_discovery_on(discovery_stack: Any, pages: LocalServer,
                                                                     searxng: LocalServer) -> None:
    """Both paths take their stack from the composition root: same providers, same sources, same verdicts."""
    inp = ArticleInput(text=ARTICLE, published="2019-06-14")
    queued = finished(discovery_stack, inp)
    s = load_settings(fetch_allow_hosts=["127.0.0.1"], discovery_providers="searxng", searxng_url=searxng.base_url)
    reference = wiring.in_process(s).verify(inp).to_dict()
    assert reference["id"] == queued["id"]
    assert comparable(reference) == comparable(queued)
    discovered = {e["url"] for c in reference["claims"] for e in c["verdict"]["evidence"]}
    assert discovered == {pages.url("/story/bridge")}  # found only through the search provider
