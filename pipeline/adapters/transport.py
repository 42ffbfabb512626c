"""The one door for outbound HTTP: guarded, pinned, bounded, one user agent.

Sources, the article URL, robots.txt, feeds, search APIs and callbacks all leave through a
``GuardedTransport``. For every request and every redirect hop it resolves the host once, checks
every address of the answer (``pipeline.netguard``), and connects to a checked address itself,
so a DNS answer that changes between check and connect (rebinding) never reaches a socket.
Bodies are read raw and decompressed here, so both the bytes on the wire and the decompressed
bytes are capped (gzip bombs stop at the limit), within a wall-clock deadline: requests' read
timeout only bounds each gap between bytes.

``trusting(url)`` gives a view that also accepts the origin (scheme, address, port) of one
operator-configured service given by address, e.g. a SearXNG on http://127.0.0.1:8080: no DNS
answer is involved there, and a redirect to any other origin is vetted like a source. A service
given by name is checked like any source after every DNS answer (a private one is allow-listed
with NEWSCHECK_FETCH_ALLOW_HOSTS). Errors are
``pipeline.errors.FetchError`` subclasses and name the URL only, never query parameters (some
APIs take a key there).
"""

from __future__ import annotations

import socket
import time
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter

from pipeline.errors import (
    BlockedAddress,
    ConnectionFailed,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    NotHTML,
    TooLarge,
    TooManyRedirects,
    UnsafeURL,
)
from pipeline.netguard import Allowlist, Resolver, Target, parse_host_ip, split_url, system_resolver, vetted_addresses
from pipeline.politeness import USER_AGENT

DEFAULT_USER_AGENT = USER_AGENT  # the one string (settings.fetch_user_agent defaults to it)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PIN_ATTR = "newscheck_pinned_address"
_CHUNK = 64 * 1024
Origin = tuple[str, str, int]


