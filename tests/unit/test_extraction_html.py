"""HTML to Document on hand-written pages: main text without furniture, metadata cascade, cited links."""

from __future__ import annotations

import pytest

from pipeline.errors import UnsupportedInput
from pipeline.extraction import document_from_text, extract_document, looks_like_html, paragraph_text
from tests.unit.html_pages import ARTICLE_PARAGRAPHS, COOKIE_BANNER, NAV, article_page, json_ld

URL = "https://ledger.example.com/2023/06/04/flood"
OG_SITE = '<meta property="og:site_name" content="Portvale Daily Ledger">'


def test_main_text_keeps_the_article_and_drops_page_furniture() -> None:
    doc = extract_document(article_page(head=OG_SITE), URL)
    assert "Rescue crews pulled 37 people" in doc.text
    assert "the fastest rise recorded since the dam was built" in doc.text
    assert "more rain on Tuesday" in doc.text
    for furniture in ("Sport", "cookies", "Privacy policy", "Farmers warn of drought", "Tourist season",
                      "Volunteers carry sandbags", "All rights reserved"):
        assert furniture not in doc.text, furniture
    assert doc.text.startswith("PORTVALE, June 4, 2023")  # the headline is the title, not body text
    # paragraphs stay apart, so sentence splitting downstream never glues two of them together
    assert doc.text.count("\n\n") == len(ARTICLE_PARAGRAPHS) - 1


def test_a_headline_inside_the_body_container_is_not_repeated_in_the_text() -> None:
    page = article_page().replace('<div class="article-body">', '<div class="article-body"><h2>Floodwaters force hundreds from their homes in Portvale</h2>')
    doc = extract_document(page, URL)
    assert doc.title == "Floodwaters force hundreds from their homes in Portvale"
    assert doc.text.startswith("PORTVALE, June 4, 2023")


def test_metadata_from_open_graph_byline_and_title() -> None:
    doc = extract_document(article_page(head=OG_SITE), URL, sha256="ab" * 32, fetched_at="2023-06-05T00:00:00Z")
    assert doc.title == "Floodwaters force hundreds from their homes in Portvale"
    assert doc.outlet == "Portvale Daily Ledger"
    assert doc.author == "Jonas Everett"
    assert doc.language == "en"
    assert (doc.url, doc.sha256, doc.fetched_at) == (URL, "ab" * 32, "2023-06-05T00:00:00Z")


def test_json_ld_gives_outlet_author_date_and_wins_over_meta_tags() -> None:
    head = json_ld(
        headline="Portvale floods: crews rescue dozens",
        datePublished="2023-06-03T22:15:00+02:00",
        author=[{"@type": "Person", "name": "Ines Okafor"}, {"@type": "Person", "name": "Jonas Everett"}],
        publisher={"@type": "NewsMediaOrganization", "name": "Harbour Wire"},
    ) + '<meta property="article:published_time" content="2023-06-09T08:00:00Z">'
    doc = extract_document(article_page(head=head, byline=""), URL)
    assert doc.outlet == "Harbour Wire"
    assert doc.author == "Ines Okafor, Jonas Everett"
    assert doc.published == "2023-06-03"
    assert doc.title == "Portvale floods: crews rescue dozens"


def test_json_ld_in_a_graph_and_broken_json_ld_is_ignored() -> None:
    graph = ('<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "x"}, '
             '{"@type": ["NewsArticle"], "datePublished": "2022-11-30", "publisher": {"name": "Graph News"}}]}</script>')
    broken = '<script type="application/ld+json">{"@type": "NewsArticle", </script>'
    doc = extract_document(article_page(head=broken + graph), URL)
    assert (doc.outlet, doc.published) == ("Graph News", "2022-11-30")


@pytest.mark.parametrize(
    ("head", "body_extra", "expected"),
    [
        ('<meta property="article:published_time" content="2021-02-17T10:00:00Z">', "", "2021-02-17"),
        ('<meta name="date" content="March 9, 2020">', "", "2020-03-09"),
        ("", '<time datetime="2019-12-01T07:30">1 December</time>', "2019-12-01"),
    ],
)
def test_published_date_cascade(head: str, body_extra: str, expected: str) -> None:
    page = article_page(head=head, byline=f'<p class="byline">By Jonas Everett {body_extra}</p>')
    assert extract_document(page, URL).published == expected


def test_dateline_date_is_the_last_resort() -> None:
    assert extract_document(article_page(), URL).published == "2023-06-04"
    undated = tuple(p.replace("PORTVALE, June 4, 2023 (Harbour Wire) - ", "") for p in ARTICLE_PARAGRAPHS)
    assert extract_document(article_page(paragraphs=undated), URL).published is None


def test_outlet_falls_back_to_the_host_without_www() -> None:
    doc = extract_document(article_page(), "https://www.ledger.example.com/a")
    assert doc.outlet == "ledger.example.com"
    assert extract_document(article_page(), None).outlet is None


