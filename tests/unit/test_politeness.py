"""Politeness policy without a network: robots rules, retry timing, accepted types, charsets."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pipeline.decoding import decode_body, header_charset, meta_charset, sniff_binary
from pipeline.politeness import (
    RobotsPolicy,
    backoff_delay,
    is_allowed_media_type,
    media_type,
    parse_retry_after,
    robots_allows,
    robots_key,
    robots_url,
)

UA = "newscheck/0.1 (+https://github.com/newscheck)"
ROBOTS = """
User-agent: *
Disallow: /private/
Allow: /private/open
Crawl-delay: 3

User-agent: newscheck
Disallow: /no-bots/
"""


def test_robots_rules_for_our_agent_and_others() -> None:
    assert robots_allows(ROBOTS, "https://site.example/news/1", UA)
    assert not robots_allows(ROBOTS, "https://site.example/no-bots/x", UA)
    # our own group replaces the * group, as robots.txt specifies
    assert robots_allows(ROBOTS, "https://site.example/private/x", UA)
    assert not robots_allows(ROBOTS, "https://site.example/private/x", "otherbot/1.0")
    assert robots_allows(ROBOTS, "https://site.example/private/open", "otherbot/1.0")
    assert RobotsPolicy(ROBOTS).crawl_delay("otherbot") == 3.0


def test_missing_robots_allows_and_server_errors_forbid() -> None:
    assert robots_allows(None, "https://site.example/anything", UA)
    assert RobotsPolicy.from_status(404, "<html>not found</html>").allows("https://site.example/a", UA)
    assert RobotsPolicy.from_status(401, "").allows("https://site.example/a", UA)
    assert not RobotsPolicy.from_status(503, "").allows("https://site.example/a", UA)
    assert not RobotsPolicy.from_status(200, "User-agent: *\nDisallow: /\n").allows("https://site.example/a", UA)


def test_robots_location_and_cache_key() -> None:
    assert robots_url("https://Site.example:8443/a/b?c=1#d") == "https://Site.example:8443/robots.txt"
    assert robots_key("https://Site.example:8443/a") == robots_key("https://site.example:8443/other")
    assert robots_key("http://site.example/a") != robots_key("https://site.example/a")


def test_backoff_grows_is_capped_and_jittered() -> None:
    low = [backoff_delay(a, base=0.5, cap=8.0, rng=lambda: 0.0) for a in range(6)]
    high = [backoff_delay(a, base=0.5, cap=8.0, rng=lambda: 1.0) for a in range(6)]
    assert low == [0.25, 0.5, 1.0, 2.0, 4.0, 4.0]
    assert high == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    samples = {backoff_delay(2) for _ in range(50)}
    assert len(samples) > 40 and all(1.0 <= s <= 2.0 for s in samples)


def test_retry_after_seconds_and_http_date() -> None:
    now = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(" 0 ") == 0.0
    assert parse_retry_after("Wed, 01 May 2024 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Wed, 01 May 2024 11:00:00 GMT", now=now) == 0.0
    for bad in (None, "", "soon", "-5", "1.5e3"):
        assert parse_retry_after(bad, now=now) is None


@pytest.mark.parametrize(
    ("header", "allowed"),
    [("text/html; charset=utf-8", True), ("Application/XHTML+XML", True), ("text/plain", True), (None, True),
     ("application/pdf", False), ("image/png", False), ("application/json", False), ("text/csv", False)],
)
def test_content_type_allowlist(header: str | None, allowed: bool) -> None:
    assert is_allowed_media_type(header) is allowed


def test_media_type_strips_parameters() -> None:
    assert media_type("Text/HTML ; charset=UTF-8") == "text/html"
    assert media_type(None) == ""


TEXT = "Le ministère a précisé que les équipes étaient déployées près de l'école élémentaire, à l'aube. " * 3


def test_charset_from_header_meta_and_bom() -> None:
    assert header_charset('text/html; charset="ISO-8859-1"') == "ISO-8859-1"
    assert meta_charset(b'<head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r">') == "koi8-r"
    assert meta_charset(b"<meta charset='utf-8'>") == "utf-8"
    assert decode_body(TEXT.encode("cp1252"), "text/html; charset=windows-1252") == (TEXT, "cp1252")
    assert decode_body("\ufeff".encode("utf-8") + TEXT.encode("utf-8"), "text/html; charset=latin-1")[0] == TEXT
    assert decode_body(TEXT.encode("utf-16"), None)[0] == TEXT


def test_utf8_body_under_a_latin1_label_is_read_as_utf8() -> None:
    assert decode_body(TEXT.encode("utf-8"), "text/html; charset=iso-8859-1") == (TEXT, "utf_8")


def test_wrong_or_unknown_labels_fall_through_to_detection() -> None:
    raw = TEXT.encode("cp1252")
    assert decode_body(raw, "text/html; charset=utf-8")[0] == TEXT  # impossible as UTF-8
    assert decode_body(raw, "text/html; charset=no-such-charset")[0] == TEXT
    assert decode_body(raw, None)[0] == TEXT
    assert decode_body(b"plain ascii", None) == ("plain ascii", "utf_8")


def test_latin1_label_decodes_as_windows_1252() -> None:
    # 0x93/0x94 are curly quotes in windows-1252 and control characters in strict Latin-1
    assert decode_body(b"\x93quoted\x94 text", "text/html; charset=iso-8859-1")[0] == "\u201cquoted\u201d text"


@pytest.mark.parametrize(
    ("raw", "kind"),
    [(b"%PDF-1.7 ...", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff\xe0", "image/jpeg"),
     (b"GIF89a", "image/gif"), (b"PK\x03\x04", "application/zip"), (b"abc\x00\x01\x02", "application/octet-stream")],
)
def test_binary_bodies_are_sniffed(raw: bytes, kind: str) -> None:
    assert sniff_binary(raw) == kind


def test_text_is_not_binary() -> None:
    assert sniff_binary(b"<html><p>hello</p></html>") is None
    assert sniff_binary(TEXT.encode("utf-16")) is None


@pytest.mark.parametrize("label", ["punycode", "idna", "base64", "rot13", "unicode_escape", "raw_unicode_escape", "undefined"])
@pytest.mark.parametrize("raw", [b"caf\xc3\xa9 \xff\xfe", b"plain text", b"\\udc80 \\x", b"\x80abc-"])
def test_decode_body_never_raises_on_hostile_charset_labels(label: str, raw: bytes) -> None:
    """Hardening (issue 14, item 3): a page declaring a non-text codec is decoded as text, never raised."""
    for content_type, body in ((f"text/html; charset={label}", raw), (None, b'<meta charset="' + label.encode() + b'">' + raw)):
        text, codec = decode_body(body, content_type)
        assert isinstance(text, str) and codec not in {"punycode", "idna", "base64_codec", "rot_13", "undefined"}


def test_one_retry_policy_for_fetches_and_tasks() -> None:
    from pipeline.politeness import RetryPolicy

    policy = RetryPolicy(3, base=2.0, cap=5.0)
    assert [policy.allows(n) for n in range(5)] == [True, True, True, False, False]
    low = [policy.delay(n, rng=lambda: 0.0) for n in range(4)]
    high = [policy.delay(n, rng=lambda: 1.0) for n in range(4)]
    assert low == [1.0, 2.0, 2.5, 2.5] and high == [2.0, 4.0, 5.0, 5.0]  # steps 2, 4, then the cap; equal jitter
    assert [backoff_delay(n, base=2.0, cap=5.0, rng=lambda: 0.5) for n in range(4)] == [policy.delay(n, rng=lambda: 0.5) for n in range(4)]
