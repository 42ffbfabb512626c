"""Corpus mode on the scenario of tests/fixtures/corpus_scenario: 30 articles of 9 invented outlets
on three events over three days, with wire copies and disagreements, submitted one by one.

Later articles' claims get their verdicts from earlier articles of other outlets; a wire story
and its reprints count as one source; no article supports itself (tests/corpus_scenario.py
holds the checks). Once in process (flow.verify with an SQLite index) and once through the real
queue: the API over HTTP, real Celery workers, a real Redis, nothing configured but the stack.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from newscheck.localserver import LocalServer
from pipeline import flow
from pipeline.adapters.evidence_index import SqliteEvidenceIndex
from pipeline.models import ArticleInput
from tests.corpus_scenario import articles, check_reports, routes
from tests.support.stacks import local_stack
from tests.e2e.test_service import wait_done


@pytest.fixture(scope="module")
def outlets() -> Iterator[LocalServer]:
    with LocalServer(routes()) as server:
        yield server


def test_the_scenario_corroborates_itself_in_process(outlets: LocalServer, tmp_path: Path) -> None:
    index = SqliteEvidenceIndex(tmp_path / "evidence.sqlite3")
    try:
        with local_stack() as stack:
            reports = {a.slug: flow.verify(ArticleInput(url=outlets.url(a.path)), stack.fetcher, corpus=index).to_dict()
                       for a in articles()}
        assert index.count() == len(articles())
    finally:
        index.close()
    counts = check_reports(reports, outlets.base_url)
    assert counts["corroborated"] > 0


def test_without_a_corpus_every_claim_stays_unverified(outlets: LocalServer) -> None:
    with local_stack() as stack:
        reports = [flow.verify(ArticleInput(url=outlets.url(a.path)), stack.fetcher) for a in articles()[-3:]]
    for report in reports:
        assert report.claims and {c.verdict.label for c in report.claims if c.verdict} == {"unverified"}


@pytest.mark.slow
def test_the_scenario_corroborates_itself_through_the_queue(start_stack: Any, outlets: LocalServer) -> None:
    """Also: claims checked once. A reprint's claims carry the wire story's claim facts, so the
    reports say which articles share them, and some checks are reused rather than redone."""
    from pipeline.adapters.redis_state import RedisState

    with start_stack() as stack:
        ids: dict[str, str] = {}
        for a in articles():
            accepted = stack.client.submit(ArticleInput(url=outlets.url(a.path)))
            ids[a.slug] = accepted["id"]
            wait_done(stack.client, accepted["id"])
        reports = {slug: stack.client.report(aid) for slug, aid in ids.items()}  # shared_with as of now
        counts = check_reports(reports, outlets.base_url)
        assert counts["corroborated"] > 0, stack.logs()
        for a in articles():
            if a.story == a.slug:
                continue
            shared = {x for c in reports[a.slug]["claims"] for x in c["shared_with"]}
            assert ids[a.story] in shared, (a.slug, shared)
            assert ids[a.slug] in {x for c in reports[a.story]["claims"] for x in c["shared_with"]}
        stats = RedisState.from_url(stack.redis.url).stats.stats()
        assert stats.get("claims:reused", 0) > 0 and stats.get("claims:checked", 0) > 0, stats
