"""Fact-checks a page publishes as schema.org ``ClaimReview`` JSON-LD, read as typed data.

Fact-checkers mark up the claim they reviewed, its rating (words and an ordinal scale), who
reviewed it, when, and who made the claim, so search engines can show the rating. That markup
is more deliberate than any sentence of the page, so it is read before the page is cut down to
its main text. Pure: works on a parsed BeautifulSoup tree, never fetches; markup inside values
is reduced to text like every other metadata value.
"""

from __future__ import annotations

from typing import Any, Iterator

from bs4 import BeautifulSoup

from pipeline.html_metadata import clean_text, json_ld_objects, ld_names, ld_types, normalise_date
from pipeline.models import ClaimReview


def _nested(value: Any, seen: set[int]) -> Iterator[dict[str, Any]]:
    """Every object inside ``value`` (ClaimReviews also sit under an article's ``review``)."""
    if isinstance(value, list):
        for item in value:
            yield from _nested(item, seen)
    elif isinstance(value, dict) and id(value) not in seen:
        seen.add(id(value))
        yield value
        for item in value.values():
            yield from _nested(item, seen)


def _number(value: Any) -> float | None:
    """A rating value as a number ("4", 4, "4.0"); None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _first(value: Any) -> dict[str, Any]:
    """The first object of a value that may be an object or a list of them."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, dict)), None)
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return clean_text(value) if isinstance(value, str) else None


def _review(obj: dict[str, Any]) -> ClaimReview | None:
    item = _first(obj.get("itemReviewed"))
    claim = _text(obj.get("claimReviewed")) or _text(item.get("name")) or _text(item.get("text"))
    if not claim:
        return None
    rating = _first(obj.get("reviewRating"))
    value = _number(rating.get("ratingValue"))
    authors = [n for n in (clean_text(x) for x in ld_names(obj.get("author"))) if n]
    claimants = [n for n in (clean_text(x) for x in ld_names(item.get("author"))) if n]
    role = _text(_first(item.get("author")).get("jobTitle"))
    published = obj.get("datePublished")
    return ClaimReview(
        claim_reviewed=claim,
        rating=_text(rating.get("alternateName")) or _text(rating.get("name")),
        rating_value=value,
        best_rating=_number(rating.get("bestRating")) if value is not None else None,
        worst_rating=_number(rating.get("worstRating")) if value is not None else None,
        author=", ".join(authors) or None,
        published=normalise_date(published) if isinstance(published, str) else None,
        claimant=", ".join(claimants) or None,
        claimant_role=role,
    )


def claim_reviews(soup: BeautifulSoup) -> tuple[ClaimReview, ...]:
    """The ClaimReviews of a parsed page, in page order, each reviewed claim once."""
    seen: set[int] = set()
    out: dict[str, ClaimReview] = {}
    for top in json_ld_objects(soup):
        for obj in _nested(top, seen):
            if "claimreview" in ld_types(obj) and (review := _review(obj)) is not None:
                out.setdefault(review.claim_reviewed, review)
    return tuple(out.values())
