"""HttpFetcher against real misbehaving HTTP servers on 127.0.0.1 (no mocks of requests)."""

from __future__ import annotations

import gzip
import hashlib
import re
import shutil
import ssl
import subprocess
import time
import zlib
from collections.abc import Iterator

import pytest
import requests

from newscheck.localserver import LocalServer, Route
from pipeline.adapters.http_fetcher import HttpFetcher
from pipeline.politeness import RetryPolicy
from pipeline.errors import (
    BlockedAddress,
    ConnectionFailed,
    FetchTimeout,
    HTTPStatusError,
    NotHTML,
    Paywalled,
    RobotsDisallowed,
    TooLarge,
    TooManyRedirects,
)

PAGE = "<!doctype html><html><head><title>Dam report</title></head><body><p>Engineers said the dam held.</p></body></html>"
FRENCH = "Le ministère a précisé que les équipes étaient déployées à l'entrée du réservoir, près de l'école élémentaire. " * 3


def fetcher(*, retries: int = 2, **kwargs: object) -> HttpFetcher:
    """A fetcher allowed to reach the test server, with test-sized timeouts and short back-off."""
    options: dict[str, object] = dict(allow_hosts=["127.0.0.1"], connect_timeout=1.0, read_timeout=1.0,
                                      deadline=3.0, retry=RetryPolicy(retries, base=0.1, cap=0.1))
    options.update(kwargs)
    return HttpFetcher(**options)  # type: ignore[arg-type]


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


def test_normal_page(server: LocalServer) -> None:
    server.add("/news", Route(body=PAGE))
    page = fetcher().fetch(server.url("/news"))
    assert page.text == PAGE
    assert (page.url, page.final_url, page.status, page.content_type) == (server.url("/news"),) * 2 + (200, "text/html")
    assert page.sha256 == hashlib.sha256(PAGE.encode()).hexdigest()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", page.fetched_at)
    assert server.hits["/news"] == 1
    request = [r for r in server.received if r.path == "/news"][0]
    assert request.headers["User-Agent"].startswith("newscheck/")


def test_gzip_body_is_decompressed_and_hashed_decompressed(server: LocalServer) -> None:
    server.add("/z", Route(body=gzip.compress(PAGE.encode()), headers={"Content-Encoding": "gzip"}))
    server.add("/d", Route(body=zlib.compress(PAGE.encode()), headers={"Content-Encoding": "deflate"}))
    for path in ("/z", "/d"):
        page = fetcher().fetch(server.url(path))
        assert page.text == PAGE
        assert page.sha256 == hashlib.sha256(PAGE.encode()).hexdigest()


def test_wrong_charset_header_on_utf8_body(server: LocalServer) -> None:
    server.add("/w", Route(body=FRENCH.encode("utf-8"), content_type="text/html; charset=iso-8859-1"))
    assert fetcher().fetch(server.url("/w")).text == FRENCH


def test_meta_charset_beats_an_impossible_header(server: LocalServer) -> None:
    html = f'<html><head><meta charset="windows-1252"></head><body><p>{FRENCH}</p></body></html>'
    server.add("/m", Route(body=html.encode("cp1252"), content_type="text/html; charset=utf-8"))
    assert FRENCH in fetcher().fetch(server.url("/m")).text


def test_missing_charset_is_detected(server: LocalServer) -> None:
    server.add("/n", Route(body=f"<p>{FRENCH}</p>".encode("cp1252"), content_type="text/html"))
    assert FRENCH in fetcher().fetch(server.url("/n")).text


def test_404_is_not_retried(server: LocalServer) -> None:
    with pytest.raises(HTTPStatusError) as err:
        fetcher().fetch(server.url("/gone"))
    assert (err.value.reason, err.value.status, server.hits["/gone"]) == ("http 404", 404, 1)


def test_500_then_200_is_retried(server: LocalServer) -> None:
    server.add("/flaky", [Route(status=500, body="oops"), Route(body=PAGE)])
    assert fetcher().fetch(server.url("/flaky")).text == PAGE
    assert server.hits["/flaky"] == 2


def test_500_forever_gives_up_after_the_retries(server: LocalServer) -> None:
    server.add("/down", Route(status=503))
    with pytest.raises(HTTPStatusError, match="http 503"):
        fetcher(retries=2).fetch(server.url("/down"))
    assert server.hits["/down"] == 3


