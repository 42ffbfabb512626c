"""The one HTTP fetcher: safe (guarded addresses), bounded (time and bytes) and polite (robots, rate).

For every hop of a redirect chain: the URL and each address its host resolves to pass the
guard (``pipeline.netguard``), robots.txt is consulted (cached per site), the shared per-domain
rate limiter grants a slot, and the connection goes to the vetted address itself (no second
DNS lookup to rebind). The body is read raw and decompressed here, so both the bytes on the
wire and the decompressed bytes are capped (gzip bombs stop at ``max_bytes``), and a
wall-clock deadline bounds the whole call, including retries and waits: requests' read timeout
only bounds each gap between bytes, so a source dripping one byte a second would never trip it.

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

Transient ones (timeouts, connection errors, 408/425/429/5xx) are retried with backoff and
jitter; a 429/503 ``Retry-After`` is honoured when it fits in the deadline.
"""

from __future__ import annotations

import hashlib
import socket
import threading
import time
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Sequence
from urllib.parse import urljoin

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter

from pipeline.decoding import decode_body, sniff_binary
from pipeline.errors import (
    BlockedAddress,
    ConnectionFailed,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    NotHTML,
    Paywalled,
    RobotsDisallowed,
    TooLarge,
    TooManyRedirects,
    UnsafeURL,
)
from pipeline.netguard import Allowlist, Resolver, Target, system_resolver, vetted_addresses
from pipeline.politeness import (
    ROBOTS_MAX_BYTES,
    RobotsPolicy,
    backoff_delay,
    is_allowed_media_type,
    media_type,
    parse_retry_after,
    robots_key,
    robots_url,
)
from pipeline.ports import FetchedPage, Validators, RateLimiter

DEFAULT_USER_AGENT = "newscheck/0.1 (+https://github.com/newscheck)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_ROBOTS_TTL = 3600.0
_ROBOTS_FAILURE_TTL = 60.0
PIN_ATTR = "newscheck_pinned_address"


@dataclass
class _Deadline:
    end: float

    def remaining(self) -> float:
        return self.end - time.monotonic()


@dataclass(frozen=True)
class _Body:
    final_url: str
    status: int
    content_type: str
    raw: bytes
    etag: str | None = None
    last_modified: str | None = None


class _Decompressor:
    """Incremental gzip/deflate/identity decoding that stops as soon as output passes ``limit``."""

    def __init__(self, encoding: str, url: str, limit: int) -> None:
        self.url, self.limit, self.size = url, limit, 0
        self.parts: list[bytes] = []
        self.encoding = encoding
        if encoding in ("gzip", "x-gzip"):
            self._z: Any = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = None  # zlib-wrapped or raw: decided on the first bytes
        elif encoding in ("", "identity"):
            self._z = False
        else:
            raise NotHTML(url, f"unsupported content-encoding {encoding!r}")

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise TooLarge(self.url, f"body above {self.limit} bytes once decompressed")
        self.parts.append(data)

    def feed(self, data: bytes) -> None:
        if self._z is False:
            self._add(data)
            return
        if self._z is None:
            self._z = zlib.decompressobj(zlib.MAX_WBITS if data[:1] == b"\x78" else -zlib.MAX_WBITS)
        try:
            while data:
                self._add(self._z.decompress(data, self.limit - self.size + 1))
                data = self._z.unconsumed_tail
                if not data and self._z.eof and self._z.unused_data and self.encoding != "deflate":
                    data, self._z = self._z.unused_data, zlib.decompressobj(16 + zlib.MAX_WBITS)  # next gzip member
        except zlib.error as exc:
            raise ConnectionFailed(self.url, f"corrupt {self.encoding} body: {exc}") from None

    def result(self) -> bytes:
        return b"".join(self.parts)


class PinnedAdapter(HTTPAdapter):
    """Connects to the address the guard vetted, while Host, SNI and the certificate check use the name."""

    def get_connection_with_tls_context(self, request: requests.PreparedRequest, verify: Any,
                                        proxies: Any = None, cert: Any = None) -> Any:
        address = getattr(request, PIN_ATTR, None)
        if address is None:
            return super().get_connection_with_tls_context(request, verify, proxies, cert)
        host_params, base_kwargs = self.build_connection_pool_key_attributes(request, verify, cert)
        name = host_params["host"]
        host_params = {**host_params, "host": address}
        pool_kwargs: dict[str, Any] = dict(base_kwargs)
        if host_params["scheme"] == "https":
            pool_kwargs.update(server_hostname=name, assert_hostname=name)
        return self.poolmanager.connection_from_host(**host_params, pool_kwargs=pool_kwargs)


def host_header(target: Target) -> str:
    host = f"[{target.host}]" if ":" in target.host else target.host
    default = 443 if target.scheme == "https" else 80
    return host if target.port == default else f"{host}:{target.port}"


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
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _set_read_timeout(response: requests.Response, seconds: float) -> None:
    """Shrink the socket timeout to what is left of the deadline, so one blocked read cannot outlast it."""
    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if isinstance(sock, socket.socket):
        sock.settimeout(max(0.001, seconds))