class Deadline:
    """A wall-clock budget shared by every step of one call (hops, retries, waits, reads)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()


@dataclass(frozen=True)
class Body:
    """A complete answer: where it came from after redirects, its status, headers that matter, bytes."""

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


def pinned_session(session: requests.Session | None = None) -> requests.Session:
    """``session`` (or a new one) with the pinning adapter mounted and the environment's proxies
    ignored (a proxy would resolve names itself, bypassing the address guard)."""
    http = session or requests.Session()
    http.trust_env = False
    adapter = PinnedAdapter(max_retries=0)
    http.mount("http://", adapter)
    http.mount("https://", adapter)
    return http


def host_header(target: Target) -> str:
    host = f"[{target.host}]" if ":" in target.host else target.host
    default = 443 if target.scheme == "https" else 80
    return host if target.port == default else f"{host}:{target.port}"


def origin_of(url: str) -> Origin:
    """(scheme, host, port) of an http(s) URL; raises UnsafeURL for anything else."""
    scheme, host, port = split_url(url)
    return scheme, host.lower(), port


def _set_read_timeout(response: requests.Response, seconds: float) -> None:
    """Shrink the socket timeout to what is left of the deadline, so one blocked read cannot outlast it."""
    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if isinstance(sock, socket.socket):
        sock.settimeout(max(0.001, seconds))


@dataclass(frozen=True)
class GuardedTransport:
    """Every outbound request; see the module docstring for the guarantees."""

    allow: Allowlist = field(default_factory=lambda: Allowlist.parse(()))
    resolver: Resolver = system_resolver
    user_agent: str = DEFAULT_USER_AGENT
    session: requests.Session = field(default_factory=pinned_session)
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    trusted: frozenset[Origin] = frozenset()

    @classmethod
    def build(cls, *, allow_hosts: Sequence[str] | Allowlist = (), resolver: Resolver = system_resolver,
              user_agent: str = DEFAULT_USER_AGENT, session: requests.Session | None = None,
              connect_timeout: float = 5.0, read_timeout: float = 10.0) -> GuardedTransport:
        return cls(Allowlist.parse(allow_hosts), resolver, user_agent, pinned_session(session),
                   connect_timeout, read_timeout)

    def trusting(self, url: str) -> GuardedTransport:
        """This transport, also accepting the origin of ``url`` (an operator-configured service)
        when its host is an IP address; a named host stays checked after every DNS answer."""
        origin = origin_of(url)
        if parse_host_ip(origin[1]) is None:
            return self
        return replace(self, trusted=self.trusted | {origin})

    def close(self) -> None:
        self.session.close()

    # -- the guard ----------------------------------------------------------------------------
    def vet(self, url: str, *, asked: str | None = None) -> Target:
        """``url`` resolved once with every address checked; raises BlockedAddress or ConnectionFailed
        naming ``asked`` (the URL first asked for, when ``url`` is a redirect hop)."""
        asked = asked or url
        hop = "" if url == asked else f"redirect to {url}: "
        try:
            if origin_of(url) in self.trusted:  # an IP literal: nothing to resolve
                scheme, host, port = split_url(url)
                return Target(url, scheme, host, port, (str(parse_host_ip(host)),))
            return vetted_addresses(url, self.allow, self.resolver)
        except UnsafeURL as exc:
            raise BlockedAddress(asked, f"{hop}{exc}") from None
        except OSError as exc:
            raise ConnectionFailed(asked, f"{hop}cannot resolve host: {exc}") from None

    # -- one request to one vetted target -------------------------------------------------------
    def send(self, method: str, target: Target, *, asked: str, deadline: Deadline,
             headers: Mapping[str, str] | None = None, params: Mapping[str, Any] | None = None,
             json: Any = None, data: bytes | None = None, stream: bool = True) -> requests.Response:
        """One request to the vetted address (no redirects followed), within what is left of ``deadline``."""
        remaining = deadline.remaining()
        if remaining <= 0:
            raise FetchTimeout(asked, f"deadline of {deadline.seconds}s passed")
        request = requests.Request(method, target.url, params=dict(params or {}), json=json, data=data,
                                   headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate",
                                            **(headers or {})})  # only what the bounded read decodes
        prepared = self.session.prepare_request(request)
        prepared.headers["Host"] = host_header(target)
        setattr(prepared, PIN_ATTR, target.addresses[0])
        timeout = (min(self.connect_timeout, remaining), min(self.read_timeout, remaining))
        try:
            return self.session.send(prepared, stream=stream, timeout=timeout, allow_redirects=False)
        except requests.Timeout as exc:
            raise FetchTimeout(asked, f"no answer from {target.host}: {type(exc).__name__}") from None
        except requests.RequestException as exc:
            raise ConnectionFailed(asked, f"{target.host}: {type(exc).__name__}") from None

    def read(self, asked: str, response: requests.Response, deadline: Deadline, limit: int,
             *, truncate: bool = False) -> bytes:
        """The one bounded read: the body within ``limit`` bytes (on the wire and decoded) and the
        deadline; with ``truncate`` the first ``limit`` bytes instead of TooLarge."""
        declared = response.headers.get("Content-Length", "")
        encoding = response.headers.get("Content-Encoding", "").strip().lower()
        if not truncate and declared.isdigit() and int(declared) > limit:
            raise TooLarge(asked, f"Content-Length {declared} above {limit} bytes")
        decoder = _Decompressor(encoding, asked, limit)
        wire = 0
        try:
            while True:
                remaining = deadline.remaining()
                if remaining <= 0:
                    raise FetchTimeout(asked, f"body not complete within the {deadline.seconds}s deadline")
                _set_read_timeout(response, min(self.read_timeout, remaining))
                chunk = response.raw.read1(_CHUNK, decode_content=False)
                if not chunk:
                    return decoder.result()
                wire += len(chunk)
                if wire > limit:
                    raise TooLarge(asked, f"body above {limit} bytes")
                decoder.feed(chunk)
        except TooLarge:
            if truncate:
                return decoder.result()
            raise
        except (urllib3.exceptions.ReadTimeoutError, socket.timeout, TimeoutError):
            raise FetchTimeout(asked, "source stopped sending") from None
        except (urllib3.exceptions.HTTPError, requests.RequestException, OSError) as exc:
            if deadline.remaining() <= 0:
                raise FetchTimeout(asked, f"body not complete within the {deadline.seconds}s deadline") from None
            raise ConnectionFailed(asked, f"body interrupted: {type(exc).__name__}") from None

    # -- whole calls ------------------------------------------------------------------------------
    def get(self, url: str, params: Mapping[str, Any] | None = None, *, timeout: float, max_bytes: int,
            accept: str = "*/*", headers: Mapping[str, str] | None = None, max_redirects: int = 5) -> Body:
        """``GET url?params``, redirects followed by hand (each hop vetted), the body read in full
        within ``timeout`` seconds in all and ``max_bytes``; HTTP >= 400 is HTTPStatusError.

        ``headers`` (credentials) go only to the first URL's origin, never to where it redirects."""
        deadline = Deadline(timeout)
        current, query, origin = url, dict(params or {}), origin_of(url)
        for _hop in range(max_redirects + 1):
            target = self.vet(current, asked=url)
            own = headers if origin_of(current) == origin else None
            response = self.send("GET", target, asked=url, deadline=deadline, params=query,
                                 headers={**(own or {}), "Accept": accept})
            with response:
                location = response.headers.get("Location")
                if response.status_code in REDIRECT_STATUSES and location:
                    current, query = urljoin(current, location.strip()), {}
                    continue
                if response.status_code >= 400:
                    raise HTTPStatusError(url, response.status_code)
                raw = self.read(url, response, deadline, max_bytes)
                return Body(current, response.status_code, response.headers.get("Content-Type", ""), raw,
                            response.headers.get("ETag"), response.headers.get("Last-Modified"))
        raise TooManyRedirects(url, f"more than {max_redirects} redirects")

    def post_json(self, url: str, payload: Any, *, timeout: float, headers: Mapping[str, str] | None = None) -> int:
        """POST ``payload`` as JSON (or, as bytes, the JSON body already encoded: a signed body is
        sent byte for byte); returns the status code. Redirects are not followed (a 3xx is returned
        as it is); HTTP >= 400 is HTTPStatusError."""
        target = self.vet(url)
        if isinstance(payload, bytes):
            response = self.send("POST", target, asked=url, deadline=Deadline(timeout), data=payload,
                                 headers={**(headers or {}), "Content-Type": "application/json"})
        else:
            response = self.send("POST", target, asked=url, deadline=Deadline(timeout), json=payload, headers=headers)
        response.close()  # the answer's body is never read
        if response.status_code >= 400:
            raise HTTPStatusError(url, response.status_code)
        return response.status_code


__all__ = ["Body", "DEFAULT_USER_AGENT", "Deadline", "FetchError", "GuardedTransport", "PIN_ATTR", "PinnedAdapter",
           "REDIRECT_STATUSES", "host_header", "origin_of", "pinned_session"]