def test_429_retry_after_is_honoured(server: LocalServer) -> None:
    server.add("/busy", [Route(status=429, headers={"Retry-After": "1"}), Route(body=PAGE)])
    start = time.monotonic()
    assert fetcher().fetch(server.url("/busy")).text == PAGE
    assert time.monotonic() - start >= 1.0
    assert server.hits["/busy"] == 2


def test_429_retry_after_beyond_the_deadline_fails_at_once(server: LocalServer) -> None:
    server.add("/later", Route(status=429, headers={"Retry-After": "120"}))
    start = time.monotonic()
    with pytest.raises(HTTPStatusError) as err:
        fetcher(deadline=3.0).fetch(server.url("/later"))
    assert err.value.status == 429 and err.value.retry_after == 120
    assert time.monotonic() - start < 1.0


def test_hanging_source_times_out_within_the_deadline(server: LocalServer) -> None:
    server.add("/hang", Route(hang=True))
    start = time.monotonic()
    with pytest.raises(FetchTimeout) as err:
        fetcher(read_timeout=0.5, deadline=1.5).fetch(server.url("/hang"))
    assert err.value.reason == "timeout"
    assert time.monotonic() - start < 1.5 + 0.5


def test_dripping_source_hits_the_wall_clock_deadline(server: LocalServer) -> None:
    # each gap (0.2 s) is far below the read timeout: only the deadline can stop this
    server.add("/drip", Route(body=b"<p>" + b"x" * 200 + b"</p>", drip=0.2))
    start = time.monotonic()
    with pytest.raises(FetchTimeout):
        fetcher(read_timeout=1.0, deadline=1.0, retries=0).fetch(server.url("/drip"))
    assert time.monotonic() - start < 1.0 + 0.5


def test_huge_body_is_refused(server: LocalServer) -> None:
    server.add("/huge", Route(body=b"<p>" + b"a" * 2_000_000 + b"</p>"))
    with pytest.raises(TooLarge) as err:
        fetcher(max_bytes=500_000).fetch(server.url("/huge"))
    assert err.value.reason == "too large"


def test_gzip_bomb_is_stopped_at_the_cap(server: LocalServer) -> None:
    bomb = gzip.compress(b"<p>" + b"\0" * 60_000_000, compresslevel=9)
    assert len(bomb) < 500_000
    server.add("/bomb", Route(body=bomb, headers={"Content-Encoding": "gzip"}))
    start = time.monotonic()
    with pytest.raises(TooLarge, match="decompressed"):
        fetcher(max_bytes=1_000_000).fetch(server.url("/bomb"))
    assert time.monotonic() - start < 2.0


def test_redirects_are_followed_and_loops_refused(server: LocalServer) -> None:
    server.add("/old", Route(redirect="/new", status=301))
    server.add("/new", Route(body=PAGE))
    page = fetcher().fetch(server.url("/old"))
    assert (page.url, page.final_url) == (server.url("/old"), server.url("/new"))
    server.add("/a", Route(redirect="/b"))
    server.add("/b", Route(redirect=server.url("/a")))
    with pytest.raises(TooManyRedirects) as err:
        fetcher(max_redirects=4).fetch(server.url("/a"))
    assert err.value.reason == "redirect loop"
    assert server.hits["/a"] + server.hits["/b"] == 5


@pytest.mark.parametrize("location", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]/",
                                      "http://localhost/", "http://0x0a000001/", "http://3232235777/", "file:///etc/passwd"])
def test_redirect_to_a_blocked_address_is_refused(server: LocalServer, location: str) -> None:
    server.add("/jump", Route(redirect=location))
    with pytest.raises(BlockedAddress) as err:
        fetcher().fetch(server.url("/jump"))
    assert err.value.reason == "blocked address" and "redirect to" in err.value.detail


def test_loopback_is_blocked_without_the_allowlist(server: LocalServer) -> None:
    server.add("/news", Route(body=PAGE))
    with pytest.raises(BlockedAddress):
        HttpFetcher(connect_timeout=1, read_timeout=1, deadline=2).fetch(server.url("/news"))
    assert server.hits["/news"] == 0


def test_connection_goes_to_the_vetted_address_with_the_name_as_host(server: LocalServer) -> None:
    server.add("/named", Route(body=PAGE))
    names = {"news.example.test": ["127.0.0.1"], "rebind.example.test": ["10.9.8.7"]}
    f = fetcher(resolver=lambda host, port: names[host])
    page = f.fetch(f"http://news.example.test:{server.port}/named")
    assert page.text == PAGE
    assert server.received[-1].headers["Host"] == f"news.example.test:{server.port}"
    with pytest.raises(BlockedAddress):
        f.fetch(f"http://rebind.example.test:{server.port}/named")


