"""Deterministic ids: the same input always gets the same id, so writes can be set-if-absent."""

from __future__ import annotations

from functools import lru_cache

import hashlib
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from pipeline.models import ArticleInput

_WS = re.compile(r"\s+")
_ARTICLE_ID = re.compile(r"a_[0-9a-f]{16}")
_CLAIM_ID = re.compile(r"c_[0-9a-f]{16}")


def _digest(*parts: str, n: int = 16) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))  # a lone surrogate in a hostile URL still hashes
        h.update(b"\x00")
    return h.hexdigest()[:n]


@lru_cache(maxsize=16384)  # asked for every corpus candidate of every claim, mostly the same URLs
def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop the fragment and default ports, keep path and query.

    A URL that does not parse (``http://[::1``, port 99999) is its own key, stripped: it fails
    later as one source, never as the article.
    """
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return url.strip()
    if port and not ((parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), host, path, parts.query, ""))


def normalise_text(text: str) -> str:
    return _WS.sub(" ", text).strip().lower()


def article_id(*, url: str | None = None, content: str | None = None) -> str:
    """From the canonical URL when there is one, else from the normalised content."""
    if url:
        return "a_" + _digest("url", canonical_url(url))
    if content is None:
        raise ValueError("article_id needs a url or content")
    return "a_" + _digest("text", normalise_text(content))


def claim_id(article: str, text: str, start: int) -> str:
    """From the article id, the normalised content and its offset.

    Pass the claim's *content* span: one sentence can hold several claims ("100 on the eastern
    front and 140 in the south"), which share the sentence but never the content.
    """
    return "c_" + _digest(article, normalise_text(text), str(start))


def is_article_id(value: str) -> bool:
    """True for the form ``article_id`` makes; anything else never reaches a store key."""
    return _ARTICLE_ID.fullmatch(value) is not None


def is_claim_id(value: str) -> bool:
    """True for the form ``claim_id`` makes."""
    return _CLAIM_ID.fullmatch(value) is not None


def short_hash(value: str) -> str:
    """A short digest for keys that must not hold the value itself (API keys, addresses)."""
    return _digest("key", value)


def url_key(url: str) -> str:
    """Short stable key of a URL for caches."""
    return _digest("src", canonical_url(url), n=24)


def article_id_for(inp: ArticleInput) -> str:
    """Same article, same id: from the canonical URL, else from the submitted content."""
    if inp.url:
        return article_id(url=inp.url)
    return article_id(content=inp.text if inp.text is not None else (inp.html or ""))
