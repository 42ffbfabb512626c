"""The fetch guard: which URLs newscheck may fetch (no SSRF into private networks).

A URL is refused when its scheme is not http(s) or its host is, or resolves to, an address that
is not publicly routable: loopback, private, link-local (cloud metadata 169.254.169.254),
unspecified, multicast, reserved, shared (CGNAT), and the IPv6 forms of all of these, including
IPv4 embedded in IPv6 (``::ffff:127.0.0.1``, 6to4, NAT64). Hosts are parsed the way C's
``inet_aton`` does, so ``2130706433``, ``0x7f000001``, ``0177.0.0.1`` and ``127.1`` are loopback.

Split in two: parsing and classification are pure; resolution goes through an injectable
``Resolver`` (``socket.getaddrinfo`` by default). The fetcher connects to the addresses
:func:`vetted_addresses` returns, so DNS cannot change between check and connect.
``allow`` items (hosts or CIDR ranges, from ``NEWSCHECK_FETCH_ALLOW_HOSTS``) are let through.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass
from typing import Callable, Sequence
from urllib.parse import unquote, urlsplit

from pipeline.errors import UnsafeURL

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]

SCHEMES = ("http", "https")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_LOCAL_NAMES = re.compile(r"(^|\.)(localhost|localdomain|local|internal)$")
_BAD_NETLOC = re.compile(r"[\\\s\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Allowlist:
    """Parsed ``allow`` items: host names (case-insensitive) and networks."""

    hosts: frozenset[str]
    networks: tuple[IPNetwork, ...]

    @classmethod
    def parse(cls, items: Sequence[str] | Allowlist) -> Allowlist:
        if isinstance(items, Allowlist):
            return items
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for raw in items:
            item = raw.strip().strip("[]").lower()
            if not item:
                continue
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                hosts.add(item.rstrip("."))
        return cls(frozenset(hosts), tuple(networks))

    def allows_ip(self, ip: IPAddress) -> bool:
        """Matched on the address actually connected to: an IPv4-mapped address (``::ffff:a.b.c.d``) is
        that IPv4 address on the wire, but 6to4, Teredo, NAT64 and ``::a.b.c.d`` are other hosts
        that merely carry it, so allowing 127.0.0.2 never admits them."""
        mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None
        forms = [ip] if mapped is None else [ip, mapped]
        return any(form in net for form in forms for net in self.networks if form.version == net.version)


def parse_allow(items: Sequence[str] | str) -> tuple[str, ...]:
    """Split the comma-separated setting ``NEWSCHECK_FETCH_ALLOW_HOSTS`` into items."""
    values = items.split(",") if isinstance(items, str) else items
    return tuple(v.strip() for v in values if v.strip())


def _inet_aton_part(part: str) -> int | None:
    if not part:
        return None
    try:
        if part.lower().startswith("0x"):
            return int(part[2:] or "0", 16)
        if len(part) > 1 and part.startswith("0"):
            return int(part, 8)
        return int(part, 10) if part.isdigit() else None
    except ValueError:
        return None


def parse_ipv4_loose(host: str) -> ipaddress.IPv4Address | None:
    """IPv4 in any form ``inet_aton`` accepts (1 to 4 parts; decimal, octal or hex), else None."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    numbers = [_inet_aton_part(p) for p in parts]
    if any(n is None for n in numbers):
        return None
    values = [n for n in numbers if n is not None]
    *head, last = values
    if any(n > 255 for n in head) or last >= 256 ** (4 - len(head)):
        return None
    value = 0
    for n in head:
        value = value * 256 + n
    value = value * 256 ** (4 - len(head)) + last
    return ipaddress.IPv4Address(value)


def parse_host_ip(host: str) -> IPAddress | None:
    """The address a literal host denotes (brackets, zone ids and loose IPv4 handled), or None for a name."""
    host = unquote(host).strip().strip("[]").rstrip(".")
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return parse_ipv4_loose(host)


