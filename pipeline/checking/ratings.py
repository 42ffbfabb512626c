"""Ratings of fact-checks: prose rating sentences ("We rate this claim Mostly False", "Pants on
Fire"), hedged verdicts ("the claim is exaggerated", "only partly accurate"), and the ratings of
ClaimReview markup (words and ordinal scales).

A fact-checker's published rating of the claim is the strongest evidence a page can carry.
The ordinal scales of the big outlets are mapped onto our stances: the false end contradicts,
the true end supports, and the middle (half true, mixture, partly false, misleading,
exaggerated, not entirely true) is neither: it must not be read as support, and it is the
mixed signal of the scale (``Rating.mixed``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.models import ClaimReview

_FALSE = r"pants on fire|mostly false|false|fake|incorrect|inaccurate|untrue|wrong|fabricated|baseless|four pinocchios|three pinocchios"
_MIDDLE = (
    r"half[- ]true|mixture|mixed|partly (?:false|true|accurate)|partially (?:false|true|accurate)|half (?:false|accurate)"
    r"|misleading|missing context|needs context|exaggerated|exaggeration|an exaggeration|overstated|an overstatement"
    r"|unproven|two pinocchios"
)
_TRUE = r"mostly true|true|correct|accurate"
# Hedges before a rating word: "largely" and "mostly" keep its end of the scale, the others
# ("partly", "not entirely") put it in the middle; a bare "not" flips the true end to false.
_KEEPS = r"largely|mostly|broadly|substantially"
_HALVES = r"(?:only\s+)?(?:partly|partially|half|somewhat|not\s+(?:entirely|completely|wholly|quite|fully|totally|altogether|all\s+that))"
_QUALIFIER = rf"(?:{_KEEPS}|{_HALVES}|not)"
_WORD = rf"(?:{_MIDDLE}|{_FALSE}|{_TRUE})"
_RATING = rf"(?:{_QUALIFIER}[\s-]+)?{_WORD}"  # "mostly-correct" too

_RATE = re.compile(
    r"\b(?:we|politifact|snopes|(?:the )?fact[- ]check(?:er)?s?)\s+(?:have\s+)?(?:rate[sd]?|rating|rule[sd]?|find|found|conclude[sd]?)\s+"
    r"(?:(?:this|the|that|these|it|its|their|his|her)\s+|(?:[\w.-]+\s+)?[\w-]+['’]s?\s+)?(?:[a-z-]+\s+)??"  # "Perry's statement", "her original statement"
    r"(?:claims?|statements?|posts?|figures?|videos?|images?|them|it|one)?\s*(?:as\s+|to\s+be\s+)?"
    r"[\"“']?(?P<rating>" + _RATING + r")\b",
    re.IGNORECASE,
)
# "Verdict: False", "Our ruling - Mostly true", and a verdict box flattened into the text
# with no colon or space after its word ("Verdict incorrectThe claim ..."): the rating word
# must not run on into a lower-case word, so "Verdict falsely ..." is no rating.
_VERDICT = re.compile(
    r"\b(?:our\s+)?(?:rating|verdict|ruling)\s*[:\-–—]?\s*[\"“']?(?P<rating>" + _RATING + r")(?!(?-i:[a-z0-9]))",
    re.IGNORECASE,
)
# "He earns Two Pinocchios", "Deal earns a Mostly False", "call this one Half True"
_EARNS = re.compile(r"\b(?:earns?|earned|call this one)\s+(?:a\s+|an\s+)?(?:rating of\s+)?[\"“']?(?P<rating>" + _RATING + r")\b", re.IGNORECASE)
# A hedged or negative verdict on the claim in plain words: "The claim that ... is largely
# inaccurate", "This is only partly accurate", "The figure was exaggerated". Bare "true" or
# "accurate" are left out on purpose: "it is true that ..." asserts, it does not rate.
_HEDGED_WORD = rf"(?:{_HALVES})\s+(?:{_TRUE}|{_FALSE})|(?:{_KEEPS})\s+(?:{_FALSE})|not\s+(?:{_TRUE})|{_MIDDLE}|{_FALSE}"
_JUDGED = re.compile(
    r"(?:\b(?:claims?|statements?|posts?|figures?|assertions?|suggestions?|allegations?|numbers?|reports?)\b[^.;:!?]{0,160}?"
    r"|^\s*(?:this|that|it|which)\s+)"
    r"\b(?:is|are|was|were|seems|seem|appears?|proved|proves|turned\s+out|remains?)\s+(?:to\s+be\s+)?(?:at\s+best\s+)?(?:an?\s+)?"
    r"(?P<rating>" + _HEDGED_WORD + r")\b"
    r"|\b(?:claims?|statements?|posts?|figures?|reports?)\b[^.;:!?]{0,160}?\b(?P<verb>exaggerates|overstates|inflates|distorts)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Rating:
    """One rating of the claim: its words as published, the stance they carry, and where it
    was found (a sentence of the page, or the page's ClaimReview markup)."""

    text: str  # the rating as written ("Mostly False")
    stance: str  # "contradicts", "supports" or "neutral" (the middle of the scale)
    sentence: str  # the rating sentence, or for markup the claim the fact-checker reviewed
    by: str | None = None  # the fact-checker, when the markup names one
    published: str | None = None
    markup: bool = False  # from ClaimReview JSON-LD rather than a sentence
    hedge: bool = False  # a verdict in plain words ("the claim is exaggerated"), not a rating statement
    claimant: str | None = None  # who made the claim, as the fact-checker's markup names them
    claimant_role: str | None = None  # their title there ("Interior Ministry spokeswoman")

    @property
    def mixed(self) -> bool:
        """The middle of the scale (half true, mixture, partly false): a mixed signal."""
        return self.stance == "neutral"

    @property
    def quote(self) -> str:
        """The rating as the rationale quotes it."""
        if self.markup:
            who = self.by or "a fact-checker"
            when = f" on {self.published}" if self.published else ""
            return f"rated {self.text!r} by {who}{when} (ClaimReview of \"{self.sentence}\")"
        if self.hedge:
            return f"calls it {self.text!r}: \"{self.sentence}\""
        return f"rated {self.text!r} by the fact-check: \"{self.sentence}\""


def _scale(rating: str) -> str | None:
    """Stance of a rating phrase (qualifier and word), or None when it is not one."""
    low = re.sub(r"\s+", " ", rating.lower()).strip(" .!\"'“”")
    low = re.sub(rf"^({_QUALIFIER})-", r"\1 ", low)  # "mostly-correct"
    halves = re.match(rf"{_HALVES}\s+(?P<rest>.+)$", low)
    if halves and re.fullmatch(_WORD, halves.group("rest")):
        return "neutral"
    negated = re.match(r"not\s+(?P<rest>.+)$", low)
    if negated and re.fullmatch(_TRUE, negated.group("rest")):
        return "contradicts"
    kept = re.match(rf"(?:{_KEEPS})\s+(?P<rest>.+)$", low)
    if kept and not re.fullmatch(_WORD, low):
        low = kept.group("rest")
    if re.fullmatch(_MIDDLE, low):
        return "neutral"
    if re.fullmatch(_FALSE, low):
        return "contradicts"
    if re.fullmatch(_TRUE, low):
        return "supports"
    return None


def stance_of_rating(rating: str) -> str:
    """Map an ordinal rating onto a stance: false end contradicts, true end supports, the
    middle (and anything hedged) is neutral."""
    return _scale(rating) or "supports"


def _rating_of(m: re.Match[str] | None, text: str, hedge: bool = False) -> Rating | None:
    if not m:
        return None
    if m.groupdict().get("verb"):
        return Rating(m.group("verb"), "neutral", text.strip(), hedge=hedge)
    stance = _scale(m.group("rating"))
    return Rating(m.group("rating"), stance, text.strip(), hedge=hedge) if stance is not None else None


_NEAR_END = re.compile(rf"\b(?:{_KEEPS})\b|three pinocchios", re.IGNORECASE)


def rating_level(rating: Rating) -> int:
    """Place on the ordinal scale: -2 false end, -1 mostly false, 0 middle, 1 mostly true, 2 true.

    Data sets disagree on where "mostly false" belongs (QuanTemp counts it as conflicting),
    so the learned verdict reads the level, not only the stance."""
    if rating.stance == "neutral":
        return 0
    near = 1 if _NEAR_END.search(rating.text) else 2
    return -near if rating.stance == "contradicts" else near


def find_rating(text: str) -> Rating | None:
    """The rating a fact-check sentence states ("We rate this Mostly False", "Verdict: Half
    true", "We found the claim partly accurate"), or None. Such a sentence rates the claim
    the page is about, wherever it stands on the page."""
    return _rating_of(_RATE.search(text) or _VERDICT.search(text) or _EARNS.search(text), text)


@lru_cache(maxsize=8192)  # asked by the coverage window and by the stance of each passage
def hedged_rating(text: str) -> Rating | None:
    """A verdict in plain words ("The claim that ... is largely inaccurate", "This is only
    partly accurate", "The figure is exaggerated"), or None. Unlike a rating statement it
    says which claim it judges, so it counts only where the sentence restates the claim."""
    return _rating_of(_JUDGED.search(text), text, hedge=True)


ORDINAL_FALSE_END = 0.25  # position on the scale (worst 0 .. best 1) at or below which it is the false end
ORDINAL_TRUE_END = 0.75  # 1-5 scales: 1-2 false end, 3 middle, 4-5 true end


def _ordinal(review: ClaimReview) -> str | None:
    """Stance of a numeric rating on its scale (schema.org defaults: worst 1, best 5)."""
    if review.rating_value is None:
        return None
    best = review.best_rating if review.best_rating is not None else 5.0
    worst = review.worst_rating if review.worst_rating is not None else 1.0
    if best == worst or not min(best, worst) <= review.rating_value <= max(best, worst):
        return None  # -1 and similar: "no numeric rating, read the words"
    position = (review.rating_value - worst) / (best - worst)
    if position <= ORDINAL_FALSE_END:
        return "contradicts"
    if position >= ORDINAL_TRUE_END:
        return "supports"
    return "neutral"


def _words(rating: str) -> str | None:
    """Stance of a published rating's words: the whole phrase, its opening words ("False.
    The photo is from 2019"), or a rating sentence in it."""
    if (whole := _scale(rating)) is not None:
        return whole
    opening = re.match(rf"\s*[\"“']?(?P<r>{_RATING})\b", rating, re.IGNORECASE)
    if opening and (stance := _scale(opening.group("r"))) is not None:
        return stance
    found = find_rating(rating) or hedged_rating(rating)
    return found.stance if found is not None else None


def review_rating(review: ClaimReview) -> Rating | None:
    """The Rating a ClaimReview gives its claim: its words decide (they are what readers see),
    the ordinal scale when the words are not on our scale; None when neither says."""
    stance = _words(review.rating) if review.rating else None
    if stance is None:
        stance = _ordinal(review)
    if stance is None:
        return None
    text = review.rating or f"{review.rating_value:g} of {review.best_rating if review.best_rating is not None else 5:g}"
    return Rating(text, stance, review.claim_reviewed, by=review.author, published=review.published, markup=True,
                  claimant=review.claimant, claimant_role=review.claimant_role)
