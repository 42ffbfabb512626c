"""One bounded GET for every search API (and feed), with library errors mapped to FetchError.

Search APIs are operator-configured services, not sources, so they are not address-guarded
(yet); feeds pass a ``vet`` guard, so every redirect hop is checked and the socket pinned. All are bounded like sources: connect/read timeouts, a wall-clock deadline (a dripping
answer cannot hold a worker) and a byte cap. Errors never carry the query string, because
some APIs take their key there:

    requests Timeout, deadline passed       -> FetchTimeout      "timeout"
    connection refused/reset, DNS, TLS      -> ConnectionFailed  "connection"
    HTTP 4xx/5xx                            -> HTTPStatusError   "http <status>"
    body above max_bytes                    -> TooLarge          "too large"
    body that is not JSON (or not expected) -> FetchError        "bad response"
"""

from __future__ import annotations

import json
import time
from typing import Any, Callable, Mapping
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions

from pipeline.adapters.http_fetcher import PIN_ATTR, REDIRECT_STATUSES, host_header
from pipeline.errors import ConnectionFailed, FetchError, FetchTimeout, HTTPStatusError, TooLarge, TooManyRedirects
from pipeline.netguard import Target

BAD_RESPONSE = "bad response"
USER_AGENT = "newscheck/0.1 (+https://github.com/newscheck/newscheck)"


class SearchAPI:
    """A JSON API under ``base_url``, called with bounded GETs through one pooled session."""

    def __init__(self, base_url: str, *, timeout: float = 10.0, max_bytes: int = 2_000_000,
                 session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", USER_AGENT)

    def get_json(self, path: str, params: Mapping[str, Any], *, headers: Mapping[str, str] | None = None) -> Any:
        """The decoded JSON answer of ``GET base_url + path?params``, or a FetchError.

        Credentials go in ``headers``: a query string is logged by urllib3 at DEBUG and by proxies."""
        endpoint = self.base_url + path
        body = bounded_get(self.session, endpoint, params, timeout=self.timeout, max_bytes=self.max_bytes,
                           accept="application/json", headers=headers)
        try:
            return json.loads(body)
        except ValueError:
            raise FetchError(endpoint, "answer is not JSON", reason=BAD_RESPONSE) from None


def bounded_get(session: requests.Session, url: str, params: Mapping[str, Any] | None = None, *, timeout: float,
                max_bytes: int, accept: str = "*/*", vet: Callable[[str], Target] | None = None,
                max_redirects: int = 5, headers: Mapping[str, str] | None = None) -> bytes:
    """The body of ``GET url?params`` within ``timeout`` seconds in all and ``max_bytes``; errors
    name ``url`` only (never the parameters, which may hold a key).

    With ``vet`` (a guard returning the checked Target), every hop of the redirect chain is vetted
    and the connection pinned to the vetted address (``session`` needs the PinnedAdapter mounted).
    """
    deadline = time.monotonic() + timeout
    try:
        if vet is None:
            resp = session.get(url, params=dict(params or {}), timeout=(timeout, timeout), stream=True,
                               headers={**(headers or {}), "Accept": accept})
        else:
            resp = _guarded_get(session, url, params, vet, timeout=timeout, accept=accept, max_redirects=max_redirects,
                                headers=headers)
        with resp:
            if resp.status_code >= 400:
                raise HTTPStatusError(url, resp.status_code)
            declared = resp.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise TooLarge(url, f"Content-Length {declared} above {max_bytes} bytes")
            chunks: list[bytes] = []
            size = 0
            while chunk := resp.raw.read1(16_384, decode_content=True):  # whatever has arrived, never waits to fill
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(url, f"answer above {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise FetchTimeout(url, "answer too slow")
                chunks.append(chunk)
            return b"".join(chunks)
    except (requests.Timeout, urllib3.exceptions.TimeoutError, TimeoutError):
        raise FetchTimeout(url) from None
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        raise ConnectionFailed(url, type(exc).__name__) from None


def _guarded_get(session: requests.Session, url: str, params: Mapping[str, Any] | None, vet: Callable[[str], Target],
                 *, timeout: float, accept: str, max_redirects: int,
                 headers: Mapping[str, str] | None = None) -> requests.Response:
    """Follow redirects by hand: vet each hop, connect to the vetted address only.

    ``headers`` (credentials) go only to the first URL's host, never to where it redirects."""
    current, query = url, dict(params or {})
    origin = urlsplit(url).netloc
    for _hop in range(max_redirects + 1):
        target = vet(current)
        sent = {**(headers or {}), "Accept": accept} if urlsplit(current).netloc == origin else {"Accept": accept}
        prepared = session.prepare_request(requests.Request("GET", current, params=query, headers=sent))
        prepared.headers["Host"] = host_header(target)
        setattr(prepared, PIN_ATTR, target.addresses[0])
        resp = session.send(prepared, timeout=(timeout, timeout), stream=True, allow_redirects=False)
        location = resp.headers.get("Location")
        if resp.status_code in REDIRECT_STATUSES and location:
            resp.close()
            current, query = urljoin(current, location.strip()), {}
            continue
        return resp
    raise TooManyRedirects(url, f"more than {max_redirects} redirects")


def bad_response(api: SearchAPI, path: str, detail: str) -> FetchError:
    """The error of an answer that is JSON but not in the API's documented shape."""
    return FetchError(api.base_url + path, detail, reason=BAD_RESPONSE)


def urls_from(items: Any, key: str, *, limit: int) -> list[str]:
    """``item[key]`` of each dict in ``items`` that is an http(s) URL, first ``limit``, no repeats."""
    if not isinstance(items, list):
        return []
    out: list[str] = []
    for item in items:
        url = item.get(key) if isinstance(item, dict) else None
        if isinstance(url, str) and url.startswith(("http://", "https://")) and url not in out:
            out.append(url)
        if len(out) >= limit:
            break
    return out
