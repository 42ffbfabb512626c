"""The demo's sample site is consistent with its manifest and looks like real news pages.

Why: the demo and the end-to-end tests trust the manifest (which path supports, contradicts,
fails; which verdict each claim should get). A page renamed, a date edited or a claim reworded
would silently turn the demo's expectations into nonsense.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import pytest
import trafilatura
from bs4 import BeautifulSoup

from newscheck.sample_site import article_url, load_manifest, page_file, site_routes, source_urls

LABELS = {"supported", "contradicted", "mixed", "unverified"}
ROLES_REQUIRED = {"supports", "contradicts", "looser", "later", "wire_copy", "unrelated", "fails"}
MANIFEST = load_manifest()
ARTICLE = MANIFEST["article_page"]


def _served_pages() -> dict[str, dict[str, Any]]:
    """Source pages answered with a real article (status 200), keyed by path."""
    return {p: pg for p, pg in MANIFEST["pages"].items() if not pg.get("hang") and int(pg.get("status", 200)) == 200}


def _html_pages() -> dict[str, dict[str, Any]]:
    """The article and every served source page, keyed by path."""
    return {MANIFEST["article"]: ARTICLE, **_served_pages()}


@lru_cache(maxsize=None)
def _main_text(relative_file: str) -> str:
    text = trafilatura.extract(page_file(relative_file).read_text(encoding="utf-8"))
    assert text, f"trafilatura found no main text in {relative_file}"
    return text


def _soup(relative_file: str) -> BeautifulSoup:
    return BeautifulSoup(page_file(relative_file).read_text(encoding="utf-8"), "lxml")


def _news_article(soup: BeautifulSoup) -> dict[str, Any]:
    """The NewsArticle object of a page's JSON-LD (top level, list or @graph)."""
    found: list[dict[str, Any]] = []
    for script in soup.find_all("script", type="application/ld+json"):
        data = json.loads(script.string or "")
        items = data if isinstance(data, list) else data.get("@graph", [data])
        found += [item for item in items if item.get("@type") == "NewsArticle"]
    assert len(found) == 1, "expected exactly one JSON-LD NewsArticle"
    return found[0]


def _meta(soup: BeautifulSoup, prop: str) -> str:
    tag = soup.find("meta", attrs={"property": prop})
    assert tag is not None and tag.get("content"), f"missing <meta property={prop!r}>"
    return str(tag["content"])


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?\"])\s+", text) if len(s.split()) >= 8]


def test_every_listed_source_is_described_and_exists_except_the_failing_ones() -> None:
    pages = MANIFEST["pages"]
    assert page_file(ARTICLE["file"]).is_file()
    assert MANIFEST["published"] == ARTICLE["published"]
    assert len(MANIFEST["sources"]) == len(set(MANIFEST["sources"])), "a source is listed twice"
    assert set(MANIFEST["sources"]) == set(pages), "sources and pages describe different paths"
    for path in MANIFEST["sources"]:
        page = pages[path]
        assert path.startswith("/outlets/") and path.endswith(".html")
        if page["role"] == "fails":
            assert page.get("hang") or int(page.get("status", 200)) >= 400, f"{path} is meant to fail"
        else:
            assert int(page.get("status", 200)) == 200 and not page.get("hang")
        if page.get("file"):
            assert page_file(page["file"]).is_file(), f"{page['file']} is missing"


def test_roles_outlets_and_domains_are_distinct_and_complete() -> None:
    pages = MANIFEST["pages"].values()
    roles = [pg["role"] for pg in pages]
    assert ROLES_REQUIRED <= set(roles)
    assert roles.count("supports") >= 2
    outlets = [pg["outlet"] for pg in pages] + [ARTICLE["outlet"]]
    domains = [pg["domain"] for pg in pages] + [ARTICLE["domain"]]
    assert len(pages) >= 8
    assert len(set(outlets)) == len(outlets), "outlets must be distinct"
    assert len(set(domains)) == len(domains), "domains must be distinct"
    assert all(d.endswith(".example") for d in domains), "invented domains use the reserved .example TLD"


@pytest.mark.parametrize("path", sorted(_html_pages()))
def test_page_metadata_parses_and_matches_the_manifest(path: str) -> None:
    page = _html_pages()[path]
    soup = _soup(page["file"])
    news = _news_article(soup)
    for key in ("headline", "datePublished", "author", "publisher"):
        assert news.get(key), f"JSON-LD NewsArticle lacks {key}"
    assert _meta(soup, "og:title")
    assert _meta(soup, "og:site_name") == page["outlet"] == news["publisher"]["name"]
    assert _meta(soup, "article:published_time") == news["datePublished"]
    assert news["datePublished"][:10] == page["published"]
    assert urlsplit(_meta(soup, "og:url")).hostname.endswith(page["domain"])


