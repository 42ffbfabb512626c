"""HTML (or plain text) to a :class:`~pipeline.models.Document`: main text, metadata, cited links.

Stages, in order:
1. parse with BeautifulSoup/lxml and read metadata (``pipeline.html_metadata``) and fact-check
   markup (``pipeline.claim_review``) before anything is cut;
2. remove boilerplate that main-text extractors sometimes keep (navigation, cookie and consent
   banners, related/share/newsletter blocks, figures and captions, hidden elements);
3. main text by trafilatura; when it finds nothing, a paragraph heuristic (the container with
   the most paragraph text);
4. links cited in the body: anchors whose paragraph made it into the main text, made absolute;
5. furniture the extractors keep (:mod:`pipeline.furniture`): "VIDEO: ..." teasers and newsletter
   promos leave the text; the dateline becomes metadata (place, agency).

Plain text is never rewritten (:func:`document_from_text`), so claim offsets index what the user sent;
its dateline is read the same way, and the claim extractor never takes furniture for a claim.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import trafilatura
from bs4 import BeautifulSoup, Tag

from pipeline.claim_review import claim_reviews
from pipeline.errors import UnsupportedInput
from pipeline.furniture import find_furniture, first_dateline
from pipeline.html_metadata import dateline_date, host_outlet, page_metadata
from pipeline.models import Document

_MARKUP_START = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|p|div|article|main|section|header|h[1-6]|span|table|ul|!--|\?xml)[\s>/]",
    re.IGNORECASE,
)
_BOILERPLATE_TAGS = ("script", "style", "noscript", "template", "nav", "aside", "footer", "form", "figure",
                     "figcaption", "iframe", "svg", "button", "dialog", "select", "input")
# class/id words (split on - _ and spaces) that mark page furniture rather than article prose
_BOILERPLATE_WORDS = frozenset(
    {"cookie", "cookies", "consent", "gdpr", "related", "recommended", "promo", "newsletter", "subscribe",
     "share", "sharing", "social", "breadcrumb", "breadcrumbs", "nav", "navbar", "navigation", "menu", "footer",
     "sidebar", "comments", "comment", "ad", "ads", "advert", "advertisement", "sponsored", "tags", "caption",
     "credit", "popup", "modal", "outbrain", "taboola", "paywall", "signup", "trending", "most-read", "mostread"}
)
_PROTECTED = frozenset({"html", "body", "main", "article"})
_BLOCKS = ("p", "li", "blockquote", "td", "dd", "h2", "h3", "h4", "pre")
_WS = re.compile(r"\s+")
_LIST_MARKER = re.compile(r"^\s*- ")  # trafilatura's bullet for <li>
_MIN_FALLBACK_WORDS = 8


def looks_like_html(data: str) -> bool:
    """True when the input starts with markup (after whitespace or a BOM), so it is parsed as HTML."""
    return bool(_MARKUP_START.match(data.lstrip("\ufeff \t\r\n")))


def document_from_text(text: str, *, url: str | None = None, title: str | None = None,
                       published: str | None = None) -> Document:
    """A Document whose text is exactly ``text``: offsets given to the user index their own input."""
    if not text.strip():
        raise UnsupportedInput("no article text found: the input is empty")
    line = first_dateline(text)
    return Document(text=text, url=url, title=title, outlet=host_outlet(url), published=published,
                    dateline_place=line.place if line else None, dateline_agency=line.agency if line else None)


def extract_document(html: str, url: str | None = None, *, sha256: str | None = None,
                     fetched_at: str | None = None) -> Document:
    """Main text, metadata and cited links of an HTML page; raises UnsupportedInput without article text."""
    soup = BeautifulSoup(html, "lxml")
    meta = page_metadata(soup, url)
    reviews = claim_reviews(soup)  # read before boilerplate removal drops the scripts
    _strip_boilerplate(soup)
    cleaned = str(soup)
    text = _without_furniture(_without_headline(_trafilatura_text(cleaned, url) or _paragraph_text(soup), meta.title))
    if not text:
        raise UnsupportedInput(f"no article text found in the HTML of {url or 'the input'}")
    return Document(
        text=text,
        url=url,
        title=meta.title,
        outlet=meta.outlet,
        author=meta.author,
        published=meta.published or dateline_date(text),
        links=_cited_links(soup, text, url),
        sha256=sha256,
        fetched_at=fetched_at,
        language=meta.language,
        reviews=reviews,
        dateline_place=line.place if (line := first_dateline(text)) else None,
        dateline_agency=line.agency if line else None,
    )


def _is_boilerplate(tag: Tag) -> bool:
    if tag.name in _PROTECTED:
        return False
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return True
    if re.search(r"display\s*:\s*none", str(tag.get("style", "")), re.IGNORECASE):
        return True
    if tag.get("role") in ("navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog"):
        return True
    words = " ".join([*tag.get_attribute_list("class"), str(tag.get("id", ""))]).lower()
    return bool(set(re.split(r"[\s_-]+", words)) & _BOILERPLATE_WORDS)


def _holds_the_article(tag: Tag, total_chars: int) -> bool:
    """Several paragraphs carrying most of the page's prose: the article, whatever its class says."""
    paragraphs = [p.get_text() for p in tag.find_all("p") if p.get_text().strip()]
    return len(paragraphs) >= 3 and sum(map(len, paragraphs)) > total_chars / 2


