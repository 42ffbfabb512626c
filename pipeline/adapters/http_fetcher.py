"""The one page fetcher: safe (guarded addresses), bounded (time and bytes) and polite (robots, rate).

It sends through ``pipeline.adapters.transport.GuardedTransport``, the door every outbound
request uses. For every hop of a redirect chain: the URL and each address its host resolves to
pass the guard, robots.txt is consulted (cached per site), the shared per-domain rate limiter
grants a slot, and the connection goes to the vetted address itself (no second DNS lookup to
rebind). The transport's bounded read caps the bytes on the wire and decompressed (gzip bombs
stop at ``max_bytes``), and a wall-clock deadline bounds the whole call, including retries and
waits: requests' read timeout only bounds each gap between bytes.

Errors leave as ``pipeline.errors.FetchError`` subclasses::

    requests/urllib3 timeout, deadline passed  -> FetchTimeout       "timeout"
    connection refused/reset, DNS, TLS         -> ConnectionFailed   "connection"
    guard refusal (first hop or any redirect)  -> BlockedAddress     "blocked address"
    robots.txt disallows (or 5xx on robots)    -> RobotsDisallowed   "robots"
    body or Content-Length above max_bytes     -> TooLarge           "too large"
    PDF, image, JSON, unknown encoding         -> NotHTML            "not html"
    more than max_redirects hops               -> TooManyRedirects   "redirect loop"
    HTTP 402                                   -> Paywalled          "paywall"
    other 4xx/5xx                              -> HTTPStatusError    "http <status>"

Transient ones (timeouts, connection errors, 408/425/429/5xx) are retried as the ``RetryPolicy``
says (the project's one back-off, equal jitter); a 429/503 ``Retry-After`` is honoured when it
fits in the deadline.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urljoin

import requests

from pipeline.adapters.transport import (
    DEFAULT_USER_AGENT,
    PIN_ATTR,
    REDIRECT_STATUSES,
    Body,
    Deadline,
    GuardedTransport,
    PinnedAdapter,
    host_header,
)
from pipeline.decoding import decode_body, sniff_binary
from pipeline.errors import (
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    NotHTML,
    Paywalled,
    RobotsDisallowed,
    TooManyRedirects,
)
from pipeline.netguard import Resolver, Target, system_resolver
from pipeline.politeness import (
    utc_timestamp,
    ROBOTS_MAX_BYTES,
    RetryPolicy,
    RobotsPolicy,
    is_allowed_media_type,
    media_type,
    parse_retry_after,
    robots_key,
    robots_url,
)
from pipeline.ports import FetchedPage, RateLimiter, Validators

_ROBOTS_TTL = 3600.0
_ROBOTS_FAILURE_TTL = 60.0


def _conditional_headers(validators: Validators | None) -> dict[str, str]:
    if validators is None:
        return {}
    headers = {}
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


def _now_iso() -> str:
    return utc_timestamp()


class HttpFetcher:
    """``pipeline.ports.Fetcher`` over a GuardedTransport; see the module docstring for the guarantees.

    Without a ``transport`` one is built from ``allow_hosts``, ``resolver``, ``user_agent``,
    ``session`` and the timeouts (the composition root passes the shared one).
    """

    def __init__(
        self,
        *,
        transport: GuardedTransport | None = None,
        allow_hosts: Sequence[str] = (),
        connect_timeout: float = 5.0,
        read_timeout: float = 10.0,
        deadline: float = 20.0,
        max_bytes: int = 5_000_000,
        max_redirects: int = 5,
        user_agent: str = DEFAULT_USER_AGENT,
        respect_robots: bool = True,
        retry: RetryPolicy = RetryPolicy(2),
        rate_limiter: RateLimiter | None = None,
        session: requests.Session | None = None,
        resolver: Resolver = system_resolver,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.transport = transport or GuardedTransport.build(
            allow_hosts=allow_hosts, resolver=resolver, user_agent=user_agent, session=session,
            connect_timeout=connect_timeout, read_timeout=read_timeout)
        self.deadline = deadline
        self.max_bytes, self.max_redirects, self.retry = max_bytes, max_redirects, retry
        self.respect_robots = respect_robots
        self.rate_limiter, self.sleep = rate_limiter, sleep
        self._robots: dict[str, tuple[RobotsPolicy, float]] = {}
        self._robots_lock = threading.Lock()

    @property
    def user_agent(self) -> str:
        return self.transport.user_agent

    # -- public -----------------------------------------------------------------------------
    def fetch(self, url: str, *, validators: Validators | None = None) -> FetchedPage:
        """Fetch ``url`` or raise the FetchError that says why not, within ``deadline`` seconds.

        With ``validators`` the request is conditional (If-None-Match / If-Modified-Since); a
        304 answer comes back as ``not_modified=True`` with no body.
        """
        deadline = Deadline(self.deadline)
        conditional = _conditional_headers(validators)
        attempt = 0
        while True:
            try:
                body = self._follow(url, deadline, for_robots=False, extra_headers=conditional)
                break
            except FetchError as exc:
                if not exc.transient or not self.retry.allows(attempt):
                    raise
                wait = getattr(exc, "retry_after", None)
                wait = self.retry.delay(attempt) if wait is None else wait
                if wait >= deadline.remaining():
                    raise
                self.sleep(wait)
                attempt += 1
        if body.status == 304:
            return FetchedPage(url=url, final_url=body.final_url, status=304, content_type="text/html", text="",
                               sha256="", fetched_at=_now_iso(), etag=body.etag or (validators.etag if validators else None),
                               last_modified=body.last_modified or (validators.last_modified if validators else None),
                               not_modified=True)
        text, _codec = decode_body(body.raw, body.content_type)
        return FetchedPage(
            url=url,
            final_url=body.final_url,
            status=body.status,
            content_type=media_type(body.content_type) or "text/html",
            text=text,
            sha256=hashlib.sha256(body.raw).hexdigest(),
            fetched_at=_now_iso(),
            etag=body.etag,
            last_modified=body.last_modified,
        )

    def close(self) -> None:
        self.transport.close()

    # -- one redirect chain -------------------------------------------------------------------
    def _follow(self, url: str, deadline: Deadline, *, for_robots: bool,
                extra_headers: dict[str, str] | None = None) -> Body:
        current = url
        for _hop in range(self.max_redirects + 1):
            target = self.transport.vet(current, asked=url)
            if self.respect_robots and not for_robots:
                self._check_robots(url, current, deadline)
            self._wait_for_slot(url, target.host, deadline)
            response = self._send(url, target, deadline, extra_headers)
            location = response.headers.get("Location")
            if response.status_code in REDIRECT_STATUSES and location:
                response.close()
                current = urljoin(current, location.strip())
                continue
            try:
                return self._complete(url, current, response, deadline, for_robots=for_robots)
            finally:
                response.close()
        raise TooManyRedirects(url, f"more than {self.max_redirects} redirects")

    def _wait_for_slot(self, url: str, host: str, deadline: Deadline) -> None:
        if self.rate_limiter is None:
            return
        domain = host.lower().removeprefix("www.")
        while (wait := self.rate_limiter.acquire(domain)) > 0:
            if wait >= deadline.remaining():
                raise FetchTimeout(url, f"rate limit for {domain} leaves no time before the deadline")
            self.sleep(wait)

    def _send(self, url: str, target: Target, deadline: Deadline,
              extra_headers: dict[str, str] | None = None) -> requests.Response:
        return self.transport.send("GET", target, asked=url, deadline=deadline, headers={
            "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8",
            "Accept-Encoding": "gzip, deflate",
            "Accept-Language": "en;q=0.9, *;q=0.5",
            **(extra_headers or {}),
        })

    def _complete(self, url: str, current: str, response: requests.Response, deadline: Deadline,
                  *, for_robots: bool) -> Body:
        status = response.status_code
        content_type = response.headers.get("Content-Type", "")
        etag, last_modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
        if status == 304 and not for_robots:
            return Body(current, status, content_type, b"", etag, last_modified)
        if not for_robots:
            if status == 402:
                raise Paywalled(url, f"HTTP 402 from {current}")
            if status >= 400 or status in REDIRECT_STATUSES:
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                raise HTTPStatusError(url, status, f"from {current}", retry_after=retry_after)
            if not is_allowed_media_type(content_type):
                raise NotHTML(url, f"content-type {media_type(content_type)}")
        limit = ROBOTS_MAX_BYTES if for_robots else self.max_bytes
        raw = self.transport.read(url, response, deadline, limit, truncate=for_robots)
        if not for_robots and (binary := sniff_binary(raw)):
            raise NotHTML(url, f"body is {binary}")
        return Body(current, status, content_type, raw, etag, last_modified)

    # -- robots.txt -------------------------------------------------------------------------------
    def _check_robots(self, url: str, current: str, deadline: Deadline) -> None:
        if not self._robots_policy(current, deadline).allows(current, self.user_agent):
            raise RobotsDisallowed(url, f"robots.txt disallows {current}")

    def _robots_policy(self, current: str, deadline: Deadline) -> RobotsPolicy:
        key = robots_key(current)
        with self._robots_lock:
            cached = self._robots.get(key)
        if cached is not None and cached[1] > time.monotonic():
            return cached[0]
        try:
            body = self._follow(robots_url(current), deadline, for_robots=True)
            policy = RobotsPolicy.from_status(body.status, decode_body(body.raw, body.content_type)[0])
            ttl = _ROBOTS_TTL
        except FetchError:
            # unreachable robots.txt: the page fetch that follows fails with the real reason, or works
            policy, ttl = RobotsPolicy(None), _ROBOTS_FAILURE_TTL
        with self._robots_lock:
            self._robots[key] = (policy, time.monotonic() + ttl)
        return policy


__all__ = ["DEFAULT_USER_AGENT", "HttpFetcher", "PIN_ATTR", "PinnedAdapter", "REDIRECT_STATUSES", "host_header"]
