"""Article metadata from HTML: title, outlet, author, publication date, language.

Publishers state metadata in several overlapping places; the most deliberate one wins:
JSON-LD (what search engines read) before Open Graph / article: meta tags, before generic
meta tags, before visible markup (<time>, byline, <h1>), before guesses from the text (dateline).
Pure: works on a parsed BeautifulSoup tree, never fetches.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Iterator
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag
from dateutil import parser as dateparser

ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting", "report",
     "opinionnewsarticle", "backgroundnewsarticle", "webpage", "liveblogposting", "scholarlyarticle"}
)
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate",
    "publish-date", "publish_date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.issued",
    "sailthru.date", "parsely-pub-date", "article.published", "citation_publication_date", "original-publish-date",
)
_AUTHOR_META = ("author", "article:author", "byl", "dc.creator", "parsely-author", "sailthru.author")
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
# "BAGHDAD, March 3, 2011 (Wire) -" or "Kyiv, 3 March 2024 —": a place, then a full date with a year.
_DATELINE = re.compile(
    rf"^\s*[A-Z][\w .'’-]{{1,40}},\s*(?P<date>(?:(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}},?\s+\d{{4}})"
    rf"|(?:\d{{1,2}}\s+(?:{_MONTHS})[a-z]*\.?,?\s+\d{{4}}))"
)
_BYLINE_PREFIX = re.compile(r"^\s*(?:by|von|par|por)\s+", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+::\s+")


@dataclass(frozen=True)
class PageMetadata:
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None


def normalise_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` for an ISO or human date string; None when it is not a plausible date."""
    if not value or not value.strip():
        return None
    iso = _ISO_DAY.match(value)
    try:
        if iso:
            day = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        else:
            day = dateparser.parse(value.strip(), default=datetime(1, 1, 1), fuzzy=False).date()
    except (ValueError, OverflowError, TypeError):
        return None
    if not 1900 <= day.year <= 2100:
        return None  # a parse with no year in it, or a number mistaken for one
    return day.isoformat()


def dateline_date(text: str) -> str | None:
    """Date of a wire dateline at the start of the text ("PLACE, Month D, YYYY -"); years are required."""
    match = _DATELINE.match(text)
    return normalise_date(match.group("date")) if match else None


def json_ld_objects(soup: BeautifulSoup) -> Iterator[dict[str, Any]]:
    """Every JSON object in ``application/ld+json`` scripts, ``@graph`` flattened; bad JSON skipped."""
    for script in soup.find_all("script", attrs={"type": re.compile(r"ld\+json", re.I)}):
        try:
            data = json.loads(script.string or script.get_text() or "")
        except (json.JSONDecodeError, TypeError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
                yield item


def ld_types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).lower() for v in values if v}


def _article_ld(soup: BeautifulSoup) -> dict[str, Any]:
    """The JSON-LD object describing the article itself (the first of an article type)."""
    for obj in json_ld_objects(soup):
        if ld_types(obj) & ARTICLE_TYPES and "webpage" not in ld_types(obj):
            return obj
    for obj in json_ld_objects(soup):
        if ld_types(obj) & ARTICLE_TYPES:
            return obj
    return {}


def ld_names(value: Any) -> list[str]:
    """Names from a JSON-LD Person/Organization, a list of them, or a plain string."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() and not value.startswith(("http://", "https://")) else []
    if isinstance(value, dict):
        return ld_names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in ld_names(v)]
    return []


def _meta(soup: BeautifulSoup, *keys: str) -> str | None:
    """Content of the first <meta> whose name/property/itemprop is one of ``keys`` (in key order)."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        content = tag.get("content")
        if not isinstance(content, str) or not content.strip():
            continue
        for attr in ("property", "name", "itemprop"):
            key = tag.get(attr)
            if isinstance(key, str):
                found.setdefault(key.strip().lower(), content.strip())
    for key in keys:
        if key in found:
            return found[key]
    return None


_MARKUP = re.compile(r"<[a-zA-Z/!]|&[#a-zA-Z]")
_NON_TEXT_TAGS = ("script", "style", "noscript", "template", "iframe", "object")


def clean_text(text: str | None) -> str | None:
    """Plain text of a metadata value: markup in JSON-LD or <meta> (``<script>``, ``onerror``) is
    reduced to its visible text, so a hostile page's title or author reaches clients as text only."""
    if text is None:
        return None
    if _MARKUP.search(text):
        fragment = BeautifulSoup(text, "html.parser")
        for tag in fragment(_NON_TEXT_TAGS):
            tag.decompose()
        text = fragment.get_text(" ")
    text = re.sub(r"\s+", " ", text).strip()
    return text or None