def test_links_are_absolute_and_only_those_cited_in_the_body() -> None:
    doc = extract_document(article_page(), URL)
    assert doc.links == ("https://ledger.example.com/data/gauges", "https://weather.example.org/outlook")


def test_links_skip_non_http_schemes_and_drop_fragments() -> None:
    paragraphs = (
        ARTICLE_PARAGRAPHS[0],
        'Residents can write to <a href="mailto:help@example.com">the help desk</a> or read '
        '<a href="javascript:void(0)">the live map</a> and <a href="../notes#flood">the council notes</a> for updates.',
    )
    doc = extract_document(article_page(paragraphs=paragraphs), URL)
    assert doc.links == ("https://ledger.example.com/2023/06/notes",)


def test_a_share_class_on_the_article_body_does_not_delete_the_article() -> None:
    page = article_page().replace('class="article-body"', 'class="article-body share-enabled"')
    assert "Rescue crews pulled 37 people" in extract_document(page, URL).text


def test_page_without_article_text_is_refused() -> None:
    page = f"<!doctype html><html><head><title>Home</title></head><body>{NAV}{COOKIE_BANNER}</body></html>"
    with pytest.raises(UnsupportedInput, match="no article text found"):
        extract_document(page, URL)
    with pytest.raises(UnsupportedInput):
        extract_document("<html><body><img src='x.png'></body></html>")


def test_paragraph_heuristic_takes_the_densest_container() -> None:
    page = article_page()
    text = paragraph_text(page)
    assert text.startswith("PORTVALE, June 4, 2023")
    assert "cookies" not in text and "Farmers warn" not in text
    assert paragraph_text("<html><body><div>Too short.</div></body></html>") == ""


@pytest.mark.parametrize(
    "data",
    ["<!DOCTYPE html><html></html>", "\ufeff  \n<html lang='en'>", "<HEAD><title>x</title>", "<body>",
     "<p>Text</p>", "<div class='a'>", "<article>", "  <!-- comment --><html>"],
)
def test_looks_like_html_accepts_markup(data: str) -> None:
    assert looks_like_html(data)


@pytest.mark.parametrize(
    "data",
    ["Officials said <b>12</b> people died.", "a < b and c > d", "", "   ", "<pretend> is not a tag we know",
     "2 < 3", "<<p>"],
)
def test_looks_like_html_rejects_plain_text(data: str) -> None:
    assert not looks_like_html(data)


def test_plain_text_passes_through_unchanged() -> None:
    text = "  BAGHDAD - Officials said 12 people died.\r\n\nThe ministry disagreed.  "
    doc = document_from_text(text, url="https://www.example.org/x", title="T", published="2011-03-03")
    assert doc.text == text
    assert (doc.url, doc.title, doc.published, doc.outlet) == ("https://www.example.org/x", "T", "2011-03-03", "example.org")
    with pytest.raises(UnsupportedInput):
        document_from_text(" \n ")


def test_markup_in_metadata_is_reduced_to_text() -> None:
    # JSON-LD may carry escaped markup ("\u003c" is "<"); og:site_name may carry entities and tags.
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",'
          ' "headline": "\\u003cscript\\u003ealert(1)\\u003c/script\\u003eDam holds after \\u003cb\\u003erecord\\u003c/b\\u003e rain",'
          ' "author": {"@type": "Person", "name": "\\u003cimg src=x onerror=alert(2)\\u003eJonas Everett"},'
          ' "publisher": {"@type": "Organization", "name": "\u003cb\u003eLedger\u003c/b\u003e"}}</script>')
    site = '<meta property="og:site_name" content="&lt;b onmouseover=alert(3)&gt;Portvale Daily Ledger&lt;/b&gt;">'
    doc = extract_document(article_page(head=ld + site, byline=""), URL)
    assert doc.title == "Dam holds after record rain"
    assert doc.author == "Jonas Everett"
    assert doc.outlet == "Ledger"  # the JSON-LD publisher comes before og:site_name
    no_publisher = extract_document(article_page(head=ld.replace('"publisher"', '"copyrightHolder"') + site, byline=""), URL)
    assert no_publisher.outlet == "Portvale Daily Ledger"
    for value in (doc.title, doc.author, doc.outlet, no_publisher.outlet):
        assert value is not None and "<" not in value and "alert" not in value


def test_plain_metadata_with_ampersands_and_angle_brackets_is_kept() -> None:
    ld = json_ld(headline="Smith & Sons say costs < 5% of revenue", author={"@type": "Person", "name": "Ana Petrov"})
    doc = extract_document(article_page(head=ld, byline=""), URL)
    assert doc.title == "Smith & Sons say costs < 5% of revenue"
    assert doc.author == "Ana Petrov"
