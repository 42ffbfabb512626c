"""The search providers named in ``NEWSCHECK_DISCOVERY_PROVIDERS``, built from settings.

Kept apart from the providers themselves so each of them stays a plain class taking its
API client; this is the one place that knows setting names. An empty list means discovery
is off: claims are checked against submitted and cited sources only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pipeline.adapters.evidence_index import EvidenceIndex, open_index
from pipeline.adapters.search_http import SearchAPI
from pipeline.adapters.search_providers import FactCheckSearch, GdeltSearch, MediaWikiSearch, SearxngSearch
from pipeline.adapters.transport import GuardedTransport
from pipeline.errors import ConfigError
from pipeline.ports import SearchProvider


def build_providers(settings: Any, *, transport: GuardedTransport | None = None,
                    index: Callable[[], EvidenceIndex] | None = None) -> list[SearchProvider]:
    """One provider per configured name, in the configured order (``settings`` is config.settings.Settings).

    Their APIs are called through ``transport`` (the composition root's guarded one); ``index``
    gives the evidence index the "index" provider searches (the root's shared one)."""
    out: list[SearchProvider] = []
    for name in settings.discovery_providers:
        out.append(build_provider(name, settings, transport=transport, index=index))
    return out


def build_provider(name: str, settings: Any, *, transport: GuardedTransport | None = None,
                   index: Callable[[], EvidenceIndex] | None = None) -> SearchProvider:
    def api(base_url: str) -> SearchAPI:
        return SearchAPI(base_url, timeout=settings.discovery_timeout, transport=transport)

    if name == "searxng":
        return SearxngSearch(api(settings.searxng_url))
    if name == "gdelt":
        return GdeltSearch(api(settings.gdelt_url))
    if name == "mediawiki":
        return MediaWikiSearch(api(settings.mediawiki_url))
    if name == "factcheck":
        if settings.factcheck_api_key is None:
            raise ConfigError("the factcheck provider needs NEWSCHECK_FACTCHECK_API_KEY")
        return FactCheckSearch(api(settings.factcheck_url), api_key=settings.factcheck_api_key.get_secret_value())
    if name == "index":
        return index() if index is not None else open_index(settings.index_url)
    raise ConfigError(f"unknown discovery provider: {name}")
