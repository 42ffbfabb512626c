"""Discovery settings: parsing, refusals, the beat schedule and the providers they build."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.celery import ROUTES, beat_schedule
from config.settings import load_settings
from pipeline.adapters.evidence_index import SqliteEvidenceIndex
from pipeline.adapters.providers import build_providers
from pipeline.adapters.search_providers import FactCheckSearch, GdeltSearch, MediaWikiSearch, SearxngSearch
from pipeline.errors import ConfigError


def test_discovery_is_off_by_default() -> None:
    s = load_settings()
    assert s.discovery_providers == [] and s.feeds == []
    assert build_providers(s) == []
    assert set(beat_schedule(s)) == {"sweep"}


def test_comma_lists_build_providers_in_order(tmp_path: Path) -> None:
    s = load_settings(discovery_providers="gdelt, searxng,mediawiki,factcheck,index", factcheck_api_key="k-123",
                      index_url=f"sqlite:///{tmp_path}/ev.sqlite3", searxng_url="http://127.0.0.1:9/")
    providers = build_providers(s)
    assert [type(p) for p in providers] == [GdeltSearch, SearxngSearch, MediaWikiSearch, FactCheckSearch, SqliteEvidenceIndex]
    assert [p.name for p in providers] == ["gdelt", "searxng", "mediawiki", "factcheck", "index"]
    providers[-1].close()  # type: ignore[attr-defined]


def test_unknown_provider_missing_key_and_bad_index_url_are_refused() -> None:
    with pytest.raises(ConfigError, match="unknown bing"):
        load_settings(discovery_providers="bing")
    with pytest.raises(ConfigError, match="NEWSCHECK_FACTCHECK_API_KEY"):
        load_settings(discovery_providers="factcheck")
    with pytest.raises(ConfigError, match="NEWSCHECK_INDEX_URL"):
        load_settings(index_url="/tmp/index.db")


def test_the_api_key_is_not_shown_by_settings() -> None:
    s = load_settings(discovery_providers="factcheck", factcheck_api_key="very-secret-key")
    assert "very-secret-key" not in repr(s) and "very-secret-key" not in str(s.model_dump())


def test_feeds_schedule_ingestion_on_the_io_queue() -> None:
    s = load_settings(feeds="https://a.example/rss.xml,https://b.example/atom.xml", feed_interval=120)
    assert s.feeds == ["https://a.example/rss.xml", "https://b.example/atom.xml"]
    assert beat_schedule(s)["ingest_feeds"] == {"task": "newscheck.ingest_feeds", "schedule": 120.0}
    assert ROUTES["newscheck.ingest_feeds"]["queue"] == "io" and ROUTES["newscheck.discover_claim"]["queue"] == "io"
