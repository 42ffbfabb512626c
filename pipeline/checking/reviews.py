"""Which of a page's ClaimReviews rates our claim, and what the rating says.

A fact-check page often marks up several reviews, or one review of a neighbouring claim
(the same event, another figure). A rating counts only for the claim it reviewed, so the
reviewed claim must restate most of ours and ours most of it (weighted by word specificity,
as coverage is), and when both give figures they must share one.
"""

from __future__ import annotations

import math
from typing import Iterable, Mapping, Sequence

from pipeline.checking.lexical import passage_terms, term_weights
from pipeline.checking.ratings import Rating, review_rating
from pipeline.models import ClaimReview

REVIEW_MATCH = 0.5  # each of the two claims must state at least half of the other (a majority)


def _share(weights: Mapping[str, float], stated: set[str]) -> float:
    total = math.fsum(weights.values())
    return math.fsum(w for t, w in weights.items() if t in stated) / total if total else 0.0


def _figures(terms: Iterable[str]) -> set[str]:
    return {t for t in terms if t[:1].isdigit()}


def states(weights: Mapping[str, float], text: str) -> float:
    """Weighted share of a claim (its term ``weights``) that ``text`` states; 0 when both give
    figures and none is shared: a statement about another figure is about another claim."""
    stated = set(passage_terms(text))
    mine, theirs = _figures(weights), _figures(stated)
    if mine and theirs and not mine & theirs:
        return 0.0
    return _share(weights, stated)


def review_overlap(claim_text: str, claim_weights: Mapping[str, float], reviewed: str) -> float:
    """How well a reviewed claim and ours state each other: the smaller of the two weighted
    shares; 0 when both give figures and none is shared (a review of another figure)."""
    theirs = term_weights(reviewed)
    if not theirs or not claim_weights:
        return 0.0
    return min(states(claim_weights, reviewed), states(theirs, claim_text))


def matching_review(
    claim_text: str, claim_weights: Mapping[str, float], reviews: Sequence[ClaimReview]
) -> tuple[Rating, float] | None:
    """The rating of the review that best matches our claim (with its overlap), or None when
    no review with a readable rating is about it."""
    best: tuple[Rating, float] | None = None
    for review in reviews:
        overlap = review_overlap(claim_text, claim_weights, review.claim_reviewed)
        if overlap < REVIEW_MATCH or (best is not None and overlap <= best[1]):
            continue
        rating = review_rating(review)
        if rating is not None:
            best = (rating, overlap)
    return best