def embedded_ipv4(ip: IPAddress) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses carried inside an IPv6 one (mapped, 6to4, Teredo, NAT64, compatible)."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    found: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.append(ip.teredo[1])
    if ip in _NAT64 or (int(ip) >> 32 == 0 and int(ip) > 1):  # NAT64, or deprecated ::a.b.c.d
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def classify(ip: IPAddress) -> str | None:
    """Why an address is not public ("loopback", "private", ...), or None when it may be fetched."""
    mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None
    forms = (mapped,) if mapped is not None else (ip, *embedded_ipv4(ip))  # judge ::ffff:a.b.c.d as a.b.c.d
    for form in forms:
        if form.is_unspecified:
            return "unspecified"
        if form.is_loopback:
            return "loopback"
        if form.is_link_local:
            return "link-local"
        if form.is_multicast:
            return "multicast"
        if form.is_private:
            return "private"
        if form.is_reserved:
            return "reserved"
        if not form.is_global:
            return "not global"
    return None


def check_address(ip: str | IPAddress, allow: Sequence[str] | Allowlist = ()) -> None:
    """Raise UnsafeURL unless ``ip`` is public or allowed."""
    address = ip if isinstance(ip, (ipaddress.IPv4Address, ipaddress.IPv6Address)) else parse_host_ip(str(ip))
    if address is None:
        raise UnsafeURL(f"not an IP address: {ip!r}")
    if Allowlist.parse(allow).allows_ip(address):
        return
    reason = classify(address)
    if reason is not None:
        raise UnsafeURL(f"address {address} is {reason}")


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (raises OSError when it does not resolve)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class Target:
    """A URL that passed the guard, with the addresses it may connect to (all of them checked)."""

    url: str
    scheme: str
    host: str
    port: int
    addresses: tuple[str, ...]


def split_url(url: str) -> tuple[str, str, int]:
    """Scheme, host and port of a fetchable URL; raises UnsafeURL for anything else."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise UnsafeURL(f"malformed URL {url!r}: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise UnsafeURL(f"scheme {scheme or '(none)'!r} is not allowed, only http and https")
    if _BAD_NETLOC.search(parts.netloc):
        raise UnsafeURL(f"malformed host in {url!r}")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UnsafeURL(f"no host in {url!r}")
    return scheme, host, port or (443 if scheme == "https" else 80)


def vetted_addresses(url: str, allow: Sequence[str] | Allowlist = (), resolver: Resolver = system_resolver) -> Target:
    """Check ``url`` and every address its host resolves to; raises UnsafeURL, or OSError if unresolvable.

    One private address among public ones refuses the URL: mixed answers are how DNS rebinding starts.
    """
    allowed = Allowlist.parse(allow)
    scheme, host, port = split_url(url)
    literal = parse_host_ip(host)
    if literal is not None:
        check_address(literal, allowed)
        return Target(url, scheme, host, port, (str(literal),))
    name = host.lower()
    if name in allowed.hosts:
        return Target(url, scheme, host, port, tuple(resolver(name, port)))
    if _LOCAL_NAMES.search(name):
        raise UnsafeURL(f"host {host!r} is a local name")
    addresses = tuple(resolver(name, port))
    if not addresses:
        raise OSError(f"{host} resolved to no address")
    for address in addresses:
        try:
            check_address(address, allowed)
        except UnsafeURL as exc:
            raise UnsafeURL(f"host {host!r} resolves to a refused address: {exc}") from None
    return Target(url, scheme, host, port, addresses)


def check_url(url: str, allow: Sequence[str] | Allowlist = (), *, resolver: Resolver = system_resolver) -> None:
    """Raise UnsafeURL when ``url`` may not be fetched.

    A host that does not resolve passes: it is not unsafe, and its fetch fails later as a
    connection error with its own reason.
    """
    try:
        vetted_addresses(url, allow, resolver)
    except OSError:
        return
