"""Prior fact-checks: ClaimReview markup read as typed data, matched to our claim, and decisive.

Why: a fact-checker's published rating of the very claim we check is the strongest evidence a
page carries, but a rating of a neighbouring claim (same event, another figure) must not be
borrowed, and the middle of a scale ("Half True") must never read as support.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from bs4 import BeautifulSoup

from pipeline.checking import check_claim
from pipeline.checking.ratings import review_rating
from pipeline.checking.reviews import matching_review
from pipeline.checking.stance import ClaimView
from pipeline.claims import standalone_claim
from pipeline.claim_review import claim_reviews
from pipeline.extraction import extract_document
from pipeline.models import ClaimReview, Document
from tests.unit.test_checking_check_claim import make_claim, make_doc

ARTICLE = Document(text="The harbour board said 2,400 fishing boats were registered in Porvik last year.",
                   url="https://paper.example/harbour", published="2024-06-10")
CLAIM = make_claim("2,400 fishing boats were registered in Porvik last year")


def _review(claim: str, rating: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": claim,
            "reviewRating": {"@type": "Rating", **rating}, **extra}


def _page(*objects: dict[str, Any], body: str = "") -> str:
    scripts = "".join(f'<script type="application/ld+json">{json.dumps(o)}</script>' for o in objects)
    body = body or "<p>Our reporters looked at the harbour registry for the past three years and spoke to the board.</p>" * 3
    return f"<!DOCTYPE html><html lang='en'><head><title>Fact check</title>{scripts}</head><body><article>{body}</article></body></html>"


def test_claim_review_fields_are_read_as_typed_data() -> None:
    html = _page(
        {"@context": "https://schema.org", "@graph": [
            {"@type": "NewsArticle", "headline": "Fact check: boats in Porvik"},
            _review("2,400 fishing boats were registered in Porvik last year",
                    {"ratingValue": "2", "bestRating": "5", "worstRating": "1", "alternateName": "Mostly <b>False</b>"},
                    author={"@type": "Organization", "name": "Coastline Checks"},
                    datePublished="2024-06-12T09:00:00+02:00",
                    itemReviewed={"@type": "Claim", "author": {"@type": "Person", "name": "Ilse Marten"}}),
        ]}
    )
    (review,) = claim_reviews(BeautifulSoup(html, "lxml"))
    assert review == ClaimReview(
        claim_reviewed="2,400 fishing boats were registered in Porvik last year", rating="Mostly False",
        rating_value=2.0, best_rating=5.0, worst_rating=1.0, author="Coastline Checks", published="2024-06-12",
        claimant="Ilse Marten",
    )


def test_reviews_nested_in_an_article_are_found_and_survive_extraction_and_storage() -> None:
    nested = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Boats",
              "review": [_review("The board registered 2,400 boats in Porvik", {"alternateName": "True"}),
                         _review("Porvik has the largest fleet in the north", {"alternateName": "Half True"})]}
    doc = extract_document(_page(nested), "https://checks.example/boats")
    assert [r.rating for r in doc.reviews] == ["True", "Half True"]
    assert Document.from_dict(json.loads(json.dumps(_as_dict(doc)))).reviews == doc.reviews


def _as_dict(doc: Document) -> dict[str, Any]:
    from pipeline.models import to_dict

    return dict(to_dict(doc))


def test_a_page_without_reviews_and_broken_json_ld_give_none() -> None:
    html = "<html><head><script type='application/ld+json'>{not json</script></head><body><p>x</p></body></html>"
    assert claim_reviews(BeautifulSoup(html, "lxml")) == ()
    assert claim_reviews(BeautifulSoup(_page({"@type": "ClaimReview", "reviewRating": {}}), "lxml")) == ()


@pytest.mark.parametrize(
    ("rating", "stance"),
    [
        ({"alternateName": "Pants on Fire"}, "contradicts"),
        ({"alternateName": "False. The photo was taken in another country."}, "contradicts"),
        ({"alternateName": "Mostly True"}, "supports"),
        ({"alternateName": "Mixture"}, "neutral"),
        ({"alternateName": "Partly false"}, "neutral"),
        ({"alternateName": "Not entirely accurate"}, "neutral"),
        ({"ratingValue": 1, "bestRating": 5, "worstRating": 1}, "contradicts"),
        ({"ratingValue": 3, "bestRating": 5, "worstRating": 1}, "neutral"),
        ({"ratingValue": 6, "bestRating": 6, "worstRating": 1}, "supports"),
        ({"ratingValue": "4"}, "supports"),  # schema.org default scale 1..5
    ],
)
def test_rating_words_and_ordinal_scales_map_onto_stances(rating: dict[str, Any], stance: str) -> None:
    (review,) = claim_reviews(BeautifulSoup(_page(_review("Some claim about boats", rating)), "lxml"))
    found = review_rating(review)
    assert found is not None and found.stance == stance and found.mixed == (stance == "neutral")


@pytest.mark.parametrize("rating", [{"alternateName": "Satire"}, {"ratingValue": -1}, {}])
def test_ratings_off_our_scale_say_nothing(rating: dict[str, Any]) -> None:
    (review,) = claim_reviews(BeautifulSoup(_page(_review("Some claim about boats", rating)), "lxml"))
    assert review_rating(review) is None


def test_only_the_review_of_our_claim_is_matched() -> None:
    view = ClaimView.of(CLAIM.content.text, CLAIM.quantities)
    other_figure = ClaimReview("3,100 fishing boats were registered in Porvik last year", "False")
    other_claim = ClaimReview("The Porvik harbour board raised mooring fees twice last year", "False")
    ours = ClaimReview("Porvik registered 2,400 fishing boats last year", "Mostly True")
    assert matching_review(view.text, view.weights, [other_figure, other_claim]) is None
    found = matching_review(view.text, view.weights, [other_figure, ours, other_claim])
    assert found is not None and found[0].text == "Mostly True"


def _checker(rating: str, claim: str = "2,400 fishing boats were registered in Porvik last year",
             published: str = "2024-06-12") -> Document:
    page = _page(
        _review(claim, {"alternateName": rating}, author={"@type": "Organization", "name": "Coastline Checks"},
                datePublished=published),
        body="<p>Coastline Checks looked at the harbour registry for the past three years.</p>"
             "<p>The registry lists every vessel that paid the annual fee, and the board publishes it each spring.</p>",
    )
    return extract_document(page, "https://checks.example/porvik", sha256="ab" * 32, fetched_at="2024-06-13T00:00:00Z")


def test_a_false_review_of_our_claim_contradicts_and_is_quoted_even_when_published_after_it() -> None:
    verdict = check_claim(CLAIM, ARTICLE, [_checker("False")])
    assert verdict.label == "contradicted"
    assert "rated 'False' by Coastline Checks on 2024-06-12" in verdict.rationale
    assert all(e.rating and "ClaimReview" in e.rating for e in verdict.evidence)


def test_a_true_review_supports_and_a_half_true_review_never_does() -> None:
    assert check_claim(CLAIM, ARTICLE, [_checker("Mostly True")]).label == "supported"
    half = check_claim(CLAIM, ARTICLE, [_checker("Half True")])
    assert half.label != "supported"
    assert "Half True" in half.rationale


def test_a_review_of_another_claim_on_the_page_is_not_borrowed() -> None:
    verdict = check_claim(CLAIM, ARTICLE, [_checker("False", claim="The Porvik harbour board raised mooring fees twice")])
    assert verdict.label == "unverified"
    assert all(e.rating is None for e in verdict.evidence)


def test_plain_text_documents_carry_no_reviews() -> None:
    assert make_doc("Some text.", "https://x.example/1").reviews == ()


def test_the_claimant_a_review_names_confirms_who_said_it_even_when_rated_false() -> None:
    claim = make_claim("2,400 fishing boats were registered in Porvik last year", speaker="Ilse Marten")
    page = _page(
        _review("2,400 fishing boats were registered in Porvik last year", {"alternateName": "False"},
                itemReviewed={"@type": "Claim", "author": {"@type": "Person", "name": "Councillor Ilse Marten"}}),
        body="<p>The registry lists every vessel that paid the annual fee, and it is published each spring.</p>",
    )
    doc = extract_document(page, "https://checks.example/marten", sha256="ab" * 32, fetched_at="2024-06-13T00:00:00Z")
    verdict = check_claim(claim, ARTICLE, [doc])
    assert (verdict.label, verdict.attribution) == ("contradicted", "confirmed")
    other = make_claim("2,400 fishing boats were registered in Porvik last year", speaker="Tomas Ekholm")
    assert check_claim(other, ARTICLE, [doc]).attribution == "unconfirmed"


def test_a_described_speaker_is_the_claimant_whose_title_fits() -> None:
    claim = standalone_claim("A senior harbour board official said 2,400 fishing boats were registered in Porvik last year.")
    assert claim.speaker is not None and claim.speaker.kind == "anonymous"
    author = {"@type": "Person", "name": "Ilse Marten", "jobTitle": "Harbour Board secretary"}
    page = _page(
        _review("2,400 fishing boats were registered in Porvik last year", {"alternateName": "Mostly True"},
                itemReviewed={"@type": "Claim", "author": author}),
        body="<p>The registry lists every vessel that paid the annual fee, and it is published each spring.</p>",
    )
    doc = extract_document(page, "https://checks.example/board", sha256="ab" * 32, fetched_at="2024-06-13T00:00:00Z")
    assert doc.reviews[0].claimant_role == "Harbour Board secretary"
    verdict = check_claim(claim, ARTICLE, [doc])
    assert verdict.attribution == "confirmed" and "Ilse Marten" in verdict.rationale
    doc = extract_document(page.replace("Harbour Board secretary", "fisherman"), "https://checks.example/board2",
                           sha256="ab" * 32, fetched_at="2024-06-13T00:00:00Z")
    assert check_claim(claim, ARTICLE, [doc]).attribution == "unconfirmed"
