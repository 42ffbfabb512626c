"""The fetch guard refuses private, loopback, link-local and odd-form addresses; allowlists open it."""

from __future__ import annotations

from typing import Sequence

import pytest

from pipeline.errors import UnsafeURL
from pipeline.netguard import (
    check_address,
    check_url,
    classify,
    parse_allow,
    parse_host_ip,
    parse_ipv4_loose,
    vetted_addresses,
)


def resolver_of(table: dict[str, Sequence[str]]):
    """A resolver answering from a table (unknown names fail the way getaddrinfo does)."""

    def resolve(host: str, port: int) -> Sequence[str]:
        if host not in table:
            raise OSError(f"cannot resolve {host}")
        return table[host]

    return resolve


PUBLIC = resolver_of({"news.example.com": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]})


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/", "http://127.0.0.1:8080/x", "http://localhost/", "http://LOCALHOST./",
        "http://api.localhost/", "http://10.0.0.5/", "http://172.16.3.4/", "http://172.31.255.255/",
        "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/", "http://0/",
        "http://[::1]/", "http://[::]/", "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[fe80::1]/",
        "http://[fe80::1%25eth0]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/",
        "http://[::ffff:169.254.169.254]/", "http://[64:ff9b::a00:1]/", "http://[2002:7f00:1::]/",
        "http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/", "http://127.1/", "http://127.0.1/",
        "http://0x7f.1/", "http://017700000001/", "http://224.0.0.1/", "http://240.0.0.1/", "http://100.64.0.1/",
        "http://255.255.255.255/", "https://user:pw@127.0.0.1/", "http://news.example.com@10.1.2.3/",
        "http://127.0.0.1./",
    ],
)
def test_private_and_odd_forms_are_refused(url: str) -> None:
    with pytest.raises(UnsafeURL):
        check_url(url, resolver=PUBLIC)


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://news.example.com/", "gopher://news.example.com/", "javascript:alert(1)",
     "news.example.com/path", "http:///nohost", "http://news.example.com\\@10.0.0.1/", "http://bad host/",
     "http://news.example.com:99999/"],
)
def test_other_schemes_and_malformed_urls_are_refused(url: str) -> None:
    with pytest.raises(UnsafeURL):
        check_url(url, resolver=PUBLIC)


def test_public_hosts_and_literals_pass() -> None:
    check_url("https://news.example.com/a?b=1", resolver=PUBLIC)
    check_url("http://93.184.216.34/", resolver=PUBLIC)
    check_url("http://[2606:4700::1111]/", resolver=PUBLIC)
    target = vetted_addresses("https://news.example.com/a", resolver=PUBLIC)
    assert (target.scheme, target.host, target.port) == ("https", "news.example.com", 443)
    assert target.addresses == ("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946")


def test_a_name_resolving_to_a_private_address_is_refused() -> None:
    rebinding = resolver_of({"evil.example.com": ["93.184.216.34", "10.0.0.7"], "meta.example.com": ["169.254.169.254"]})
    for host in ("evil.example.com", "meta.example.com"):
        with pytest.raises(UnsafeURL, match="resolves to a refused address"):
            check_url(f"http://{host}/", resolver=rebinding)


def test_unresolvable_host_is_not_unsafe_but_vetting_reports_it() -> None:
    check_url("http://nowhere.example.com/", resolver=PUBLIC)
    with pytest.raises(OSError):
        vetted_addresses("http://nowhere.example.com/", resolver=PUBLIC)


def test_allowlist_hosts_and_cidrs() -> None:
    check_url("http://127.0.0.1:8000/", ["127.0.0.1"], resolver=PUBLIC)
    check_url("http://127.0.0.2/", ["127.0.0.0/8"], resolver=PUBLIC)
    check_url("http://[::ffff:127.0.0.1]/", ["127.0.0.1"], resolver=PUBLIC)
    check_url("http://localhost/", ["localhost"], resolver=resolver_of({"localhost": ["127.0.0.1"]}))
    check_url("http://intranet.example.com/", ["10.0.0.0/8"], resolver=resolver_of({"intranet.example.com": ["10.2.3.4"]}))
    with pytest.raises(UnsafeURL):
        check_url("http://127.0.0.2/", ["127.0.0.1"], resolver=PUBLIC)
    with pytest.raises(UnsafeURL):
        check_url("http://10.0.0.1/", ["127.0.0.0/8", "localhost"], resolver=PUBLIC)
    assert parse_allow(" 127.0.0.1, ,10.0.0.0/8,localhost ") == ("127.0.0.1", "10.0.0.0/8", "localhost")


@pytest.mark.parametrize("host", [
    "[2002:7f00:2::]",                         # 6to4 carrying 127.0.0.2
    "[2001:0:4136:e378:8000:63bf:80ff:fffd]",  # Teredo, client 127.0.0.2 (bits inverted)
    "[64:ff9b::7f00:2]",                       # NAT64
    "[::127.0.0.2]",                           # IPv4-compatible (deprecated)
])
def test_allowing_an_ipv4_address_does_not_admit_ipv6_forms_that_carry_it(host: str) -> None:
    """Issue 14, item 10: the allowlist is matched on the address connected to, not on what it embeds."""
    check_url("http://127.0.0.2/", ["127.0.0.2"], resolver=PUBLIC)
    check_url("http://[::ffff:127.0.0.2]/", ["127.0.0.2"], resolver=PUBLIC)  # the same address on the wire
    with pytest.raises(UnsafeURL):
        check_url(f"http://{host}/", ["127.0.0.2"], resolver=PUBLIC)
    with pytest.raises(UnsafeURL):
        vetted_addresses("http://carrier.example.com/", ["127.0.0.2"], resolver=resolver_of({"carrier.example.com": [host.strip("[]")]}))


@pytest.mark.parametrize(
    ("host", "expected"),
    [("2130706433", "127.0.0.1"), ("0x7f000001", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"), ("127.1", "127.0.0.1"),
     ("10.1", "10.0.0.1"), ("192.168.257", "192.168.1.1"), ("0x7f.0x0.0.01", "127.0.0.1"), ("8.8.8.8", "8.8.8.8")],
)
def test_loose_ipv4_forms_parse_like_inet_aton(host: str, expected: str) -> None:
    assert str(parse_ipv4_loose(host)) == expected


@pytest.mark.parametrize("host", ["example.com", "1.2.3.4.5", "256.1.1.1", "08.1.1.1", "1..1", "4294967296"])
def test_names_and_invalid_numbers_are_not_addresses(host: str) -> None:
    assert parse_ipv4_loose(host) is None


def test_parse_host_ip_handles_brackets_and_zones() -> None:
    assert str(parse_host_ip("[::1]")) == "::1"
    assert str(parse_host_ip("fe80::1%25eth0")) == "fe80::1"
    assert parse_host_ip("news.example.com") is None


def test_classify_names_the_reason() -> None:
    assert classify(parse_host_ip("127.0.0.1")) == "loopback"  # type: ignore[arg-type]
    assert classify(parse_host_ip("169.254.169.254")) == "link-local"  # type: ignore[arg-type]
    assert classify(parse_host_ip("192.168.0.1")) == "private"  # type: ignore[arg-type]
    assert classify(parse_host_ip("::ffff:8.8.8.8")) is None  # type: ignore[arg-type]
    assert classify(parse_host_ip("1.1.1.1")) is None  # type: ignore[arg-type]
    with pytest.raises(UnsafeURL, match="loopback"):
        check_address("::ffff:127.0.0.1")
    with pytest.raises(UnsafeURL):
        check_address("not-an-ip")