@pytest.mark.parametrize(
    "route",
    [Route(body=b"%PDF-1.7\n...", content_type="application/pdf"), Route(body=b"\x89PNG\r\n\x1a\n", content_type="image/png"),
     Route(body=b"%PDF-1.4 binary", content_type="text/html")],
)
def test_pdf_and_images_are_not_html(server: LocalServer, route: Route) -> None:
    server.add("/file", route)
    with pytest.raises(NotHTML) as err:
        fetcher().fetch(server.url("/file"))
    assert err.value.reason == "not html"


def test_plain_text_is_accepted(server: LocalServer) -> None:
    server.add("/t.txt", Route(body="Officials said 12 bridges closed.", content_type="text/plain"))
    page = fetcher().fetch(server.url("/t.txt"))
    assert (page.content_type, page.text) == ("text/plain", "Officials said 12 bridges closed.")


def test_robots_disallow_is_respected_and_cached(server: LocalServer) -> None:
    server.add("/robots.txt", Route(body="User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    server.add("/private/page", Route(body=PAGE))
    server.add("/public", Route(body=PAGE))
    f = fetcher()
    with pytest.raises(RobotsDisallowed) as err:
        f.fetch(server.url("/private/page"))
    assert err.value.reason == "robots"
    assert f.fetch(server.url("/public")).text == PAGE
    assert (server.hits["/private/page"], server.hits["/robots.txt"]) == (0, 1)
    assert fetcher(respect_robots=False).fetch(server.url("/private/page")).text == PAGE


def test_robots_server_error_means_stay_away(server: LocalServer) -> None:
    server.add("/robots.txt", Route(status=503))
    server.add("/page", Route(body=PAGE))
    with pytest.raises(RobotsDisallowed):
        fetcher().fetch(server.url("/page"))


def test_402_is_a_paywall(server: LocalServer) -> None:
    server.add("/premium", Route(status=402, body="subscribe"))
    with pytest.raises(Paywalled):
        fetcher().fetch(server.url("/premium"))


def test_refused_connection(server: LocalServer) -> None:
    url = server.url("/x")
    server.stop()
    with pytest.raises(ConnectionFailed) as err:
        fetcher(retries=1).fetch(url)
    assert err.value.reason == "connection"


class StepLimiter:
    """A RateLimiter that asks for the given waits in turn, then lets everything through."""

    def __init__(self, *waits: float) -> None:
        self.waits = list(waits)
        self.domains: list[str] = []

    def acquire(self, domain: str) -> float:
        self.domains.append(domain)
        return self.waits.pop(0) if self.waits else 0.0


def test_rate_limiter_wait_is_slept_and_bounded_by_the_deadline(server: LocalServer) -> None:
    server.add("/news", Route(body=PAGE))
    limiter = StepLimiter(0.4)
    start = time.monotonic()
    fetcher(rate_limiter=limiter, respect_robots=False).fetch(server.url("/news"))
    assert time.monotonic() - start >= 0.4
    assert limiter.domains == ["127.0.0.1", "127.0.0.1"]
    with pytest.raises(FetchTimeout, match="rate limit"):
        fetcher(rate_limiter=StepLimiter(*[60.0] * 10), respect_robots=False).fetch(server.url("/news"))


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed certificate for news.example.test (made with the openssl command)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = str(folder / "cert.pem"), str(folder / "key.pem")
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                    "-subj", "/CN=news.example.test", "-addext", "subjectAltName=DNS:news.example.test"],
                   check=True, capture_output=True)
    return cert, key


def test_https_goes_to_the_vetted_address_and_checks_the_certificate_name(certificate: tuple[str, str]) -> None:
    cert, key = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with LocalServer({"/tls": Route(body=PAGE)}, ssl_context=context) as server:
        session = requests.Session()
        session.verify = cert
        f = fetcher(session=session, resolver=lambda host, port: ["127.0.0.1"], retries=0, respect_robots=False)
        assert f.fetch(f"https://news.example.test:{server.port}/tls").text == PAGE
        assert server.received[-1].headers["Host"] == f"news.example.test:{server.port}"
        with pytest.raises(ConnectionFailed, match="SSLError"):  # the certificate does not name 127.0.0.1
            f.fetch(server.url("/tls"))