def _strip_boilerplate(soup: BeautifulSoup) -> None:
    """Cut page furniture, but never a block holding the headline or most of the prose.

    Class names are a hint, not a fact ("article-body share-enabled"), hence the guard.
    """
    for tag in soup.find_all(_BOILERPLATE_TAGS):
        tag.decompose()
    total = sum(len(p.get_text()) for p in soup.find_all("p"))
    for tag in soup.find_all(True):
        if tag.decomposed or tag.attrs is None or not _is_boilerplate(tag):
            continue
        if tag.find("h1") is not None or _holds_the_article(tag, total):
            continue
        tag.decompose()


def _trafilatura_text(html: str, url: str | None) -> str:
    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=False, include_images=False,
        include_links=False, include_formatting=False, deduplicate=False, with_metadata=False,
    )
    return _paragraphs([_LIST_MARKER.sub("", line) for line in text.splitlines()]) if text else ""


def _without_headline(text: str, title: str | None) -> str:
    """Drop a first paragraph that repeats the title: the headline is metadata, not a claim of the body."""
    first, sep, rest = text.partition("\n\n")
    if title and sep and _WS.sub(" ", first).strip().casefold() == _WS.sub(" ", title).strip().casefold():
        return rest
    return text


def _without_furniture(text: str) -> str:
    """The text without teaser ("VIDEO: ...", "READ MORE: ...") and promo paragraphs."""
    drop = [(f.start, f.end) for f in find_furniture(text) if f.kind in ("teaser", "promo")]
    if not drop:
        return text
    paragraphs = text.split("\n\n")
    kept, at = [], 0
    for para in paragraphs:
        if not any(at <= a and b <= at + len(para) for a, b in drop):
            kept.append(para)
        at += len(para) + 2
    return "\n\n".join(kept)


def _paragraphs(lines: list[str]) -> str:
    """One paragraph per block, separated by a blank line (a reliable sentence break downstream)."""
    return "\n\n".join(p for p in (_WS.sub(" ", line).strip() for line in lines) if p)


def paragraph_text(html: str) -> str:
    """The BeautifulSoup paragraph heuristic alone (the fallback; also a baseline to measure against)."""
    soup = BeautifulSoup(html, "lxml")
    _strip_boilerplate(soup)
    return _paragraph_text(soup)


def _paragraph_text(soup: BeautifulSoup) -> str:
    """Fallback: paragraphs of the container that holds the most paragraph text, else the body's lines."""
    body = soup.body or soup
    best: Tag | None = None
    best_len = 0
    for container in body.find_all(True):
        length = sum(len(p.get_text()) for p in container.find_all("p", recursive=False))
        if length > best_len:
            best, best_len = container, length
    lines = [p.get_text() for p in best.find_all("p", recursive=False)] if best is not None else []
    if sum(len(line.split()) for line in lines) < _MIN_FALLBACK_WORDS:
        lines = body.get_text("\n").splitlines()
    if sum(len(line.split()) for line in lines) < _MIN_FALLBACK_WORDS:
        return ""
    return _paragraphs(lines)


def _cited_links(soup: BeautifulSoup, text: str, url: str | None) -> tuple[str, ...]:
    """Absolute http(s) URLs of anchors whose enclosing paragraph is part of the main text."""
    flat = _WS.sub(" ", text)
    found: dict[str, None] = {}
    for anchor in soup.find_all("a", href=True):
        href = str(anchor["href"]).strip()
        block = anchor.find_parent(_BLOCKS)
        if block is None:
            continue
        block_text = _WS.sub(" ", block.get_text()).strip()
        anchor_text = _WS.sub(" ", anchor.get_text()).strip()
        if not anchor_text or not _in_text(block_text, anchor_text, flat):
            continue
        try:
            parts = urlsplit(urljoin(url, href) if url else href)
            if parts.scheme in ("http", "https") and parts.hostname:
                found.setdefault(parts._replace(fragment="").geturl(), None)
        except ValueError:  # "http://[::1": kept, so it is recorded as one failed source
            if href.lower().startswith(("http://", "https://")):
                found.setdefault(href, None)
    return tuple(found)


def _in_text(block_text: str, anchor_text: str, flat: str) -> bool:
    """The block is in the main text, or (when the extractor reflowed it) its anchor text and a neighbour are."""
    if block_text in flat:
        return True
    start = block_text.find(anchor_text)
    window = block_text[max(0, start - 30) : start + len(anchor_text) + 30].strip()
    return len(window.split()) >= 4 and window in flat