def host_outlet(url: str | None) -> str | None:
    """The host of a URL without ``www.``, the outlet of last resort."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def _title(soup: BeautifulSoup, ld: dict[str, Any], outlet: str | None) -> str | None:
    headline = ld.get("headline") if isinstance(ld.get("headline"), str) else None
    candidates = [headline, _meta(soup, "og:title", "twitter:title")]
    h1 = soup.find("h1")
    candidates.append(h1.get_text(" ") if isinstance(h1, Tag) else None)
    if soup.title is not None and soup.title.string:
        candidates.append(_strip_outlet_suffix(soup.title.get_text(" "), outlet))
    for candidate in candidates:
        if (cleaned := clean_text(candidate)) is not None:
            return cleaned
    return None


def _strip_outlet_suffix(title: str, outlet: str | None) -> str:
    """"Headline | Outlet" -> "Headline": keep the longest part of a separated <title>."""
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    if outlet:
        parts = [p for p in parts if p.strip().lower() != outlet.lower()] or parts
    return max(parts, key=len)


def _outlet(soup: BeautifulSoup, ld: dict[str, Any], url: str | None) -> str | None:
    # the article's JSON-LD publisher names the outlet; og:site_name is often a section or
    # edition label ("U.S.", "World") and comes second
    publisher = ld_names(ld.get("publisher"))
    if publisher and (name := clean_text(publisher[0])):
        return name
    site = _meta(soup, "og:site_name", "application-name")
    if site:
        return clean_text(site)
    for obj in json_ld_objects(soup):
        if ld_types(obj) & {"newsmediaorganization", "organization"} and ld_names(obj):
            return clean_text(ld_names(obj)[0])
    return host_outlet(url)


def _author(soup: BeautifulSoup, ld: dict[str, Any]) -> str | None:
    names = ld_names(ld.get("author"))
    if names:
        return ", ".join(dict.fromkeys(clean_text(n) or "" for n in names if clean_text(n)))
    meta = _meta(soup, *_AUTHOR_META)
    if meta and not meta.startswith(("http://", "https://")):
        return clean_text(_BYLINE_PREFIX.sub("", meta))
    for selector in ('[rel~="author"]', '[itemprop="author"]', ".byline", ".author", ".article-author"):
        tag = soup.select_one(selector)
        if tag is not None:
            text = clean_text(_BYLINE_PREFIX.sub("", tag.get_text(" ")))
            if text and len(text) <= 120:
                return text
    return None


# A visible date line of a page ("Published March 3, 2024 10:15 AM", "Updated: Tue 5 March 2024"):
# a short line that is a full date with a year, with at most a publishing word, a weekday and a time.
_DAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"
_FULL_DATE = (rf"(?:(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
              rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})[a-z]*\.?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})")
_TIME = r"(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)"
_DATE_LINE = re.compile(
    rf"^\s*(?P<word>(?:first\s+)?(?:published|posted|updated|last\s+updated|modified)(?:\s+on)?\s*:?\s*)?"
    rf"(?:{_TIME}\s*,?\s*)?(?:{_DAY}\s*)?(?P<date>{_FULL_DATE})\s*,?\s*(?:(?:at\s+)?{_TIME})?\s*$",
    re.IGNORECASE,
)


def visible_date(soup: BeautifulSoup) -> str | None:
    """The date of the page's visible date line (YYYY-MM-DD), for pages whose metadata has none.

    A publishing date line ("Published ...", "Posted ...", or a bare date) wins over an
    "Updated ..." one; dates inside running text are never taken."""
    body = soup.body or soup
    updated: str | None = None
    for tag in body.find_all(string=True):
        if tag.parent is not None and tag.parent.name in _NON_TEXT_TAGS:
            continue
        line = str(tag)
        if len(line) > 80 or not (m := _DATE_LINE.match(line)):
            continue
        day = normalise_date(m.group("date"))
        if day is None:
            continue
        if (m.group("word") or "").strip().lower().startswith(("updated", "last", "modified")):
            updated = updated or day
            continue
        return day
    return updated


def _published(soup: BeautifulSoup, ld: dict[str, Any]) -> str | None:
    for value in (ld.get("datePublished"), ld.get("dateCreated"), _meta(soup, *_DATE_META)):
        if isinstance(value, str) and (day := normalise_date(value)):
            return day
    times = soup.find_all("time")
    preferred = [t for t in times if "publish" in " ".join([str(t.get("itemprop", "")), *t.get_attribute_list("class")]).lower()]
    for tag in preferred + times:
        value = tag.get("datetime") or tag.get_text(" ")
        if isinstance(value, str) and (day := normalise_date(value)):
            return day
    return visible_date(soup)


def page_metadata(soup: BeautifulSoup, url: str | None = None) -> PageMetadata:
    """Title, outlet, author, published date (YYYY-MM-DD) and language of a parsed page."""
    ld = _article_ld(soup)
    outlet = _outlet(soup, ld, url)
    html = soup.find("html")
    lang = html.get("lang") if isinstance(html, Tag) else None
    return PageMetadata(
        title=_title(soup, ld, outlet),
        outlet=outlet,
        author=_author(soup, ld),
        published=_published(soup, ld),
        language=clean_text(lang.split("-")[0].lower()) if isinstance(lang, str) else None,
    )
