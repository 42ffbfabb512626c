"""The generated articles served as a local news site and turned into submissions."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from bench.generator import SyntheticArticle
from newscheck.localserver import LocalServer, Route
from pipeline.models import ArticleInput

# Every source answers after this many seconds: a fast but real network round trip.
SOURCE_LATENCY_S = 0.02


def serve(site: LocalServer, articles: Sequence[SyntheticArticle]) -> None:
    """Publish the articles' source pages on ``site`` with the fixed latency."""
    for art in articles:
        for page in art.sources:
            site.add(page.path, Route(body=page.html, delay=SOURCE_LATENCY_S))


def article_input(art: SyntheticArticle, site: LocalServer) -> ArticleInput:
    """The article as a text submission that names its sources."""
    return ArticleInput(text=art.text, published=art.published, sources=tuple(site.url(p.path) for p in art.sources))


def revised(art: SyntheticArticle) -> SyntheticArticle:
    """A corrected version (a new article id) citing the same sources: the source cache's workload."""
    return dataclasses.replace(art, key=art.key + "r", text=art.text + "\n\nThis story has been updated.")


def source_paths(articles: Sequence[SyntheticArticle]) -> list[str]:
    return [p.path for art in articles for p in art.sources]


def fetch_counts(site: LocalServer, paths: Sequence[str], before: dict[str, int] | None = None) -> list[int]:
    """Requests each path got (since ``before``, a copy of ``site.hits``)."""
    before = before or {}
    return [site.hits.get(p, 0) - before.get(p, 0) for p in dict.fromkeys(paths)]
