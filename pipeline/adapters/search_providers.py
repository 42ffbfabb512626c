"""Search providers over documented HTTP APIs; each returns candidate source URLs for a query.

Each implements ``pipeline.ports.SearchProvider`` and reads only the fields its API documents:

- SearXNG ``GET /search?q=..&format=json`` -> ``{"results": [{"url", "title", "content", ...}]}``
  (the instance must enable the json format, else it answers 403);
- GDELT DOC 2.0 ``GET /api/v2/doc/doc?query=..&mode=artlist&format=json`` ->
  ``{"articles": [{"url", "title", "seendate", "domain", ...}]}`` (``{}`` when nothing matches;
  problems with the query come back as plain text, which is a "bad response" here);
- MediaWiki ``GET /w/api.php?action=query&list=search&srsearch=..&format=json`` ->
  ``{"query": {"search": [{"title", "pageid", "snippet", ...}]}}`` or ``{"error": {"code", "info"}}``;
  article URLs are built from titles (``/wiki/Title_with_underscores``);
- Google Fact Check Tools ``GET /v1alpha1/claims:search?query=..`` (key in ``X-Goog-Api-Key``) ->
  ``{"claims": [{"text", "claimant", "claimReview": [{"url", "publisher", "textualRating", ...}]}]}``
  (``{}`` when nothing matches): prior fact-checks, so the review URLs are returned.

Failures raise FetchError subclasses (see ``search_http``); keys are never logged or shown.
"""

from __future__ import annotations

from typing import Any, Sequence
from urllib.parse import quote

from pipeline.adapters.search_http import SearchAPI, bad_response, urls_from
from pipeline.discovery import DateWindow


class SearxngSearch:
    name = "searxng"
    PATH = "/search"

    def __init__(self, api: SearchAPI) -> None:
        self.api = api

    def search(self, query: str, *, limit: int = 5) -> Sequence[str]:
        data = self.api.get_json(self.PATH, {"q": query, "format": "json"})
        if not isinstance(data, dict) or not isinstance(data.get("results"), list):
            raise bad_response(self.api, self.PATH, "no results list")
        return urls_from(data["results"], "url", limit=limit)


class GdeltSearch:
    name = "gdelt"
    PATH = "/api/v2/doc/doc"

    def __init__(self, api: SearchAPI) -> None:
        self.api = api

    def search(self, query: str, *, limit: int = 5) -> Sequence[str]:
        return self.search_window(query, None, limit=limit)

    def search_window(self, query: str, window: DateWindow | None, *, limit: int = 5) -> Sequence[str]:
        params: dict[str, Any] = {"query": query, "mode": "artlist", "format": "json",
                                  "maxrecords": max(1, min(limit, 250)), "sort": "hybridrel"}
        if window is not None:
            params["startdatetime"] = window.start.strftime("%Y%m%d") + "000000"
            params["enddatetime"] = window.end.strftime("%Y%m%d") + "235959"
        data = self.api.get_json(self.PATH, params)
        if not isinstance(data, dict):
            raise bad_response(self.api, self.PATH, "answer is not an object")
        return urls_from(data.get("articles", []), "url", limit=limit)


class MediaWikiSearch:
    name = "mediawiki"

    def __init__(self, api: SearchAPI, *, api_path: str = "/w/api.php", article_path: str = "/wiki/") -> None:
        self.api = api
        self.api_path = api_path
        self.article_path = article_path

    def search(self, query: str, *, limit: int = 5) -> Sequence[str]:
        params = {"action": "query", "list": "search", "srsearch": query, "srlimit": max(1, min(limit, 500)),
                  "srprop": "", "format": "json"}
        data = self.api.get_json(self.api_path, params)
        if isinstance(data, dict) and isinstance(data.get("error"), dict):
            raise bad_response(self.api, self.api_path, f"API error {data['error'].get('code', '?')}")
        hits = data.get("query", {}).get("search") if isinstance(data, dict) else None
        if not isinstance(hits, list):
            raise bad_response(self.api, self.api_path, "no query.search list")
        titles = [h["title"] for h in hits if isinstance(h, dict) and isinstance(h.get("title"), str)]
        return [self.article_url(t) for t in titles[:limit]]

    def article_url(self, title: str) -> str:
        return self.api.base_url + self.article_path + quote(title.replace(" ", "_"), safe="/:(),'!*")


class FactCheckSearch:
    name = "factcheck"
    PATH = "/v1alpha1/claims:search"

    def __init__(self, api: SearchAPI, *, api_key: str, language: str | None = "en") -> None:
        self.api = api
        self._key = api_key
        self.language = language

    def __repr__(self) -> str:  # never show the key
        return f"FactCheckSearch({self.api.base_url!r})"

    def search(self, query: str, *, limit: int = 5) -> Sequence[str]:
        params: dict[str, Any] = {"query": query, "pageSize": max(1, limit)}
        if self.language:
            params["languageCode"] = self.language
        # the key as a header (Google APIs accept X-Goog-Api-Key), never in a logged query string
        data = self.api.get_json(self.PATH, params, headers={"X-Goog-Api-Key": self._key})
        if not isinstance(data, dict):
            raise bad_response(self.api, self.PATH, "answer is not an object")
        reviews: list[Any] = []
        for claim in data.get("claims", []) if isinstance(data.get("claims", []), list) else []:
            if isinstance(claim, dict) and isinstance(claim.get("claimReview"), list):
                reviews.extend(claim["claimReview"])
        return urls_from(reviews, "url", limit=limit)
