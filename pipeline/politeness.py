"""Politeness policy as data and pure functions: robots.txt, retry timing, what we accept.

The fetcher adapter does the I/O; every decision it takes about being a good citizen lives
here, so it can be tested without a network (Scrapy's model: policy as data, thin middleware).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Callable
from urllib.parse import urlsplit, urlunsplit

from protego import Protego

# what a news page may arrive as; anything else (PDF, images, JSON, ...) is refused as "not html"
ALLOWED_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
# robots.txt bodies above this are truncated (RFC 9309 asks parsers to read at least 500 KiB)
ROBOTS_MAX_BYTES = 512 * 1024


def media_type(content_type: str | None) -> str:
    """``"Text/HTML; charset=UTF-8"`` -> ``"text/html"``; empty when the header is missing."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_allowed_media_type(content_type: str | None) -> bool:
    """True for HTML, XHTML and plain text; a missing Content-Type is judged by the body instead."""
    kind = media_type(content_type)
    return kind == "" or kind in ALLOWED_MEDIA_TYPES


def robots_url(url: str) -> str:
    """Where the robots.txt governing ``url`` lives (same scheme, host and port)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


def robots_key(url: str) -> str:
    """Cache key of a site's robots.txt: scheme and authority, as RFC 9309 scopes it."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


@dataclass(frozen=True)
class RobotsPolicy:
    """A site's robots.txt, parsed; ``None`` body means allow everything (missing file)."""

    body: str | None
    disallow_all: bool = False

    @classmethod
    def from_status(cls, status: int, body: str) -> RobotsPolicy:
        """RFC 9309 2.3.1: 2xx is parsed, 4xx means no rules, 5xx means the site is off limits for now."""
        if 200 <= status < 300:
            return cls(body[:ROBOTS_MAX_BYTES])
        if status >= 500:
            return cls(None, disallow_all=True)
        return cls(None)

    def allows(self, url: str, user_agent: str) -> bool:
        if self.disallow_all:
            return False
        if not self.body:
            return True
        return bool(Protego.parse(self.body).can_fetch(url, user_agent))

    def crawl_delay(self, user_agent: str) -> float | None:
        if not self.body:
            return None
        delay = Protego.parse(self.body).crawl_delay(user_agent)
        return float(delay) if delay is not None else None


# the one User-Agent string; settings.fetch_user_agent defaults to it, the transport sends it
USER_AGENT = "newscheck/0.1 (+https://github.com/newscheck/newscheck)"


def utc_timestamp(epoch: float | None = None) -> str:
    """The one timestamp format: ISO 8601 UTC to the second with Z ("2026-12-03T17:42:00Z")."""
    when = datetime.now(timezone.utc) if epoch is None else datetime.fromtimestamp(epoch, timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def robots_allows(robots_txt: str | None, url: str, user_agent: str) -> bool:
    """Shortcut for one decision: may ``user_agent`` fetch ``url`` under this robots.txt (None = missing)."""
    return RobotsPolicy(robots_txt).allows(url, user_agent)


def backoff_delay(attempt: int, *, base: float = 0.5, cap: float = 8.0,
                  rng: Callable[[], float] = random.random) -> float:
    """Seconds before retry ``attempt`` (0-based): exponential with "equal jitter".

    Half the exponential step is fixed (so retries really back off), half is random (so
    workers that failed together do not retry together).
    """
    step = min(cap, base * (2 ** max(0, attempt)))
    return step / 2 + rng() * step / 2


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or HTTP-date); None when absent or invalid."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


@dataclass(frozen=True)
class RetryPolicy:
    """How many retries, and how long before each: the project's one back-off (``backoff_delay``),
    for fetches and for tasks alike; only the numbers differ by what is retried."""

    retries: int
    base: float = 0.5
    cap: float = 8.0

    def allows(self, retry: int) -> bool:
        """May retry number ``retry`` (0-based: the retries already made) go ahead?"""
        return retry < self.retries

    def delay(self, retry: int, rng: Callable[[], float] = random.random) -> float:
        return backoff_delay(retry, base=self.base, cap=self.cap, rng=rng)
