"""A small client of the newscheck HTTP API (used by the CLI, the demo and the tests)."""

from __future__ import annotations

from typing import Any

import requests

from pipeline.errors import InputError, NotAuthorized, NotFound, RateLimited, ServiceError, StoreUnavailable
from pipeline.politeness import parse_retry_after
from pipeline.models import ArticleInput, to_dict


class ApiClient:
    def __init__(self, base_url: str, *, api_key: str | None = None, timeout: float = 30.0) -> None:
        self.base = base_url.rstrip("/")
        self.http = requests.Session()
        if api_key:
            self.http.headers["Authorization"] = f"Bearer {api_key}"
        self.timeout = timeout

    def _check(self, resp: requests.Response) -> dict[str, Any]:
        """The JSON answer, or the error its status means: 4xx is the caller's (404 NotFound,
        401/403 NotAuthorized, 429 RateLimited with Retry-After, others InputError), 5xx the
        service's (503 StoreUnavailable, others ServiceError)."""
        status = resp.status_code
        if status < 400:
            return resp.json()
        try:
            answer = resp.json()
            detail = answer.get("detail", resp.text) if isinstance(answer, dict) else resp.text[:200]
        except ValueError:
            detail = resp.text[:200]
        said = f"API answered {status}: {detail}"
        if status == 404:
            raise NotFound(str(detail))
        if status in (401, 403):
            raise NotAuthorized(said)
        if status == 429:
            wait = parse_retry_after(resp.headers.get("Retry-After"))
            raise RateLimited(said + (f" (try again in {wait:.0f}s)" if wait is not None else ""), retry_after=wait)
        if status == 503:
            raise StoreUnavailable(said)
        if status >= 500:
            raise ServiceError(said)
        raise InputError(said)

    def submit(self, inp: ArticleInput) -> dict[str, Any]:
        body = {k: v for k, v in to_dict(inp).items() if v not in (None, [], ())}
        return self._check(self.http.post(f"{self.base}/v1/articles", json=body, timeout=self.timeout))

    def report(self, article_id: str) -> dict[str, Any]:
        return self._check(self.http.get(f"{self.base}/v1/articles/{article_id}", timeout=self.timeout))

    def review(self, claim_id: str, label: str, note: str = "") -> dict[str, Any]:
        body = {"label": label, "note": note}
        return self._check(self.http.put(f"{self.base}/v1/claims/{claim_id}/review", json=body, timeout=self.timeout))

    def articles(self, *, limit: int = 20, cursor: str | None = None, status: str | None = None,
             label: str | None = None) -> dict[str, Any]:
        params = {k: v for k, v in {"limit": limit, "cursor": cursor, "status": status, "label": label}.items() if v}
        return self._check(self.http.get(f"{self.base}/v1/articles", params=params, timeout=self.timeout))

    def recheck(self, article_id: str, sources: list[str], *, replace: bool = False) -> dict[str, Any]:
        body = {"sources": sources, "replace": replace}
        return self._check(self.http.post(f"{self.base}/v1/articles/{article_id}/recheck", json=body, timeout=self.timeout))

    def delete(self, article_id: str) -> None:
        resp = self.http.delete(f"{self.base}/v1/articles/{article_id}", timeout=self.timeout)
        if resp.status_code != 204:
            self._check(resp)

    def claimreview(self, article_id: str) -> dict[str, Any]:
        return self._check(self.http.get(f"{self.base}/v1/articles/{article_id}/claimreview", timeout=self.timeout))

    def health(self) -> dict[str, Any]:
        resp = self.http.get(f"{self.base}/healthz", timeout=self.timeout)
        return {"status_code": resp.status_code, **resp.json()}
