"""schema.org ClaimReview JSON-LD from an article report, so fact-check sites and search engines can read it.

One ClaimReview per claim whose final label (the reviewer's, else the machine's) is a rating:
"unverified" says nothing was checked, so it is not published as a review. The rating is
ordinal: 1 contradicted, 2 mixed, 3 supported (worstRating 1, bestRating 3), with the label as
``alternateName``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

RATING = {"contradicted": 1, "mixed": 2, "supported": 3}
ORGANISATION = {"@type": "Organization", "name": "newscheck"}
_PERSON_KINDS = {"person", "pronoun"}


def claim_reviews(report: dict[str, Any], base_url: str, today: str | None = None) -> dict[str, Any]:
    """A JSON-LD document whose ``@graph`` holds the article's ClaimReview objects."""
    article = report.get("article", {})
    today = today or datetime.now(timezone.utc).date().isoformat()
    page = f"{base_url}/articles/{report['id']}"
    graph = []
    for claim in report.get("claims", []):
        item = _claim_review(claim, article, page, today)
        if item is not None:
            graph.append(item)
    return {"@context": "https://schema.org", "@graph": graph}


def _claim_review(claim: dict[str, Any], article: dict[str, Any], page: str, today: str) -> dict[str, Any] | None:
    verdict, review = claim.get("verdict"), claim.get("review")
    label = (review or {}).get("label") or (verdict or {}).get("label")
    if label not in RATING:
        return None
    author: dict[str, Any] = dict(ORGANISATION)
    if review:
        author = {"@type": "Person", "name": review["by"], "memberOf": ORGANISATION}
    appearance: dict[str, Any] = {"@type": "NewsArticle", "headline": article.get("title") or "untitled article"}
    if article.get("url"):
        appearance["url"] = article["url"]
    if article.get("published"):
        appearance["datePublished"] = article["published"]
    if article.get("outlet"):
        appearance["publisher"] = {"@type": "Organization", "name": article["outlet"]}
    item_reviewed: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    speaker = claim.get("speaker")
    if speaker:
        name = speaker.get("resolved") or speaker["text"]
        item_reviewed["author"] = {"@type": "Person" if speaker.get("kind") in _PERSON_KINDS else "Organization", "name": name}
    if article.get("published"):
        item_reviewed["datePublished"] = article["published"]
    out: dict[str, Any] = {
        "@type": "ClaimReview",
        "url": f"{page}#claim-{claim['id']}",
        "claimReviewed": claim["content"]["text"],
        "datePublished": (review["at"][:10] if review else today),
        "author": author,
        "itemReviewed": item_reviewed,
        "reviewRating": {"@type": "Rating", "ratingValue": RATING[label], "worstRating": 1, "bestRating": 3,
                         "alternateName": label},
    }
    if verdict:
        out["reviewBody"] = (review or {}).get("note") or verdict.get("rationale", "")
    return out