class HttpFetcher:
    """``pipeline.ports.Fetcher`` over requests; see the module docstring for the guarantees.

    A given ``session`` gets the pinning adapter mounted and its proxy settings from the
    environment ignored (a proxy would resolve names itself, bypassing the address guard).
    """

    def __init__(
        self,
        *,
        allow_hosts: Sequence[str] = (),
        connect_timeout: float = 5.0,
        read_timeout: float = 10.0,
        deadline: float = 20.0,
        max_bytes: int = 5_000_000,
        max_redirects: int = 5,
        user_agent: str = DEFAULT_USER_AGENT,
        respect_robots: bool = True,
        retries: int = 2,
        rate_limiter: RateLimiter | None = None,
        session: requests.Session | None = None,
        resolver: Resolver = system_resolver,
        backoff: Callable[[int], float] = backoff_delay,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.allow = Allowlist.parse(allow_hosts)
        self.connect_timeout, self.read_timeout, self.deadline = connect_timeout, read_timeout, deadline
        self.max_bytes, self.max_redirects, self.retries = max_bytes, max_redirects, retries
        self.user_agent, self.respect_robots = user_agent, respect_robots
        self.rate_limiter, self.resolver, self.backoff, self.sleep = rate_limiter, resolver, backoff, sleep
        self.session = session or requests.Session()
        self.session.trust_env = False
        adapter = PinnedAdapter(max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self._robots: dict[str, tuple[RobotsPolicy, float]] = {}
        self._robots_lock = threading.Lock()

    # -- public -----------------------------------------------------------------------------
    def fetch(self, url: str, *, validators: Validators | None = None) -> FetchedPage:
        """Fetch ``url`` or raise the FetchError that says why not, within ``deadline`` seconds.

        With ``validators`` the request is conditional (If-None-Match / If-Modified-Since); a
        304 answer comes back as ``not_modified=True`` with no body.
        """
        deadline = _Deadline(time.monotonic() + self.deadline)
        conditional = _conditional_headers(validators)
        attempt = 0
        while True:
            try:
                body = self._follow(url, deadline, for_robots=False, extra_headers=conditional)
                break
            except FetchError as exc:
                if not exc.transient or attempt >= self.retries:
                    raise
                wait = getattr(exc, "retry_after", None)
                wait = self.backoff(attempt) if wait is None else wait
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
        self.session.close()

    # -- one redirect chain -------------------------------------------------------------------
    def _follow(self, url: str, deadline: _Deadline, *, for_robots: bool,
                extra_headers: dict[str, str] | None = None) -> _Body:
        current = url
        for _hop in range(self.max_redirects + 1):
            target = self._vet(url, current)
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

    def _vet(self, url: str, current: str) -> Target:
        hop = "" if current == url else f"redirect to {current}: "
        try:
            return vetted_addresses(current, self.allow, self.resolver)
        except UnsafeURL as exc:
            raise BlockedAddress(url, f"{hop}{exc}") from None
        except OSError as exc:
            raise ConnectionFailed(url, f"{hop}cannot resolve host: {exc}") from None

    def _wait_for_slot(self, url: str, host: str, deadline: _Deadline) -> None:
        if self.rate_limiter is None:
            return
        domain = host.lower().removeprefix("www.")
        while (wait := self.rate_limiter.acquire(domain)) > 0:
            if wait >= deadline.remaining():
                raise FetchTimeout(url, f"rate limit for {domain} leaves no time before the deadline")
            self.sleep(wait)

    def _send(self, url: str, target: Target, deadline: _Deadline,
              extra_headers: dict[str, str] | None = None) -> requests.Response:
        remaining = deadline.remaining()
        if remaining <= 0:
            raise FetchTimeout(url, f"deadline of {self.deadline}s passed")
        request = requests.Request("GET", target.url, headers={
            "User-Agent": self.user_agent,
            "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8",
            "Accept-Encoding": "gzip, deflate",
            "Accept-Language": "en;q=0.9, *;q=0.5",
            **(extra_headers or {}),
        })
        prepared = self.session.prepare_request(request)
        prepared.headers["Host"] = host_header(target)
        setattr(prepared, PIN_ATTR, target.addresses[0])
        timeout = (min(self.connect_timeout, remaining), min(self.read_timeout, remaining))
        try:
            return self.session.send(prepared, stream=True, timeout=timeout, allow_redirects=False)
        except requests.Timeout as exc:
            raise FetchTimeout(url, f"no answer from {target.host}: {type(exc).__name__}") from None
        except requests.RequestException as exc:
            raise ConnectionFailed(url, f"{target.host}: {type(exc).__name__}") from None

    def _complete(self, url: str, current: str, response: requests.Response, deadline: _Deadline,
                  *, for_robots: bool) -> _Body:
        status = response.status_code
        content_type = response.headers.get("Content-Type", "")
        etag, last_modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
        if status == 304 and not for_robots:
            return _Body(current, status, content_type, b"", etag, last_modified)
        if not for_robots:
            if status == 402:
                raise Paywalled(url, f"HTTP 402 from {current}")
            if status >= 400 or status in REDIRECT_STATUSES:
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                raise HTTPStatusError(url, status, f"from {current}", retry_after=retry_after)
            if not is_allowed_media_type(content_type):
                raise NotHTML(url, f"content-type {media_type(content_type)}")
        limit = ROBOTS_MAX_BYTES if for_robots else self.max_bytes
        raw = self._read(url, response, deadline, limit, truncate=for_robots)
        if not for_robots and (binary := sniff_binary(raw)):
            raise NotHTML(url, f"body is {binary}")
        return _Body(current, status, content_type, raw, etag, last_modified)

    def _read(self, url: str, response: requests.Response, deadline: _Deadline, limit: int,
              *, truncate: bool) -> bytes:
        """Read and decompress the body within ``limit`` bytes (on the wire and decoded) and the deadline."""
        declared = response.headers.get("Content-Length", "")
        encoding = response.headers.get("Content-Encoding", "").strip().lower()
        if not truncate and declared.isdigit() and int(declared) > limit:
            raise TooLarge(url, f"Content-Length {declared} above {limit} bytes")
        decoder = _Decompressor(encoding, url, limit)
        wire = 0
        try:
            while True:
                remaining = deadline.remaining()
                if remaining <= 0:
                    raise FetchTimeout(url, f"body not complete within the {self.deadline}s deadline")
                _set_read_timeout(response, min(self.read_timeout, remaining))
                chunk = response.raw.read1(_CHUNK, decode_content=False)
                if not chunk:
                    return decoder.result()
                wire += len(chunk)
                if wire > limit:
                    raise TooLarge(url, f"body above {limit} bytes")
                decoder.feed(chunk)
        except TooLarge:
            if truncate:
                return decoder.result()
            raise
        except (urllib3.exceptions.ReadTimeoutError, socket.timeout, TimeoutError):
            raise FetchTimeout(url, "source stopped sending") from None
        except (urllib3.exceptions.HTTPError, requests.RequestException, OSError) as exc:
            if deadline.remaining() <= 0:
                raise FetchTimeout(url, f"body not complete within the {self.deadline}s deadline") from None
            raise ConnectionFailed(url, f"body interrupted: {type(exc).__name__}") from None

    # -- robots.txt -------------------------------------------------------------------------------
    def _check_robots(self, url: str, current: str, deadline: _Deadline) -> None:
        if not self._robots_policy(current, deadline).allows(current, self.user_agent):
            raise RobotsDisallowed(url, f"robots.txt disallows {current}")

    def _robots_policy(self, current: str, deadline: _Deadline) -> RobotsPolicy:
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



def pinned_post(url: str, payload: Any, *, allow_hosts: Sequence[str] | Allowlist = (), timeout: float = 10.0,
                resolver: Resolver = system_resolver, user_agent: str = DEFAULT_USER_AGENT,
                session: requests.Session | None = None, headers: dict[str, str] | None = None) -> int:
    """POST ``payload`` as JSON to ``url`` over the same guard as fetches; returns the status code.

    ``payload`` may be the JSON body as bytes already (a signed body must be sent byte for byte).

    The host is resolved once, every answer checked, and the connection made to the checked
    address (no second DNS lookup, so a rebinding answer never reaches the socket). Redirects are
    not followed. Raises BlockedAddress, ConnectionFailed, FetchTimeout or HTTPStatusError (>= 400).
    """
    try:
        target = vetted_addresses(url, Allowlist.parse(allow_hosts), resolver)
    except UnsafeURL as exc:
        raise BlockedAddress(url, str(exc)) from None
    except OSError as exc:
        raise ConnectionFailed(url, f"cannot resolve host: {exc}") from None
    own = session is None
    http = session or requests.Session()
    http.trust_env = False
    adapter = PinnedAdapter(max_retries=0)
    http.mount("http://", adapter)
    http.mount("https://", adapter)
    try:
        sent = {"User-Agent": user_agent, **(headers or {})}
        if isinstance(payload, bytes):
            request = requests.Request("POST", target.url, data=payload, headers={**sent, "Content-Type": "application/json"})
        else:
            request = requests.Request("POST", target.url, json=payload, headers=sent)
        prepared = http.prepare_request(request)
        prepared.headers["Host"] = host_header(target)
        setattr(prepared, PIN_ATTR, target.addresses[0])
        try:
            response = http.send(prepared, timeout=timeout, allow_redirects=False)
        except requests.Timeout as exc:
            raise FetchTimeout(url, f"no answer from {target.host}: {type(exc).__name__}") from None
        except requests.RequestException as exc:
            raise ConnectionFailed(url, f"{target.host}: {type(exc).__name__}") from None
        response.close()
        if response.status_code >= 400:
            raise HTTPStatusError(url, response.status_code)
        return response.status_code
    finally:
        if own:
            http.close()