@pytest.mark.parametrize("path", sorted(_html_pages()))
def test_page_has_the_boilerplate_of_a_real_news_site(path: str) -> None:
    soup = _soup(_html_pages()[path]["file"])
    assert soup.find("nav") is not None, "navigation menu"
    assert soup.find("footer") is not None, "footer"
    assert soup.select_one("figure figcaption") is not None, "figure with a caption"
    assert soup.select_one("[class*=related]") is not None, "related-links block"
    assert "cookie" in soup.get_text(" ").lower(), "cookie banner"


def test_source_dates_sit_on_the_right_side_of_the_article() -> None:
    published = date.fromisoformat(ARTICLE["published"])
    for page in _served_pages().values():
        page_date = date.fromisoformat(page["published"])
        if page["role"] == "later":
            assert page_date > published
        elif page["role"] in {"supports", "contradicts", "looser", "wire_copy"}:
            assert page_date <= published


def test_expected_claims_occur_once_in_the_article_text_with_valid_labels() -> None:
    text = _main_text(ARTICLE["file"])
    expected = MANIFEST["expected"]
    for item in expected:
        assert text.count(item["claim_contains"]) == 1, item["claim_contains"]
        assert item["label"] in LABELS
        assert item["why"].strip()
    labels = [item["label"] for item in expected]
    assert labels.count("supported") >= 3 and "contradicted" in labels and labels.count("unverified") >= 2


def test_article_length_and_its_two_links_to_listed_sources() -> None:
    article = ARTICLE
    assert 600 <= len(_main_text(article["file"]).split()) <= 900
    body = _soup(article["file"]).select_one("article")
    assert body is not None
    cited = [a["href"] for a in body.find_all("a", href=True) if a["href"].startswith("/outlets/")]
    assert len(cited) == 2 and set(cited) <= set(MANIFEST["sources"])


def test_wire_copy_repeats_the_article_and_the_other_sources_use_their_own_words() -> None:
    article_text = _main_text(ARTICLE["file"])
    for path, page in _served_pages().items():
        shared = [s for s in _sentences(_main_text(page["file"])) if s in article_text]
        if page["role"] == "wire_copy":
            assert len(shared) >= 8, f"{path} should reprint the article verbatim"
        else:
            assert shared == [], f"{path} copies the article: {shared[:1]}"


def test_routes_serve_every_path_and_urls_keep_the_manifest_order() -> None:
    routes = site_routes()
    base = "http://127.0.0.1:8765/"
    assert source_urls(base) == ["http://127.0.0.1:8765" + p for p in MANIFEST["sources"]]
    assert article_url(base) == "http://127.0.0.1:8765" + MANIFEST["article"]
    assert MANIFEST["article"] in routes and "/robots.txt" in routes
    for path, page in MANIFEST["pages"].items():
        route = routes[path]
        assert route.hang == bool(page.get("hang"))
        if not route.hang:
            assert route.status == int(page.get("status", 200))
            assert route.payload() == page_file(page["file"]).read_bytes()


def _bearing_pages() -> dict[str, dict[str, Any]]:
    """Pages written to bear on one expected claim (a fact-check, a debunk), keyed by path."""
    return {p: pg for p, pg in _served_pages().items() if pg.get("claim_contains")}


def test_the_fact_check_and_the_debunk_page_bear_on_expected_claims() -> None:
    pages = _bearing_pages()
    assert {pg["role"] for pg in pages.values()} >= {"fact_check", "debunks"}
    expected = {e["claim_contains"]: e["label"] for e in MANIFEST["expected"]}
    for path, page in pages.items():
        assert page["claim_contains"] in expected, path
        # the page takes the side of the claim's intended verdict, so existing verdicts stand
        assert {"supports": "supported", "contradicts": "contradicted"}[page["stance"]] == expected[page["claim_contains"]]


def test_the_fact_check_page_marks_up_a_review_of_the_claim_and_of_another_one() -> None:
    from pipeline.claim_review import claim_reviews

    (path, page), = [(p, pg) for p, pg in _bearing_pages().items() if pg["role"] == "fact_check"]
    reviews = claim_reviews(_soup(page["file"]))
    assert len(reviews) >= 2, "one review of our claim and one of a neighbouring claim (must not be borrowed)"
    ours = [r for r in reviews if r.rating == page["rating"]]
    assert len(ours) == 1 and ours[0].author == page["outlet"] and ours[0].published == page["published"]
    assert {r.rating for r in reviews} - {page["rating"]}, "the other review carries another rating"


def test_the_debunk_page_restates_the_claim_under_a_relaying_frame() -> None:
    from pipeline.checking.reported import reports_claim

    (path, page), = [(p, pg) for p, pg in _bearing_pages().items() if pg["role"] == "debunks"]
    restating = [s for s in re.split(r"(?<=[.!?])\s+", _main_text(page["file"])) if page["claim_contains"] in s]
    assert restating and all(reports_claim(s) for s in restating)
