"""Search APIs (and their JSON answers) over the guarded transport, errors mapped to FetchError.

Every call goes through ``pipeline.adapters.transport.GuardedTransport``: the address is checked
after every DNS answer and every redirect, and the socket pinned to the checked address. An API
configured by IP address (the default SearXNG, http://127.0.0.1:8080) is trusted at that origin
only; a redirect anywhere else is vetted like a source. Calls are bounded
like sources: connect/read timeouts, a wall-clock deadline (a dripping answer cannot hold a
worker) and a byte cap (on the wire and decompressed). Errors never carry the query string,
because some APIs take their key there:

    requests Timeout, deadline passed       -> FetchTimeout      "timeout"
    connection refused/reset, DNS, TLS      -> ConnectionFailed  "connection"
    redirect to a refused address           -> BlockedAddress    "blocked address"
    HTTP 4xx/5xx                            -> HTTPStatusError   "http <status>"
    body above max_bytes                    -> TooLarge          "too large"
    body that is not JSON (or not expected) -> FetchError        "bad response"
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from pipeline.adapters.transport import GuardedTransport
from pipeline.errors import FailureReason, FetchError

BAD_RESPONSE = FailureReason.BAD_RESPONSE


class SearchAPI:
    """A JSON API under ``base_url``, called with bounded GETs through the guarded transport
    (a fresh one allowing nothing else when none is given)."""

    def __init__(self, base_url: str, *, timeout: float = 10.0, max_bytes: int = 2_000_000,
                 transport: GuardedTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.transport = (transport or GuardedTransport.build()).trusting(self.base_url)

    def get_json(self, path: str, params: Mapping[str, Any], *, headers: Mapping[str, str] | None = None) -> Any:
        """The decoded JSON answer of ``GET base_url + path?params``, or a FetchError.

        Credentials go in ``headers``: a query string is logged by urllib3 at DEBUG and by proxies."""
        endpoint = self.base_url + path
        body = self.transport.get(endpoint, params, timeout=self.timeout, max_bytes=self.max_bytes,
                                  accept="application/json", headers=headers)
        try:
            return json.loads(body.raw)
        except ValueError:
            raise FetchError(endpoint, "answer is not JSON", reason=BAD_RESPONSE) from None


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
